import Synchronization

/// Dense ids of the syllables a matcher knows (its vocabulary), given to a normalizer so that
/// every token it makes carries its forms' ids (`TokenRecord.syllableID`, `bareSyllableID`).
///
/// A matcher looks up each token's canonical form once per post; a normalizer with an index
/// looks it up once per new chunk instead, and the id then comes out of the chunk cache with
/// the rest of the token.
package protocol SyllableIndex: AnyObject, Sendable {
    /// The id of a syllable given as UTF-8 with its `ByteHash`, or -1 when it is not known.
    func id(ofSyllable utf8: Span<UInt8>, hash: UInt64) -> Int32

    /// Starts bringing into cache what `id(ofSyllable:hash:)` will read for `hash` (a new
    /// chunk's look-ups miss the cache; the normalizer asks for all of a chunk's first).
    func prefetch(hash: UInt64)
}

/// A syllable index and the stamp that marks layers whose ids it gave.
///
/// The stamp is unique to one normalizer made with the index (never reused in the process,
/// unlike an object's address), so that ids are trusted only by the matcher they came from.
struct SyllableIndexing: Sendable {
    let index: any SyllableIndex
    let stamp: UInt64

    private static let lastStamp = Atomic<UInt64>(0)

    init(_ index: any SyllableIndex) {
        self.index = index
        self.stamp = Self.lastStamp.add(1, ordering: .relaxed).newValue
    }

    /// Gives the records of `layers` their ids (`TokenLayers.assignSyllableIDs(from:)`) and
    /// marks the layers as indexed.
    func assignIDs(_ layers: inout TokenLayers) {
        layers.assignSyllableIDs(from: index)
        layers.syllableStamp = stamp
    }
}
