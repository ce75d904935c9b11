/// Reads JSON Lines: one JSON object per line, streamed.
///
/// Blank lines (only spaces or tabs) are not records and yield nothing; every other line
/// yields one record. A UTF-8 byte order mark at the start and `\r\n` line ends are accepted.
/// A line longer than ``InputOptions/maxRecordBytes`` is an error record naming its size.
public struct JSONLinesRecordSource: RecordSource {
    private let input: BufferedInput
    private let fields: JSONRecordFields
    private var document = JSONDocument()
    private var lineNumber = 0
    private let maxRecordBytes: Int
    /// What the reader found in the fields it was told to read.
    public private(set) var fieldStatistics: InputFieldStatistics

    init(input: BufferedInput, options: InputOptions) {
        self.input = input
        maxRecordBytes = options.maxRecordBytes
        fields = JSONRecordFields(options: options)
        fieldStatistics = InputFieldStatistics(textField: options.textField, idField: options.idField, options: options)
    }

    /// Whether the next line has not arrived yet (see ``RecordSource/nextRecordWouldWait``).
    public var nextRecordWouldWait: Bool { input.nextLineWouldWait() }

    /// The next record (a post, or a line that cannot be read), or nil at the end.
    public mutating func next() throws(InputOpenError) -> InputRecord? {
        let input = input  // a local reference: the span of a line borrows it, not `self`
        while let read = try input.nextLine(limit: maxRecordBytes) {
            lineNumber += 1
            guard case .line(let rawLine) = read else {
                guard case .tooLong(let size) = read else { continue }
                return .failure(
                    InputError(tooLongRecordMessage("line \(lineNumber)", bytes: size, limit: maxRecordBytes)),
                    SourcePosition(file: input.displayName, line: lineNumber))
            }
            let line = lineNumber == 1 ? rawLine.droppingByteOrderMark() : rawLine
            if line.allSatisfy({ $0 == 0x20 || $0 == 0x09 }) { continue }
            let source = SourcePosition(file: input.displayName, line: lineNumber)
            do {
                try document.parse(line)
            } catch {
                return .failure(InputError("line \(lineNumber): \(error.message(in: line))"), source)
            }
            let (name, number) = (input.displayName, lineNumber)
            return fields.record(
                document, document.root, bytes: line, source: source, label: { "line \(number)" },
                fallbackID: { "\(name):\(number)" }, statistics: &fieldStatistics)
        }
        return nil
    }
}

/// The message of an error record for a record over the size limit.
func tooLongRecordMessage(_ what: String, bytes: Int, limit: Int) -> String {
    "\(what) has \(bytes) bytes, more than the record limit of \(limit) bytes (--max-record-bytes): skipped"
}
