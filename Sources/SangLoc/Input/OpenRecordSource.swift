import Foundation

/// Opens an input for reading records: a file, `-` for standard input, or a Facebook export folder.
///
/// Gzip input (by a `.gz` name or by its first bytes) is decompressed while streaming. With
/// ``InputFormat/auto`` the format comes from the name (`.jsonl`, `.ndjson`, `.json`, `.csv`,
/// `.tsv`, `.txt`, before any `.gz`), then from the first bytes:
/// - a `.jsonl` or `.ndjson` file is JSON Lines, whatever its first line holds;
/// - a file of JSON that is one document rather than lines (it starts with `[`, or its first
///   line is not a whole object) is a Facebook export file; so is a one-line object holding
///   `comments_v2` or `group_posts_v2`; but a first line that is a whole value followed by a
///   line that is a whole object makes the file JSON Lines (a document ends with its value);
/// - a file starting with `{` is JSON Lines;
/// - a first line that splits on the delimiter (or a tab) into names that include the text
///   field is a CSV header;
/// - anything else is text.
/// Unless the delimiter is given, a CSV file's comes from its header line (`detectDelimiter`);
/// a `.tsv` file's is a tab.
///
/// UTF-16 and UTF-32 input (by its byte order mark, or the NUL bytes beside ASCII characters)
/// is refused with a message naming the encoding.
///
/// - Throws: ``InputOpenError`` when the input cannot be opened, is UTF-16 or UTF-32, or a
///   folder is not a JSON Facebook export.
public func openRecordSource(path: String, options: InputOptions) throws(InputOpenError) -> any RecordSource {
    var options = options
    var isDirectory: ObjCBool = false
    if path != "-" {
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw InputOpenError(file: path, reason: "No such file or directory")
        }
    }
    if isDirectory.boolValue {
        guard options.format == .auto || options.format == .facebook else {
            throw InputOpenError(
                file: path, reason: "this is a folder; only a Facebook export can be a folder (--format facebook)")
        }
        return try FacebookExportRecordSource(path: path, options: options)
    }
    let input = try openBufferedInput(path: path, displayName: path)
    if let encoding = try wideEncoding(input) {
        throw InputOpenError(
            file: path, reason: "the file is \(encoding) text; SangLoc reads UTF-8: convert it first "
                + "(iconv -f \(encoding) -t UTF-8 FILE > FILE.utf8)")
    }
    var name = path.lowercased()
    if name.hasSuffix(".gz") { name.removeLast(3) }
    if name.hasSuffix(".tsv") && options.detectsDelimiter {
        options.delimiter = UInt8(ascii: "\t")
        options.detectsDelimiter = false
    }
    var format = options.format
    if format == .auto {
        if name.hasSuffix(".jsonl") || name.hasSuffix(".ndjson") {
            // The name is the evidence: whatever its first line holds, each line is a record.
            format = .jsonl
        } else if name.hasSuffix(".json") {
            format = try isJSONDocument(input, options: options) ? .facebook : .jsonl
        } else if name.hasSuffix(".csv") || name.hasSuffix(".tsv") {
            format = .csv
        } else if name.hasSuffix(".txt") {
            format = .text
        } else {
            format = try sniffFormat(input, options: &options)
        }
    }
    if format == .csv, options.detectsDelimiter {
        options.delimiter = detectDelimiter(try leadingContent(input))
    }
    switch format {
    case .jsonl, .auto: return JSONLinesRecordSource(input: input, options: options)
    case .csv: return CSVRecordSource(input: input, options: options)
    case .text: return TextRecordSource(input: input, options: options)
    case .facebook: return FacebookExportRecordSource(input: input, options: options)
    }
}

/// Opens a file (or standard input for `-`) for buffered reading, decompressing gzip data,
/// recognised by its magic bytes `1f 8b`.
func openBufferedInput(path: String, displayName: String) throws(InputOpenError) -> BufferedInput {
    let raw = BufferedInput(source: try FileDescriptorSource(path: path), displayName: displayName)
    let start = try raw.peek(atLeast: 2)
    guard start.count >= 2, start[0] == 0x1F, start[1] == 0x8B else { return raw }
    let gzip = try GzipSource(wrapping: BufferedInputSource(raw), displayName: displayName)
    return BufferedInput(source: gzip, displayName: displayName)
}

/// The bytes of a buffered input as a source, so a decompressor can read what was peeked at.
private final class BufferedInputSource: ByteSource {
    private let input: BufferedInput

    init(_ input: BufferedInput) { self.input = input }

    var canStall: Bool { input.canStall }

    func isReadable() -> Bool { input.isReadable() }

    func read(into buffer: inout OutputRawSpan) throws(InputOpenError) {
        let input = input  // a local reference: the span of its bytes borrows it, not `self`
        if input.buffered.isEmpty, try !input.fill() { return }
        let available = input.buffered
        let count = min(available.count, buffer.freeCapacity)
        for index in 0..<count { buffer.append(available[index]) }
        input.consume(count)
    }
}

