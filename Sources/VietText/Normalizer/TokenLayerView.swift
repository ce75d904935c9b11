/// A normalized text's tokens and layers as a matcher reads them: read-only, without the
/// strings a `Token` carries. How they are stored (`TokenLayers`) stays inside VietText.
///
/// SPI (`@_spi(Engine) import VietText`) rather than `package`: the term walk reads every
/// token of every post, and the compiler does not inline a `package` declaration's
/// `@inlinable` body into another module, only a public one's. Tokens are read by index
/// (`NormalizedText.tokens`' indices), not through `Collection`, whose generic iteration over
/// this type was not specialized in the engine's module either.
@_spi(Engine)
public struct TokenLayerView: Sendable {
    @usableFromInline let storage: TokenLayers

    init(_ storage: TokenLayers) { self.storage = storage }

    /// The number of tokens.
    @inlinable public var count: Int { storage.records.count }
    /// The tokens' indices, `0..<count`.
    @inlinable public var indices: Range<Int> { 0..<storage.records.count }
    /// Token `index`.
    @inlinable @inline(__always) public subscript(index: Int) -> TokenView { TokenView(record: storage.records[index]) }

    /// Which normalizer's `SyllableIndex` gave the tokens' syllable ids (its
    /// `Normalizer.syllableStamp`); 0: none did.
    @inlinable public var syllableStamp: UInt64 { storage.syllableStamp }

    /// The same tokens with their syllable ids from `index` (for a text that another
    /// normalizer made); the stamp is left as it was.
    package func withSyllableIDs(from index: any SyllableIndex) -> TokenLayerView {
        var storage = storage
        storage.assignSyllableIDs(from: index)
        return TokenLayerView(storage)
    }

    /// The teencode readings of token `index` (empty unless `TokenView.hasReadings`).
    package func readings(at index: Int) -> [Alternative] {
        let slot = storage.records[index].alternatives
        return slot >= 0 ? storage.alternatives[Int(slot)] : []
    }

    /// The canonical form of token `index`.
    package func canonicalText(at index: Int) -> String { storage.canonicalText(at: index) }

    /// The bare form of token `index`.
    package func bareText(at index: Int) -> String { storage.bareText(at: index) }

    /// Runs `body` on the canonical layer's UTF-8 (`NormalizedText.canonical`), read in place.
    package func withCanonicalUTF8<Result>(_ body: (Span<UInt8>) throws -> Result) rethrows -> Result {
        try body(storage.canonical.span)
    }

    /// Runs `body` on the bare layer's UTF-8 (`NormalizedText.bare`), read in place.
    package func withBareUTF8<Result>(_ body: (Span<UInt8>) throws -> Result) rethrows -> Result {
        try body(storage.bare.span)
    }
}

/// One token as a matcher reads it: where it is, what it is, and its syllable ids.
@_spi(Engine)
public struct TokenView: Sendable {
    @usableFromInline let record: TokenRecord

    @inlinable @inline(__always) init(record: TokenRecord) { self.record = record }

    /// What the token is.
    @inlinable @inline(__always) public var kind: Token.Kind { record.kind }
    /// What normalization found or did on the token.
    @inlinable @inline(__always) public var flags: Token.Flags { record.flags }
    /// Whether the author typed diacritics on the token.
    @inlinable @inline(__always) public var hasDiacritics: Bool { record.flags.contains(.diacritics) }
    /// Whether the token has teencode readings (`TokenLayerView.readings(at:)`).
    @inlinable @inline(__always) public var hasReadings: Bool { record.alternatives >= 0 }
    /// 0-based index of the token's sentence.
    @inlinable @inline(__always) public var sentence: Int32 { record.sentence }
    /// Range in the original text, in Unicode scalars.
    @inlinable @inline(__always) public var scalarRange: Range<Int> { Range(uncheckedBounds: (Int(record.scalarStart), Int(record.scalarEnd))) }
    /// Range in the original text, in UTF-8 bytes.
    @inlinable @inline(__always) public var utf8Range: Range<Int> { Range(uncheckedBounds: (Int(record.utf8Start), Int(record.utf8End))) }
    /// The canonical form's UTF-8 range in the canonical layer.
    @inlinable public var canonicalRange: Range<Int> { Range(uncheckedBounds: (Int(record.canonicalStart), Int(record.canonicalEnd))) }
    /// The bare form's UTF-8 range in the bare layer.
    @inlinable public var bareRange: Range<Int> { Range(uncheckedBounds: (Int(record.bareStart), Int(record.bareEnd))) }
    /// The canonical form's id in the normalizer's `SyllableIndex` (-1: not in it, not a
    /// matchable kind, or no index); valid where `TokenLayerView.syllableStamp` says so.
    @inlinable @inline(__always) public var syllableID: Int32 { record.syllableID }
    /// The bare form's id, like `syllableID`; also -1 where the author typed diacritics (a
    /// bare form then matches nothing).
    @inlinable @inline(__always) public var bareSyllableID: Int32 { record.bareSyllableID }
}
