// A small JSON parser over UTF-8 bytes, written by hand on purpose:
// - Speed: JSONL reading is the hot path of `sangloc screen`. Foundation's JSONSerialization
//   and JSONDecoder build a full object graph per line and measured about 116 MB/s here,
//   against more than 300 MB/s for byte scanning; the whole pipeline must beat Python's orjson.
//   This parser fills a flat, reused array of nodes (a "tape") and decodes only the strings
//   that are asked for, so a line costs no allocation once the arrays have grown.
// - Positions: its errors say at which column what was expected; Foundation gives none.
// - Control: a nesting limit with a clear error, numbers kept as their text, dotted-path
//   lookup (`data.message`), invalid UTF-8 repaired and reported instead of rejected.

/// The kind of one JSON value.
enum JSONKind: UInt8 {
    case object, array, string, number, `true`, `false`, null

    /// The kind in words, for messages ("a number", "an array").
    var description: String {
        switch self {
        case .object: "an object"
        case .array: "an array"
        case .string: "a string"
        case .number: "a number"
        case .true, .false: "a boolean"
        case .null: "null"
        }
    }
}

/// One value of a parsed document. Containers are followed by their children in document order.
struct JSONNode {
    var kind: JSONKind
    /// The string contains backslash escapes (so its raw bytes are not its text).
    var hasEscapes: Bool
    /// Byte range in the document: a string's content between its quotes, a number's text,
    /// a container's brackets.
    var start: Int
    var end: Int
    /// Index of the node after this value and all of its children.
    var next: Int
    /// A string's raw content is well-formed UTF-8 (checked while parsing, so decoding need not
    /// check it again).
    var isWellFormedUTF8 = true
    /// A string's raw content is all ASCII.
    var isASCII = true
}

/// A JSON syntax error at a byte offset of the document.
struct JSONSyntaxError: Error {
    var offset: Int
    var reason: String

    /// `invalid JSON at column 17: expected ',' or '}'`, or `at line 3, column 5` for
    /// documents of several lines. Columns count characters, from 1.
    func message(in bytes: Span<UInt8>) -> String {
        var line = 1
        var lineStart = 0
        let limit = min(offset, bytes.count)
        for index in 0..<limit where bytes[index] == UInt8(ascii: "\n") {
            line += 1
            lineStart = index + 1
        }
        var column = 1
        for index in lineStart..<limit where bytes[index] & 0xC0 != 0x80 { column += 1 }
        let place = line == 1 ? "column \(column)" : "line \(line), column \(column)"
        return "invalid JSON at \(place): \(reason)"
    }
}

/// A parsed JSON document: a flat array of nodes that refer to the bytes it was parsed from.
///
/// Reuse one document for many parses: its arrays keep their capacity.
struct JSONDocument {
    /// Containers nested deeper than this are rejected, so hostile input cannot exhaust memory
    /// or stacks further down the line.
    static let maximumDepth = 512

    private(set) var nodes: [JSONNode] = []
    private var openContainers: [Int] = []

    /// The root value (valid after a successful parse).
    var root: Int { 0 }

    /// Parses one complete JSON value (surrounded by optional whitespace) from `bytes`.
    mutating func parse(_ bytes: Span<UInt8>) throws(JSONSyntaxError) {
        nodes.removeAll(keepingCapacity: true)
        openContainers.removeAll(keepingCapacity: true)
        var parser = Parser(bytes: bytes)
        try parser.run(nodes: &nodes, openContainers: &openContainers)
    }

    subscript(index: Int) -> JSONNode { nodes[index] }
}

private struct Parser: ~Escapable {
    let bytes: Span<UInt8>
    var position = 0

    @_lifetime(copy bytes)
    init(bytes: Span<UInt8>) { self.bytes = bytes }

    @inline(__always)
    mutating func skipWhitespace() {
        while position < bytes.count {
            switch bytes[position] {
            case 0x20, 0x0A, 0x0D, 0x09: position += 1
            default: return
            }
        }
    }

    func fail(_ reason: String) -> JSONSyntaxError {
        JSONSyntaxError(offset: position, reason: reason)
    }

    func found() -> String {
        guard position < bytes.count else { return "the end of the input" }
        let byte = bytes[position]
        if byte >= 0x21 && byte < 0x7F { return "'\(Character(Unicode.Scalar(byte)))'" }
        if byte >= 0x80 {
            let prefix = bytes.copied(position..<min(position + 4, bytes.count))
            if let scalar = String(decoding: prefix, as: UTF8.self).unicodeScalars.first, scalar != "\u{FFFD}" {
                return "'\(scalar)'"
            }
        }
        return "byte 0x" + String(byte, radix: 16, uppercase: true)
    }

