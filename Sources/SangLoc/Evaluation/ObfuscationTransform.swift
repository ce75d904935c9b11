import Foundation

/// A way posters disguise a word, applied to matched spans to see whether the pack still
/// recognises them (the robustness part of `sangloc eval`).
///
/// Every transform works on whole characters (grapheme clusters), so a letter keeps its
/// diacritics unless the transform is about them.
public enum ObfuscationTransform: String, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    /// A dot between two letters of a word: `lừa` → `l.ừ.a`.
    case dots
    /// Latin letters swapped for Cyrillic look-alikes (`а е о р с х у` for `a e o p c x y`),
    /// diacritics kept: `lừa đảo` → `lừа đảо` (Cyrillic letters; a Cyrillic base followed by a
    /// combining mark stays decomposed, having no precomposed form).
    case lookalikes
    /// U+200B ZERO WIDTH SPACE between two letters of a word.
    case zeroWidth = "zero-width"
    /// The last vowel of each word written three times: `lừa` → `lừaaa`, `hết` → `hếếết`.
    case repeatedLetters = "repeated-letters"
    /// Letters written in fullwidth forms (`ａ` U+FF41...); a Vietnamese letter becomes its
    /// fullwidth base followed by its combining marks, `đ` stays as it is.
    case fullwidth
    /// The whole post decomposed to NFD (combining diacritics).
    case nfd
    /// All diacritics removed from the span (NFD, combining marks dropped, `đ` → `d`), as
    /// when a post is typed without a Vietnamese keyboard.
    case stripDiacritics = "strip-diacritics"

    /// The transform's name, as reports print it.
    public var description: String { rawValue }

    /// The post's text with the transform applied to each of `spans` (Unicode scalar offsets
    /// of `text`, as in `Match.range`), or to the whole text for `nfd`. Overlapping spans are
    /// merged first; spans beyond the text are clipped.
    public func apply(to text: String, spans: [Range<Int>]) -> String {
        if self == .nfd { return text.decomposedStringWithCanonicalMapping }
        let scalars = Array(text.unicodeScalars)
        var result = String.UnicodeScalarView()
        var position = 0
        for span in spans.map({ $0.clamped(to: 0..<scalars.count) }).joinedRanges() {
            result.append(contentsOf: scalars[position..<span.lowerBound])
            let piece = String(String.UnicodeScalarView(scalars[span]))
            result.append(contentsOf: apply(to: piece).unicodeScalars)
            position = span.upperBound
        }
        result.append(contentsOf: scalars[position...])
        return String(result)
    }

    /// The transform applied to a whole string.
    public func apply(to span: String) -> String {
        switch self {
        case .dots: Self.betweenLetters(span, insert: ".")
        case .zeroWidth: Self.betweenLetters(span, insert: "\u{200B}")
        case .lookalikes: Self.mapLetters(span) { Self.cyrillic[$0] }
        case .fullwidth: Self.mapLetters(span) { Self.fullwidth($0) }
        case .repeatedLetters: Self.repeatLastVowel(span)
        case .nfd: span.decomposedStringWithCanonicalMapping
        case .stripDiacritics: Self.stripDiacritics(span)
        }
    }

    /// `text` with every diacritic removed: NFD, combining marks (Mn) dropped, `đ` → `d`, NFC.
    public static func stripDiacritics(_ text: String) -> String {
        var out = String.UnicodeScalarView()
        for scalar in text.decomposedStringWithCanonicalMapping.unicodeScalars {
            switch scalar.value {
            case 0x0111: out.append("d")
            case 0x0110: out.append("D")
            default:
                if scalar.properties.generalCategory != .nonspacingMark { out.append(scalar) }
            }
        }
        return String(out).precomposedStringWithCanonicalMapping
    }

    // MARK: pieces

    private static let cyrillic: [Unicode.Scalar: Unicode.Scalar] = [
        "a": "\u{0430}", "e": "\u{0435}", "o": "\u{043E}", "p": "\u{0440}",
        "c": "\u{0441}", "x": "\u{0445}", "y": "\u{0443}",
    ]

    private static func fullwidth(_ base: Unicode.Scalar) -> Unicode.Scalar? {
        guard base.isASCII, base.properties.isAlphabetic else { return nil }
        return Unicode.Scalar(base.value - 0x21 + 0xFF01)
    }

    /// Replaces the base letter of each character (after NFD) by `replacement`, keeping its marks.
    private static func mapLetters(_ text: String, _ replacement: (Unicode.Scalar) -> Unicode.Scalar?) -> String {
        var out = ""
        for character in text {
            let decomposed = String(character).decomposedStringWithCanonicalMapping.unicodeScalars
            guard let base = decomposed.first, let swapped = replacement(base) else {
                out.append(character)
                continue
            }
            var scalars = String.UnicodeScalarView([swapped])
            scalars.append(contentsOf: decomposed.dropFirst())
            out.append(String(scalars).precomposedStringWithCanonicalMapping)
        }
        return out
    }

    private static func betweenLetters(_ text: String, insert separator: String) -> String {
        var out = ""
        var previousIsLetter = false
        for character in text {
            if character.isLetter, previousIsLetter { out.append(separator) }
            out.append(character)
            previousIsLetter = character.isLetter
        }
        return out
    }

    private static func isVowel(_ character: Character) -> Bool {
        guard let base = String(character).decomposedStringWithCanonicalMapping.unicodeScalars.first else { return false }
        return "aeiouyAEIOUY".unicodeScalars.contains(base)
    }

    private static func repeatLastVowel(_ text: String) -> String {
        var out = ""
        var word: [Character] = []
        func flush() {
            if let last = word.lastIndex(where: isVowel) {
                word.insert(contentsOf: [word[last], word[last]], at: last + 1)
            }
            out.append(contentsOf: word)
            word.removeAll()
        }
        for character in text {
            if character.isLetter {
                word.append(character)
            } else {
                flush()
                out.append(character)
            }
        }
        flush()
        return out
    }
}
