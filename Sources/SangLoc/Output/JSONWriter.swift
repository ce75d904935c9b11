/// A minimal JSON writer for our output records: keys in the order given, strings escaped
/// per RFC 8259, numbers in the shortest form that reads back to the same value.
///
/// Hand-written because Foundation's JSONEncoder sorts or scrambles key order (the output
/// record's order is part of the contract, DESIGN.md §6) and costs more than screening a post.
public struct JSONWriter: Sendable {
    public private(set) var output: String = ""
    private var needsComma: [Bool] = [false]

    public init() {}

    private mutating func separator() {
        if needsComma[needsComma.count - 1] { output.append(",") }
        needsComma[needsComma.count - 1] = true
    }

    public mutating func key(_ name: String) {
        separator()
        Self.appendQuoted(name, to: &output)
        output.append(":")
        needsComma[needsComma.count - 1] = false
    }

    public mutating func beginObject() { separator(); output.append("{"); needsComma.append(false) }
    public mutating func endObject() { output.append("}"); needsComma.removeLast(); needsComma[needsComma.count - 1] = true }
    public mutating func beginArray() { separator(); output.append("["); needsComma.append(false) }
    public mutating func endArray() { output.append("]"); needsComma.removeLast(); needsComma[needsComma.count - 1] = true }

    public mutating func string(_ value: String) { separator(); Self.appendQuoted(value, to: &output) }
    public mutating func bool(_ value: Bool) { separator(); output.append(value ? "true" : "false") }
    public mutating func null() { separator(); output.append("null") }
    public mutating func int(_ value: Int) { separator(); output.append(String(value)) }
    public mutating func number(_ value: Double) { separator(); output.append(Self.format(value)) }

    public mutating func field(_ name: String, _ value: String) { key(name); string(value) }
    public mutating func field(_ name: String, _ value: Int) { key(name); int(value) }
    public mutating func field(_ name: String, _ value: Double) { key(name); number(value) }
    public mutating func field(_ name: String, _ value: Bool) { key(name); bool(value) }

    /// Numbers: integers without a fraction (`1`), others rounded to 6 decimals then shortest (`0.6`).
    public static func format(_ value: Double) -> String {
        guard value.isFinite else { return "null" }
        if value == value.rounded(), abs(value) < 1e15 { return String(Int(value)) }
        let rounded = (value * 1_000_000).rounded() / 1_000_000
        return String(rounded)
    }

    public static func appendQuoted(_ s: String, to out: inout String) {
        out.append("\"")
        var plainStart = s.utf8.startIndex
        var index = s.utf8.startIndex
        let utf8 = s.utf8
        while index != utf8.endIndex {
            let byte = utf8[index]
            if byte == 0x22 || byte == 0x5C || byte < 0x20 {
                out.append(contentsOf: s[plainStart..<index])
                switch byte {
                case 0x22: out.append("\\\"")
                case 0x5C: out.append("\\\\")
                case 0x0A: out.append("\\n")
                case 0x0D: out.append("\\r")
                case 0x09: out.append("\\t")
                default:
                    let hex = String(byte, radix: 16)
                    out.append("\\u" + String(repeating: "0", count: 4 - hex.count) + hex)
                }
                plainStart = utf8.index(after: index)
            }
            index = utf8.index(after: index)
        }
        out.append(contentsOf: s[plainStart..<utf8.endIndex])
        out.append("\"")
    }
}
