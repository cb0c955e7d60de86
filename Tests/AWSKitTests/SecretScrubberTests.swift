import AWSKit
import Foundation
import HTTPCore
import Testing

/// Finding secrets, and pieces of them, in texts: raw, cut at any offset, escaped.
@Suite("SecretScrubber")
struct SecretScrubberTests {
    /// A made-up secret with the characters that escaping changes (`+`, `/`, `=`).
    static let secret = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYzEXAMPLEKEY/Ab+Cd=Ef9gH+iJ/kL0mN=="

    /// Every piece of `secret` of `length` characters.
    static func pieces(of secret: String, length: Int = SecretScrubber.minimumPieceLength) -> [String] {
        let characters = Array(secret)
        guard characters.count >= length else { return [] }
        return (0...(characters.count - length)).map { String(characters[$0..<($0 + length)]) }
    }

    /// Whether `text` holds a piece of `secret` of 12 characters, as it is or percent-decoded.
    static func holdsPiece(of secret: String, _ text: String) -> Bool {
        let decoded = text.removingPercentEncoding ?? text
        return pieces(of: secret).contains { text.contains($0) || decoded.contains($0) }
    }

    static func percentEncoded(_ text: String, lowercase: Bool = false) -> String {
        let encoded = text.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? text
        guard lowercase else { return encoded }
        var result = ""
        var afterPercent = 0
        for character in encoded {
            if character == "%" {
                afterPercent = 2
                result.append(character)
            } else if afterPercent > 0 {
                afterPercent -= 1
                result.append(contentsOf: character.lowercased())
            } else {
                result.append(character)
            }
        }
        return result
    }

    @Test("a whole secret is replaced; a text without one comes back unchanged")
    func wholeSecret() {
        let scrubber = SecretScrubber(secrets: [Self.secret])
        #expect(scrubber.scrub("token \(Self.secret) is not valid") == "token <redacted> is not valid")
        #expect(scrubber.scrub("\(Self.secret)\(Self.secret)") == "<redacted>")
        #expect(scrubber.scrub("a \(Self.secret) b \(Self.secret) c") == "a <redacted> b <redacted> c")
        let clean = "The security token included in the request is invalid. (ü, 日本)"
        #expect(scrubber.scrub(clean) == clean)
        #expect(scrubber.scrub("ünïcödé \(Self.secret) ✓") == "ünïcödé <redacted> ✓")
        #expect(SecretScrubber().scrub("anything \(Self.secret)") == "anything \(Self.secret)")
    }

    @Test("every piece of 12 characters or more, at every offset of the secret and of the text, is removed", arguments: [12, 13, 17, 40])
    func piecesAtEveryOffset(length: Int) {
        let scrubber = SecretScrubber(secrets: [Self.secret])
        for piece in Self.pieces(of: Self.secret, length: length) {
            for padding in [0, 1, 7, 150] {
                let text = String(repeating: "#", count: padding) + piece + " trailing words"
                let scrubbed = scrubber.scrub(text)
                #expect(!Self.holdsPiece(of: Self.secret, scrubbed), "\(scrubbed)")
                #expect(scrubbed == String(repeating: "#", count: padding) + "<redacted> trailing words")
            }
        }
    }

    @Test("a piece of 11 characters is kept: the line is drawn at 12")
    func elevenIsKept() {
        let scrubber = SecretScrubber(secrets: [Self.secret])
        for piece in Self.pieces(of: Self.secret, length: 11) {
            #expect(scrubber.scrub("[\(piece)]") == "[\(piece)]")
        }
    }

    @Test("a 200-character excerpt cut at any offset of a page that echoes the secret keeps no piece of it")
    func excerpts() {
        let scrubber = SecretScrubber(secrets: [Self.secret])
        let page = String(repeating: "<p>lorem ipsum</p>", count: 10) + "X-Amz-Security-Token: \(Self.secret)\r\n"
            + String(repeating: "<p>dolor sit</p>", count: 10)
        let characters = Array(page)
        for start in stride(from: 0, to: characters.count - 20, by: 3) {
            let excerpt = String(characters[start..<min(characters.count, start + 200)])
            #expect(!Self.holdsPiece(of: Self.secret, scrubber.scrub(excerpt)), "start \(start)")
        }
    }

