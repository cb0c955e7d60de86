import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Which endpoint URLs may carry credentials: `https` to any host, plain `http` only to the
/// loopback interface (127.0.0.0/8, ::1, `localhost`), where nothing crosses a network.
///
/// Over plain `http` a Spot bearer token, an AWS session token (`X-Amz-Security-Token`) and
/// every signed request travel in clear: anyone on the path can take them. Local stand-ins (the
/// local cloud, moto) listen on loopback, so they keep working.
public enum EndpointTransportSecurity {
    /// Whether `url` would send what it is given in clear to another machine: its scheme is
    /// not `https` and its host is not loopback. A URL that cannot be read counts as insecure.
    public static func isInsecure(_ url: String) -> Bool {
        guard let components = URLComponents(string: url.trimmingCharacters(in: .whitespacesAndNewlines)),
            let scheme = components.scheme?.lowercased()
        else { return true }
        if scheme == "https" { return false }
        return !isLoopback(host: components.host ?? "")
    }

    /// Whether `host` names the loopback interface: `localhost` (any case, a trailing dot
    /// allowed), a dotted-quad IPv4 address in 127.0.0.0/8, or the IPv6 address ::1 (also as
    /// `[::1]`, written out in full, or IPv4-mapped `::ffff:127.x.y.z`). Other spellings
    /// (`127.1`, decimal or hex addresses, `*.localhost`) are not taken as loopback.
    public static func isLoopback(host: String) -> Bool {
        var name = host.lowercased()
        if name.hasPrefix("["), name.hasSuffix("]") { name = String(name.dropFirst().dropLast()) }
        if name.hasSuffix(".") { name.removeLast() }
        if name == "localhost" { return true }
        var ipv4 = in_addr()
        if inet_pton(AF_INET, name, &ipv4) == 1 {
            return withUnsafeBytes(of: &ipv4) { $0[0] } == 127
        }
        var ipv6 = in6_addr()
        if inet_pton(AF_INET6, name, &ipv6) == 1 {
            let bytes = withUnsafeBytes(of: &ipv6) { Array($0) }
            if bytes[0..<15].allSatisfy({ $0 == 0 }) && bytes[15] == 1 { return true }
            let mapped = bytes[0..<10].allSatisfy { $0 == 0 } && bytes[10] == 0xFF && bytes[11] == 0xFF
            return mapped && bytes[12] == 127
        }
        return false
    }

    /// `url` as it may be shown: without user name or password, which are credentials too.
    public static func displayed(_ url: String) -> String {
        let trimmed = url.trimmingCharacters(in: .whitespacesAndNewlines)
        guard var components = URLComponents(string: trimmed), components.user != nil || components.password != nil
        else { return trimmed }
        components.user = nil
        components.password = nil
        return components.string ?? trimmed
    }
}
