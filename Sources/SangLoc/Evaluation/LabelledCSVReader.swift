import Foundation

/// Reads a labelled CSV: a span CSV as ViHOS ships it (`,content,index_spans`) or a CSV with
/// `id`, `text` and `expected` columns (see ``LabelledPostReader``).
enum LabelledCSVReader {
    static let textColumns = ["text", "content"]
    static let spanColumns = ["index_spans", "spans"]
    static let labelColumns = ["expected", "label"]

    static func parse(_ bytes: [UInt8], file: String, delimiter: UInt8) throws(LabelledFileError) -> [LabelledPost] {
        let input = BufferedInput(source: MemoryByteSource(bytes), displayName: file)
        var rows = CSVRowReader(input: input, delimiter: delimiter)
        func nextRow() throws(LabelledFileError) -> CSVRowReader.Row? {
            do {
                return try rows.nextRow()
            } catch {
                throw LabelledFileError(file: file, line: 0, message: error.message)
            }
        }

        guard let headerRow = try nextRow() else { return [] }
        if case .unterminatedQuote(let line) = headerRow {
            throw LabelledFileError(file: file, line: line, message: "the header has a quoted field that is never closed (a stray '\"'?)")
        }
        var names: [String] = []
        for index in 0..<rows.fieldCount {
            let name = rows.withField(index) { decodeUTF8(index == 0 ? $0.droppingByteOrderMark() : $0).text }
            names.append(name.trimmingCharacters(in: .whitespaces).lowercased())
        }
        func column(_ candidates: [String]) -> Int? {
            for candidate in candidates { if let index = names.firstIndex(of: candidate) { return index } }
            return nil
        }
        let textColumn = column(textColumns)
        let spanColumn = column(spanColumns)
        let labelColumn = column(labelColumns)
        guard let textColumn, spanColumn != nil || labelColumn != nil else {
            let found = names.map { "'\($0)'" }.joined(separator: ", ")
            throw LabelledFileError(
                file: file, line: 1,
                message: "the header has the columns \(found); a labelled CSV needs a text column (text or content) and "
                    + "a span column (index_spans or spans) or a label column (expected or label). "
                    + "For JSON lines, name the file .jsonl")
        }
        let idColumn = column(["id"]) ?? ([textColumn, spanColumn, labelColumn].contains(0) ? nil : 0)

        var posts: [LabelledPost] = []
        var seenIDs: [String: Int] = [:]
        while let row = try nextRow() {
            let line: Int
            switch row {
            case .unterminatedQuote(let start):
                throw LabelledFileError(
                    file: file, line: start,
                    message: "a quoted field is never closed: it runs to the end of the file (a stray '\"'? write \"\" for a quote inside a quoted field)")
            case .overlongQuote(let start):
                throw LabelledFileError(
                    file: file, line: start,
                    message: "a quoted field runs over \(CSVRowReader.maxQuotedLines) lines (a stray '\"'? write \"\" for a quote inside a quoted field)")
            case .row(let start):
                line = start
            }
            guard rows.fieldCount == names.count else {
                throw LabelledFileError(
                    file: file, line: line,
                    message: "the row has \(rows.fieldCount) \(rows.fieldCount == 1 ? "field" : "fields"), the header has \(names.count); "
                        + "quote fields that contain the delimiter, a quote or a line break")
            }
            func cell(_ index: Int, _ name: String) throws(LabelledFileError) -> String {
                let decoded = rows.withField(index) { decodeUTF8($0) }
                guard !decoded.repairedInvalidUTF8 else {
                    throw LabelledFileError(file: file, line: line, message: "the \(name) cell is not valid UTF-8; save the file as UTF-8")
                }
                return decoded.text
            }
            let text = try cell(textColumn, names[textColumn])
            var id = ""
            if let idColumn { id = try cell(idColumn, "id").trimmingCharacters(in: .whitespaces) }
            if id.isEmpty { id = "\(file):\(line)" }

            var spans: [Range<Int>]?
            if let spanColumn {
                let raw = try cell(spanColumn, names[spanColumn]).trimmingCharacters(in: .whitespacesAndNewlines)
                if raw.isEmpty {
                    if labelColumn == nil {
                        throw LabelledFileError(
                            file: file, line: line,
                            message: "the \(names[spanColumn]) cell is empty; write [] for a post without harmful spans")
                    }
                } else {
                    spans = try parseSpans(raw, text: text, column: names[spanColumn], file: file, line: line)
                }
            }
            let expected: Verdict
            if let labelColumn {
                let label = try cell(labelColumn, names[labelColumn]).trimmingCharacters(in: .whitespaces)
                guard let verdict = Verdict(rawValue: label.lowercased()) else {
                    throw LabelledFileError(
                        file: file, line: line,
                        message: "\(names[labelColumn]) is '\(label)'; use harmful, unverified or verified")
                }
                expected = verdict
            } else {
                expected = spans?.isEmpty == false ? .harmful : .verified
            }
            if let first = seenIDs[id] {
                throw LabelledFileError(
                    file: file, line: line,
                    message: "id '\(id)' already used on line \(first); give every post its own id so errors can be found")
            }
            seenIDs[id] = line
            posts.append(LabelledPost(post: Post(id: id, text: text), expected: expected, line: line, spans: spans))
        }
        return posts
    }

