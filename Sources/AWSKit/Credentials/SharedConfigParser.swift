/// Reads the INI dialect of the AWS shared `config` and `credentials` files the way the AWS CLI
/// (Python's `configparser`, strict mode) does:
///
/// - `[name]` starts a section; whitespace around the name is ignored.
/// - `key = value` or `key: value` (the first `=` or `:` splits); whitespace around both is
///   ignored; keys are case-insensitive (stored lower-cased), section names are not.
/// - Lines whose first non-blank character is `#` or `;` are comments. As the other AWS SDKs
///   do, a `#` or `;` preceded by whitespace also ends a value or a section header.
/// - A line indented deeper than the setting above it continues that setting's value (nested
///   settings such as `s3 =` followed by indented `max_concurrent_requests = 10`).
/// - Errors, as the CLI's: a setting before any section, a line that is neither, and a section
///   or a key given twice in one file. Each names the file and the line.
enum SharedConfigParser {
    /// One `[section]` of a file.
    struct Section: Sendable, Hashable {
        /// The name between the brackets, trimmed (`default`, `profile admin`).
        var name: String
        /// The line of the header, counted from 1.
        var line: Int
        /// The settings, keys lower-cased.
        var settings: [String: String]
    }

    /// The sections of `text`, in file order. `path` names the file in errors.
    static func parse(_ text: String, path: String) throws(AWSError) -> [Section] {
        var sections: [Section] = []
        var sectionLines: [String: Int] = [:]
        var keyLines: [String: Int] = [:]
        // The setting the next deeper-indented line would continue, and its indentation.
        var openKey: (key: String, indent: Int)?
        var lineNumber = 0

        func failure(_ message: String) -> AWSError {
            .credentialsUnavailable("\(path), line \(lineNumber): \(message)", operation: "ReadSharedConfig")
        }

        // "\r\n" is one Character in Swift: split on it as well as on "\n" and "\r".
        let lines = text.split(omittingEmptySubsequences: false) { $0 == "\n" || $0 == "\r\n" || $0 == "\r" }
        for rawLine in lines {
            lineNumber += 1
            var line = rawLine
            if lineNumber == 1, line.hasPrefix("\u{FEFF}") { line = line.dropFirst() }
            let indent = line.prefix { $0 == " " || $0 == "\t" }.count
            let content = line.dropFirst(indent)
            let trimmed = trimmingWhitespace(content)
            if trimmed.isEmpty || trimmed.hasPrefix("#") || trimmed.hasPrefix(";") { continue }

            if let open = openKey, indent > open.indent, !sections.isEmpty {
                let continuation = String(trimmingWhitespace(removingInlineComment(trimmed)))
                let index = sections.count - 1
                let current = sections[index].settings[open.key] ?? ""
                sections[index].settings[open.key] = current.isEmpty ? continuation : current + "\n" + continuation
                continue
            }

            if trimmed.hasPrefix("[") {
                guard let close = trimmed.firstIndex(of: "]") else {
                    throw failure("the section header \(trimmed) has no closing ']'")
                }
                let rest = trimmingWhitespace(trimmed[trimmed.index(after: close)...])
                guard rest.isEmpty || rest.hasPrefix("#") || rest.hasPrefix(";") else {
                    throw failure("unexpected text after the section header: \(rest)")
                }
                let name = String(trimmingWhitespace(trimmed[trimmed.index(after: trimmed.startIndex)..<close]))
                guard !name.isEmpty else { throw failure("a section header without a name") }
                if let first = sectionLines[name] {
                    throw failure("the section [\(name)] appears again (first on line \(first)); merge the two")
                }
                sectionLines[name] = lineNumber
                sections.append(Section(name: name, line: lineNumber, settings: [:]))
                keyLines = [:]
                openKey = nil
                continue
            }

            guard !sections.isEmpty else {
                throw failure("a setting before the first [section] header")
            }
            guard let delimiter = trimmed.firstIndex(where: { $0 == "=" || $0 == ":" }) else {
                throw failure("expected a [section] header, a 'key = value' setting or a comment")
            }
            let key = trimmingWhitespace(trimmed[..<delimiter]).lowercased()
            guard !key.isEmpty else { throw failure("a setting without a key") }
            if let first = keyLines[key] {
                throw failure("the key \(key) appears again in [\(sections[sections.count - 1].name)] (first on line \(first))")
            }
            keyLines[key] = lineNumber
            let value = trimmingWhitespace(removingInlineComment(trimmed[trimmed.index(after: delimiter)...]))
            sections[sections.count - 1].settings[key] = String(value)
            openKey = (key, indent)
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

    private static func trimmingWhitespace(_ text: Substring) -> Substring {
        let isBlank: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\r" }
        guard let first = text.firstIndex(where: { !isBlank($0) }),
            let last = text.lastIndex(where: { !isBlank($0) })
        else { return text[text.endIndex...] }
        return text[first...last]
    }
}
