/// Reads the INI dialect of the Spot shared credentials file (`~/.spotinst/credentials`), as the
/// Spot SDKs write it:
///
/// ```ini
/// [default]
/// token = …
/// account = act-12345678
///
/// [acme]
/// token = …
/// ```
///
/// - `[name]` starts a section; whitespace around the name is ignored.
/// - `key = value` or `key: value` (the first `=` or `:` splits); whitespace around both is
///   ignored, as are matching quotes around the value; keys are case-insensitive.
/// - Lines whose first non-blank character is `#` or `;` are comments, and a `#` or `;` after
///   whitespace ends a value.
/// - Errors: a setting before any section, a line that is neither, and a section or a key given
///   twice. Each names the file and the line, never the line's text (it may hold a token).
enum SpotCredentialsFileParser {
    /// One `[section]` of the file.
    struct Section: Sendable, Hashable {
        /// The name between the brackets, trimmed.
        var name: String
        /// The line of the header, counted from 1.
        var line: Int
        /// The settings, keys lower-cased.
        var settings: [String: String]
    }

    /// The sections of `text`, in file order. `path` names the file in errors.
    static func parse(_ text: String, path: String) throws(SpotError) -> [Section] {
        var sections: [Section] = []
        var sectionLines: [String: Int] = [:]
        var keyLines: [String: Int] = [:]
        var lineNumber = 0

        func failure(_ message: String) -> SpotError {
            .configuration("the Spot credentials file \(path), line \(lineNumber): \(message)", operation: "ReadCredentials")
        }

        let lines = text.split(omittingEmptySubsequences: false) { $0 == "\n" || $0 == "\r\n" || $0 == "\r" }
        for rawLine in lines {
            lineNumber += 1
            var line = rawLine
            if lineNumber == 1, line.hasPrefix("\u{FEFF}") { line = line.dropFirst() }
            let trimmed = trimmingBlanks(line)
            if trimmed.isEmpty || trimmed.hasPrefix("#") || trimmed.hasPrefix(";") { continue }

            if trimmed.hasPrefix("[") {
                guard let close = trimmed.firstIndex(of: "]") else {
                    throw failure("a section header without its closing ']'")
                }
                let rest = trimmingBlanks(trimmed[trimmed.index(after: close)...])
                guard rest.isEmpty || rest.hasPrefix("#") || rest.hasPrefix(";") else {
                    throw failure("text after a section header")
                }
                let name = String(trimmingBlanks(trimmed[trimmed.index(after: trimmed.startIndex)..<close]))
                guard !name.isEmpty else { throw failure("a section header without a name") }
                if let first = sectionLines[name] {
                    throw failure("the section [\(name)] appears again (first on line \(first)); merge the two")
                }
                sectionLines[name] = lineNumber
                sections.append(Section(name: name, line: lineNumber, settings: [:]))
                keyLines = [:]
                continue
            }

            guard !sections.isEmpty else { throw failure("a setting before the first [section] header") }
            guard let delimiter = trimmed.firstIndex(where: { $0 == "=" || $0 == ":" }) else {
                throw failure("expected a [section] header, a 'key = value' setting or a comment")
            }
            let key = trimmingBlanks(trimmed[..<delimiter]).lowercased()
            guard !key.isEmpty else { throw failure("a setting without a key") }
            if let first = keyLines[key] {
                // Only the keys the file is known to hold are named: an unknown key could be a
                // mistyped token.
                let shown = ["token", "account"].contains(key) ? "the key \(key)" : "a key"
                throw failure("\(shown) appears again in [\(sections[sections.count - 1].name)] (first on line \(first))")
            }
            keyLines[key] = lineNumber
            var value = trimmingBlanks(removingInlineComment(trimmed[trimmed.index(after: delimiter)...]))
            if value.count >= 2, let quote = value.first, quote == "\"" || quote == "'", value.last == quote {
                value = value.dropFirst().dropLast()
            }
            sections[sections.count - 1].settings[key] = String(value)
        }
        return sections
    }

    /// `text` up to the first `#` or `;` that follows a space or a tab.
    private static func removingInlineComment(_ text: Substring) -> Substring {
        var previous: Character?
        for index in text.indices {
            let character = text[index]
            if character == "#" || character == ";", previous == " " || previous == "\t" {
                return text[..<index]
            }
            previous = character
        }
        return text
    }

    private static func trimmingBlanks(_ text: Substring) -> Substring {
        let isBlank: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\r" }
        guard let first = text.firstIndex(where: { !isBlank($0) }), let last = text.lastIndex(where: { !isBlank($0) })
        else { return text[text.endIndex...] }
        return text[first...last]
    }
}