    /// A span cell: every character index inside a span (`[9, 10, 11]`, ViHOS), or
    /// `[start, end]` pairs (`[[9, 12]]`), checked against the text, sorted and merged.
    static func parseSpans(_ raw: String, text: String, column: String, file: String, line: Int) throws(LabelledFileError) -> [Range<Int>] {
        let usage = "write every character index inside a span ([9, 10, 11]) or [start, end] pairs ([[9, 12]]), [] for none"
        func bad(_ why: String) -> LabelledFileError {
            let shown = raw.count > 40 ? String(raw.prefix(40)) + "…" : raw
            return LabelledFileError(file: file, line: line, message: "the \(column) cell '\(shown)' \(why); \(usage)")
        }
        // Tokens: brackets and whole numbers; commas and spaces separate.
        var depth = 0
        var maxDepth = 0
        var flat: [Int] = []
        var pairs: [(Int, Int)] = []
        var current: [Int] = []
        var number: String = ""
        func flush() throws(LabelledFileError) {
            guard !number.isEmpty else { return }
            guard let value = Int(number) else { throw bad("has '\(number)', which is not a whole number") }
            number = ""
            if depth == 2 { current.append(value) } else if depth == 1 { flat.append(value) } else { throw bad("has a number outside brackets") }
        }
        for character in raw {
            switch character {
            case "[":
                try flush()
                depth += 1
                maxDepth = max(maxDepth, depth)
                guard depth <= 2 else { throw bad("nests brackets too deeply") }
                current = []
            case "]":
                try flush()
                if depth == 2 {
                    guard current.count == 2 else { throw bad("has a pair with \(current.count) numbers") }
                    pairs.append((current[0], current[1]))
                }
                depth -= 1
                guard depth >= 0 else { throw bad("closes a bracket it never opened") }
            case ",", " ", "\t", "\n", "\r":
                try flush()
            case "-", "0"..."9":
                number.append(character)
            default:
                throw bad("has '\(character)'")
            }
        }
        try flush()
        guard depth == 0, maxDepth >= 1 else { throw bad(depth > 0 ? "leaves a bracket open" : "is not a bracketed list") }
        if !flat.isEmpty, !pairs.isEmpty { throw bad("mixes indices and pairs") }
        if maxDepth == 2 || !pairs.isEmpty {
            return try LabelledPostReader.checkedSpans(pairs, text: text, file: file, line: line)
        }
        let length = text.unicodeScalars.count
        for index in flat where index < 0 || index >= length {
            throw LabelledFileError(
                file: file, line: line,
                message: "character index \(index) in the \(column) cell is outside the text, which has \(length) characters "
                    + "(Unicode scalars, indices 0 to \(length - 1))")
        }
        return ranges(ofIndices: flat)
    }

    /// Character indices as ranges: consecutive indices form one range.
    static func ranges(ofIndices indices: [Int]) -> [Range<Int>] {
        var result: [Range<Int>] = []
        for index in Set(indices).sorted() {
            if let last = result.last, last.upperBound == index {
                result[result.count - 1] = last.lowerBound..<index + 1
            } else {
                result.append(index..<index + 1)
            }
        }
        return result
    }
}

/// Bytes already in memory, as a ``ByteSource``.
final class MemoryByteSource: ByteSource {
    private let bytes: [UInt8]
    private var offset = 0

    init(_ bytes: [UInt8]) { self.bytes = bytes }

    func read(into buffer: inout OutputRawSpan) throws(InputOpenError) {
        let count = min(buffer.freeCapacity, bytes.count - offset)
        for index in offset..<offset + count { buffer.append(bytes[index]) }
        offset += count
    }
}
