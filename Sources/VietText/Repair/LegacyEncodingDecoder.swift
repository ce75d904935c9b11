/// Vietnamese text in a legacy 8-bit encoding shown as Windows-1252 (docs/design.md §2 step 1):
/// VNI-Windows (`Vieät Nam löøa ñaûo`) and TCVN3/ABC (`viÖt nam lõa ®¶o`).
///
/// Decoded only when a detector is confident: every scalar of the text is at most U+00FF
/// (what such mojibake looks like), at least one word decodes, and every word that
/// changes becomes a valid Vietnamese syllable, with no Latin-1 letter left over in a word.
/// `café`, `Müller` and `schön` stay as they are. The byte tables come from Debian's `recode`
/// (`Scripts/gen-legacy-tables`).
enum LegacyEncodingDecoder {
    enum Encoding: String {
        case vni = "VNI"
        case tcvn3 = "TCVN3"
    }

    static func decode(_ s: [Unicode.Scalar]) -> (text: TrackedText, encoding: Encoding)? {
        var sawHigh = false
        for scalar in s {
            if scalar.value > 0xFF { return nil }
            if scalar.value >= 0xA0 { sawHigh = true }
        }
        guard sawHigh else { return nil }
        for encoding in [Encoding.vni, .tcvn3] {
            let decoded = encoding == .vni ? decodeVNI(s) : decodeTCVN3(s)
            if isConfident(decoded, original: s) { return (decoded.text, encoding) }
        }
        return nil
    }

    /// A decoding, and which output scalars are decoded letters.
    private struct Decoding {
        var text = TrackedText(scalars: [], start: [], end: [])
        var decoded: [Bool] = []

        /// Room for `count` scalars (a decoding has at most as many as its input).
        init(capacity count: Int) {
            text.scalars.reserveCapacity(count)
            text.start.reserveCapacity(count)
            text.end.reserveCapacity(count)
            decoded.reserveCapacity(count)
        }

        mutating func emit(_ scalar: Unicode.Scalar, _ from: Int, _ to: Int, decoded: Bool) {
            text.scalars.append(scalar)
            text.start.append(Int32(from))
            text.end.append(Int32(to))
            self.decoded.append(decoded)
        }
    }

    private static func decodeVNI(_ s: [Unicode.Scalar]) -> Decoding {
        var out = Decoding(capacity: s.count)
        var i = 0
        while i < s.count {
            let byte = UInt8(s[i].value)
            if i + 1 < s.count, let letter = LegacyEncodingTables.vniPairs[UInt16(byte) << 8 | UInt16(s[i + 1].value)] {
                out.emit(letter, i, i + 2, decoded: true)
                i += 2
            } else if byte >= 0x80, let letter = LegacyEncodingTables.vniSingles[byte] {
                out.emit(letter, i, i + 1, decoded: true)
                i += 1
            } else {
                out.emit(s[i], i, i + 1, decoded: false)
                i += 1
            }
        }
        return out
    }

    private static func decodeTCVN3(_ s: [Unicode.Scalar]) -> Decoding {
        var out = Decoding(capacity: s.count)
        for (i, scalar) in s.enumerated() {
            if scalar.value >= 0x80, let letter = LegacyEncodingTables.tcvn3[UInt8(scalar.value)] {
                out.emit(letter, i, i + 1, decoded: true)
            } else {
                out.emit(scalar, i, i + 1, decoded: false)
            }
        }
        return out
    }

    /// Every word with a decoded letter is a syllable, no word keeps an undecoded Latin-1
    /// letter, and most changed words were not Vietnamese as written: `hoà`, `mã`, `và` are
    /// Vietnamese in Latin-1 letters, and stay.
    private static func isConfident(_ d: Decoding, original: [Unicode.Scalar]) -> Bool {
        var changedWords = 0
        var invalidBefore = 0
        var k = 0
        let scalars = d.text.scalars
        func isSyllable(_ scalars: some Sequence<Unicode.Scalar>) -> Bool {
            let word = String(String.UnicodeScalarView(scalars)).lowercased()
            return VietSyllables.isSyllable(Array(word.unicodeScalars))
        }
        while k < scalars.count {
            guard ChunkFacts.isAlphabetic(scalars[k]) else { k += 1; continue }
            var end = k
            var changed = false
            var leftover = false
            while end < scalars.count, ChunkFacts.isAlphabetic(scalars[end]) {
                if d.decoded[end] { changed = true } else if scalars[end].value >= 0x80 { leftover = true }
                end += 1
            }
            if leftover { return false }
            if changed {
                guard isSyllable(scalars[k..<end]) else { return false }
                changedWords += 1
                let before = original[Int(d.text.start[k])..<Int(d.text.end[end - 1])]
                if !isSyllable(before) { invalidBefore += 1 }
            }
            k = end
        }
        return changedWords > 0 && invalidBefore * 2 > changedWords
    }
}
