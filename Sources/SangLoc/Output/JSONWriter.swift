/// A minimal JSON writer for our output records: keys in the order given, strings escaped
/// per RFC 8259, numbers in the shortest form that reads back to the same value.
///
/// Hand-written because Foundation's JSONEncoder sorts or scrambles key order (the output
/// record's order is part of the contract, docs/design.md §6) and costs more than screening a post.
/// It appends UTF-8 bytes to one growable buffer: a batch writes thousands of records into the
/// same writer (``endLine()`` between them) and hands the bytes to the output file as they are,
/// with no `String` built per record, field or number.
public struct JSONWriter: Sendable {
    /// The UTF-8 bytes written so far.
    public private(set) var bytes: [UInt8] = []
    /// Whether the next value or key of the innermost open container needs a comma first.
    ///
    /// One flag is enough: opening a container clears it, and closing one sets it for the
    /// parent, whose own state before the container was "a value was written" by definition.
    private var needsComma = false
    /// The last number written that is not a whole number, with its bytes: weights and scores
    /// repeat from record to record (`0.5`), and formatting a `Double` costs far more than
    /// copying its bytes.
    private var lastFraction: (value: Double, bytes: [UInt8]) = (.nan, [])
    /// The openings of rule hits written so far (`beginHit`), by rule: a pack's few rules
    /// fire on record after record, and their opening is always the same bytes.
    private var hitOpenings: [HitOpening] = []
    private static let maximumHitOpenings = 16

    private struct HitOpening {
        var rule: String
        var category: String
        var verdict: String
        var weight: Double
        var bytes: [UInt8]
    }

    /// An empty writer with room for `capacity` bytes.
    public init(capacity: Int = 256) {
        bytes.reserveCapacity(capacity)
    }

    /// An empty writer appending to the storage of `buffer`, whose bytes are dropped: a batch
    /// hands each chunk the buffer of a chunk already written, so its capacity is not regrown.
    public init(reusing buffer: consuming [UInt8]) {
        bytes = buffer
        bytes.removeAll(keepingCapacity: true)
    }

    /// Lets `body` append bytes to the buffer as they are, for rows of another format (CSV)
    /// sharing the buffer; what it appends is not checked.
    public mutating func appendRaw(_ body: (inout [UInt8]) -> Void) {
        body(&bytes)
    }

    /// What was written, as text.
    public var output: String { String(decoding: bytes, as: UTF8.self) }

    /// Ends the current top-level value with a line feed: the next value starts a new JSON
    /// Lines record, without a comma.
    public mutating func endLine() {
        bytes.append(0x0A)
        needsComma = false
    }

    /// Forgets what was written, keeping the buffer's capacity for the next records.
    public mutating func removeAll() {
        bytes.removeAll(keepingCapacity: true)
        needsComma = false
    }

    @inline(__always)
    private mutating func separator() {
        if needsComma { bytes.append(UInt8(ascii: ",")) }
        needsComma = true
    }

    /// Writes an object key (escaped) and the colon after it.
    public mutating func key(_ name: String) {
        separator()
        Self.appendQuoted(name, to: &bytes)
        bytes.append(UInt8(ascii: ":"))
        needsComma = false
    }

    /// Writes a key spelled in our own source, whose bytes are copied without escaping: for
    /// the keys of the records we write, none of which holds a quote, backslash or control
    /// character.
    mutating func literalKey(_ name: StaticString) {
        // Composed in place at once: one capacity check, not five.
        let comma = needsComma
        needsComma = false
        let count = name.utf8CodeUnitCount
        _UnsafeComposer.append(maximumCount: count + 4, to: &bytes) { out in
            Self.composeKey(name, comma: comma, to: &out)
        }
    }

    /// Writes `,"name":` (the comma when asked).
    @inline(__always)
    private static func composeKey(_ name: StaticString, comma: Bool, to out: inout _UnsafeComposer) {
        if comma { out.append(UInt8(ascii: ",")) }
        out.append(UInt8(ascii: "\""))
        out.append(name)
        out.append(UInt8(ascii: "\""))
        out.append(UInt8(ascii: ":"))
    }

    /// Writes `"name":"value"`: a short value that needs no escaping (a match's text, a rule
    /// id, a verdict) goes out with its key in one append, composed in place.
    mutating func literalField(_ name: StaticString, _ value: String) {
        // Borrowed in place: no copy of the string, and so no retain and release per field.
        if !literalFieldComposed(name, value.utf8.span) {
            literalKey(name)
            string(value)
        }
    }

    /// Writes `"name":"value"` composed in place when `utf8` is short and needs no
    /// escaping; returns false (writing nothing) otherwise.
    @inline(__always)
    private mutating func literalFieldComposed(_ name: StaticString, _ utf8: Span<UInt8>) -> Bool {
        guard Self.isComposable(utf8) else { return false }
        let valueCount = utf8.count
        let comma = needsComma
        let count = name.utf8CodeUnitCount
        _UnsafeComposer.append(maximumCount: count + valueCount + 6, to: &bytes) { out in
            Self.composeKey(name, comma: comma, to: &out)
            out.append(UInt8(ascii: "\""))
            out.append(utf8)
            out.append(UInt8(ascii: "\""))
        }
        needsComma = true
        return true
    }

