import Foundation

/// Counts of what a reader found in the fields it was told to read, for a whole input.
///
/// A reader updates them as it goes; read them after the last record. The CLI uses
/// ``missingFieldMessages`` to say "field 'text' missing from every record" instead of
/// printing one error per record and leaving the user to guess why, and ends such a run with
/// exit code 3.
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
    /// The optional fields the reader was told to read (`--links-field`, `--author-field`,
    /// `--time-field`), with how many records had a value in each, in option order.
    public var optionalFields: [OptionalField] = []
    /// Values of the time field that were neither Unix time nor ISO 8601.
    public var unreadableTimes = 0
    /// The first unreadable time value and where it was (`'20/11/2026 08:15' (line 4)`).
    public var unreadableTimeExample: String?

    /// An optional field the reader looks for, and how often it found it.
    public struct OptionalField: Sendable, Hashable {
        /// The field's name (a JSON dotted path or a CSV column).
        public var name: String
        /// The option that named it, such as `--time-field`.
        public var option: String
        /// Records that had a value in it.
        public var found = 0

        /// A field named by `option`, not yet found in any record.
        public init(name: String, option: String) {
            self.name = name
            self.option = option
        }
    }

    /// Statistics for a reader of `textField` and `idField` and of the optional fields set in
    /// `options` (links, author, time).
    public init(textField: String, idField: String, options: InputOptions? = nil) {
        self.textField = textField
        self.idField = idField
        guard let options else { return }
        for (name, option) in [
            (options.linksField, "--links-field"), (options.authorField, "--author-field"), (options.timeField, "--time-field"),
        ] {
            if let name { optionalFields.append(OptionalField(name: name, option: option)) }
        }
    }

    /// Counts a value found in the optional field named `name`.
    mutating func found(_ name: String?) {
        guard let name, let index = optionalFields.firstIndex(where: { $0.name == name }) else { return }
        optionalFields[index].found += 1
    }

    /// Counts a time value that could not be read, keeping the first as an example.
    mutating func unreadableTime(_ value: String, at place: String) {
        unreadableTimes += 1
        if unreadableTimeExample == nil { unreadableTimeExample = "'\(value)' (\(place))" }
    }

    /// A message for the user when no record had text, or `nil` when some did (or none were read).
    ///
    /// For example: `field 'text' missing from every record (fields seen: id, message); choose the
    /// text field with --text-field`.
    public var missingTextFieldWarning: String? {
        guard recordsRead > 0, recordsWithText == 0 else { return nil }
        return "field '\(textField)' missing from every record\(seenList); \(textFieldFix)"
    }

    /// One message for each field the reader was told to read that no record had: the text
    /// field, and every optional field that was set. Any of them makes the run fail (exit 3).
    public var missingFieldMessages: [String] {
        guard recordsRead > 0 else { return [] }
        var messages = missingTextFieldWarning.map { [$0] } ?? []
        for field in optionalFields where field.found == 0 {
            messages.append("field '\(field.name)' (\(field.option)) missing from every record\(seenList); check the name given to \(field.option)")
        }
        return messages
    }

    /// Warnings that do not fail the run: time values that could not be read, with how many and
    /// an example.
    public var valueWarnings: [String] {
        guard unreadableTimes > 0, let example = unreadableTimeExample,
            let field = optionalFields.first(where: { $0.option == "--time-field" })
        else { return [] }
        return [
            "\(unreadableTimes) of \(field.found) values of field '\(field.name)' are not times, such as \(example); "
                + "write Unix seconds or ISO 8601 (2026-11-20T08:15:00+07:00); posted_at conditions could not be "
                + "evaluated on those posts (see \"failures\" in the records)"
        ]
    }

    /// What to do about a missing text field: the delimiter when the header is one name that
    /// a delimiter would split (`id;message`), else the text field.
    private var textFieldFix: String {
        if fieldsSeen.count == 1, let name = fieldsSeen.first {
            for (delimiter, option) in [(";", "';'"), ("\t", "tab"), (",", "','"), ("|", "'|'")] where name.contains(delimiter) {
                let parts = name.split(separator: Character(delimiter)).map { $0.trimmingCharacters(in: .whitespaces) }
                let column = parts.contains(textField) ? "" : " and choose the text column with --text-field (one of: \(parts.joined(separator: ", ")))"
                return "the header looks delimited by \(option): read it with --delimiter \(option)\(column)"
            }
        }
        return "choose the text field with --text-field"
    }

    private var seenList: String {
        fieldsSeen.isEmpty ? "" : " (fields seen: \(fieldsSeen.joined(separator: ", ")))"
    }
}
