import Synchronization

/// Dense ids of the syllables a matcher knows (its vocabulary), given to a normalizer so that
/// every token it makes carries its canonical form's id (`TokenRecord.syllableID`).
///
/// A matcher looks up each token's canonical form once per post; a normalizer with an index
/// looks it up once per new chunk instead, and the id then comes out of the chunk cache with
/// the rest of the token.
package protocol SyllableIndex: AnyObject, Sendable {
    /// The id of a syllable given as UTF-8 with its `ByteHash`, or -1 when it is not known.
    func id(ofSyllable utf8: UnsafeBufferPointer<UInt8>, hash: UInt64) -> Int32

    /// Starts bringing into cache what `id(ofSyllable:hash:)` will read for `hash` (a new
    /// chunk's look-ups miss the cache; the normalizer asks early and does other work meanwhile).
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

    /// The id of a form.
    @inline(__always)
    func id(of form: UnsafeBufferPointer<UInt8>, hash: UInt64) -> Int32 {
        index.id(ofSyllable: form, hash: hash)
    }

    @inline(__always)
    func prefetch(hash: UInt64) { index.prefetch(hash: hash) }

    /// Gives every matchable record of `layers` its ids, the bare one only where the author
    /// typed no diacritics (elsewhere -1: no matcher reads them), and marks the layers as indexed.
    func assignIDs(_ layers: inout TokenLayers) {
        let (canonical, bare) = (layers.canonical, layers.bare)
        canonical.withUnsafeBufferPointer { canonical in
            bare.withUnsafeBufferPointer { bare in
                for k in layers.records.indices where layers.records[k].kind.isMatchable {
                    let record = layers.records[k]
                    let form = UnsafeBufferPointer(rebasing: canonical[Int(record.canonicalStart)..<Int(record.canonicalEnd)])
                    let bareForm = UnsafeBufferPointer(rebasing: bare[Int(record.bareStart)..<Int(record.bareEnd)])
                    layers.records[k].syllableID = id(of: form, hash: ByteHash.of(form))
                    if !record.hasDiacritics { layers.records[k].bareSyllableID = id(of: bareForm, hash: ByteHash.of(bareForm)) }
                }
            }
        }
        layers.syllableStamp = stamp
    }
}
