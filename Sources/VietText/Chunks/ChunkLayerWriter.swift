import Synchronization

/// Writes the tokens `TokenBuilder` makes of one chunk straight into `TokenLayers`: the layers
/// that `build`, then `Normalizer.assignUTF8Ranges(_:scalars:)`, then `TokenLayers(_:)` give,
/// without a `Token` (two strings and an array each) in between.
///
/// The steps that `TokenArraySink.finish` and `assignUTF8Ranges` take over the whole list are
/// taken here token by token, which the order of the builder's tokens allows: a token that
/// overlaps the one before gives way (`disjoint`), so the ranges stay in order; teencode
/// readings are looked up for the tokens kept. The UTF-8 ranges are placed afterwards, in one
/// pass over the chunk's bytes (`placeUTF8(_:in:)`).
struct ChunkLayerWriter: TokenSink {
    var layers: TokenLayers
    private let teencode: TeencodeTable

    /// A writer that appends to `layers` (normally empty) the tokens of a chunk.
    init(layers: TokenLayers, teencode: TeencodeTable) {
        self.layers = layers
        self.teencode = teencode
    }

    mutating func append(
        _ kind: Token.Kind, scalarRange: Range<Int>, canonical: some Collection<Unicode.Scalar>, flags: Token.Flags, sentence: Int
    ) {
        var lower = scalarRange.lowerBound
        let upper = scalarRange.upperBound
        if let previous = layers.records.last {
            // Overlapping the token before: this one gives way.
            let previousEnd = Int(previous.scalarEnd)
            if lower < previousEnd {
                if upper <= previousEnd { return }
                lower = previousEnd
            }
            if TokenLayers.needsSpace(previousEnd: previousEnd, previousKind: previous.kind, start: lower, kind: kind) {
                layers.canonical.append(0x20)
                layers.bare.append(0x20)
            }
        }
        // The forms, and the readings of words.
        let canonicalStart = layers.canonical.count
        let bareStart = Int32(truncatingIfNeeded: layers.bare.count)
        let scalarCount = canonical.count
        // Four bytes a scalar at most; a long token's own count (a line of a million dots is
        // 1 MB of UTF-8, not 4).
        let canonicalCapacity = scalarCount <= 4096 ? 4 * scalarCount : canonical.reduce(0) { $0 + UTF8.width($1) }
        layers.canonical.append(addingCapacity: canonicalCapacity) { UTF8Writing.encode(canonical, into: &$0) }
        let bytes = layers.canonical[canonicalStart...]
        var readings: [Alternative] = []
        if kind == .word || kind == .hashtag, let found = teencode.lookup(utf8: bytes, hash: ByteHash.of(bytes.span)) {
            readings = TokenPostProcessor.alternatives(found)
        }
        // ASCII has no diacritics: the bare form is the canonical one.
        if bytes.count == scalarCount {
            layers.bare.append(contentsOf: bytes)
        } else {
            let bareCapacity = scalarCount <= 4096 ? 4 * scalarCount : canonical.reduce(0) { $0 + UTF8.width(VietLetters.bare($1)) }
            layers.bare.append(addingCapacity: bareCapacity) { UTF8Writing.encode(canonical.lazy.map(VietLetters.bare), into: &$0) }
        }
        var alternativesIndex: Int32 = -1
        var traits: TokenRecord.Traits = []
        if !readings.isEmpty {
            alternativesIndex = Int32(truncatingIfNeeded: layers.alternatives.count)
            if readings.contains(where: \.needsAmountNearby) { traits.insert(.readingNeedsAmount) }
            layers.alternatives.append(readings)
        }
        // As `TokenPostProcessor.isSingleLetter` and `isLetterSeparator` read a `Token`.
        if kind == .word, scalarCount == 1, let first = canonical.first, VietLetters.split(first) != nil { traits.insert(.singleLetter) }
        if kind == .punctuation, let first = canonical.first, TokenPostProcessor.isLetterSeparator(first) { traits.insert(.letterSeparator) }
        layers.records.append(TokenRecord(
            scalarStart: Int32(truncatingIfNeeded: lower), scalarEnd: Int32(truncatingIfNeeded: upper),
            utf8Start: 0, utf8End: 0,  // placed by `placeUTF8(_:in:)`
            canonicalStart: Int32(truncatingIfNeeded: canonicalStart), canonicalEnd: Int32(truncatingIfNeeded: layers.canonical.count),
            bareStart: bareStart, bareEnd: Int32(truncatingIfNeeded: layers.bare.count),
            sentence: Int32(truncatingIfNeeded: sentence), alternatives: alternativesIndex,
            flags: flags, kind: kind, traits: traits))
    }

