import Foundation

/// A post with the verdict a person gave it, for `sangloc eval`.
public struct LabelledPost: Sendable, Hashable {
    /// The post: id, text and links.
    public var post: Post
    /// The verdict the post should get.
    public var expected: Verdict
    /// 1-based line of the labelled file the post was read from.
    public var line: Int
    /// The harmful spans of the text a person marked, in Unicode scalar offsets (end
    /// exclusive), sorted and merged; `[]` for a post annotated as clean, nil for a post
    /// without span annotations (then only its verdict is known).
    public var spans: [Range<Int>]?

    /// A post labelled `expected`, read at `line`, with its harmful `spans` when annotated.
    public init(post: Post, expected: Verdict, line: Int = 0, spans: [Range<Int>]? = nil) {
        self.post = post
        self.expected = expected
        self.line = line
        self.spans = spans
    }
}

/// A labelled file that cannot be evaluated: where and why, in words a user can act on.
public struct LabelledFileError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The labelled file, as named.
    public var file: String
    /// The 1-based line, or 0 for a problem with the whole file (it cannot be read).
    public var line: Int
    /// The 1-based column, when the problem is at a known character.
    public var column: Int?
    /// What is wrong and what to write instead.
    public var message: String

    /// An error at `line` (and `column`) of `file`.
    public init(file: String, line: Int, column: Int? = nil, message: String) {
        self.file = file
        self.line = line
        self.column = column
        self.message = message
    }

    /// `labelled.jsonl:4:17: invalid JSON: expected ',' or '}'`.
    public var description: String {
        if line == 0 { return "\(file): \(message)" }
        let place = column.map { "\(file):\(line):\($0)" } ?? "\(file):\(line)"
        return "\(place): \(message)"
    }
}

