import Testing

@testable import AWSKit

@Suite("SigV4 header values")
struct SigV4HeaderValueTests {
    @Test("a value without white space is kept as it is; white space is trimmed and each inner run made one space")
    func headerValuesAreNormalized() {
        let token = String(repeating: "AbC0+/=", count: 100)
        #expect(SigV4Canonicalizer.normalizedHeaderValue(token) == token)
        #expect(SigV4Canonicalizer.normalizedHeaderValue("") == "")
        #expect(SigV4Canonicalizer.normalizedHeaderValue("  a \t b\r\n  c  ") == "a b c")
        #expect(SigV4Canonicalizer.normalizedHeaderValue("\(token) \(token)") == "\(token) \(token)")
        #expect(SigV4Canonicalizer.trimmed("X-Amz-Date") == "X-Amz-Date")
        #expect(SigV4Canonicalizer.trimmed(" \tX-Amz-Date\r\n") == "X-Amz-Date")
        #expect(SigV4Canonicalizer.trimmed(" \t ") == "")
    }
}
