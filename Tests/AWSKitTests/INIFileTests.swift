import AWSKit
import HTTPCore
import Testing

/// The shared INI reader on its own, through its public API only.
@Suite("INIFile: the INI reader shared by the AWS and Spot files")
struct INIFileTests {
    @Test func sectionsKeepFileOrderLinesAndLowerCasedKeys() throws {
        let text = "; comment\n[b]\nKey = 1 # note\n\n[ a ]\nother: two\n"
        let sections = try INIFile.parse(text)
        #expect(
            sections == [
                INIFile.Section(name: "b", line: 2, settings: ["key": "1"]),
                INIFile.Section(name: "a", line: 5, settings: ["other": "two"]),
            ])
    }

    @Test func continuationLinesOnlyWhenAsked() throws {
        let text = "[default]\ns3 =\n  max_queue_size = 100\n"
        let continued = try INIFile.parse(text, options: INIFile.Options(continuationLines: true))
        #expect(continued.first?.settings == ["s3": "max_queue_size = 100"])
        // Without continuation lines, the indented line is a setting of its own.
        let flat = try INIFile.parse(text)
        #expect(flat.first?.settings == ["s3": "", "max_queue_size": "100"])
    }

    @Test func quotesAreStrippedOnlyWhenAsked() throws {
        let text = "[default]\na = \"double\"\nb = 'single'\nc = \"mismatched'\nd = \"\n"
        let stripped = try INIFile.parse(text, options: INIFile.Options(strippingQuotes: true))
        #expect(stripped.first?.settings == ["a": "double", "b": "single", "c": "\"mismatched'", "d": "\""])
        let kept = try INIFile.parse(text)
        #expect(kept.first?.settings["a"] == "\"double\"")
    }

    @Test(arguments: [
        ("[default]\nsecretWithoutKey0123456789\n", 2, "expected a [section] header"),
        ("[secret0123456789\n", 1, "no closing ']'"),
        ("[default] secret0123456789\n", 1, "unexpected text after the section header"),
        ("secret0123456789 = x\n[default]\n", 1, "before the first [section]"),
    ])
    func errorsGiveTheLineButNeverItsText(text: String, line: Int, reason: String) throws {
        let error = try #require(throws: INISyntaxError.self) { try INIFile.parse(text) }
        #expect(error.line == line)
        #expect(error.reason.contains(reason), "\(error.reason)")
        #expect(!error.reason.contains("secret"), "\(error.reason)")
        #expect(error.description == "line \(line): \(error.reason)")
    }

    @Test func repeatedKeysAreNamedOnlyAsAllowed() throws {
        let text = "[p]\nsecret0123456789 = 1\nSECRET0123456789 = 2\n"
        let hidden = try #require(throws: INISyntaxError.self) { try INIFile.parse(text) }
        #expect(hidden == INISyntaxError(line: 3, reason: "a key appears again in [p] (first on line 2)"))
        let named = try #require(throws: INISyntaxError.self) {
            try INIFile.parse(text, options: INIFile.Options(keyNaming: .all))
        }
        #expect(named.reason == "the key secret0123456789 appears again in [p] (first on line 2)")
        let listed = try #require(throws: INISyntaxError.self) {
            try INIFile.parse("[p]\ntoken = 1\ntoken = 2\n", options: INIFile.Options(keyNaming: .only(["token"])))
        }
        #expect(listed.reason.hasPrefix("the key token appears again"))
    }
}
