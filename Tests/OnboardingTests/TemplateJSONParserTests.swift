import Foundation
import Testing

@testable import Onboarding

/// The order-keeping JSON reader the embedded policy documents are parsed with.
@Suite("TemplateJSONParser")
struct TemplateJSONParserTests {
    @Test("objects keep their key order; arrays, strings, integers and booleans read back")
    func readsValues() throws {
        let value = try TemplateJSONParser.parse(#" { "z" : [1, -20, true, false, [], {}], "a": "b" } "#)
        #expect(value == ["z": [1, -20, true, false, [], [:]], "a": "b"])
        #expect(try TemplateJSONParser.parse("0") == 0)
        #expect(try TemplateJSONParser.parse("\"\"") == "")
    }

    @Test("string escapes, surrogate pairs and UTF-8 read back")
    func readsEscapes() throws {
        let text = #""q\" b\\ s\/ n\n t\t r\r b\b f\f u\u00e9\u4e2d \ud83d\ude00 é 中 😀""#
        #expect(try TemplateJSONParser.parse(text) == .string("q\" b\\ s/ n\n t\t r\r b\u{08} f\u{0C} ué中 😀 é 中 😀"))
    }

    @Test("printing and parsing are inverse")
    func roundTrip() throws {
        let value: TemplateValue = [
            "Fn::Sub": "arn:${AWS::Partition}:s3:::x", "list": ["a", ["b": [1, true]]], "tricky": "\"\\\n\u{01}é😀",
        ]
        #expect(try TemplateJSONParser.parse(value.prettyPrinted()) == value)
    }

    @Test("what TemplateValue cannot hold, and malformed text, are rejected",
          arguments: [
            "null", "1.5", "1e3", "01", "-", "[1,]", "{\"a\":1,}", "{\"a\":1,\"a\":2}", "[1] 2", "\"abc",
            "\"a\u{01}\"", "\"\\x\"", "\"\\ud83d\"", "{a:1}", "tru", "", "[",
          ])
    func rejects(_ text: String) {
        #expect(throws: TemplateJSONParser.Failure.self) { try TemplateJSONParser.parse(text) }
    }
}
