/// The classes the tokenizer cares about, for folded (lower-case) scalars.
enum ScalarClass: UInt8 {
    case letter, mark, digit, space, newline, emoji, other

    /// The class of every scalar where text is: below U+2C00 (Latin, Greek, Cyrillic, Vietnamese,
    /// punctuation, symbols, dingbats), the emoji blocks U+1F000..<U+1FB00 and U+FE0F; elsewhere
    /// computed each time.
    struct Lookup {
        private static let lowLimit: UInt32 = 0x2C00
        private static let pictographs: Range<UInt32> = 0x1F000..<0x1FB00
        /// U+FE0F, the emoji presentation selector that follows many emoji (a mark).
        private static let emojiPresentation: UInt32 = 0xFE0F
        private let low: [ScalarClass]
        private let pictographic: [ScalarClass]
        private let emojiPresentationClass: ScalarClass

        fileprivate init() {
            func classes(_ range: Range<UInt32>) -> [ScalarClass] {
                range.map { value in Unicode.Scalar(value).map(ScalarClass.compute) ?? .other }
            }
            low = classes(0..<Self.lowLimit)
            pictographic = classes(Self.pictographs)
            emojiPresentationClass = classes(Self.emojiPresentation..<Self.emojiPresentation + 1)[0]
        }

        @inline(__always)
        func callAsFunction(_ s: Unicode.Scalar) -> ScalarClass {
            let value = s.value
            if value < Self.lowLimit { return low[Int(value)] }
            if Self.pictographs.contains(value) { return pictographic[Int(value - Self.pictographs.lowerBound)] }
            if value == Self.emojiPresentation { return emojiPresentationClass }
            return ScalarClass.compute(s)
        }
    }

    /// Built once; callers keep a copy so that their loops do not go through the lazy static.
    static let lookup = Lookup()

    static func compute(_ s: Unicode.Scalar) -> ScalarClass {
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
