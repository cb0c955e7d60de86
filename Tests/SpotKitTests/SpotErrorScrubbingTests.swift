import AWSKit
import Foundation
import SpotKit
import TestSupport
import Testing

/// Spot's JSON errors that echo the token cut mid-way, or percent-encoded, keep no piece of it.
@Suite("SpotError scrubbing")
struct SpotErrorScrubbingTests {
    static let token = SpotFixtures.tokenText

    static func pieces(of secret: String) -> [String] {
        let characters = Array(secret)
        return (0...(characters.count - 12)).map { String(characters[$0..<($0 + 12)]) }
    }

    @Test("a cut or percent-encoded token in an error entry, a status message or a request id is removed", arguments: [0, 3, 11, 17])
    func cutToken(start: Int) async throws {
        let cut = String(Self.token.dropFirst(start))
        let encoded = "Bearer%20" + (Self.token.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")
        let body = SpotFixtures.errorBody(
            status: 400, statusMessage: "echo \(cut.prefix(20))", requestID: "req-\(cut.prefix(14))",
            errors: [(code: "BAD_\(cut.prefix(12))", message: "saw \(cut) and \(encoded)", field: nil)])
        let transport = ScriptedTransport([.json(400, body)])
        let error = try await #require(throws: SpotError.self) {
            try await SpotFixtures.client(transport).accounts()
        }
        #expect(error.message.hasPrefix("saw <redacted>"))
        for text in [error.code, error.message, error.requestID ?? "", error.description] + error.errors.map(\.description) {
            let decoded = text.removingPercentEncoding ?? text
            #expect(!Self.pieces(of: Self.token).contains { text.contains($0) || decoded.contains($0) }, "\(text)")
        }
    }
}
