/// Repairs text whose UTF-8 bytes were read as Latin-1, one character per byte.
///
/// Facebook's "Download Your Information" JSON writes every UTF-8 byte of a
/// string as its own `\u00XX` escape, so `Cảnh báo` arrives as `Cáº£nh bÃ¡o`.
/// Taking each scalar back as a byte and decoding the bytes as UTF-8 undoes it.
/// The test is strict so that ordinary Latin-1 text (`café`, `naïve`) is left alone:
/// its bytes are not valid UTF-8.
public enum Latin1Mojibake {
    /// Returns the repaired text, or `nil` when `text` does not look like this mojibake.
    ///
    /// The repair applies only when every scalar is at most U+00FF, at least one is
    /// U+0080 or above, and the scalars, taken as bytes, are valid UTF-8 (no overlong
    /// forms, no surrogates, no truncated sequences).
    public static func repair(_ text: String) -> String? {
        repair(scalars: text.unicodeScalars)
    }

    /// The same test and repair on scalars (the normalizer's view of a text).
    static func repair(scalars: some Collection<Unicode.Scalar>) -> String? {
        var sawHighScalar = false
        for scalar in scalars {
            if scalar.value > 0xFF { return nil }
            if scalar.value >= 0x80 { sawHighScalar = true }
        }
        guard sawHighScalar else { return nil }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(scalars.count)
        for scalar in scalars { bytes.append(UInt8(truncatingIfNeeded: scalar.value)) }
        return String(validating: bytes, as: UTF8.self)
    }
}
