/// A repair of the whole text that keeps, for each repaired scalar, the original scalars it
/// came from, so that tokens still point at the characters of the post as given.
struct TrackedText {
    var scalars: [Unicode.Scalar]
    var start: [Int32]
    var end: [Int32]
}

/// Facebook-export mojibake (`lá»«a Ä\u{91}áº£o`), repaired by `Latin1Mojibake` and tracked:
/// each repaired scalar comes from the original scalars that held its UTF-8 bytes.
enum MojibakeRepair {
    static func repair(_ s: [Unicode.Scalar]) -> TrackedText? {
        guard let repaired = Latin1Mojibake.repair(scalars: s) else { return nil }
        var out = TrackedText(scalars: [], start: [], end: [])
        out.scalars.reserveCapacity(s.count)
        var byte = 0
        for scalar in repaired.unicodeScalars {
            let width = UTF8.width(scalar)
            out.scalars.append(scalar)
            out.start.append(Int32(byte))
            out.end.append(Int32(byte + width))
            byte += width
        }
        return out
    }
}

/// VIQR (RFC 1456): `Vie^.t Nam`, ``lu+`a dda?o``. Decoded only on evidence: a mark inside a
/// word (followed by a letter), or `` ` `` / `~` right after a vowel, and no precomposed
/// Vietnamese letter in the text. Ambiguous word-final `?`, `.` and `'` are ordinary
/// punctuation unless the text already showed VIQR inside words (`sao vay?` stays).
enum VIQRDecoder {
    /// `a e i o u y`, either case (a switch: asked of every character of a text).
    private static func isVowel(_ s: Unicode.Scalar) -> Bool {
        switch s.value | 0x20 {
        case 0x61, 0x65, 0x69, 0x6F, 0x75, 0x79: true
        default: false
        }
    }
    private static func isASCIILetter(_ s: Unicode.Scalar) -> Bool {
        (s.value >= 0x41 && s.value <= 0x5A) || (s.value >= 0x61 && s.value <= 0x7A)
    }
    private static func quality(_ s: Unicode.Scalar) -> Unicode.Scalar? {
        switch s {
        case "^": "\u{0302}"
        case "(": "\u{0306}"
        case "+": "\u{031B}"
        default: nil
        }
    }
    private static func tone(_ s: Unicode.Scalar) -> Unicode.Scalar? {
        switch s {
        case "'": "\u{0301}"
        case "`": "\u{0300}"
        case "?": "\u{0309}"
        case "~": "\u{0303}"
        case ".": "\u{0323}"
        default: nil
        }
    }

    /// Whether a text holds VIQR evidence: a vowel with a quality mark (`e^`, `u+`, `a(`), or
    /// with a tone mark that is not also punctuation (`` ` `` or `~`, or `?` inside a word:
    /// `a?o`). `.` and `'` before a letter are too common in links and English (`moi.xyz`,
    /// `don't`) to count.
    ///
    /// Every character involved is ASCII, so the text may be given as scalars or as UTF-8
    /// bytes read as scalars (`Unicode.Scalar(byte)`): the answer is the same.
    static func hasEvidence<Text: RandomAccessCollection<Unicode.Scalar>>(_ s: Text) -> Bool where Text.Index == Int {
        hasEvidence(s.startIndex..<s.endIndex) { s[$0] }
    }

    /// `hasEvidence` on UTF-8 bytes, without decoding them.
    static func hasEvidence(_ bytes: Span<UInt8>) -> Bool {
        hasEvidence(bytes.indices) { Unicode.Scalar(bytes[$0]) }
    }

    /// `hasEvidence` on the scalars `s` gives at `indices`.
    @inline(__always)
    private static func hasEvidence(_ indices: Range<Int>, _ s: (Int) -> Unicode.Scalar) -> Bool {
        let end = indices.upperBound
        for i in indices where isVowel(s(i)) && i + 1 < end {
            var j = i + 1
            if quality(s(j)) != nil { j += 1 }
            if j < end, tone(s(j)) != nil { j += 1 }
            guard j > i + 1 else { continue }
            let toneMark = s(j - 1)
            if quality(s(i + 1)) != nil || toneMark == "`" || toneMark == "~" { return true }
            if toneMark == "?", j < end, isASCIILetter(s(j)) { return true }
        }
        return false
    }

    static func decode(_ s: [Unicode.Scalar]) -> TrackedText? {
        // Letters above U+00BF: the text is already Unicode Vietnamese.
        if s.contains(where: { $0.value >= 0xC0 && $0.properties.isAlphabetic }) { return nil }
        guard hasEvidence(s) else { return nil }
        var out = TrackedText(scalars: [], start: [], end: [])
        out.scalars.reserveCapacity(s.count)
        var i = 0
        func emit(_ c: Unicode.Scalar, _ from: Int, _ to: Int) {
            out.scalars.append(c)
            out.start.append(Int32(from))
            out.end.append(Int32(to))
        }
        let wordStart = { (k: Int) in k == 0 || !isASCIILetter(s[k - 1]) }
        while i < s.count {
            let c = s[i]
            if (c == "d" || c == "D"), i + 1 < s.count, s[i + 1] == "d" || s[i + 1] == "D", wordStart(i),
               i + 2 < s.count, isVowel(s[i + 2]) {
                emit(c == "D" ? "Đ" : "đ", i, i + 2)
                i += 2
                continue
            }
            guard isVowel(c) else {
                emit(c, i, i + 1)
                i += 1
                continue
            }
            var marks: [Unicode.Scalar] = []
            var j = i + 1
            if j < s.count, let q = quality(s[j]) {
                // `+` and `(` only after the letters that take them.
                let lower = Unicode.Scalar(c.value | 0x20)!
                let fits = (s[j] == "^" && "aeo".unicodeScalars.contains(lower))
                    || (s[j] == "(" && lower == "a") || (s[j] == "+" && (lower == "o" || lower == "u"))
                if fits {
                    marks.append(q)
                    j += 1
                }
            }
            if j < s.count, let t = tone(s[j]) {
                let followedByLetter = j + 1 < s.count && isASCIILetter(s[j + 1])
                if followedByLetter || s[j] == "`" || s[j] == "~" || (!marks.isEmpty && s[j] != ".") {
                    marks.append(t)
                    j += 1
                }
            }
            emit(c, i, j)
            for m in marks { emit(m, i, j) }
            i = j
        }
        return out
    }
}
