/// A chunk's tokens normalized on their own: layers with ranges relative to the chunk.
struct ChunkLayers {
    var layers: TokenLayers
    /// The chunk ends with sentence-final punctuation (`.`, `!`, `?`, `…`).
    var endsSentence: Bool
    var facts: ChunkFacts
}

/// What the chunk path must know of a chunk's text beyond its tokens, to send the whole text
/// down the full path when a step looks beyond one chunk. Kept with the cached chunk.
struct ChunkFacts: OptionSet {
    let rawValue: UInt8
    /// Greek or Cyrillic (look-alikes read by the letters around them), a line separator, or a
    /// first scalar that the full path would attach to what comes before the white space.
    static let needsWholeText = ChunkFacts(rawValue: 1 << 0)
    /// Some scalar is not ASCII.
    static let nonASCII = ChunkFacts(rawValue: 1 << 1)
    /// Some scalar is neither Latin-1 nor Windows-1252 (so the text is not mojibake).
    static let aboveLatin1 = ChunkFacts(rawValue: 1 << 2)
    /// A letter above U+00BF (so the text is not VIQR).
    static let highLetter = ChunkFacts(rawValue: 1 << 3)
    /// An ASCII character VIQR uses as a mark (`^ ` ~ + ( ?`).
    static let viqrMark = ChunkFacts(rawValue: 1 << 4)

    init(rawValue: UInt8) { self.rawValue = rawValue }

    init(_ chunk: some Sequence<Unicode.Scalar>) {
        var scalars = chunk.makeIterator()
        self.init { scalars.next() }
    }

    /// The facts of a chunk given as valid UTF-8 (a `String`'s bytes).
    init(utf8 bytes: Span<UInt8>) {
        var offset = 0
        self.init { offset < bytes.count ? ValidUTF8Scalars.decode(bytes, at: &offset) : nil }
    }

    /// The facts of the scalars `next` gives until nil.
    @inline(__always)
    private init(next: () -> Unicode.Scalar?) {
        var facts: ChunkFacts = []
        var first = true
        while let scalar = next() {
            let value = scalar.value
            if value < 0x80 {
                if value == 0x5E || value == 0x60 || value == 0x7E || value == 0x2B || value == 0x28 || value == 0x3F { facts.insert(.viqrMark) }
            } else {
                facts.insert(.nonASCII)
                if value > 0xFF, !facts.contains(.aboveLatin1), Latin1Mojibake.byte(value) == nil { facts.insert(.aboveLatin1) }
                if (0x370...0x4FF).contains(value) || value == 0x2028 || value == 0x2029 || value == 0x85 { facts.insert(.needsWholeText) }
                if first, Normalizer.mayAttachAcrossSpace(value) { facts.insert(.needsWholeText) }
                if value >= 0xC0, !facts.contains(.highLetter), Self.isAlphabetic(scalar) { facts.insert(.highLetter) }
            }
            first = false
        }
        self = facts
    }

    /// The facts of a chunk of printable ASCII (U+0020...U+007E) as `init(_:)` finds them, read
    /// from its bytes; nil when some byte is not printable ASCII.
    init?(printableASCII bytes: Span<UInt8>) {
        var facts: ChunkFacts = []
        for index in bytes.indices {
            let byte = bytes[index]
            guard byte &- 0x20 < 0x5F else { return nil }
            if byte == 0x5E || byte == 0x60 || byte == 0x7E || byte == 0x2B || byte == 0x28 || byte == 0x3F { facts.insert(.viqrMark) }
        }
        self = facts
    }

    /// Where `isAlphabetic` is read from tables: below U+2C00 (letters, marks, symbols) and the
    /// emoji blocks.
    private static let tabled: Range<UInt32> = 0..<0x2C00
    private static let pictographs: Range<UInt32> = 0x1F000..<0x1FB00
    /// Which scalars of `tabled` and of `pictographs` are alphabetic, looked up once.
    private static let alphabetic: (tabled: [Bool], pictographs: [Bool]) = (
        tabled.map { value in Unicode.Scalar(value).map(\.properties.isAlphabetic) ?? false },
        pictographs.map { value in Unicode.Scalar(value).map(\.properties.isAlphabetic) ?? false }
    )

    /// `Unicode.Scalar.Properties.isAlphabetic`, read from a table where text is (the property
    /// lookup cost more than the rest of the facts: combining marks and emoji ask it of every
    /// scalar).
    static func isAlphabetic(_ scalar: Unicode.Scalar) -> Bool {
        let value = scalar.value
        if tabled.contains(value) { return alphabetic.tabled[Int(value)] }
        if pictographs.contains(value) { return alphabetic.pictographs[Int(value - pictographs.lowerBound)] }
        return scalar.properties.isAlphabetic
    }
}
