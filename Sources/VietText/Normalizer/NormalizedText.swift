/// A text with its normalized layers and tokens, each token mapped back to the original.
public struct NormalizedText: Sendable {
    /// Repairs made to the whole text.
    public struct Flags: OptionSet, Sendable, Hashable {
        /// The flags as bits.
        public let rawValue: UInt8
        /// Flags from their bits.
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
    /// The repairs made to the whole text.
    public let flags: Flags
    /// The tokens and both layers, read-only, as a matcher reads them.
    @_spi(Engine) public let layers: TokenLayerView
    /// The tokens and both layers as they are stored.
    var storage: TokenLayers { layers.storage }

    init(original: String, layers: TokenLayers, flags: Flags) {
        self.original = original
        self.layers = TokenLayerView(layers)
        self.flags = flags
    }

    init(original: String, tokens: [Token], flags: Flags) {
        self.init(original: original, layers: TokenLayers(tokens, capacity: tokens.count), flags: flags)
    }

    /// The tokens in text order.
    public var tokens: TokenList { TokenList(layers: storage) }
    /// The canonical layer: token canonical forms, separated as in the original.
    public var canonical: String { String(decoding: storage.canonical, as: UTF8.self) }
    /// The bare layer: like `canonical`, without diacritics.
    public var bare: String { String(decoding: storage.bare, as: UTF8.self) }
    /// UTF-8 offset of each token in `canonical` (same indices as `tokens`).
    public var canonicalOffsets: [Int] { storage.records.map { Int($0.canonicalStart) } }
    /// UTF-8 offset of each token in `bare`.
    public var bareOffsets: [Int] { storage.records.map { Int($0.bareStart) } }

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
        let records = storage.records
        var lo = 0
        var hi = records.count - 1
        while lo <= hi {
            let mid = (lo + hi) / 2
            let record = records[mid]
            if Int(record.scalarStart) == offset { return Int(record.utf8Start) }
            if Int(record.scalarEnd) == offset { return Int(record.utf8End) }
            if Int(record.scalarStart) < offset { lo = mid + 1 } else { hi = mid - 1 }
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
        let records = storage.records
        guard !records.isEmpty else { return nil }
        var lo = 0
        var hi = records.count - 1
        while lo < hi {
            let mid = (lo + hi + 1) / 2
            if Int(useBare ? records[mid].bareStart : records[mid].canonicalStart) <= offset { lo = mid } else { hi = mid - 1 }
        }
        return lo
    }

    /// The original scalar range covered by a byte range of the canonical or bare layer.
    public func originalRange(ofLayerRange range: Range<Int>, bare useBare: Bool) -> Range<Int>? {
        guard let first = tokenIndex(atLayerOffset: range.lowerBound, bare: useBare),
              let last = tokenIndex(atLayerOffset: max(range.lowerBound, range.upperBound - 1), bare: useBare)
        else { return nil }
        return Int(storage.records[first].scalarStart)..<Int(storage.records[last].scalarEnd)
    }
}

/// The tokens of a `NormalizedText`, each made into a `Token` when read.
public struct TokenList: RandomAccessCollection, Sendable, Equatable {
    let layers: TokenLayers

    /// The first token's index, 0.
    public var startIndex: Int { 0 }
    /// One past the last token's index.
    public var endIndex: Int { layers.records.count }
    /// The token at `position`, made from the flat records.
    public subscript(position: Int) -> Token { layers.token(at: position) }

    /// Whether both lists hold equal tokens in the same order.
    public static func == (a: TokenList, b: TokenList) -> Bool { a.elementsEqual(b) }
}
