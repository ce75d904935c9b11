/// A text with its normalized layers and tokens, each token mapped back to the original.
public struct NormalizedText: Sendable {
    /// Repairs made to the whole text.
    public struct Flags: OptionSet, Sendable, Hashable {
        public let rawValue: UInt8
        public init(rawValue: UInt8) { self.rawValue = rawValue }
        /// Invalid UTF-8 was replaced with U+FFFD (only when normalizing bytes).
        public static let invalidUTF8Repaired = Flags(rawValue: 1 << 0)
        /// Facebook-style mojibake (UTF-8 read as Latin-1) was decoded.
        public static let mojibakeRepaired = Flags(rawValue: 1 << 1)
        /// A legacy Vietnamese encoding (VNI, TCVN3 as Windows-1252) was decoded.
        public static let legacyEncodingRepaired = Flags(rawValue: 1 << 2)
        /// VIQR (`Vie^.t`) was decoded.
        public static let viqrDecoded = Flags(rawValue: 1 << 3)
    }

    /// The text as given (after UTF-8 repair when normalizing bytes). Token ranges index it.
    public let original: String
    /// The tokens in text order.
    public let tokens: [Token]
    public let flags: Flags
    /// The canonical layer: token canonical forms, separated as in the original.
    public let canonical: String
    /// The bare layer: like `canonical`, without diacritics.
    public let bare: String
    /// UTF-8 offset of each token in `canonical` (same indices as `tokens`).
    public let canonicalOffsets: [Int]
    /// UTF-8 offset of each token in `bare`.
    public let bareOffsets: [Int]

    init(original: String, tokens: [Token], flags: Flags) {
        self.original = original
        self.tokens = tokens
        self.flags = flags
        var canonical: [UInt8] = []
        var bare: [UInt8] = []
        canonical.reserveCapacity(original.utf8.count + tokens.count)
        bare.reserveCapacity(original.utf8.count + tokens.count)
        var canonicalOffsets: [Int] = []
        var bareOffsets: [Int] = []
        canonicalOffsets.reserveCapacity(tokens.count)
        bareOffsets.reserveCapacity(tokens.count)
        for k in tokens.indices {
            if k > 0, Self.needsSpace(between: tokens[k - 1], and: tokens[k]) {
                canonical.append(0x20)
                bare.append(0x20)
            }
            canonicalOffsets.append(canonical.count)
            bareOffsets.append(bare.count)
            canonical.append(contentsOf: tokens[k].canonical.utf8)
            bare.append(contentsOf: tokens[k].bare.utf8)
        }
        self.canonical = String(decoding: canonical, as: UTF8.self)
        self.bare = String(decoding: bare, as: UTF8.self)
        self.canonicalOffsets = canonicalOffsets
        self.bareOffsets = bareOffsets
    }

    /// Tokens are separated by a space where the original separated them, and always between
    /// two word-like tokens (glued syllables that were split).
    private static func needsSpace(between a: Token, and b: Token) -> Bool {
        if a.scalarRange.upperBound < b.scalarRange.lowerBound { return true }
        return a.kind != .punctuation && b.kind != .punctuation
    }

    /// The original text of a range of scalars.
    ///
    /// Token boundaries are found from the tokens' UTF-8 ranges (a binary search); other
    /// boundaries by walking the scalars.
    public func originalText(_ scalarRange: Range<Int>) -> String {
        if let lower = utf8Offset(ofScalar: scalarRange.lowerBound), let upper = utf8Offset(ofScalar: scalarRange.upperBound) {
            let utf8 = original.utf8
            let start = utf8.index(utf8.startIndex, offsetBy: lower)
            let end = utf8.index(utf8.startIndex, offsetBy: upper)
            return String(original[start..<end])
        }
        let scalars = original.unicodeScalars
        let start = scalars.index(scalars.startIndex, offsetBy: scalarRange.lowerBound)
        let end = scalars.index(start, offsetBy: scalarRange.count)
        return String(scalars[start..<end])
    }

    /// The UTF-8 offset of a scalar offset that starts or ends a token, or nil.
    func utf8Offset(ofScalar offset: Int) -> Int? {
        var lo = 0
        var hi = tokens.count - 1
        while lo <= hi {
            let mid = (lo + hi) / 2
            let range = tokens[mid].scalarRange
            if range.lowerBound == offset { return tokens[mid].utf8Range.lowerBound }
            if range.upperBound == offset { return tokens[mid].utf8Range.upperBound }
            if range.lowerBound < offset { lo = mid + 1 } else { hi = mid - 1 }
        }
        return nil
    }

    /// The original text of a token.
    public func originalText(of token: Token) -> String {
        let utf8 = original.utf8
        let start = utf8.index(utf8.startIndex, offsetBy: token.utf8Range.lowerBound)
        let end = utf8.index(start, offsetBy: token.utf8Range.count)
        return String(original[start..<end])
    }

    /// Index of the token whose canonical text covers `offset` (UTF-8) of `canonical` or `bare`.
    public func tokenIndex(atLayerOffset offset: Int, bare useBare: Bool) -> Int? {
        let offsets = useBare ? bareOffsets : canonicalOffsets
        guard !offsets.isEmpty else { return nil }
        var lo = 0
        var hi = offsets.count - 1
        while lo < hi {
            let mid = (lo + hi + 1) / 2
            if offsets[mid] <= offset { lo = mid } else { hi = mid - 1 }
        }
        return lo
    }

    /// The original scalar range covered by a byte range of the canonical or bare layer.
    public func originalRange(ofLayerRange range: Range<Int>, bare useBare: Bool) -> Range<Int>? {
        guard let first = tokenIndex(atLayerOffset: range.lowerBound, bare: useBare),
              let last = tokenIndex(atLayerOffset: max(range.lowerBound, range.upperBound - 1), bare: useBare)
        else { return nil }
        return tokens[first].scalarRange.lowerBound..<tokens[last].scalarRange.upperBound
    }
}
