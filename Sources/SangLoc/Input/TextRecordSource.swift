/// Reads plain text: one post per line, or the whole input as one post.
///
/// Line by line, every line is a post, a blank one too (with empty text), so that the
/// number of lines in equals the number of records out and line numbers are ids:
/// `<file>:<line>`. A final newline does not start another line. A UTF-8 byte order mark
/// is dropped, `\r\n` is accepted, invalid UTF-8 is replaced with U+FFFD and flagged.
/// With `wholeFile`, the input is one post whose id is the file name; an empty file is
/// still one post, with empty text.
public struct TextRecordSource: RecordSource {
    private let input: BufferedInput
    private let wholeFile: Bool
    private let platform: String?
    private var lineNumber = 0
    private var finished = false
    private let maxRecordBytes: Int
    /// What the reader found (every line is a post's text).
    public private(set) var fieldStatistics: InputFieldStatistics

    init(input: BufferedInput, options: InputOptions) {
        self.input = input
        maxRecordBytes = options.maxRecordBytes
        wholeFile = options.wholeFile
        platform = options.platform
        fieldStatistics = InputFieldStatistics(textField: "(line)", idField: "(line number)")
    }

    /// Whether the next line has not arrived yet (see ``RecordSource/nextRecordWouldWait``).
    public var nextRecordWouldWait: Bool { !wholeFile && !finished && input.nextLineWouldWait() }

    /// The next post, or nil at the end.
    public mutating func next() throws(InputOpenError) -> InputRecord? {
        guard !finished else { return nil }
        let input = input  // a local reference: the span of a line borrows it, not `self`
        if wholeFile {
            finished = true
            let source = SourcePosition(file: input.displayName, line: 1)
            guard let bytes = try input.readToEnd(limit: maxRecordBytes) else {
                return .failure(
                    InputError("the file has more than \(maxRecordBytes) bytes, the record limit (--max-record-bytes): skipped"), source)
            }
            return record(bytes.droppingByteOrderMark(), id: input.displayName, source: source)
        }
        guard let read = try input.nextLine(limit: maxRecordBytes) else {
            finished = true
            return nil
        }
        lineNumber += 1
        guard case .line(let rawLine) = read else {
            guard case .tooLong(let size) = read else { return nil }
            return .failure(
                InputError(tooLongRecordMessage("line \(lineNumber)", bytes: size, limit: maxRecordBytes), id: "\(input.displayName):\(lineNumber)"),
                SourcePosition(file: input.displayName, line: lineNumber))
        }
        let line = lineNumber == 1 ? rawLine.droppingByteOrderMark() : rawLine
        return record(
            line, id: "\(input.displayName):\(lineNumber)",
            source: SourcePosition(file: input.displayName, line: lineNumber))
    }

    private mutating func record(_ bytes: Span<UInt8>, id: String, source: SourcePosition)
        -> InputRecord
    {
        let text = decodeUTF8(bytes)
        fieldStatistics.recordsRead += 1
        fieldStatistics.recordsWithText += 1
        fieldStatistics.recordsWithID += 1
        return .post(
            Post(id: id, text: text.text, platform: platform), source,
            flags: text.repairedInvalidUTF8 ? .invalidUTF8Repaired : [])
    }
}
