/// Look-alike letters read as the Latin letters they imitate (step 5 of docs/design.md §2).
///
/// Not the raw ICU confusable skeleton, which destroys Vietnamese (`mẹ` → `rnẹ`): a
/// restricted to-Latin table, derived once from ICU's skeletons of single Cyrillic, Greek
/// and IPA/small-capital letters (kept only when the skeleton is one ASCII letter), plus
/// the `đ` look-alikes the skeleton does not map to `đ`.
enum Lookalikes {
    static let table: [UInt32: Unicode.Scalar] = {
        var table: [UInt32: Unicode.Scalar] = [:]
        let ranges: [ClosedRange<UInt32>] = [0x0250...0x02AF, 0x0370...0x03FF, 0x0400...0x04FF, 0x1D00...0x1D2B]
        for range in ranges {
            for value in range {
                guard let scalar = Unicode.Scalar(value), scalar.properties.isAlphabetic else { continue }
                // Only lower-case sources: the text is case-folded before this step.
                guard scalar.properties.isLowercase || (0x1D00...0x1D2B).contains(value) || (0x0280...0x02AF).contains(value) else { continue }
                guard let skeleton = ICU.skeleton(ICU.utf16(CollectionOfOne(scalar))) else { continue }
                let mapped = ICU.scalars(ICU.normalize(skeleton, form: .nfkcCasefold))
                if mapped.count == 1, mapped[0].value >= 0x61, mapped[0].value <= 0x7A {
                    table[value] = mapped[0]
                }
            }
        }
        // Small capitals are not in the skeleton data as letters; map the common ones by shape.
        let smallCaps: [(UInt32, Unicode.Scalar)] = [
            (0x1D00, "a"), (0x0299, "b"), (0x1D04, "c"), (0x1D05, "d"), (0x1D07, "e"), (0x0262, "g"), (0x029C, "h"),
            (0x026A, "i"), (0x1D0A, "j"), (0x1D0B, "k"), (0x029F, "l"), (0x1D0D, "m"), (0x0274, "n"), (0x1D0F, "o"),
            (0x1D18, "p"), (0x0280, "r"), (0x1D1B, "t"), (0x1D1C, "u"), (0x1D20, "v"), (0x1D21, "w"), (0x028F, "y"),
            (0x1D22, "z"),
            // Greek letters that imitate Vietnamese vowels in evasions (`đảσ`, `đấυ`).
            (0x03C3, "o"), (0x03C2, "c"), (0x03C5, "u"), (0x03BF, "o"), (0x03B1, "a"), (0x03B9, "i"), (0x03BD, "v"),
            (0x03BA, "k"), (0x03C1, "p"), (0x03C4, "t"), (0x03C7, "x"), (0x03B5, "e"),
        ]
        for (value, latin) in smallCaps where table[value] == nil { table[value] = latin }
        // Eth and African D imitate đ (NFKC_Casefold leaves them as ð and ɖ).
        table[0x00F0] = "đ"
        table[0x0256] = "đ"
        return table
    }()

    /// Precomposed Cyrillic and Greek letters whose base letter is a look-alike: the Latin
    /// letter and the marks (`ӑ`, Cyrillic a with breve, → `a` + breve; `ό` → `o` + acute).
    static let decomposed: [UInt32: [Unicode.Scalar]] = {
        var decomposed: [UInt32: [Unicode.Scalar]] = [:]
        for value in UInt32(0x0370)...0x04FF {
            guard let scalar = Unicode.Scalar(value), table[value] == nil else { continue }
            let parts = ICU.scalars(ICU.normalize(ICU.utf16(CollectionOfOne(scalar)), form: .nfd))
            guard parts.count > 1, let base = table[parts[0].value] else { continue }
            let folded = ICU.scalars(ICU.normalize(ICU.utf16(CollectionOfOne(base)), form: .nfkcCasefold))
            guard scalar.properties.isLowercase, folded == [base] else { continue }
            decomposed[value] = [base] + parts.dropFirst()
        }
        return decomposed
    }()

    /// Whether the scalar lies where look-alikes are (ð, IPA, Greek, Cyrillic, small capitals):
    /// elsewhere `latin(for:)` is nil. Vietnamese letters (U+00C0–U+01B0, U+1EA0–U+1EF9) never are.
    @inline(__always)
    static func mayBeLookalike(_ scalar: Unicode.Scalar) -> Bool {
        let v = scalar.value
        return v == 0xF0 || (0x250...0x4FF).contains(v) || (0x1D00...0x1D2B).contains(v)
    }

    /// The Latin letter (and marks) a look-alike imitates, or nil.
    @inline(__always)
    static func latin(for scalar: Unicode.Scalar) -> [Unicode.Scalar]? {
        guard mayBeLookalike(scalar) else { return nil }
        if let single = table[scalar.value] { return [single] }
        return decomposed[scalar.value]
    }
}

/// Digits and symbols used for letters inside words (`l0n`, `c@c`, `đả0`).
enum Leet {
    /// Whether `letters(for:)` has candidates for the scalar.
    @inline(__always)
    static func isLeet(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar {
        case "0", "1", "3", "4", "5", "7", "8", "@", "$", "!", "j": true
        default: false
        }
    }

    /// Candidate letters for a leet character, most likely first.
    static func letters(for scalar: Unicode.Scalar) -> [Unicode.Scalar]? {
        switch scalar {
        case "0": ["o"]
        case "1": ["i", "l"]
        case "3": ["e"]
        case "4": ["a"]
        case "5": ["s"]
        case "7": ["t"]
        case "8": ["b"]
        case "@": ["a"]
        case "$": ["s"]
        case "!": ["i"]
        case "j": ["i"]
        default: nil
        }
    }
}
