/// A string decoded from a JSON document, and whether invalid UTF-8 had to be replaced.
struct DecodedString {
    var text: String
    var repairedInvalidUTF8: Bool
}

extension JSONDocument {
    /// The elements of the array at `index`, in order.
    func elements(of index: Int) -> [Int] {
        var result: [Int] = []
        var child = index + 1
        while child < nodes[index].next {
            result.append(child)
            child = nodes[child].next
        }
        return result
    }

    /// The value for `key` in the object at `index`: the last one when a key repeats, as
    /// JavaScript and Python read it, so a post cannot show one text and be screened on another.
    func value(forKey key: some Collection<UInt8>, in index: Int, bytes: Span<UInt8>) -> Int? {
        guard nodes[index].kind == .object else { return nil }
        var found: Int?
        var child = index + 1
        while child < nodes[index].next {
            if keyEquals(child, key, bytes: bytes) { found = child + 1 }
            child = nodes[child + 1].next
        }
        return found
    }

    /// The value for `key` in the object at `index`, as the generic lookup above gives it (the
    /// lookup of every record's fields, specialized for an array key).
    func value(forKey key: [UInt8], in index: Int, bytes: Span<UInt8>) -> Int? {
        guard nodes[index].kind == .object else { return nil }
        var found: Int?
        var child = index + 1
        let end = nodes[index].next
        while child < end {
            let node = nodes[child]
            if node.hasEscapes {
                if string(child, in: bytes).text.utf8.elementsEqual(key) { found = child + 1 }
            } else if bytes.elementsEqual(key, in: node.start..<node.end) {
                found = child + 1
            }
            child = nodes[child + 1].next
        }
        return found
    }

    /// The value at a path of keys (and array indexes, for all-digit components).
    func value(at path: FieldPath, in index: Int, bytes: Span<UInt8>) -> Int? {
        if path.components.count > 1, let whole = value(forKey: path.whole, in: index, bytes: bytes) {
            return whole
        }
        var current = index
        for component in path.components {
            switch nodes[current].kind {
            case .object:
                guard let found = value(forKey: component.key, in: current, bytes: bytes) else { return nil }
                current = found
            case .array:
                guard let position = component.arrayIndex else { return nil }
                var child = current + 1
                var counted = 0
                while child < nodes[current].next && counted < position {
                    child = nodes[child].next
                    counted += 1
                }
                guard child < nodes[current].next else { return nil }
                current = child
            default:
                return nil
            }
        }
        return current
    }

    /// The names of the object's keys, in order, for messages.
    func keys(of index: Int, bytes: Span<UInt8>) -> [String] {
        guard nodes[index].kind == .object else { return [] }
        var result: [String] = []
        var child = index + 1
        while child < nodes[index].next {
            result.append(string(child, in: bytes).text)
            child = nodes[child + 1].next
        }
        return result
    }

    private func keyEquals(_ keyIndex: Int, _ key: some Collection<UInt8>, bytes: Span<UInt8>) -> Bool {
        let node = nodes[keyIndex]
        if node.hasEscapes { return string(keyIndex, in: bytes).text.utf8.elementsEqual(key) }
        return bytes.elementsEqual(key, in: node.start..<node.end)
    }

    /// The raw text of a number, `true`, `false` or `null` (or a string's raw content).
    func rawText(_ index: Int, in bytes: Span<UInt8>) -> String {
        let node = nodes[index]
        return String(decoding: bytes.copied(node.start..<node.end), as: UTF8.self)
    }

    /// The text of the string at `index`, escapes decoded.
    ///
    /// Invalid UTF-8 becomes U+FFFD and is reported; `\u` escapes of lone surrogates become U+FFFD
    /// too (a valid surrogate pair becomes its one scalar).
    ///
    /// The parser checked the raw bytes' UTF-8, so a well-formed string is copied without a
    /// second check. Escapes keep it well formed: each decodes to whole scalars and sits between
    /// whole sequences of the raw bytes (a backslash is ASCII, never inside a sequence), so the
    /// decoded bytes are well formed exactly when the raw ones are.
    func string(_ index: Int, in bytes: Span<UInt8>) -> DecodedString {
        let node = nodes[index]
        let raw = bytes.extracting(node.start..<node.end)
        guard node.hasEscapes else {
            guard node.isWellFormedUTF8 else { return decodeUTF8(raw) }
            return DecodedString(text: _UnsafeUTF8.string(validated: raw, isASCII: node.isASCII), repairedInvalidUTF8: false)
        }
        // Decoded text is never longer than its escaped form.
        var decoded = [UInt8](repeating: 0, count: raw.count)
        var out = decoded.mutableSpan
        let (count, isASCII) = unescape(raw, into: &out)
        let text = decoded.span.extracting(0..<count)
        guard node.isWellFormedUTF8 else { return decodeUTF8(text) }
        return DecodedString(text: _UnsafeUTF8.string(validated: text, isASCII: isASCII), repairedInvalidUTF8: false)
    }

