/// Reads the INI dialect of the AWS shared `config` and `credentials` files (as the AWS CLI,
/// Python's `configparser` in strict mode, does) and of Spot's `~/.spotinst/credentials`:
///
/// - `[name]` starts a section; whitespace around the name is ignored.
/// - `key = value` or `key: value` (the first `=` or `:` splits); whitespace around both is
///   ignored; keys are case-insensitive (stored lower-cased), section names are not.
/// - Lines whose first non-blank character is `#` or `;` are comments. As the AWS SDKs do, a `#`
///   or `;` preceded by whitespace also ends a value or a section header.
/// - A leading byte order mark and `\n`, `\r\n` or `\r` line ends are accepted.
/// - With ``Options/continuationLines``, a line indented deeper than the setting above it
///   continues that setting's value (AWS nested settings such as `s3 =` followed by indented
///   `max_concurrent_requests = 10`), the lines joined by newlines.
/// - With ``Options/strippingQuotes``, matching `"` or `'` quotes around a value are removed.
/// - Errors (``INISyntaxError``): a setting before any section, a line that is neither, and a
///   section or a key given twice in one file. Each gives the line, never its text.
public enum INIFile {
    /// One `[section]` of a file.
    public struct Section: Sendable, Hashable {
        /// The name between the brackets, trimmed (`default`, `profile admin`).
        public var name: String
        /// The line of the header, counted from 1.
        public var line: Int
        /// The settings, keys lower-cased.
        public var settings: [String: String]

        /// Creates a section; `settings` are taken as given.
        public init(name: String, line: Int, settings: [String: String]) {
            self.name = name
            self.line = line
            self.settings = settings
        }
    }

    /// Which keys an error about a key given twice may name.
    public enum KeyNaming: Sendable, Hashable {
        /// Every key (right where keys are never secret, as in the AWS files).
        case all
        /// Only these keys (lower-cased); any other is "a key", since a line without a proper
        /// key may be a secret pasted on its own.
        case only(Set<String>)
    }

    /// How a file's lines are read beyond the common rules.
    public struct Options: Sendable, Hashable {
        /// Whether a line indented deeper than the setting above it continues that setting's value.
        public var continuationLines: Bool
        /// Whether matching `"` or `'` quotes around a value are removed.
        public var strippingQuotes: Bool
        /// Which keys an error may name.
        public var keyNaming: KeyNaming

        /// Creates options; by default no continuation lines, quotes kept, and no key named in errors.
        public init(continuationLines: Bool = false, strippingQuotes: Bool = false, keyNaming: KeyNaming = .only([])) {
            self.continuationLines = continuationLines
            self.strippingQuotes = strippingQuotes
            self.keyNaming = keyNaming
        }
    }

    /// The sections of `text`, in file order.
    public static func parse(_ text: String, options: Options = Options()) throws(INISyntaxError) -> [Section] {
        var sections: [Section] = []
        var sectionLines: [String: Int] = [:]
        var keyLines: [String: Int] = [:]
        // The setting the next deeper-indented line would continue, and its indentation.
        var openKey: (key: String, indent: Int)?
        var lineNumber = 0

        func failure(_ reason: String) -> INISyntaxError {
            INISyntaxError(line: lineNumber, reason: reason)
        }

        // "\r\n" is one Character in Swift: split on it as well as on "\n" and "\r".
        let lines = text.split(omittingEmptySubsequences: false) { $0 == "\n" || $0 == "\r\n" || $0 == "\r" }
        for rawLine in lines {
            lineNumber += 1
            var line = rawLine
            if lineNumber == 1, line.hasPrefix("\u{FEFF}") { line = line.dropFirst() }
            let indent = line.prefix { $0 == " " || $0 == "\t" }.count
            let trimmed = trimmingBlanks(line.dropFirst(indent))
            if trimmed.isEmpty || trimmed.hasPrefix("#") || trimmed.hasPrefix(";") { continue }

            if options.continuationLines, let open = openKey, indent > open.indent, !sections.isEmpty {
                let continuation = String(trimmingBlanks(removingInlineComment(trimmed)))
                let index = sections.count - 1
                let current = sections[index].settings[open.key] ?? ""
                sections[index].settings[open.key] = current.isEmpty ? continuation : current + "\n" + continuation
                continue
            }

            if trimmed.hasPrefix("[") {
                guard let close = trimmed.firstIndex(of: "]") else {
                    throw failure("the section header has no closing ']'")
                }
                let rest = trimmingBlanks(trimmed[trimmed.index(after: close)...])
                guard rest.isEmpty || rest.hasPrefix("#") || rest.hasPrefix(";") else {
                    throw failure("unexpected text after the section header")
                }
                let name = String(trimmingBlanks(trimmed[trimmed.index(after: trimmed.startIndex)..<close]))
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

            guard !sections.isEmpty else { throw failure("a setting before the first [section] header") }
            guard let delimiter = trimmed.firstIndex(where: { $0 == "=" || $0 == ":" }) else {
                throw failure("expected a [section] header, a 'key = value' setting or a comment")
            }
            let key = trimmingBlanks(trimmed[..<delimiter]).lowercased()
            guard !key.isEmpty else { throw failure("a setting without a key") }
            if let first = keyLines[key] {
                let shown = options.keyNaming.names(key) ? "the key \(key)" : "a key"
                throw failure("\(shown) appears again in [\(sections[sections.count - 1].name)] (first on line \(first))")
            }
            keyLines[key] = lineNumber
            var value = trimmingBlanks(removingInlineComment(trimmed[trimmed.index(after: delimiter)...]))
            if options.strippingQuotes, value.count >= 2, let quote = value.first, quote == "\"" || quote == "'",
                value.last == quote
            {
                value = value.dropFirst().dropLast()
            }
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

    private static func trimmingBlanks(_ text: Substring) -> Substring {
        let isBlank: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\r" }
        guard let first = text.firstIndex(where: { !isBlank($0) }), let last = text.lastIndex(where: { !isBlank($0) })
        else { return text[text.endIndex...] }
        return text[first...last]
    }
}

extension INIFile.KeyNaming {
    /// Whether an error may name `key` (lower-cased).
    fileprivate func names(_ key: String) -> Bool {
        switch self {
        case .all: true
        case .only(let keys): keys.contains(key)
        }
    }
}