    mutating func run(nodes: inout [JSONNode], openContainers: inout [Int]) throws(JSONSyntaxError) {
        // Each pass parses one value, then consumes what may follow it inside its container.
        var expectingKey = false
        while true {
            skipWhitespace()
            if expectingKey {
                guard position < bytes.count, bytes[position] == UInt8(ascii: "\"") else {
                    throw fail("expected a string key in double quotes, found \(found())")
                }
                try parseString(into: &nodes)
                skipWhitespace()
                guard position < bytes.count, bytes[position] == UInt8(ascii: ":") else {
                    throw fail("expected ':' after the key, found \(found())")
                }
                position += 1
                skipWhitespace()
                expectingKey = false
            }
            guard position < bytes.count else { throw fail("expected a value, found the end of the input") }
            let byte = bytes[position]
            switch byte {
            case UInt8(ascii: "{"), UInt8(ascii: "["):
                guard openContainers.count < JSONDocument.maximumDepth else {
                    throw fail("nesting deeper than \(JSONDocument.maximumDepth) levels")
                }
                let isObject = byte == UInt8(ascii: "{")
                openContainers.append(nodes.count)
                nodes.append(
                    JSONNode(kind: isObject ? .object : .array, hasEscapes: false, start: position, end: 0, next: 0))
                position += 1
                skipWhitespace()
                let closer = isObject ? UInt8(ascii: "}") : UInt8(ascii: "]")
                if position < bytes.count && bytes[position] == closer {
                    // Empty container: fall through to closing below.
                } else {
                    expectingKey = isObject
                    continue
                }
            case UInt8(ascii: "\""):
                try parseString(into: &nodes)
            case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
                try parseNumber(into: &nodes)
            case UInt8(ascii: "t"):
                try parseLiteral("true", kind: .true, into: &nodes)
            case UInt8(ascii: "f"):
                try parseLiteral("false", kind: .false, into: &nodes)
            case UInt8(ascii: "n"):
                try parseLiteral("null", kind: .null, into: &nodes)
            default:
                throw fail("expected a value, found \(found())")
            }
            // After a value (or at the closing bracket of an empty container).
            while true {
                skipWhitespace()
                guard let container = openContainers.last else {
                    guard position == bytes.count else {
                        throw fail("unexpected \(found()) after the end of the JSON value")
                    }
                    return
                }
                let isObject = nodes[container].kind == .object
                let closer = isObject ? UInt8(ascii: "}") : UInt8(ascii: "]")
                guard position < bytes.count else {
                    throw fail("expected ',' or '\(Character(Unicode.Scalar(closer)))', found \(found())")
                }
                let next = bytes[position]
                if next == closer {
                    position += 1
                    nodes[container].end = position
                    nodes[container].next = nodes.count
                    openContainers.removeLast()
                    continue
                }
                guard next == UInt8(ascii: ",") else {
                    throw fail("expected ',' or '\(Character(Unicode.Scalar(closer)))', found \(found())")
                }
                position += 1
                expectingKey = isObject
                break
            }
        }
    }

    mutating func parseLiteral(_ word: StaticString, kind: JSONKind, into nodes: inout [JSONNode]) throws(JSONSyntaxError) {
        let start = position
        let length = word.utf8CodeUnitCount
        guard bytes.count - position >= length else { throw fail("expected a value, found \(found())") }
        for index in 0..<length where bytes[position + index] != word.utf8Start[index] {
            throw fail("expected a value, found \(found())")
        }
        position += length
        nodes.append(JSONNode(kind: kind, hasEscapes: false, start: start, end: position, next: nodes.count + 1))
    }