/// The name of the UTF-16 or UTF-32 encoding the input is in, by its byte order mark or by
/// the NUL bytes in its first 64 bytes (or its first line, when shorter: a writer on a pipe may
/// send one short line and wait for its record); nil for anything else. Such text read as
/// UTF-8 is garbage that screens as verified.
func wideEncoding(_ input: BufferedInput) throws(InputOpenError) -> String? {
    while input.buffered.count < 64, !input.buffered.contains(UInt8(ascii: "\n")), try input.fill() {}
    let b = input.buffered.copied(0..<min(input.buffered.count, 64))
    if b.starts(with: [0xFF, 0xFE, 0, 0]) { return "UTF-32LE" }
    if b.starts(with: [0, 0, 0xFE, 0xFF]) { return "UTF-32BE" }
    if b.starts(with: [0xFF, 0xFE]) { return "UTF-16LE" }
    if b.starts(with: [0xFE, 0xFF]) { return "UTF-16BE" }
    // Without a mark: UTF-8 text never holds NUL, while in wide text the bytes of each code
    // unit that Latin and Vietnamese letters leave empty are NUL.
    let units = b.count / 4 * 4
    guard units >= 4 else { return nil }
    func zeros(_ positions: [Int], width: Int) -> Int {
        stride(from: 0, to: units, by: width).count { unit in positions.allSatisfy { b[unit + $0] == 0 } }
    }
    let unitCount32 = units / 4, unitCount16 = units / 2
    if zeros([2, 3], width: 4) == unitCount32, zeros([0], width: 4) < unitCount32 { return "UTF-32LE" }
    if zeros([0, 1], width: 4) == unitCount32, zeros([3], width: 4) < unitCount32 { return "UTF-32BE" }
    if zeros([1], width: 2) * 2 >= unitCount16, zeros([0], width: 2) == 0 { return "UTF-16LE" }
    if zeros([0], width: 2) * 2 >= unitCount16, zeros([1], width: 2) == 0 { return "UTF-16BE" }
    return nil
}

/// How many bytes format sniffing looks at.
private let sniffLength = 1 << 16

/// The first bytes of the input after a byte order mark and whitespace: at least one whole
/// line when the input has one within `sniffLength` bytes.
///
/// Reads no more than needed, so a producer piping records slowly into standard input is not
/// kept waiting for 64 KiB.
@_lifetime(borrow input)
private func leadingContent(_ input: BufferedInput) throws(InputOpenError) -> Span<UInt8> {
    while true {
        let peeked = input.buffered.droppingByteOrderMark()
        var start = 0
        while start < peeked.count, [0x20, 0x09, 0x0A, 0x0D].contains(peeked[start]) { start += 1 }
        let content = peeked.extracting(start...)
        if content.contains(UInt8(ascii: "\n")) || input.buffered.count >= sniffLength { return content }
        guard try input.fill() else { return content }
    }
}

/// Whether JSON input is one document (a Facebook export file) rather than JSON Lines.
///
/// A document ends where its value does: a first line followed by a line that is a whole
/// object is JSON Lines (`[1]` or an export object, then posts), its first line one record.
/// From a file, the next line is read whole however long the first (`readSecondLineIsObject`);
/// from a pipe, as far as the bytes at hand.
private func isJSONDocument(_ input: BufferedInput, options: InputOptions) throws(InputOpenError) -> Bool {
    var content = try leadingContent(input)
    guard !content.isEmpty, content[0] == UInt8(ascii: "[") || content[0] == UInt8(ascii: "{") else { return false }
    let first = content[0]
    let start = input.buffered.count - content.count
    if first == UInt8(ascii: "[") {
        // An array is a document unless a whole object follows its first line, whatever that
        // line holds: broken, cut short or whole.
        if !input.canStall { return try !readSecondLineIsObject(input, firstLineAt: start, options: options) }
        guard let newline = content.firstIndex(of: UInt8(ascii: "\n")) else { return true }
        return !startsWithWholeObject(content.extracting((newline + 1)...))
    }
    guard let newline = content.firstIndex(of: UInt8(ascii: "\n")) else {
        // One line only (or a first line longer than the sniffed bytes): JSON Lines, unless it
        // is a whole export object written without line breaks.
        guard content.count < sniffLength else { return false }
        var document = JSONDocument()
        guard (try? document.parse(content)) != nil else { return false }
        return FacebookExportRecordSource.entryList(in: document, bytes: content) != nil
    }
    let secondLineIsObject: Bool
    if !input.canStall {
        secondLineIsObject = try readSecondLineIsObject(input, firstLineAt: start, options: options)
        content = input.buffered.extracting(start...)  // reading on may have moved the bytes
    } else {
        secondLineIsObject = startsWithWholeObject(content.extracting((newline + 1)...))
    }
    var document = JSONDocument()
    let firstLine = content.extracting(..<newline)
    do {
        try document.parse(firstLine)
    } catch {
        // A document written over several lines runs out of input at the end of its first
        // line, and its second line is no whole object. A JSON Lines file whose first record
        // is broken (a bad byte, too deep, cut short) is still JSON Lines: every other line
        // must still be read.
        guard error.offset >= firstLine.count else { return false }
        return !secondLineIsObject
    }
    if secondLineIsObject { return false }
    return FacebookExportRecordSource.entryList(in: document, bytes: firstLine) != nil
}

