import Foundation

/// A post with the verdict a person gave it, for `sangloc eval`.
public struct LabelledPost: Sendable, Hashable {
    public var post: Post
    /// The verdict the post should get.
    public var expected: Verdict
    /// 1-based line of the labelled file the post was read from.
    public var line: Int

    public init(post: Post, expected: Verdict, line: Int = 0) {
        self.post = post
        self.expected = expected
        self.line = line
    }
}

/// A labelled file that cannot be evaluated: where and why, in words a user can act on.
public struct LabelledFileError: Error, Sendable, Hashable, CustomStringConvertible {
    public var file: String
    /// The 1-based line, or 0 for a problem with the whole file (it cannot be read).
    public var line: Int
    /// The 1-based column, when the problem is at a known character.
    public var column: Int?
    public var message: String

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

/// Reads labelled JSONL: one object a line, `{"id", "text", "expected", "links"?, ...}`, where
/// `expected` is `harmful`, `unverified` or `verified`. Other keys (`why`...) are ignored; blank
/// lines are skipped. The first bad line stops the reading: an evaluation on part of a set
/// would report figures nobody asked for.
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

    static func parse(_ bytes: [UInt8], file: String) throws(LabelledFileError) -> [LabelledPost] {
        var posts: [LabelledPost] = []
        var document = JSONDocument()
        var lineNumber = 0
        var start = 0
        var seenIDs: [String: Int] = [:]
        while start < bytes.count {
            lineNumber += 1
            var end = start
            while end < bytes.count, bytes[end] != UInt8(ascii: "\n") { end += 1 }
            let line = Array(bytes[start..<end])
            start = end + 1
            if line.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }) { continue }
            let result: Result<LabelledPost, LabelledFileError> = line.withUnsafeBufferPointer { buffer in
                Result { () throws(LabelledFileError) -> LabelledPost in
                    try parseLine(buffer, document: &document, file: file, line: lineNumber)
                }
            }
            let post = try result.get()
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
        _ bytes: UnsafeBufferPointer<UInt8>, document: inout JSONDocument, file: String, line: Int
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
        let label = try string("expected", required: true)!
        guard let expected = Verdict(rawValue: label.lowercased()) else {
            throw LabelledFileError(
                file: file, line: line, message: "\"expected\" is '\(label)'; use harmful, unverified or verified")
        }
        var links: [String] = []
        if let node = field("links") {
            switch document[node].kind {
            case .string: links = [document.string(node, in: bytes).text]
            case .array: links = document.elements(of: node).filter { document[$0].kind == .string }.map { document.string($0, in: bytes).text }
            default: break
            }
        }
        return LabelledPost(post: Post(id: id, text: text, links: links), expected: expected, line: line)
    }
}