    /// Sets the UTF-8 range of each of a chunk's records, in order, from its scalar range in
    /// `utf8`, the chunk's bytes (valid UTF-8); bounds past the end map to the end.
    static func placeUTF8(_ records: inout [TokenRecord], in utf8: Span<UInt8>) {
        var scalarIndex = 0
        var byteOffset = 0
        let count = utf8.count
        var inPlace = records.mutableSpan
        for k in inPlace.indices {
            let (lower, upper) = (Int(inPlace[k].scalarStart), Int(inPlace[k].scalarEnd))
            while scalarIndex < lower, byteOffset < count {
                byteOffset += ValidUTF8Scalars.width(lead: utf8[byteOffset])
                scalarIndex += 1
            }
            inPlace[k].utf8Start = Int32(truncatingIfNeeded: byteOffset)
            while scalarIndex < upper, byteOffset < count {
                byteOffset += ValidUTF8Scalars.width(lead: utf8[byteOffset])
                scalarIndex += 1
            }
            inPlace[k].utf8End = Int32(truncatingIfNeeded: byteOffset)
        }
    }
}

/// The arrays that normalizing a new chunk fills on the way to its layers, kept from one new
/// chunk to the next so that, once they have grown, a new chunk allocates nothing but what it
/// keeps (its teencode readings, a long token's strings).
///
/// The layers are handed out with the chunk's result (`ChunkLayers`) and copied into the
/// cache's table by the caller; once that result is gone they are again this scratch's alone
/// and are reused in place (a result kept longer, for a chunk the table does not take, makes
/// the next chunk write to new arrays instead: copy on write).
struct ChunkScratch: Sendable {
    var folded = FoldedScalars()
    var rawTokens: [RawToken] = []
    var layers = TokenLayers()

    /// Scratch that grew past this many folded scalars (a long text without spaces) is not
    /// kept for the next text.
    static let maximumKeptScalars = 1024
}

/// Scratch for new chunks, lent to one text at a time: one per text being normalized at once
/// (a few per worker), not per chunk nor per call.
///
/// A pool rather than scratch made for each text: most texts hold only one or two new chunks,
/// so scratch made per text would be allocated nearly as often as the arrays it replaces. Kept
/// apart from the chunk cache's shared table, which all tasks read and which holds only
/// finished chunks. A text takes scratch when it meets its first new chunk (a text whose
/// chunks are all cached never touches the pool) and gives it back when its chunks are done.
final class ChunkScratchPool: Sendable {
    /// Scratch kept for reuse; more texts normalized at once than this make scratch that is dropped.
    private static let pooledScratch = 16
    private let spare = Mutex<[ChunkScratch]>([])

    init() {}

    /// Scratch no other text uses until it is given back.
    func take() -> ChunkScratch {
        spare.withLock { $0.popLast() } ?? ChunkScratch()
    }

    /// Returns scratch taken from the pool (scratch grown too large is dropped).
    func giveBack(_ scratch: ChunkScratch) {
        guard scratch.folded.scalars.capacity <= ChunkScratch.maximumKeptScalars else { return }
        spare.withLock { spare in
            if spare.count < Self.pooledScratch { spare.append(scratch) }
        }
    }
}
