import Foundation
import TestSupport
import Testing

/// `onboard run` (the built binary) against a loopback server that stands in for AWS and Spot
/// and answers errors echoing every request header: no secret, and no piece of 12 characters of
/// one, reaches a file under the reports folder, standard output or standard error (issue 10,
/// "Secrets"). Needs no local cloud: the server is the test's own.
@Suite("onboard run: errors echoing secrets reach no report and no output (the built binary, an echoing server)")
struct EchoedSecretsTests {
    /// Every 12-byte piece of `secrets`, packed for hashing.
    struct Pieces {
        struct Gram: Hashable {
            var high: UInt64
            var low: UInt32
        }

        static let length = 12
        private var grams: [Gram: String] = [:]

        init(_ secrets: [String]) {
            for secret in secrets {
                let bytes = Array(secret.utf8)
                guard bytes.count >= Self.length else { continue }
                for start in 0...(bytes.count - Self.length) { grams[Self.gram(bytes, start)] = secret }
            }
        }

        static func gram(_ bytes: [UInt8], _ start: Int) -> Gram {
            var high: UInt64 = 0
            var low: UInt32 = 0
            for index in start..<(start + 8) { high = (high << 8) | UInt64(bytes[index]) }
            for index in (start + 8)..<(start + 12) { low = (low << 8) | UInt32(bytes[index]) }
            return Gram(high: high, low: low)
        }

        /// The first piece `text` holds, as it is or with its escapes decoded, and the secret it is of.
        func firstPiece(in text: String) -> (piece: String, secret: String)? {
            for form in [Array(text.utf8), Self.decoded(Array(text.utf8))] where form.count >= Self.length {
                for start in 0...(form.count - Self.length) {
                    if let secret = grams[Self.gram(form, start)] {
                        return (String(decoding: form[start..<(start + Self.length)], as: UTF8.self), secret)
                    }
                }
            }
            return nil
        }

        /// `bytes` with `%HH`, `\/` and `\u00HH` decoded (what JSON and URLs do to a secret).
        static func decoded(_ bytes: [UInt8]) -> [UInt8] {
            func hex(_ slice: ArraySlice<UInt8>) -> UInt8? {
                UInt8(String(decoding: slice, as: UTF8.self), radix: 16)
            }
            var output: [UInt8] = []
            var index = 0
            while index < bytes.count {
                if bytes[index] == UInt8(ascii: "%"), index + 2 < bytes.count, let value = hex(bytes[(index + 1)...(index + 2)]) {
                    output.append(value)
                    index += 3
                } else if bytes[index] == UInt8(ascii: "\\"), index + 1 < bytes.count, bytes[index + 1] == UInt8(ascii: "/") {
                    output.append(UInt8(ascii: "/"))
                    index += 2
                } else if bytes[index] == UInt8(ascii: "\\"), index + 5 < bytes.count, bytes[index + 1] == UInt8(ascii: "u"),
                    bytes[index + 2] == UInt8(ascii: "0"), bytes[index + 3] == UInt8(ascii: "0"),
                    let value = hex(bytes[(index + 4)...(index + 5)])
                {
                    output.append(value)
                    index += 6
                } else {
                    output.append(bytes[index])
                    index += 1
                }
            }
            return output
        }
    }

    /// Every regular file under `folder`, with its text.
    static func files(under folder: URL) -> [(path: String, text: String)] {
        guard let walker = FileManager.default.enumerator(at: folder, includingPropertiesForKeys: [.isRegularFileKey]) else {
            return []
        }
        var files: [(path: String, text: String)] = []
        for case let url as URL in walker where (try? url.resourceValues(forKeys: [.isRegularFileKey]))?.isRegularFile == true {
            files.append((url.path, String(decoding: (try? Data(contentsOf: url)) ?? Data(), as: UTF8.self)))
        }
        return files.sorted { $0.path < $1.path }
    }

    @Test("eight payers failing eight ways, each answer echoing the request: no secret or piece of one anywhere")
    func echoedSecretsStayOut() async throws {
        let cloud = EchoingCloud()
        let server = try await LoopbackHTTPServer.start(respond: cloud.respond)
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("onboard-echo-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("home"), withIntermediateDirectories: true)
        defer {
            if ProcessInfo.processInfo.environment["ONBOARD_E2E_KEEP"] == nil { try? FileManager.default.removeItem(at: folder) }
        }

        let list = folder.appendingPathComponent("accounts.csv")
        let rows = cloud.payers.enumerated().map { "\($1.accountID),Echo \($0 + 1),yes" }
        try (["account_id,organization_name,billing_access_confirmed"] + rows).joined(separator: "\n").appending("\n")
            .write(to: list, atomically: true, encoding: .utf8)
        let reports = folder.appendingPathComponent("reports")
        let environment = cloud.environment(url: server.baseURL, home: folder.appendingPathComponent("home").path)
        let arguments = ["run", list.path, "--reports", reports.path, "--access-role-name", "OnboardAccess"]

        let verbose = await (try OnboardProcess.start(arguments + ["--verbose"], environment: environment)).finish(timeout: 240)
        let json = await (try OnboardProcess.start(arguments + ["--json"], environment: environment)).finish(timeout: 240)
        await server.stop()

        #expect(verbose.status == 1, "every account fails: \(verbose)")
        #expect(json.status == 1, "\(json)")
        // Each payer got its echoing error (in both runs), so the secrets were really sent back.
        let answered = cloud.failuresAnswered
        for payer in cloud.payers {
            #expect((answered[payer.accountID] ?? 0) >= 2, "\(payer.failure) was not reached: \(verbose)")
        }

        let files = Self.files(under: reports)
        #expect(files.count >= 2 * (2 * cloud.payers.count + 5), "\(files.map(\.path))")
        // Each account failed where its answer said, with the echoing service's error.
        for payer in cloud.payers {
            let report = try #require(files.first { $0.path.hasSuffix("/accounts/\(payer.accountID).json") }, "\(payer.failure)")
            let object = try #require(try JSONSerialization.jsonObject(with: Data(report.text.utf8)) as? [String: Any])
            let error = try #require(object["error"] as? [String: Any], "\(payer.failure): \(report.text)")
            #expect(object["status"] as? String == "failed", "\(payer.failure)")
            #expect(error["step"] as? String == payer.failure.step, "\(payer.failure): \(report.text)")
        }

        let pieces = Pieces(cloud.secrets)
        // The detector finds a piece raw, percent-encoded and JSON-escaped.
        let probe = String(cloud.payers[0].sessionToken.dropFirst(100).prefix(40))
        #expect(pieces.firstPiece(in: "…\(probe.prefix(12))…") != nil)
        #expect(pieces.firstPiece(in: probe.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "") != nil)
        #expect(pieces.firstPiece(in: probe.replacingOccurrences(of: "/", with: "\\/")) != nil)
        let outputs = [
            ("stdout of the --verbose run", verbose.standardOutput), ("stderr of the --verbose run", verbose.standardError),
            ("stdout of the --json run", json.standardOutput), ("stderr of the --json run", json.standardError),
        ]
        for (name, text) in outputs + files.map({ ($0.path, $0.text) }) {
            let found = pieces.firstPiece(in: text)
            #expect(found == nil, "\(name) holds \(found?.piece ?? "") of a secret (\(found?.secret.prefix(4) ?? "")…)")
        }
        // The redactions show where the echoes were.
        #expect(files.contains { $0.text.contains("<redacted>") })
    }
}
