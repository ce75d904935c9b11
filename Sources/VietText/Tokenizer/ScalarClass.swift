/// The classes the tokenizer cares about, for folded (lower-case) scalars.
enum ScalarClass: UInt8 {
    case letter, mark, digit, space, newline, emoji, other

    private static let limit = 0x2000
    private static let table: [ScalarClass] = (0..<limit).map { value in
        guard let s = Unicode.Scalar(UInt32(value)) else { return .other }
        return compute(s)
    }

    /// The class of each scalar.
    static func of(_ scalars: [Unicode.Scalar]) -> [ScalarClass] {
        // Read once: a static read inside the loop pays a lazy-initialization check each time.
        let table = Self.table
        return scalars.map { s in s.value < limit ? table[Int(s.value)] : compute(s) }
    }

    private static func compute(_ s: Unicode.Scalar) -> ScalarClass {
        switch s.value {
        case 0x30...0x39: return .digit
        case 0x20: return .space
        case 0x0A: return .newline
        case 0x61...0x7A: return .letter
        case 0x00...0x7F: return .other
        default: break
        }
        let properties = s.properties
        switch properties.generalCategory {
        case .nonspacingMark, .spacingMark, .enclosingMark: return .mark
        case .spaceSeparator, .lineSeparator, .paragraphSeparator: return .space
        default: break
        }
        if s.value >= 0x2000 || s.value == 0xA9 || s.value == 0xAE {
            if ICU.has(.extendedPictographic, s) || ICU.has(.regionalIndicator, s) { return .emoji }
        }
        if s.value >= 0x1F3FB, s.value <= 0x1F3FF { return .emoji }
        if s.value == 0x200D || s.value == 0xFE0F || s.value == 0x20E3 { return .emoji }
        if properties.isAlphabetic { return .letter }
        return .other
    }
}
