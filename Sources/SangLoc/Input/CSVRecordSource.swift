import Foundation

/// Reads CSV with a header row (RFC 4180, any one-byte delimiter), streamed.
///
/// Columns are found by header name (``InputOptions/textField`` and the others name columns
/// here; surrounding spaces in header names are ignored). Each row after the header yields
/// one record; blank lines yield nothing. A row with more or fewer fields than the header,
/// and a quoted field still open at the end of the input, yield a failure record; so does a
/// quoted field running over `CSVRowReader.maxQuotedLines` lines or
/// ``InputOptions/maxRecordBytes`` bytes, after which reading starts again at the line after
/// the one its row started on (one stray quote cannot hide the rest of a file). A record's
/// line is the line its row starts on. An empty id cell gives the id `<file>:<line>`. The
/// links column holds one or more URLs separated by spaces.
public struct CSVRecordSource: RecordSource {
    private let displayName: String
    private var rows: CSVRowReader
    private let options: InputOptions
    private var header: [String]?
    private var idColumn: Int?
    private var textColumn: Int?
    private var linksColumn: Int?
    private var authorColumn: Int?
    private var timeColumn: Int?
    /// What the reader found in the columns it was told to read.
    public private(set) var fieldStatistics: InputFieldStatistics

    init(input: BufferedInput, options: InputOptions) {
        displayName = input.displayName
        rows = CSVRowReader(input: input, delimiter: options.delimiter, maxRowBytes: options.maxRecordBytes)
        self.options = options
        fieldStatistics = InputFieldStatistics(textField: options.textField, idField: options.idField, options: options)
    }

    /// Whether the next row has not arrived yet (see ``RecordSource/nextRecordWouldWait``).
    public var nextRecordWouldWait: Bool { rows.nextRowWouldWait }

    /// The next record (a post, or a row that cannot be read), or nil at the end.
    public mutating func next() throws(InputOpenError) -> InputRecord? {
        if header == nil {
            guard try readHeader() else { return nil }
        }
        guard let row = try rows.nextRow() else { return nil }
        switch row {
        case .unterminatedQuote(let line):
            return .failure(
                InputError(
                    "row at line \(line) has a quoted field that is never closed: it runs to the end of the input "
                        + "(a stray '\"'?)"),
                SourcePosition(file: displayName, line: line))
        case .overlongQuote(let line):
            return .failure(
                InputError(
                    "row at line \(line) has a quoted field that runs over \(CSVRowReader.maxQuotedLines) lines or "
                        + "\(options.maxRecordBytes) bytes (a stray '\"'?); reading goes on at line \(line + 1)"),
                SourcePosition(file: displayName, line: line))
        case .row(let line):
            return record(line: line)
        }
    }

    /// Reads the header row; returns `false` for an input with no rows at all.
    private mutating func readHeader() throws(InputOpenError) -> Bool {
        guard let row = try rows.nextRow() else { return false }
        var names: [String] = []
        for index in 0..<rows.fieldCount {
            var name = rows.withField(index) { bytes in
                decodeUTF8(index == 0 ? bytes.droppingByteOrderMark() : bytes).text
            }
            name = name.trimmingCharacters(in: .whitespaces)
            names.append(name)
        }
        if case .row = row {} else { names = [] }
        header = names
        fieldStatistics.fieldsSeen = names
        func column(_ field: String?) -> Int? {
            guard let field else { return nil }
            return names.firstIndex(of: field) ?? names.firstIndex(of: field.trimmingCharacters(in: .whitespaces))
        }
        idColumn = column(options.idField)
        textColumn = column(options.textField)
        linksColumn = column(options.linksField)
        authorColumn = column(options.authorField)
        timeColumn = column(options.timeField)
        return true
    }

    private mutating func record(line: Int) -> InputRecord {
        let source = SourcePosition(file: displayName, line: line)
        let columns = header ?? []
        guard rows.fieldCount == columns.count else {
            return .failure(
                InputError(
                    "row at line \(line) has \(rows.fieldCount) \(rows.fieldCount == 1 ? "field" : "fields"), the header has \(columns.count) "
                        + "(quote fields that contain the delimiter)"),
                source)
        }
        fieldStatistics.recordsRead += 1
        var flags: InputFlags = []
        func cell(_ column: Int?) -> String? {
            guard let column else { return nil }
            let value = rows.withField(column) { decodeUTF8($0) }
            if value.repairedInvalidUTF8 { flags.insert(.invalidUTF8Repaired) }
            return value.text
        }
        var id = "\(displayName):\(line)"
        if let value = cell(idColumn), !value.isEmpty {
            id = value
            fieldStatistics.recordsWithID += 1
        }
        guard let text = cell(textColumn) else {
            return .failure(
                InputError(
                    "row at line \(line) has no column '\(options.textField)' (columns: \(columns.joined(separator: ", ")))",
                    id: id),
                source)
        }
        fieldStatistics.recordsWithText += 1
        var post = Post(id: id, text: text, platform: options.platform)
        if let links = cell(linksColumn) {
            post.links = links.split(whereSeparator: \.isWhitespace).map(String.init)
            if !post.links.isEmpty { fieldStatistics.found(options.linksField) }
        }
        if let author = cell(authorColumn), !author.isEmpty {
            post.author = author
            fieldStatistics.found(options.authorField)
        }
        if let time = cell(timeColumn), !time.allSatisfy(\.isWhitespace) {
            fieldStatistics.found(options.timeField)
            post.postedAt = InputTimestamp.date(from: time, timeZone: options.timeZone)
            if post.postedAt == nil {
                post.unreadableTime = time
                fieldStatistics.unreadableTime(time, at: "line \(line)")
            }
        }
        return .post(post, source, flags: flags)
    }
}
