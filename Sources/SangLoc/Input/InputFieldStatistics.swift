/// Counts of what a reader found in the fields it was told to read, for a whole input.
///
/// A reader updates them as it goes; read them after the last record. The CLI uses
/// ``missingTextFieldWarning`` to say "field 'text' missing from every record" instead of
/// printing one error per record and leaving the user to guess why.
public struct InputFieldStatistics: Sendable, Hashable {
    /// The text field (or column) the reader looks for.
    public var textField: String
    /// The id field (or column) the reader looks for.
    public var idField: String
    /// Records whose structure could be read (a JSON object, a CSV row), whatever their fields.
    public var recordsRead = 0
    /// Records that had a string in the text field.
    public var recordsWithText = 0
    /// Records that had a string or number in the id field.
    public var recordsWithID = 0
    /// Field names of the first record that was read (top-level JSON keys, or the CSV header).
    public var fieldsSeen: [String] = []

    public init(textField: String, idField: String) {
        self.textField = textField
        self.idField = idField
    }

    /// A message for the user when no record had text, or `nil` when some did (or none were read).
    ///
    /// For example: `field 'text' missing from every record (fields seen: id, message); choose the
    /// text field with --text-field`.
    public var missingTextFieldWarning: String? {
        guard recordsRead > 0, recordsWithText == 0 else { return nil }
        let seen = fieldsSeen.isEmpty ? "" : " (fields seen: \(fieldsSeen.joined(separator: ", ")))"
        return "field '\(textField)' missing from every record\(seen); choose the text field with --text-field"
    }
}
