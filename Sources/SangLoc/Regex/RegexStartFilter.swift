/// Where a regex's matches can begin: at an occurrence of one of its leading literals
/// (`RequiredLiterals.starts`). Used for patterns PCRE2 cannot skip ahead in by itself (no
/// known first byte or start table, as for `\b\d…` with Unicode properties), which it would
/// otherwise try at every position of the text.
struct RegexStartFilter: Sendable {
    /// Per first byte, the leading literals that start with it (their remaining bytes).
    private let tails: [[[UInt8]]]
    /// Per first byte: 0 no literal starts with it, 1 a one-byte literal is that byte (every
    /// occurrence is a candidate), 2 the second byte must be checked.
    private let firstBytes: [UInt8]
    /// Per first byte, 256 bits: the second bytes its literals continue with. Most bytes that
    /// open a literal also open text that is not one (`\d`'s Myanmar digits begin with the
    /// byte of every Vietnamese letter from U+1EA0 on), and the second byte tells them apart
    /// without comparing tails.
    private let secondBytes: [UInt64]
    /// Matches begin at a word boundary (`RequiredLiterals.startsAtWordBoundary`): a start
    /// that is an ASCII letter, digit or `_` right after another is none (`\b` fails between
    /// two word characters), which drops the inner digits of numbers. Starts next to other
    /// characters are left to PCRE2.
    let atWordBoundary: Bool

    init(starts: [[UInt8]], atWordBoundary: Bool = false) {
        self.atWordBoundary = atWordBoundary
        var tails = [[[UInt8]]](repeating: [], count: 256)
        var firstBytes = [UInt8](repeating: 0, count: 256)
        var secondBytes = [UInt64](repeating: 0, count: 256 * 4)
        for literal in starts where !literal.isEmpty {
            let first = Int(literal[0])
            tails[first].append(Array(literal.dropFirst()))
            if literal.count == 1 {
                firstBytes[first] = 1
            } else {
                if firstBytes[first] == 0 { firstBytes[first] = 2 }
                secondBytes[first * 4 + Int(literal[1]) >> 6] |= 1 << UInt64(literal[1] & 63)
            }
        }
        self.tails = tails
        self.firstBytes = firstBytes
        self.secondBytes = secondBytes
    }

    /// The byte offsets in `text` where a leading literal occurs, ascending.
    func candidates(in text: Span<UInt8>) -> [Int] {
        var found: [Int] = []
        found.reserveCapacity(32)  // one allocation for the usual post, not one per doubling
        let firstBytes = firstBytes.span
        let secondBytes = secondBytes.span
        for position in text.indices {
            let first = Int(text[position])
            if firstBytes[first] != 0, atWordBoundary, position > 0, Self.isASCIIWordByte(text[position]),
               Self.isASCIIWordByte(text[position - 1]) { continue }
            switch firstBytes[first] {
            case 0:
                continue
            case 1:
                found.append(position)
                continue
            default:
                guard position + 1 < text.count else { continue }
                let second = text[position + 1]
                guard secondBytes[first * 4 + Int(second) >> 6] & (1 << UInt64(second & 63)) != 0 else { continue }
            }
            for tail in tails[first] where position + tail.count < text.count {
                if tail.indices.allSatisfy({ text[position + 1 + $0] == tail[$0] }) {
                    found.append(position)
                    break
                }
            }
        }
        return found
    }

    @inline(__always)
    static func isASCIIWordByte(_ byte: UInt8) -> Bool {
        (byte >= 0x30 && byte <= 0x39) || (byte | 0x20 >= 0x61 && byte | 0x20 <= 0x7A) || byte == 0x5F
    }
}