    /// Writes the raw content of a string with its escapes decoded to `out` (room for
    /// `raw.count` bytes): how many bytes, and whether all of them are ASCII.
    private func unescape(_ raw: Span<UInt8>, into out: inout MutableSpan<UInt8>) -> (count: Int, isASCII: Bool) {
        assert(out.count >= raw.count)
        let base = raw
        let end = raw.count
        var count = 0
        var bitUnion: UInt8 = 0
        var position = 0
        while position < end {
            let byte = base[position]
            guard byte == UInt8(ascii: "\\") else {
                out[count] = byte
                count += 1
                bitUnion |= byte
                position += 1
                continue
            }
            let escape = base[position + 1]
            position += 2
            let simple: UInt8
            switch escape {
            case UInt8(ascii: "b"): simple = 0x08
            case UInt8(ascii: "f"): simple = 0x0C
            case UInt8(ascii: "n"): simple = 0x0A
            case UInt8(ascii: "r"): simple = 0x0D
            case UInt8(ascii: "t"): simple = 0x09
            case UInt8(ascii: "u"):
                var scalar = hexQuad(raw, at: position)
                position += 4
                if (0xD800...0xDBFF).contains(scalar) {
                    if position + 6 <= end, base[position] == UInt8(ascii: "\\"), base[position + 1] == UInt8(ascii: "u") {
                        let low = hexQuad(raw, at: position + 2)
                        if (0xDC00...0xDFFF).contains(low) {
                            scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                            position += 6
                        } else {
                            scalar = 0xFFFD
                        }
                    } else {
                        scalar = 0xFFFD
                    }
                } else if (0xDC00...0xDFFF).contains(scalar) {
                    scalar = 0xFFFD
                }
                let written = writeUTF8(scalar, to: &out, at: count)
                for offset in 0..<written { bitUnion |= out[count + offset] }
                count += written
                continue
            default: simple = escape  // '"', '\\' and '/' stand for themselves.
            }
            out[count] = simple
            count += 1
        }
        return (count, bitUnion < 0x80)
    }

    private func hexQuad(_ raw: Span<UInt8>, at position: Int) -> UInt32 {
        var value: UInt32 = 0
        for offset in 0..<4 { value = value << 4 | (hexValue(raw[position + offset]) ?? 0) }
        return value
    }
}

/// Decodes UTF-8, replacing invalid sequences with U+FFFD and reporting whether it had to.
func decodeUTF8(_ bytes: Span<UInt8>) -> DecodedString {
    let (isWellFormed, isASCII) = validateUTF8Bytes(bytes)
    if isWellFormed {
        return DecodedString(text: _UnsafeUTF8.string(validated: bytes, isASCII: isASCII), repairedInvalidUTF8: false)
    }
    return DecodedString(text: String(decoding: bytes.copied(), as: UTF8.self), repairedInvalidUTF8: true)
}

/// Writes the UTF-8 encoding of a scalar value (not a surrogate, at most U+10FFFF) to `out`
/// from `offset`; returns how many bytes (1 to 4).
@inline(__always)
func writeUTF8(_ value: UInt32, to out: inout MutableSpan<UInt8>, at offset: Int) -> Int {
    switch value {
    case ..<0x80:
        out[offset] = UInt8(value)
        return 1
    case ..<0x800:
        out[offset] = UInt8(0xC0 | value >> 6)
        out[offset + 1] = UInt8(0x80 | value & 0x3F)
        return 2
    case ..<0x10000:
        out[offset] = UInt8(0xE0 | value >> 12)
        out[offset + 1] = UInt8(0x80 | value >> 6 & 0x3F)
        out[offset + 2] = UInt8(0x80 | value & 0x3F)
        return 3
    default:
        out[offset] = UInt8(0xF0 | value >> 18)
        out[offset + 1] = UInt8(0x80 | value >> 12 & 0x3F)
        out[offset + 2] = UInt8(0x80 | value >> 6 & 0x3F)
        out[offset + 3] = UInt8(0x80 | value & 0x3F)
        return 4
    }
}

/// A field name as given by the user (`data.message`), split for lookup.
struct FieldPath: Sendable {
    struct Component: Sendable {
        var key: [UInt8]
        var arrayIndex: Int?
    }

    /// The name as given, for messages.
    var name: String
    /// The name as one key (a key may itself contain dots).
    var whole: [UInt8]
    var components: [Component]

    init(_ name: String) {
        self.name = name
        whole = Array(name.utf8)
        components = name.split(separator: ".", omittingEmptySubsequences: false).map { part in
            Component(key: Array(part.utf8), arrayIndex: part.allSatisfy(\.isASCIIDigit) && !part.isEmpty ? Int(part) : nil)
        }
    }
}

extension Character {
    fileprivate var isASCIIDigit: Bool { isASCII && isNumber }
}