    @Test("percent-encoded (either case), JSON-escaped and HTML-escaped forms are found, whole or cut", arguments: ["percent", "lowercase", "json", "html-decimal", "html-hex"])
    func escapedForms(style: String) {
        let scrubber = SecretScrubber(secrets: [Self.secret])
        let encoded: String =
            switch style {
            case "percent": Self.percentEncoded(Self.secret)
            case "lowercase": Self.percentEncoded(Self.secret, lowercase: true)
            case "json": Self.secret.replacingOccurrences(of: "/", with: "\\/").replacingOccurrences(of: "+", with: "\\u002B")
            case "html-decimal": Self.secret.replacingOccurrences(of: "+", with: "&#43;").replacingOccurrences(of: "/", with: "&#47;")
            default: Self.secret.replacingOccurrences(of: "/", with: "&#x2F;").replacingOccurrences(of: "=", with: "&#x3d;")
            }
        #expect(encoded != Self.secret)
        let whole = scrubber.scrub("GET /x?X-Amz-Security-Token=\(encoded)&X-Amz-Date=20260101T000000Z")
        #expect(whole == "GET /x?X-Amz-Security-Token=<redacted>&X-Amz-Date=20260101T000000Z", "\(whole)")
        let characters = Array(encoded)
        for start in 0..<(characters.count - 12) {
            for length in [20, 40, characters.count - start] where start + length <= characters.count {
                let cut = "…" + String(characters[start..<(start + length)]) + "…"
                let scrubbed = scrubber.scrub(cut)
                let decoded = scrubbed.replacingOccurrences(of: "\\/", with: "/").replacingOccurrences(of: "\\u002B", with: "+")
                    .replacingOccurrences(of: "&#43;", with: "+").replacingOccurrences(of: "&#47;", with: "/")
                    .replacingOccurrences(of: "&#x2F;", with: "/").replacingOccurrences(of: "&#x3d;", with: "=")
                #expect(!Self.holdsPiece(of: Self.secret, decoded), "\(cut) → \(scrubbed)")
            }
        }
    }

    @Test("several secrets, overlapping and sharing pieces; removing one keeps the other")
    func severalSecrets() {
        let shared = "SHAREDPIECE-0123456789"
        let first = "first-" + shared + "-tail-aaaaaaaa"
        let second = "second-" + shared + "-tail-bbbbbbbb"
        var scrubber = SecretScrubber(secrets: [first, second, first])
        #expect(scrubber.count == 2)
        #expect(scrubber.scrub("a \(first) b \(second) c") == "a <redacted> b <redacted> c")
        #expect(scrubber.scrub("[\(first.prefix(20))\(second.suffix(20))]") == "[<redacted>]")
        scrubber.remove(first)
        #expect(!scrubber.contains(first))
        #expect(scrubber.scrub("[\(second)]") == "[<redacted>]")
        #expect(scrubber.scrub("[\(shared)]") == "[<redacted>]", "the shared piece is still the second's")
        #expect(scrubber.scrub("[first-SHAREDPIECE]") == "[first<redacted>]", "-SHAREDPIECE is 12 characters of the second")
        scrubber.remove(second)
        #expect(scrubber.isEmpty)
        #expect(scrubber.scrub("[\(second)]") == "[\(second)]")
    }

    @Test("secrets of 8 to 11 characters are removed whole only; shorter ones are not looked for")
    func shortSecrets() {
        let scrubber = SecretScrubber(secrets: ["testing", "8charsAB", "elevenchars"])
        #expect(scrubber.count == 2)
        #expect(scrubber.scrub("testing testing-cn") == "testing testing-cn")
        #expect(scrubber.scrub("key 8charsAB, key elevenchars.") == "key <redacted>, key <redacted>.")
        #expect(scrubber.scrub("key 8charsA") == "key 8charsA")
    }

    @Test("a piece of fewer than 5 different characters is kept (ids and padding are not garbled); the whole secret is not")
    func lowVarietyPieces() {
        let fixture = "testing-spot-token-0000000000000000"
        let scrubber = SecretScrubber(secrets: [fixture, "aaaaaaaaaaaaaaaaaaaa"])
        #expect(scrubber.scrub("request 0b7c2a4e-0000-4000-8000-000000000004") == "request 0b7c2a4e-0000-4000-8000-000000000004")
        #expect(scrubber.scrub("padding aaaaaaaaaaaaaaa.") == "padding aaaaaaaaaaaaaaa.")
        #expect(scrubber.scrub("[\(fixture)]") == "[<redacted>]")
        #expect(scrubber.scrub("[aaaaaaaaaaaaaaaaaaaa]") == "[<redacted>]")
        #expect(scrubber.scrub("[token-0000000000]") == "[<redacted>]", "five different characters: removed")
    }

    @Test("a long session token in a long text: pieces at both ends of the text, and many repeats")
    func longToken() {
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=")
        var generator = SystemRandomNumberGenerator()
        let token = String((0..<1200).map { _ in alphabet.randomElement(using: &generator)! })
        let scrubber = SecretScrubber(secrets: [token])
        let text = String(token.suffix(30)) + String(repeating: " filler \(token) ", count: 20) + String(token.prefix(13))
        let scrubbed = scrubber.scrub(text)
        #expect(!Self.holdsPiece(of: token, scrubbed))
        #expect(scrubbed.hasPrefix("<redacted> filler <redacted>"))
        #expect(scrubbed.hasSuffix("<redacted>"))
    }
}