/// Reads labelled posts in three formats, chosen by the file's extension (`.jsonl`, `.ndjson`,
/// `.json`; `.csv`, `.tsv`) or, for any other name, by its first character (`{` or `[`: JSON
/// lines, anything else: CSV with a header):
///
/// - JSON lines: one object a line, `{"id", "text", "expected"?, "spans"?, "links"?, ...}`,
///   where `expected` is `harmful`, `unverified` or `verified` and `spans` a list of
///   `[start, end]` pairs (Unicode scalar offsets, end exclusive). Without `expected`, a post
///   is harmful when it has spans and verified when `spans` is `[]`. Other keys (`why`...) are
///   ignored; blank lines are skipped.
/// - Span CSV, as ViHOS ships it (`,content,index_spans`): a text column (`content` or
///   `text`) and a span column (`index_spans` or `spans`) holding every character index
///   inside a span (`[9, 10, 11]`), or `[start, end]` pairs (`[[9, 12]]`); `[]` is a clean
///   post. The id is the `id` column, else the first column. A post is harmful when it has
///   spans, else verified.
/// - Labelled CSV: `id`, `text` (or `content`) and `expected` (or `label`) columns, and
///   optionally a span column.
///
/// Every row becomes a post or an error: the first bad line stops the reading (an evaluation
/// on part of a set would report figures nobody asked for), with the file, the line and what
/// to do. Ids must be unique.
public enum LabelledPostReader {
    /// Reads a labelled file from disk (`file` is also the name used in errors).
    public static func read(file: String) throws(LabelledFileError) -> [LabelledPost] {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: file))
        } catch {
            throw LabelledFileError(file: file, line: 0, message: "cannot read the labelled file: \(error.localizedDescription)")
        }
        return try parse(Array(data), file: file)
    }

    /// Parses labelled JSONL already in memory.
    public static func parse(_ text: String, file: String = "<labelled>") throws(LabelledFileError) -> [LabelledPost] {
        try parse(Array(text.utf8), file: file)
    }

    /// The formats a labelled file can be in.
    enum Format: Equatable {
        case jsonLines
        case csv(delimiter: UInt8)
    }

    /// The format of a labelled file: by extension when it is a known one, else by sniffing.
    static func format(of bytes: [UInt8], file: String) -> Format {
        let name = file.lowercased()
        if name.hasSuffix(".jsonl") || name.hasSuffix(".ndjson") || name.hasSuffix(".json") { return .jsonLines }
        if name.hasSuffix(".tsv") { return .csv(delimiter: UInt8(ascii: "\t")) }
        if name.hasSuffix(".csv") { return .csv(delimiter: sniffDelimiter(bytes)) }
        var index = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        while index < bytes.count, [0x20, 0x09, 0x0D, 0x0A].contains(bytes[index]) { index += 1 }
        if index == bytes.count || bytes[index] == UInt8(ascii: "{") || bytes[index] == UInt8(ascii: "[") { return .jsonLines }
        return .csv(delimiter: sniffDelimiter(bytes))
    }

    /// The delimiter of a CSV header: the most frequent of `,`, tab and `;` on its first line
    /// outside quotes (`,` on a tie or when there is none).
    static func sniffDelimiter(_ bytes: [UInt8]) -> UInt8 {
        detectDelimiter(bytes.span)
    }

    static func parse(_ bytes: [UInt8], file: String) throws(LabelledFileError) -> [LabelledPost] {
        switch format(of: bytes, file: file) {
        case .jsonLines: return try parseJSONLines(bytes, file: file)
        case .csv(let delimiter): return try LabelledCSVReader.parse(bytes, file: file, delimiter: delimiter)
        }
    }

    static func parseJSONLines(_ bytes: [UInt8], file: String) throws(LabelledFileError) -> [LabelledPost] {
        var posts: [LabelledPost] = []
        var document = JSONDocument()
        var lineNumber = 0
        var start = 0
        var seenIDs: [String: Int] = [:]
        while start < bytes.count {
            lineNumber += 1
            var end = start
            while end < bytes.count, bytes[end] != UInt8(ascii: "\n") { end += 1 }
            let line = bytes.span.extracting(start..<end)
            start = end + 1
            if line.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }) { continue }
            let post = try parseLine(line, document: &document, file: file, line: lineNumber)
            if let first = seenIDs[post.post.id] {
                throw LabelledFileError(
                    file: file, line: lineNumber,
                    message: "id '\(post.post.id)' already used on line \(first); give every post its own id so errors can be found")
            }
            seenIDs[post.post.id] = lineNumber
            posts.append(post)
        }
        return posts
    }

    private static func parseLine(
        _ bytes: Span<UInt8>, document: inout JSONDocument, file: String, line: Int
    ) throws(LabelledFileError) -> LabelledPost {
        do {
            try document.parse(bytes)
        } catch {
            var column = 1
            for index in 0..<min(error.offset, bytes.count) where bytes[index] & 0xC0 != 0x80 { column += 1 }
            throw LabelledFileError(file: file, line: line, column: column, message: "invalid JSON: \(error.reason)")
        }
        let root = document.root
        guard document[root].kind == .object else {
            throw LabelledFileError(file: file, line: line, column: 1, message: "expected a JSON object, found \(document[root].kind.description)")
        }
        func field(_ name: String) -> Int? { document.value(forKey: Array(name.utf8), in: root, bytes: bytes) }
        func string(_ name: String, required: Bool) throws(LabelledFileError) -> String? {
            guard let node = field(name) else {
                if required { throw LabelledFileError(file: file, line: line, message: "missing \"\(name)\"") }
                return nil
            }
            switch document[node].kind {
            case .string: return document.string(node, in: bytes).text
            case .number where name == "id": return document.rawText(node, in: bytes)
            default:
                throw LabelledFileError(
                    file: file, line: line, message: "\"\(name)\" should be a string, found \(document[node].kind.description)")
            }
        }
        let id = try string("id", required: true)!
        let text = try string("text", required: true)!
        var spans: [Range<Int>]?
        if let node = field("spans"), document[node].kind != .null {
            spans = try jsonSpans(node, document: document, bytes: bytes, text: text, file: file, line: line)
        }
        let expected: Verdict
        if let label = try string("expected", required: spans == nil) {
            guard let verdict = Verdict(rawValue: label.lowercased()) else {
                throw LabelledFileError(
                    file: file, line: line, message: "\"expected\" is '\(label)'; use harmful, unverified or verified")
            }
            expected = verdict
        } else {
            expected = spans?.isEmpty == false ? .harmful : .verified
        }
        var links: [String] = []
        if let node = field("links") {
            switch document[node].kind {
            case .string: links = [document.string(node, in: bytes).text]
            case .array: links = document.elements(of: node).filter { document[$0].kind == .string }.map { document.string($0, in: bytes).text }
            default: break
            }
        }
        return LabelledPost(post: Post(id: id, text: text, links: links), expected: expected, line: line, spans: spans)
    }

    /// `"spans": [[start, end], ...]`, checked against the text.
    private static func jsonSpans(
        _ node: Int, document: JSONDocument, bytes: Span<UInt8>, text: String, file: String, line: Int
    ) throws(LabelledFileError) -> [Range<Int>] {
        let usage = "write \"spans\": [[start, end], ...] in Unicode scalar offsets, end exclusive ([] for a clean post)"
        guard document[node].kind == .array else {
            throw LabelledFileError(
                file: file, line: line, message: "\"spans\" should be an array, found \(document[node].kind.description); \(usage)")
        }
        var pairs: [(Int, Int)] = []
        for (position, element) in document.elements(of: node).enumerated() {
            let numbers = document[element].kind == .array ? document.elements(of: element) : []
            let values = numbers.compactMap { document[$0].kind == .number ? Int(document.rawText($0, in: bytes)) : nil }
            guard numbers.count == 2, values.count == 2 else {
                let found = document[element].kind == .array ? document.rawText(element, in: bytes) : document[element].kind.description
                throw LabelledFileError(
                    file: file, line: line,
                    message: "span \(position + 1) of \"spans\" should be [start, end] with two whole numbers, found \(found); \(usage)")
            }
            pairs.append((values[0], values[1]))
        }
        return try checkedSpans(pairs, text: text, file: file, line: line)
    }

    /// Checks `[start, end]` pairs against a text and returns them sorted and merged.
    static func checkedSpans(_ pairs: [(Int, Int)], text: String, file: String, line: Int) throws(LabelledFileError) -> [Range<Int>] {
        let length = text.unicodeScalars.count
        for (start, end) in pairs {
            guard start < end else {
                throw LabelledFileError(
                    file: file, line: line,
                    message: "span [\(start), \(end)] is empty or reversed; write [start, end] with start < end (end exclusive)")
            }
            guard start >= 0, end <= length else {
                throw LabelledFileError(
                    file: file, line: line,
                    message: "span [\(start), \(end)] is outside the text, which has \(length) characters (Unicode scalars): "
                        + "offsets run from 0 to \(length), end exclusive")
            }
        }
        return pairs.map { $0.0..<$0.1 }.joinedRanges()
    }
}

extension Array where Element == Range<Int> {
    /// The ranges sorted, empty ones dropped, overlapping and touching ones joined.
    func joinedRanges() -> [Range<Int>] {
        var result: [Range<Int>] = []
        for range in sorted(by: { $0.lowerBound < $1.lowerBound }) where !range.isEmpty {
            if let last = result.last, range.lowerBound <= last.upperBound {
                result[result.count - 1] = last.lowerBound..<Swift.max(last.upperBound, range.upperBound)
            } else {
                result.append(range)
            }
        }
        return result
    }
}
