/// Folded scalars, each remembering which original scalars it came from.
///
/// This is the offset map: every later step keeps the origins of the scalars it reads,
/// so every token knows exactly which characters of the original it stands for.
struct FoldedScalars {
    /// The original scalars one folded scalar came from: `start..<end`.
    struct Origin: Equatable {
        /// Index of the first original scalar.
        var start: Int32
        /// Index one past the last original scalar.
        var end: Int32
    }

    var scalars: [Unicode.Scalar] = []
    /// Where each scalar came from (one array of pairs: one allocation and one append per
    /// scalar, not two); empty when `originsAreOffsets`.
    var origins: [Origin] = []
    /// Scalar k came from original scalar k (printable ASCII, folded byte by byte): no array
    /// of origins, 8 bytes a scalar, for what `origin(_:)` computes.
    private(set) var originsAreOffsets = false

    /// Where scalar `k` came from.
    @inline(__always)
    func origin(_ k: Int) -> Origin {
        originsAreOffsets ? Origin(start: Int32(truncatingIfNeeded: k), end: Int32(truncatingIfNeeded: k + 1)) : origins[k]
    }

    init() {}

    init(capacity: Int) {
        scalars.reserveCapacity(capacity)
        origins.reserveCapacity(capacity)
    }

    var count: Int { scalars.count }

    /// Replaces the scalars by `bytes`, each a printable ASCII scalar from the original scalar
    /// at its offset, folded by `fold`.
    mutating func setOffsetScalars(_ bytes: Span<UInt8>, fold: (UInt8) -> UInt8) {
        removeAll()
        // Reserved at once: a long chunk's array is not doubled (and copied, both alive) as it grows.
        scalars.reserveCapacity(bytes.count)
        for index in bytes.indices { scalars.append(Unicode.Scalar(fold(bytes[index]))) }
        originsAreOffsets = true
    }

    /// Empties the scalars, keeping the arrays' storage for the next text.
    mutating func removeAll() {
        scalars.removeAll(keepingCapacity: true)
        origins.removeAll(keepingCapacity: true)
        originsAreOffsets = false
    }

    @inline(__always)
    mutating func append(_ scalar: Unicode.Scalar, from: Int, to: Int) {
        assert(!originsAreOffsets, "origins appended to offsets")
        scalars.append(scalar)
        origins.append(Origin(start: Int32(truncatingIfNeeded: from), end: Int32(truncatingIfNeeded: to)))
    }
}

/// Steps 2, 4 and 6 of docs/design.md §2 in one pass over the scalars: invisible characters
/// removed, odd spaces mapped, spacing tone look-alikes turned into combining marks, then
/// NFKC with full case folding (ICU's NFKC_Casefold) per combining sequence, so that each
/// output scalar keeps the original range of the sequence it came from.
enum CharacterFolding {
    /// What the fast table says about a scalar.
    private static let slow: UInt32 = 0xFFFF_FFFF
    private static let drop: UInt32 = 0xFFFF_FFFE
    /// Below this, invisible characters are left to the table (NFKC_Casefold drops them); from
    /// here on they are removed before they can end a combining sequence.
    private static let invisibleCheckStart: UInt32 = 0x2000

    /// NFKC_Casefold of each single scalar where text is (below U+2C00, and the emoji blocks
    /// U+1F000..<U+1FB00) when it is one scalar (or nothing), `slow` otherwise; built once from ICU.
    private struct Table {
        private static let lowLimit: UInt32 = 0x2C00
        private static let pictographs: Range<UInt32> = 0x1F000..<0x1FB00
        private let low: [UInt32]
        private let pictographic: [UInt32]
        /// `ScalarTraits.compute` of the same scalars.
        private let lowTraits: [ScalarTraits]
        private let pictographicTraits: [ScalarTraits]

        init() {
            low = Self.entries(0..<Self.lowLimit)
            pictographic = Self.entries(Self.pictographs)
            lowTraits = (0..<Self.lowLimit).map { Unicode.Scalar($0).map(ScalarTraits.compute) ?? [] }
            pictographicTraits = Self.pictographs.map { Unicode.Scalar($0).map(ScalarTraits.compute) ?? [] }
        }

        /// `ScalarTraits.compute(s)`, from the tables where they hold it.
        @inline(__always)
        func traits(_ s: Unicode.Scalar) -> ScalarTraits {
            let value = s.value
            if value < Self.lowLimit { return lowTraits[Int(value)] }
            if Self.pictographs.contains(value) { return pictographicTraits[Int(value - Self.pictographs.lowerBound)] }
            return ScalarTraits.compute(s)
        }

