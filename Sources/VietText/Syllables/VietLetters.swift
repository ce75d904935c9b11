/// Letter-level facts about the Vietnamese alphabet: tones, diacritics and bare forms.
///
/// All answers come from one table of the 72 precomposed vowels (12 vowel letters × 6 tones)
/// plus đ and the ASCII letters; nothing here allocates.
public enum VietLetters {
    /// Splits a lowercase precomposed letter into its toneless letter and its tone.
    ///
    /// `"ờ"` → `("ơ", .falling)`, `"ấ"` → `("â", .rising)`, `"a"` → `("a", .level)`,
    /// `"đ"` → `("đ", .level)`. Every lowercase ASCII letter, including f, j, w and z,
    /// is returned unchanged with `.level`.
    /// - Returns: `nil` for scalars that are not lowercase Latin letters used in Vietnamese
    ///   (uppercase letters, digits, other scripts, letters such as `ç`).
    public static func split(_ s: Unicode.Scalar) -> (letter: Unicode.Scalar, tone: VietTone)? {
        let info = VietLetterCode.info(s)
        guard info != VietLetterCode.noLetter, !VietLetterCode.isUppercase(info: info) else { return nil }
        return (VietLetterCode.scalar(VietLetterCode.code(ofInfo: info)), VietLetterCode.tone(ofInfo: info))
    }

    /// Puts a tone on a toneless lowercase letter; the inverse of `split(_:)`.
    ///
    /// `("ơ", .falling)` → `"ờ"`. A consonant composes only with `.level` (itself).
    /// - Returns: `nil` when the combination does not exist (a toned or uppercase input
    ///   letter, a consonant with a tone, a non-Vietnamese scalar).
    public static func compose(_ letter: Unicode.Scalar, _ tone: VietTone) -> Unicode.Scalar? {
        let info = VietLetterCode.info(letter)
        guard info != VietLetterCode.noLetter, !VietLetterCode.isUppercase(info: info),
            VietLetterCode.tone(ofInfo: info) == .level
        else { return nil }
        let code = VietLetterCode.code(ofInfo: info)
        if VietLetterCode.isVowel(code) { return VietLetterCode.scalar(code, tone: tone) }
        return tone == .level ? letter : nil
    }

    /// The letter with every diacritic removed and đ turned into d.
    ///
    /// `"ờ"` → `"o"`, `"đ"` → `"d"`, `"ư"` → `"u"`; capitals keep their case (`"Ừ"` → `"U"`).
    /// - Returns: the ASCII letter, or the input unchanged when it is not a Vietnamese letter.
    public static func bare(_ s: Unicode.Scalar) -> Unicode.Scalar {
        let info = VietLetterCode.info(s)
        guard info != VietLetterCode.noLetter else { return s }
        let bareCode = VietLetterCode.bareCodes[Int(VietLetterCode.code(ofInfo: info))]
        let value = VietLetterCode.scalarValues[Int(bareCode)]
        return Unicode.Scalar(VietLetterCode.isUppercase(info: info) ? value - 0x20 : value)!
    }

    /// Whether the scalar carries a Vietnamese tone or quality mark, or is đ (either case).
    public static func hasDiacritic(_ s: Unicode.Scalar) -> Bool {
        let info = VietLetterCode.info(s)
        guard info != VietLetterCode.noLetter else { return false }
        let code = VietLetterCode.code(ofInfo: info)
        return VietLetterCode.tone(ofInfo: info) != .level || VietLetterCode.hasQualityMark(code)
            || code == VietLetterCode.dStroke
    }

    /// Whether the scalar is one of the 12 vowel letters (a ă â e ê i o ô ơ u ư y) with any tone, in either case.
    public static func isVowel(_ s: Unicode.Scalar) -> Bool {
        let info = VietLetterCode.info(s)
        return info != VietLetterCode.noLetter && VietLetterCode.isVowel(VietLetterCode.code(ofInfo: info))
    }
}