    /// Whether a string value goes out composed in place: short, and with nothing to escape.
    @inline(__always)
    private static func isComposable(_ utf8: Span<UInt8>) -> Bool {
        utf8.count <= composedValueLimit && !containsByteToEscape(utf8)
    }

    /// Whether any of `utf8` is a quote, a backslash or a control character.
    ///
    /// Eight bytes at a time: `(x - 0x01…) & ~x & 0x80…` is non-zero exactly when a byte of `x`
    /// is zero, and `(x - n…) & ~x & 0x80…` when a byte is below `n` (for `n` ≤ 0x80); a quote
    /// or backslash is a zero byte of `x` XOR that byte repeated.
    @inline(__always)
    static func containsByteToEscape(_ utf8: Span<UInt8>) -> Bool {
        let count = utf8.count
        let ones: UInt64 = 0x0101_0101_0101_0101
        let highs: UInt64 = 0x8080_8080_8080_8080
        var index = 0
        while index + 8 <= count {
            let word = _UnsafeUTF8.word(utf8, at: index)
            let quote = word ^ (ones &* 0x22)
            let backslash = word ^ (ones &* 0x5C)
            let control = (word &- ones &* 0x20) & ~word
            let quoteZero = (quote &- ones) & ~quote
            let backslashZero = (backslash &- ones) & ~backslash
            if (control | quoteZero | backslashZero) & highs != 0 { return true }
            index += 8
        }
        while index < count {
            let byte = utf8[index]
            if byte == 0x22 || byte == 0x5C || byte < 0x20 { return true }
            index += 1
        }
        return false
    }

    /// The longest value `literalField` composes in place.
    private static let composedValueLimit = 96

    /// Writes a match of an output record, `{"start":S,"end":E,"text":"T","tier":"R"}`, in one
    /// append when `text` is short and needs no escaping (a post's record holds several
    /// matches: one capacity check for each instead of one per key, value and brace); returns
    /// false, writing nothing, otherwise.
    mutating func matchObject(start: Int, end: Int, text: String, tier: StaticString) -> Bool {
        let utf8 = text.utf8.span
        guard Self.isComposable(utf8) else { return false }
        let valueCount = utf8.count
        let comma = needsComma
        // `,{"start":` + 20 digits and a sign + `,"end":` + 21 + `,"text":"` + text +
        // `","tier":"` + tier + `"}`.
        let maximum = 10 + 21 + 7 + 21 + 9 + valueCount + 10 + tier.utf8CodeUnitCount + 2
        _UnsafeComposer.append(maximumCount: maximum, to: &bytes) { out in
            if comma { out.append(UInt8(ascii: ",")) }
            out.append("{\"start\":")
            out.appendInteger(start)
            out.append(",\"end\":")
            out.appendInteger(end)
            out.append(",\"text\":\"")
            out.append(utf8)
            out.append("\",\"tier\":\"")
            out.append(tier)
            out.append("\"}")
        }
        needsComma = true
        return true
    }

    mutating func literalField(_ name: StaticString, _ value: Int) {
        let comma = needsComma
        let count = name.utf8CodeUnitCount
        _UnsafeComposer.append(maximumCount: count + 25, to: &bytes) { out in
            Self.composeKey(name, comma: comma, to: &out)
            out.appendInteger(value)
        }
        needsComma = true
    }
    mutating func literalField(_ name: StaticString, _ value: Double) { literalKey(name); number(value) }

    /// Opens an object (`{`).
    public mutating func beginObject() { separator(); bytes.append(UInt8(ascii: "{")); needsComma = false }
    /// Closes the open object (`}`).
    public mutating func endObject() { bytes.append(UInt8(ascii: "}")); needsComma = true }
    /// Opens an array (`[`).
    public mutating func beginArray() { separator(); bytes.append(UInt8(ascii: "[")); needsComma = false }
    /// Closes the open array (`]`).
    public mutating func endArray() { bytes.append(UInt8(ascii: "]")); needsComma = true }

    /// Writes a string value, escaped.
    public mutating func string(_ value: String) { separator(); Self.appendQuoted(value, to: &bytes) }
    /// Writes `true` or `false`.
    public mutating func bool(_ value: Bool) { separator(); Self.appendASCII(value ? "true" : "false", to: &bytes) }
    /// Writes `null`.
    public mutating func null() { separator(); Self.appendASCII("null", to: &bytes) }
    /// Writes a number, or `null` for nil (a share of nothing, a score with no posts).
    public mutating func numberOrNull(_ value: Double?) { if let value { number(value) } else { null() } }
    /// Writes an integer.
    public mutating func int(_ value: Int) { separator(); Self.appendInteger(value, to: &bytes) }
    /// Opens a rule hit of an output record: `{"rule":…,"category":…,"verdict":…,"weight":…,
    /// "matches":[`, the matches to follow. The bytes of the last few rules' openings are kept
    /// and copied again (the same bytes: they depend on nothing else).
    mutating func beginHit(rule: String, category: String, verdict: String, weight: Double) {
        separator()
        needsComma = false
        if let known = hitOpenings.first(where: {
            $0.rule == rule && $0.category == category && $0.verdict == verdict && $0.weight == weight
        }) {
            bytes.append(contentsOf: known.bytes)
            return
        }
        let start = bytes.count
        beginObject()
        literalField("rule", rule)
        literalField("category", category)
        literalField("verdict", verdict)
        literalField("weight", weight)
        literalKey("matches")
        beginArray()
        if hitOpenings.count == Self.maximumHitOpenings { hitOpenings.removeFirst() }
        hitOpenings.append(HitOpening(rule: rule, category: category, verdict: verdict, weight: weight, bytes: Array(bytes[start...])))
    }

