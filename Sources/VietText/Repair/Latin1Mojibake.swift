/// Repairs text whose UTF-8 bytes were read as Latin-1 or Windows-1252, one character per byte.
///
/// Facebook's "Download Your Information" JSON writes every UTF-8 byte of a
/// string as its own `\u00XX` escape, so `Cảnh báo` arrives as `Cáº£nh bÃ¡o`; a web page
/// decoded as Windows-1252 shows `lừa đảo` as `lá»«a Ä‘áº£o` (byte 0x91 as `‘`, not U+0091).
/// Taking each scalar back as its byte and decoding the bytes as UTF-8 undoes it, one
/// scalar per byte, so offsets map back exactly. The test is strict so that ordinary Latin-1
/// text (`café`, `naïve`, `‘quoted’`) is left alone: its bytes are not valid UTF-8.
public enum Latin1Mojibake {
    /// Returns the repaired text, or `nil` when `text` does not look like this mojibake.
    ///
    /// The repair applies only when every scalar is at most U+00FF or a Windows-1252
    /// character of bytes 0x80–0x9F (`‘`, `€`, `Ž`...), at least one is U+0080 or above, and
    /// the scalars, taken as bytes, are valid UTF-8 (no overlong forms, no surrogates, no
    /// truncated sequences).
    public static func repair(_ text: String) -> String? {
        repair(scalars: text.unicodeScalars)
    }

    /// The same test and repair on scalars (the normalizer's view of a text).
    static func repair(scalars: some Collection<Unicode.Scalar>) -> String? {
        // Test first, allocating nothing: most texts fail at their first Vietnamese letter.
        var sawHighScalar = false
        for scalar in scalars {
            guard let byte = byte(scalar.value) else { return nil }
            if byte >= 0x80 { sawHighScalar = true }
        }
        guard sawHighScalar else { return nil }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(scalars.count)
        for scalar in scalars { bytes.append(byte(scalar.value)!) }
        return String(validating: bytes, as: UTF8.self)
    }

    /// The byte a scalar stands for in Latin-1 or Windows-1252 text, or nil for a scalar
    /// neither writes.
    @inline(__always)
    static func byte(_ value: UInt32) -> UInt8? {
        if value <= 0xFF { return UInt8(value) }
        // Windows-1252's characters for 0x80–0x9F (0x81, 0x8D, 0x8F, 0x90 and 0x9D are unused
        // and stay C1 controls, below U+0100).
        switch value {
        case 0x20AC: return 0x80
        case 0x201A: return 0x82
        case 0x0192: return 0x83
        case 0x201E: return 0x84
        case 0x2026: return 0x85
        case 0x2020: return 0x86
        case 0x2021: return 0x87
        case 0x02C6: return 0x88
        case 0x2030: return 0x89
        case 0x0160: return 0x8A
        case 0x2039: return 0x8B
        case 0x0152: return 0x8C
        case 0x017D: return 0x8E
        case 0x2018: return 0x91
        case 0x2019: return 0x92
        case 0x201C: return 0x93
        case 0x201D: return 0x94
        case 0x2022: return 0x95
        case 0x2013: return 0x96
        case 0x2014: return 0x97
        case 0x02DC: return 0x98
        case 0x2122: return 0x99
        case 0x0161: return 0x9A
        case 0x203A: return 0x9B
        case 0x0153: return 0x9C
        case 0x017E: return 0x9E
        case 0x0178: return 0x9F
        default: return nil
        }
    }
}