        private static func entries(_ range: Range<UInt32>) -> [UInt32] {
            range.map { value in
                guard let scalar = Unicode.Scalar(value) else { return slow }
                guard let mapped = premap(scalar) else { return drop }
                if mapped != scalar { return slow }  // look-alike marks: handled before the table
                if ICU.combiningClass(scalar) != 0 { return slow }  // marks take the slow path with their base
                let folded = ICU.scalars(ICU.normalize(ICU.utf16(CollectionOfOne(scalar)), form: .nfkcCasefold))
                return folded.isEmpty ? drop : folded.count == 1 ? folded[0].value : slow
            }
        }

        @inline(__always)
        func entry(_ value: UInt32) -> UInt32 {
            if value < Self.lowLimit { return low[Int(value)] }
            if Self.pictographs.contains(value) { return pictographic[Int(value - Self.pictographs.lowerBound)] }
            return slow
        }
    }

    private static let table = Table()

    /// What the folding loop asks of a premapped scalar beyond its folding (ICU properties, so
    /// read from `Table` for the scalars it covers: emoji and marks asked ICU each time).
    struct ScalarTraits: OptionSet {
        let rawValue: UInt8
        /// A combining mark that joins the sequence before it (Vietnamese precomposed letters
        /// and Greek extended, U+1E00..<U+2000, never do).
        static let combining = ScalarTraits(rawValue: 1 << 0)
        /// Extended pictographic or regional indicator, from U+2000 on: emoji modifiers may follow.
        static let emoji = ScalarTraits(rawValue: 1 << 1)
        /// Invisible (`isInvisible`), from `invisibleCheckStart` on.
        static let invisible = ScalarTraits(rawValue: 1 << 2)

        static func compute(_ s: Unicode.Scalar) -> ScalarTraits {
            var traits: ScalarTraits = []
            let value = s.value
            if value >= 0x300, !(0x1E00..<0x2000).contains(value), ICU.combiningClass(s) != 0 { traits.insert(.combining) }
            if value >= 0x2000, ICU.has(.extendedPictographic, s) || ICU.has(.regionalIndicator, s) { traits.insert(.emoji) }
            if value >= invisibleCheckStart, isInvisible(s) { traits.insert(.invisible) }
            return traits
        }
    }

    /// `ScalarTraits.compute`, by the folding table where it covers the scalar.
    static func traits(_ s: Unicode.Scalar) -> ScalarTraits { table.traits(s) }

    /// The mapping done before normalization: nil drops the scalar. Spacing tone marks
    /// become combining marks (NFKC would turn `´` into space + U+0301 and split the word),
    /// caron and inverted breve become the breve, odd spaces become a space, controls
    /// other than tab and newline go.
    @inline(__always)
    static func premap(_ s: Unicode.Scalar) -> Unicode.Scalar? {
        switch s.value {
        case 0x09, 0x20: return " "
        case 0x0A, 0x0B, 0x0C, 0x0D, 0x85, 0x2028, 0x2029: return "\n"
        case 0x00..<0x20, 0x7F, 0x80..<0xA0: return nil
        case 0x00A0, 0x1680, 0x2000...0x200A, 0x202F, 0x205F, 0x3000: return " "
        case 0x00B4, 0x02CA, 0x1FFD: return "\u{0301}"
        case 0x02CB: return "\u{0300}"
        case 0x02DC: return "\u{0303}"
        case 0x030C, 0x0311: return "\u{0306}"
        case 0x01CD: return "\u{0102}"  // Ǎ → Ă
        case 0x01CE: return "\u{0103}"  // ǎ → ă
        default: return s
        }
    }

    /// Folds `original` into scalars with origins. ZWJ, VS16 and skin tones are kept right after
    /// an emoji and dropped elsewhere (`lừa\u{200D}đảo` glues two syllables).
    static func fold(_ original: [Unicode.Scalar]) -> FoldedScalars {
        fold(original, capacity: original.count)
    }

    /// Folds the scalars of `original`, `capacity` being at least their number.
    static func fold(_ original: some Sequence<Unicode.Scalar>, capacity: Int) -> FoldedScalars {
        var out = FoldedScalars(capacity: capacity)
        fold(original, into: &out)
        return out
    }

    /// Folds the scalars of `original` into `out`, replacing what it held (its storage is
    /// reused: the chunk path folds every new chunk into the same arrays).
    static func fold(_ original: some Sequence<Unicode.Scalar>, into out: inout FoldedScalars) {
        var scalars = original.makeIterator()
        fold(into: &out) { scalars.next() }
    }