    /// Writes a number as ``JSONWriter/format(_:)`` does (`1`, `0.5`; non-finite values as `null`).
    public mutating func number(_ value: Double) {
        separator()
        if value == lastFraction.value {  // never for NaN
            bytes.append(contentsOf: lastFraction.bytes)
            return
        }
        let start = bytes.count
        Self.appendNumber(value, to: &bytes)
        if value != value.rounded() { lastFraction = (value, Array(bytes[start...])) }
    }

    /// Writes a key and a string value.
    public mutating func field(_ name: String, _ value: String) { key(name); string(value) }
    /// Writes a key and an integer value.
    public mutating func field(_ name: String, _ value: Int) { key(name); int(value) }
    /// Writes a key and a number value.
    public mutating func field(_ name: String, _ value: Double) { key(name); number(value) }
    /// Writes a key and a boolean value.
    public mutating func field(_ name: String, _ value: Bool) { key(name); bool(value) }

    /// Numbers: integers without a fraction (`1`), others rounded to 6 decimals then shortest (`0.6`).
    public static func format(_ value: Double) -> String {
        var bytes: [UInt8] = []
        appendNumber(value, to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Appends `value` as ``format(_:)`` writes it; integral values are written digit by digit.
    public static func appendNumber(_ value: Double, to out: inout [UInt8]) {
        guard value.isFinite else {
            appendASCII("null", to: &out)
            return
        }
        if value == value.rounded(), abs(value) < 1e15 {
            appendInteger(Int(value), to: &out)
            return
        }
        let rounded = (value * 1_000_000).rounded() / 1_000_000
        out.append(contentsOf: rounded.description.utf8)
    }

    /// Appends the decimal digits of `value` (with `-` when negative), as `String(value)` writes them.
    public static func appendInteger(_ value: Int, to out: inout [UInt8]) {
        _UnsafeComposer.append(maximumCount: 21, to: &out) { $0.appendInteger(value) }
    }

    /// Appends text known to need no escaping (literals such as `true`).
    @inline(__always)
    static func appendASCII(_ text: StaticString, to out: inout [UInt8]) {
        text.withUTF8Buffer { out.append(contentsOf: $0) }
    }

    /// Appends `s` as a JSON string, quotes included.
    public static func appendQuoted(_ s: String, to out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        appendEscaped(s.utf8.span, to: &out)
        out.append(UInt8(ascii: "\""))
    }

    /// Appends the UTF-8 bytes of a string's content with `"`, `\` and control characters
    /// escaped (`\n`, `\r`, `\t`, else `\u00XX`); everything else, multi-byte sequences
    /// included, is copied as it is, in runs between the bytes that need escaping.
    static func appendEscaped(_ utf8: Span<UInt8>, to out: inout [UInt8]) {
        let count = utf8.count
        var runStart = 0
        var index = 0
        while index < count {
            let byte = utf8[index]
            if byte == 0x22 || byte == 0x5C || byte < 0x20 {
                if runStart < index { _UnsafeComposer.append(runStart..<index, of: utf8, to: &out) }
                appendEscape(of: byte, to: &out)
                runStart = index + 1
            }
            index += 1
        }
        if runStart < count { _UnsafeComposer.append(runStart..<count, of: utf8, to: &out) }
    }

    /// Appends the escape of one byte that cannot appear raw in a JSON string.
    private static func appendEscape(of byte: UInt8, to out: inout [UInt8]) {
        out.append(UInt8(ascii: "\\"))
        switch byte {
        case 0x22: out.append(UInt8(ascii: "\""))
        case 0x5C: out.append(UInt8(ascii: "\\"))
        case 0x0A: out.append(UInt8(ascii: "n"))
        case 0x0D: out.append(UInt8(ascii: "r"))
        case 0x09: out.append(UInt8(ascii: "t"))
        default:
            let hexDigits: StaticString = "0123456789abcdef"
            out.append(UInt8(ascii: "u"))
            out.append(UInt8(ascii: "0"))
            out.append(UInt8(ascii: "0"))
            hexDigits.withUTF8Buffer { hex in
                out.append(hex[Int(byte >> 4)])
                out.append(hex[Int(byte & 0x0F)])
            }
        }
    }
}