/// Whether the line after the first (which starts at `start` in the buffered bytes) is a whole
/// JSON object: the first line is read to its end (not parsed) as far as an export file may be
/// long (`InputOptions.exportFileFactor` records), the next one as far as a record may be;
/// either one longer is no object. For an input that cannot keep the reading waiting (a file):
/// a writer on a pipe may send one line and wait.
private func readSecondLineIsObject(_ input: BufferedInput, firstLineAt start: Int, options: InputOptions) throws(InputOpenError) -> Bool {
    let (product, overflow) = options.maxRecordBytes.multipliedReportingOverflow(by: InputOptions.exportFileFactor)
    let firstLineLimit = overflow ? Int.max / 2 : product
    let secondLineLimit = min(options.maxRecordBytes, Int.max / 4) + 2
    // Offsets in the buffered bytes: nothing is consumed, so they stay valid across fills.
    var scanned = start
    var secondStart: Int
    while true {
        if let newline = input.buffered.firstIndex(of: UInt8(ascii: "\n"), from: scanned) {
            secondStart = newline + 1
            break
        }
        scanned = input.buffered.count
        guard scanned - start <= firstLineLimit, try input.fill() else { return false }
    }
    while !input.buffered.extracting(secondStart...).hasLineAfterBlanks, input.buffered.count - secondStart <= secondLineLimit,
          try input.fill() {}
    return startsWithWholeObject(input.buffered.extracting(secondStart...))
}

extension Span<UInt8> {
    /// Whether a line break follows the first byte that is not white space.
    fileprivate var hasLineAfterBlanks: Bool {
        var index = 0
        while index < count, [0x20, 0x09, 0x0A, 0x0D].contains(self[index]) { index += 1 }
        return firstIndex(of: UInt8(ascii: "\n"), from: index) != nil
    }
}

/// Whether the first non-blank line of `bytes` is a whole JSON object (a line cut short by
/// the end of the sniffed bytes is not).
private func startsWithWholeObject(_ bytes: Span<UInt8>) -> Bool {
    var start = 0
    while start < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[start]) { start += 1 }
    guard start < bytes.count, bytes[start] == UInt8(ascii: "{") else { return false }
    var end = bytes.firstIndex(of: UInt8(ascii: "\n"), from: start) ?? bytes.count
    if bytes[end - 1] == 0x0D { end -= 1 }
    let line = bytes.extracting(start..<end)
    var document = JSONDocument()
    return (try? document.parse(line)) != nil
}

/// Decides the format of an input with no telling name from its first bytes.
private func sniffFormat(_ input: BufferedInput, options: inout InputOptions) throws(InputOpenError) -> InputFormat {
    let content = try leadingContent(input)
    if !content.isEmpty && (content[0] == UInt8(ascii: "{") || content[0] == UInt8(ascii: "[")) {
        return try isJSONDocument(input, options: options) ? .facebook : .jsonl
    }
    let lineEnd = content.firstIndex(of: UInt8(ascii: "\n")) ?? content.count
    let firstLine = String(decoding: content.copied(0..<lineEnd), as: UTF8.self)
    let candidates = options.detectsDelimiter ? [detectDelimiter(content)] : [options.delimiter, UInt8(ascii: "\t")]
    for delimiter in candidates {
        let names = firstLine.split(separator: Character(Unicode.Scalar(delimiter)), omittingEmptySubsequences: false)
            .map { $0.trimmingCharacters(in: .whitespacesAndNewlines).trimmingCharacters(in: CharacterSet(charactersIn: "\"")) }
        if names.count >= 2 && names.contains(options.textField) {
            options.delimiter = delimiter
            options.detectsDelimiter = false
            return .csv
        }
    }
    return .text
}

/// The delimiters a header line is tried with, a comma first.
private let detectableDelimiters: [UInt8] = [UInt8(ascii: ","), UInt8(ascii: ";"), UInt8(ascii: "\t")]

/// The delimiter the first line of `bytes` holds most of outside quotes: comma, semicolon (as
/// Excel writes CSV where the decimal mark is a comma, Vietnamese among them) or tab; a comma
/// when it holds none, or on a tie with a comma.
func detectDelimiter(_ bytes: Span<UInt8>) -> UInt8 {
    var counts = [Int](repeating: 0, count: detectableDelimiters.count)
    var quoted = false
    for index in bytes.indices {
        let byte = bytes[index]
        if byte == UInt8(ascii: "\"") { quoted.toggle() }
        if quoted { continue }
        if byte == UInt8(ascii: "\n") { break }
        if let index = detectableDelimiters.firstIndex(of: byte) { counts[index] += 1 }
    }
    // The first of the most frequent.
    var best = 0
    for index in counts.indices where counts[index] > counts[best] { best = index }
    return detectableDelimiters[best]
}