    mutating func parseNumber(into nodes: inout [JSONNode]) throws(JSONSyntaxError) {
        let start = position
        func isDigit(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") }
        if bytes[position] == UInt8(ascii: "-") { position += 1 }
        guard position < bytes.count, isDigit(bytes[position]) else {
            throw fail("expected a digit in the number, found \(found())")
        }
        if bytes[position] == UInt8(ascii: "0") {
            position += 1
        } else {
            while position < bytes.count && isDigit(bytes[position]) { position += 1 }
        }
        if position < bytes.count && bytes[position] == UInt8(ascii: ".") {
            position += 1
            guard position < bytes.count, isDigit(bytes[position]) else {
                throw fail("expected a digit after the decimal point, found \(found())")
            }
            while position < bytes.count && isDigit(bytes[position]) { position += 1 }
        }
        if position < bytes.count && (bytes[position] | 0x20) == UInt8(ascii: "e") {
            position += 1
            if position < bytes.count && (bytes[position] == UInt8(ascii: "+") || bytes[position] == UInt8(ascii: "-")) {
                position += 1
            }
            guard position < bytes.count, isDigit(bytes[position]) else {
                throw fail("expected a digit in the exponent, found \(found())")
            }
            while position < bytes.count && isDigit(bytes[position]) { position += 1 }
        }
        nodes.append(JSONNode(kind: .number, hasEscapes: false, start: start, end: position, next: nodes.count + 1))
    }

    /// Parses a string starting at its opening quote, checking its raw bytes for UTF-8 on the
    /// way: they are not rejected here, decoding repairs and reports them (see
    /// ``JSONDocument/string(_:in:)``), which then needs no check of its own for valid ones.
    mutating func parseString(into nodes: inout [JSONNode]) throws(JSONSyntaxError) {
        position += 1
        let start = position
        var hasEscapes = false
        var isWellFormedUTF8 = true
        var bitUnion: UInt8 = 0
        let count = bytes.count
        let rows = UTF8StateMachine.rows
        var state = UTF8StateMachine.accept
        while true {
            guard position < count else {
                position = start - 1
                throw fail("string is not closed (missing '\"')")
            }
            let byte = bytes[position]
            if state == UTF8StateMachine.accept {
                // Between sequences, the common cases are taken before the state machine,
                // which then sees the rest as before: a plain ASCII byte (not a quote,
                // backslash or control), or a well-formed two- or three-byte sequence that no
                // lead byte restricts (Vietnamese letters: C3-C6 xx, E1 BA-BB xx).
                if byte < 0x80 {
                    if byte >= 0x20 && byte != 0x22 && byte != 0x5C {
                        position += 1
                        continue
                    }
                } else if byte >= 0xC2 && byte <= 0xDF {
                    if position + 1 < count, bytes[position + 1] & 0xC0 == 0x80 {
                        bitUnion |= 0x80
                        position += 2
                        continue
                    }
                } else if (byte >= 0xE1 && byte <= 0xEC) || byte == 0xEE || byte == 0xEF {
                    if position + 2 < count, bytes[position + 1] & 0xC0 == 0x80, bytes[position + 2] & 0xC0 == 0x80 {
                        bitUnion |= 0x80
                        position += 3
                        continue
                    }
                }
            }
            let next = UTF8StateMachine.step(rows, state, byte)
            if next & 63 < UTF8StateMachine.reject {
                // ASCII other than quote, backslash and controls, or part of a sequence.
                state = next
                bitUnion |= byte
                position += 1
                continue
            }
            if next & 63 == UTF8StateMachine.reject {
                // Damage, repaired when decoded. A byte that cut a sequence short is read
                // again between sequences (it may be the closing quote); any other is skipped.
                isWellFormedUTF8 = false
                bitUnion |= 0x80
                if state & 63 == UTF8StateMachine.accept { position += 1 }
                state = UTF8StateMachine.accept
                continue
            }
            // A quote, backslash or control character between sequences.
            if byte == UInt8(ascii: "\"") { break }
            if byte == UInt8(ascii: "\\") {
                hasEscapes = true
                position += 1
                guard position < count else { continue }
                switch bytes[position] {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"), UInt8(ascii: "b"),
                    UInt8(ascii: "f"), UInt8(ascii: "n"), UInt8(ascii: "r"), UInt8(ascii: "t"):
                    position += 1
                case UInt8(ascii: "u"):
                    position += 1
                    for _ in 0..<4 {
                        guard position < count, hexValue(bytes[position]) != nil else {
                            throw fail("expected 4 hex digits after '\\u', found \(found())")
                        }
                        position += 1
                    }
                default:
                    let escaped = found()
                    position -= 1
                    throw fail("invalid escape \\ followed by \(escaped) in string")
                }
                continue
            }
            if byte < 0x20 {
                throw fail("control character U+\(hex4(UInt32(byte))) in a string must be escaped (\\n, \\t, \\u00XX)")
            }
            position += 1
        }
        nodes.append(
            JSONNode(
                kind: .string, hasEscapes: hasEscapes, start: start, end: position, next: nodes.count + 1,
                isWellFormedUTF8: isWellFormedUTF8, isASCII: bitUnion < 0x80))
        position += 1
    }
}

@inline(__always)
func hexValue(_ byte: UInt8) -> UInt32? {
    switch byte {
    case UInt8(ascii: "0")...UInt8(ascii: "9"): UInt32(byte - UInt8(ascii: "0"))
    case UInt8(ascii: "a")...UInt8(ascii: "f"): UInt32(byte - UInt8(ascii: "a") + 10)
    case UInt8(ascii: "A")...UInt8(ascii: "F"): UInt32(byte - UInt8(ascii: "A") + 10)
    default: nil
    }
}

func hex4(_ value: UInt32) -> String {
    let digits = String(value, radix: 16, uppercase: true)
    return String(repeating: "0", count: max(0, 4 - digits.count)) + digits
}
