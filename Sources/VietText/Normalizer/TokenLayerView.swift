/// A normalized text's tokens and layers as a matcher reads them: read-only, without the
/// strings a `Token` carries. How they are stored (`TokenLayers`) stays inside VietText.
///
/// A collection of `TokenView`s in text order; a token's index is its index in
/// `NormalizedText.tokens`.
package struct TokenLayerView: RandomAccessCollection, Sendable {
    @usableFromInline let storage: TokenLayers

    init(_ storage: TokenLayers) { self.storage = storage }

    @inlinable package var startIndex: Int { 0 }
    @inlinable package var endIndex: Int { storage.records.count }
    @inlinable package subscript(position: Int) -> TokenView { TokenView(record: storage.records[position]) }

    /// Which normalizer's `SyllableIndex` gave the tokens' syllable ids (its
    /// `Normalizer.syllableStamp`); 0: none did.
    @inlinable package var syllableStamp: UInt64 { storage.syllableStamp }

    /// The same tokens with their syllable ids from `index` (for a text that another
    /// normalizer made); the stamp is left as it was.
    package func withSyllableIDs(from index: any SyllableIndex) -> TokenLayerView {
        var storage = storage
        storage.assignSyllableIDs(from: index)
        return TokenLayerView(storage)
    }

    /// The teencode readings of token `index` (empty unless `TokenView.hasReadings`).
    @inlinable package func readings(at index: Int) -> [Alternative] {
        let slot = storage.records[index].alternatives
        return slot >= 0 ? storage.alternatives[Int(slot)] : []
    }

    /// The canonical form of token `index`.
    package func canonicalText(at index: Int) -> String { storage.canonicalText(at: index) }

    /// The bare form of token `index`.
    package func bareText(at index: Int) -> String { storage.bareText(at: index) }

    /// Runs `body` on the canonical layer's UTF-8 (`NormalizedText.canonical`), read in place.
    @inlinable package func withCanonicalUTF8<Result>(_ body: (UnsafeBufferPointer<UInt8>) throws -> Result) rethrows -> Result {
        try storage.canonical.withUnsafeBufferPointer(body)
    }

    /// Runs `body` on the bare layer's UTF-8 (`NormalizedText.bare`), read in place.
    @inlinable package func withBareUTF8<Result>(_ body: (UnsafeBufferPointer<UInt8>) throws -> Result) rethrows -> Result {
        try storage.bare.withUnsafeBufferPointer(body)
    }
}

/// One token as a matcher reads it: where it is, what it is, and its syllable ids.
package struct TokenView: Sendable {
    @usableFromInline let record: TokenRecord

    @inlinable init(record: TokenRecord) { self.record = record }

    /// What the token is.
    @inlinable package var kind: Token.Kind { record.kind }
    /// What normalization found or did on the token.
    @inlinable package var flags: Token.Flags { record.flags }
    /// Whether the author typed diacritics on the token.
    @inlinable package var hasDiacritics: Bool { record.flags.contains(.diacritics) }
    /// Whether the token has teencode readings (`TokenLayerView.readings(at:)`).
    @inlinable package var hasReadings: Bool { record.alternatives >= 0 }
    /// 0-based index of the token's sentence.
    @inlinable package var sentence: Int32 { record.sentence }
    /// Range in the original text, in Unicode scalars.
    @inlinable package var scalarRange: Range<Int> { Range(uncheckedBounds: (Int(record.scalarStart), Int(record.scalarEnd))) }
    /// Range in the original text, in UTF-8 bytes.
    @inlinable package var utf8Range: Range<Int> { Range(uncheckedBounds: (Int(record.utf8Start), Int(record.utf8End))) }
    /// The canonical form's id in the normalizer's `SyllableIndex` (-1: not in it, not a
    /// matchable kind, or no index); valid where `TokenLayerView.syllableStamp` says so.
    @inlinable package var syllableID: Int32 { record.syllableID }
    /// The bare form's id, like `syllableID`; also -1 where the author typed diacritics (a
    /// bare form then matches nothing).
    @inlinable package var bareSyllableID: Int32 { record.bareSyllableID }
}