    /// `fold(_:into:)` on valid UTF-8 (a `String`'s bytes), decoded as it is read.
    static func fold(utf8 bytes: Span<UInt8>, into out: inout FoldedScalars) {
        var offset = 0
        fold(into: &out) { offset < bytes.count ? ValidUTF8Scalars.decode(bytes, at: &offset) : nil }
    }

    /// `fold(_:into:)` on the scalars `next` gives until nil.
    @inline(__always)
    private static func fold(into out: inout FoldedScalars, next: () -> Unicode.Scalar?) {
        out.removeAll()
        // Read once: a static read inside the loop pays a lazy-initialization check each time.
        let table = Self.table
        var sequence = CombiningSequence()
        var lastWasEmoji = false

        var index = -1
        while let scalar = next() {
            index += 1
            guard let s = premap(scalar) else { continue }
            let value = s.value
            // Below U+0300 no scalar has any trait.
            let traits: ScalarTraits = value < 0x300 ? [] : table.traits(s)
            if traits.contains(.combining) {
                if sequence.isEmpty { sequence.start = index }
                // A mark after white space marks nothing: dropped, like an invisible character.
                if sequence.base == " " || sequence.base == "\n" { continue }
                sequence.append(s)
                continue
            }
            if value == 0x200D || value == 0xFE0F || (value >= 0x1F3FB && value <= 0x1F3FF) || value == 0x20E3 {
                // Emoji joiners and modifiers: kept only right after an emoji.
                if lastWasEmoji {
                    sequence.flush(into: &out, upTo: index, table: table)
                    out.append(s, from: index, to: index + 1)
                }
                continue
            }
            if traits.contains(.invisible) { continue }
            sequence.flush(into: &out, upTo: index, table: table)
            sequence.start = index
            sequence.base = s
            lastWasEmoji = traits.contains(.emoji)
        }
        sequence.flush(into: &out, upTo: index + 1, table: table)
    }

    /// Folds text that is all printable ASCII (U+0020...U+007E) as `fold(_:into:)` does, byte by
    /// byte: each scalar is a sequence of its own, which NFKC_Casefold maps to itself with
    /// capitals lowered. (Nearly half of the chunks first met are such: numbers, links, words
    /// typed without diacritics.)
    static func foldPrintableASCII(_ bytes: Span<UInt8>, into out: inout FoldedScalars) {
        out.setOffsetScalars(bytes) { byte in byte &- 0x41 < 26 ? byte | 0x20 : byte }
    }

    /// The combining sequence being read: a base scalar (or a first mark) and the marks after
    /// it. Most sequences are one scalar, which the fast table folds without an array.
    private struct CombiningSequence {
        /// The first scalar, nil when the sequence is empty.
        var base: Unicode.Scalar?
        /// The whole sequence when it has more than one scalar, else empty.
        var scalars: [Unicode.Scalar] = []
        /// Index in the original of the first scalar.
        var start = 0

        var isEmpty: Bool { base == nil }

        /// Marks kept on one base (Unicode's stream-safe limit is 30): canonical reordering is
        /// quadratic in the marks, and no letter carries more than a few.
        static let maxScalars = 32

        mutating func append(_ scalar: Unicode.Scalar) {
            guard let base else {
                base = scalar
                return
            }
            guard scalars.count < Self.maxScalars else { return }
            if scalars.isEmpty { scalars.append(base) }
            scalars.append(scalar)
        }

        /// Appends the folded sequence to `out`, with the original range `start..<end`, and empties it.
        mutating func flush(into out: inout FoldedScalars, upTo end: Int, table: Table) {
            guard let first = base else { return }
            base = nil
            let start = start
            if scalars.isEmpty {
                let entry = table.entry(first.value)
                if entry == drop { return }
                if entry != slow {
                    out.append(Unicode.Scalar(entry)!, from: start, to: end)
                    return
                }
                ICU.normalize(CollectionOfOne(first), form: .nfkcCasefold) { out.append($0, from: start, to: end) }
                return
            }
            ICU.normalize(scalars, form: .nfkcCasefold) { out.append($0, from: start, to: end) }
            scalars.removeAll(keepingCapacity: true)
        }
    }

    /// Default-ignorable code points (ZWSP, word joiner, bidi controls, BOM, Hangul fillers...)
    /// and format characters, from `invisibleCheckStart` on.
    private static func isInvisible(_ s: Unicode.Scalar) -> Bool {
        switch s.value {
        case 0x200B...0x200F, 0x202A...0x202E, 0x2060...0x206F, 0xFEFF, 0x3164, 0xFFA0, 0xFFF9...0xFFFB:
            return true
        case 0xE0000...0xE0FFF:
            return true
        default:
            return ICU.has(.defaultIgnorable, s)
        }
    }
}
