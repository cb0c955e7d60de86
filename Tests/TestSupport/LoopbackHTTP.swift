import Foundation

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// Plain HTTP to the local cloud's servers for tests (Foundation's URLSession: independent of
/// the product's transport, so a test of the transport does not test it with itself).
public enum LoopbackHTTP {
    /// A response as it came off the wire.
    public struct Response: Sendable {
        public var status: Int
        public var body: Data
        public var text: String { String(decoding: body, as: UTF8.self) }
    }

    /// The server did not answer (connection refused, time-out, not a URL).
    public struct NoAnswer: Error, CustomStringConvertible {
        public var description: String
    }

    /// Sends one request and waits for its answer (the continuation, not a thread, waits).
    public static func send(
        _ method: String, _ url: String, headers: [String: String] = [:], body: Data? = nil, timeout: Double = 60
    ) async throws -> Response {
        guard let target = URL(string: url) else { throw NoAnswer(description: "not a URL: \(url)") }
        var request = URLRequest(url: target)
        request.httpMethod = method
        request.timeoutInterval = timeout
        for (name, value) in headers { request.setValue(value, forHTTPHeaderField: name) }
        if let body {
            request.httpBody = body
            if headers["Content-Type"] == nil { request.setValue("application/json", forHTTPHeaderField: "Content-Type") }
        }
        return try await withCheckedThrowingContinuation { continuation in
            URLSession.shared.dataTask(with: request) { data, response, error in
                if let error {
                    continuation.resume(throwing: NoAnswer(description: "\(method) \(url): \(error.localizedDescription)"))
                } else {
                    continuation.resume(returning: Response(
                        status: (response as? HTTPURLResponse)?.statusCode ?? 0, body: data ?? Data()))
                }
            }.resume()
        }
    }
}
