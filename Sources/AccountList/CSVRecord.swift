/// One record of a CSV file, with the line it starts on.
public struct CSVRecord: Sendable, Hashable {
    /// The 1-based line where the record starts (a record with quoted line breaks spans more).
    public var line: Int
    /// The fields, in order. An empty unquoted field is an empty string.
    public var fields: [String]
    /// Indexes of fields that were not valid UTF-8 (their text holds replacement characters).
    public var invalidUTF8Fields: [Int]
    /// Indexes of fields longer than the reader's field limit (their text is cut to the limit).
    public var oversizedFields: [Int]

    public init(line: Int, fields: [String], invalidUTF8Fields: [Int] = [], oversizedFields: [Int] = []) {
        self.line = line
        self.fields = fields
        self.invalidUTF8Fields = invalidUTF8Fields
        self.oversizedFields = oversizedFields
    }
}
