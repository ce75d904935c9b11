/// A repair of the whole text that keeps, for each repaired scalar, the original scalars it
/// came from, so that tokens still point at the characters of the post as given.
struct TrackedText {
    var scalars: [Unicode.Scalar]
    var start: [Int32]
    var end: [Int32]
}

/// Facebook-export mojibake: UTF-8 bytes that were read as Latin-1, one scalar per byte
/// (`lá»«a Ä\u{91}áº£o`). Decoded when every scalar is ≤ U+00FF, at least one is ≥ U+0080,
/// and the bytes decode as strict UTF-8 (DESIGN.md §2 step 1).
enum MojibakeRepair {
    static func repair(_ s: [Unicode.Scalar]) -> TrackedText? {
        var sawHigh = false
        for scalar in s {
            if scalar.value > 0xFF { return nil }
            if scalar.value >= 0x80 { sawHigh = true }
        }
        guard sawHigh else { return nil }
        var out = TrackedText(scalars: [], start: [], end: [])
        out.scalars.reserveCapacity(s.count)
        var i = 0
        while i < s.count {
            let lead = UInt8(s[i].value)
            let length: Int
            switch lead {
            case 0x00...0x7F: length = 1
            case 0xC2...0xDF: length = 2
            case 0xE0...0xEF: length = 3
            case 0xF0...0xF4: length = 4
            default: return nil
            }
            guard i + length <= s.count else { return nil }
            var value = length == 1 ? UInt32(lead) : UInt32(lead) & (0xFF >> (length + 1))
            for k in 1..<max(length, 1) {
                let byte = s[i + k].value
                guard byte & 0xC0 == 0x80 else { return nil }
                value = value << 6 | (byte & 0x3F)
            }
            // Strict UTF-8: no overlong forms, no surrogates.
            let minimum: UInt32 = [0, 0, 0x80, 0x800, 0x10000][length]
            guard value >= minimum, let scalar = Unicode.Scalar(value) else { return nil }
            out.scalars.append(scalar)
            out.start.append(Int32(i))
            out.end.append(Int32(i + length))
            i += length
        }
        return out
    }
}

/// VIQR (RFC 1456): `Vie^.t Nam`, ``lu+`a dda?o``. Decoded only on evidence: a mark inside a
/// word (followed by a letter), or `` ` `` / `~` right after a vowel, and no precomposed
/// Vietnamese letter in the text. Ambiguous word-final `?`, `.` and `'` are ordinary
/// punctuation unless the text already showed VIQR inside words (`sao vay?` stays).
enum VIQRDecoder {
    private static func isVowel(_ s: Unicode.Scalar) -> Bool {
        "aeiouyAEIOUY".unicodeScalars.contains(s)
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

    static func decode(_ s: [Unicode.Scalar]) -> TrackedText? {
        var strong = 0
        for (i, c) in s.enumerated() {
            if c.value >= 0xC0, c.properties.isAlphabetic { return nil }  // already Unicode Vietnamese
            guard isVowel(c), i + 1 < s.count else { continue }
            var j = i + 1
            if quality(s[j]) != nil { j += 1 }
            if j < s.count, tone(s[j]) != nil { j += 1 }
            guard j > i + 1 else { continue }
            // Evidence: a quality mark (`e^`, `u+`, `a(`), or a tone mark that is not also
            // punctuation inside a word (`a?o`). `.` and `'` before a letter are too common in
            // links and English (`moi.xyz`, `don't`) to count.
            let hasQuality = quality(s[i + 1]) != nil
            let toneMark = s[j - 1]
            if hasQuality || ((toneMark == "`" || toneMark == "~" || toneMark == "?") && j < s.count && isASCIILetter(s[j])) {
                strong += 1
            } else if toneMark == "`" || toneMark == "~" {
                strong += 1
            }
        }
        guard strong > 0 else { return nil }
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
