// A small RFC 4180 reader, by hand: it must stream (no whole-file load), report the line each
// row starts on, turn a ragged row or an unterminated quote into one failed record instead
// of an error for the file, and take any one-byte delimiter. No maintained Swift CSV package
// in reach does all of that over raw bytes.

/// Splits a byte stream into CSV rows (RFC 4180), streaming.
///
/// Quoted fields may hold the delimiter, `""` for a quote, and line breaks. A `\r` before a
/// row's `\n` is dropped. Lenient where RFC 4180 is silent or strict, as Python's `csv` is:
/// a quote inside an unquoted field is kept as is, and text after a closing quote is appended.
struct CSVRowReader {
    enum Row: Equatable {
        /// A row whose fields are in ``fields``; `line` is where it starts.
        case row(line: Int)
        /// A quoted field that was still open at the end of the input.
        case unterminatedQuote(line: Int)
        /// A quoted field that ran over `maxQuotedLines` lines or `maxRowBytes` bytes: the row
        /// is dropped and reading starts again at the line after the one it started on.
        case overlongQuote(line: Int)
    }

    /// The most line breaks one quoted field may hold before it is taken for a stray quote.
    static let maxQuotedLines = 100

    private enum State { case fieldStart, unquoted, quoted, afterClosingQuote }

    private let input: BufferedInput
    private let delimiter: UInt8
    private var fieldBytes: [UInt8] = []
    private var fieldEnds: [Int] = []
    private var line = 1
    private var finished = false
    private let maxRowBytes: Int
    /// The bytes of the current row after its first line break (in a quoted field), kept so
    /// that an overlong quote can be read again from there.
    private var afterFirstBreak: [UInt8]?

    init(input: BufferedInput, delimiter: UInt8, maxRowBytes: Int = Int.max) {
        self.input = input
        self.delimiter = delimiter
        self.maxRowBytes = maxRowBytes
    }

    /// Whether the next row's first line has not arrived yet.
    var nextRowWouldWait: Bool { !finished && input.nextLineWouldWait() }

    /// The number of fields of the last row.
    var fieldCount: Int { fieldEnds.count }

    /// The bytes of field `index` of the last row.
    func withField<Result>(_ index: Int, _ body: (Span<UInt8>) -> Result) -> Result {
        let start = index == 0 ? 0 : fieldEnds[index - 1]
        return body(fieldBytes.span.extracting(start..<fieldEnds[index]))
    }

    /// Reads the next row that is not blank, or returns `nil` at the end of the input.
    mutating func nextRow() throws(InputOpenError) -> Row? {
        guard !finished else { return nil }
        fieldBytes.removeAll(keepingCapacity: true)
        fieldEnds.removeAll(keepingCapacity: true)
        afterFirstBreak = nil
        var state = State.fieldStart
        var startLine = line
        var rowHasQuote = false
        let input = input  // a local reference: the span of its bytes borrows it, not `self`
        while true {
            let buffered = input.buffered
            if buffered.isEmpty {
                guard try input.fill() else { break }
                continue
            }
            var index = 0
            while index < buffered.count {
                let byte = buffered[index]
                index += 1
                afterFirstBreak?.append(byte)
                switch state {
                case .quoted:
                    if byte == UInt8(ascii: "\"") {
                        state = .afterClosingQuote
                    } else {
                        if byte == UInt8(ascii: "\n") {
                            line += 1
                            if afterFirstBreak == nil { afterFirstBreak = [] }
                        }
                        fieldBytes.append(byte)
                        if line - startLine > Self.maxQuotedLines || fieldBytes.count > maxRowBytes {
                            // A stray quote, most likely: read again from the row's second line.
                            input.consume(index)
                            if let afterFirstBreak { input.unread(afterFirstBreak) } else { _ = try input.skipLine() }
                            afterFirstBreak = nil
                            line = startLine + 1
                            return .overlongQuote(line: startLine)
                        }
                    }
                    continue
                case .afterClosingQuote:
                    if byte == UInt8(ascii: "\"") {
                        fieldBytes.append(byte)
                        state = .quoted
                        continue
                    }
                    if byte == UInt8(ascii: "\r") { continue }
                case .fieldStart:
                    if byte == UInt8(ascii: "\"") {
                        state = .quoted
                        rowHasQuote = true
                        continue
                    }
                case .unquoted:
                    break
                }
                if byte == delimiter {
                    fieldEnds.append(fieldBytes.count)
                    state = .fieldStart
                } else if byte == UInt8(ascii: "\n") {
                    line += 1
                    if state == .unquoted, fieldBytes.last == UInt8(ascii: "\r"), fieldEnds.last ?? 0 < fieldBytes.count {
                        fieldBytes.removeLast()
                    }
                    if fieldEnds.isEmpty && fieldBytes.isEmpty && !rowHasQuote {
                        startLine = line  // A blank line is not a row.
                        state = .fieldStart
                        continue
                    }
                    fieldEnds.append(fieldBytes.count)
                    input.consume(index)
                    return .row(line: startLine)
                } else {
                    fieldBytes.append(byte)
                    state = .unquoted
                }
            }
            input.consume(buffered.count)
        }
        finished = true
        if state == .quoted { return .unterminatedQuote(line: startLine) }
        if state == .unquoted, fieldBytes.last == UInt8(ascii: "\r"), fieldEnds.last ?? 0 < fieldBytes.count {
            fieldBytes.removeLast()
        }
        if fieldEnds.isEmpty && fieldBytes.isEmpty && !rowHasQuote { return nil }
        fieldEnds.append(fieldBytes.count)
        return .row(line: startLine)
    }
}
