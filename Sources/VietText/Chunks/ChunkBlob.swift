/// The layout of one chunk's blob in the chunk table's arena (`ChunkTable`): a `Header`, the
/// chunk's bytes, its canonical bytes, its bare bytes and, at a multiple of 8, its records.
/// Blobs start at multiples of 8 (a slot keeps the offset / 8). Read and written only through
/// `_UnsafeChunkMemory`.
enum ChunkBlob {
    /// The fixed part of a blob. Records are `CompactRecord`s, or `TokenRecord`s for the rare
    /// chunk whose offsets do not fit in a byte; their ranges are relative to the chunk, layer
    /// offsets to the blob's layer bytes, sentences to the chunk's first. The chunk's bytes
    /// come first: a look-up compares them right after the header.
    struct Header {
        var chunkCount: UInt16
        var recordCount: UInt16
        var canonicalCount: UInt16
        var bareCount: UInt16
        /// Sentence breaks inside the chunk (the sentence of its last token).
        var sentences: UInt16
        var endsSentence: Bool
        var facts: ChunkFacts
        /// The chunk's teencode readings: how many, and where they start in the table's
        /// readings (-1: none).
        var readingsCount: UInt16
        var readingsStart: Int32
        /// The records are `CompactRecord`s.
        var compactRecords: Bool
    }

    static let headerSize = MemoryLayout<Header>.size
    static let recordSize = MemoryLayout<TokenRecord>.stride

    /// Where a blob's records start and how many bytes it takes.
    static func layout(chunk: Int, canonical: Int, bare: Int, records: Int, compact: Bool) -> (recordsAt: Int, size: Int) {
        let recordSize = compact ? MemoryLayout<CompactRecord>.stride : Self.recordSize
        let recordsAt = (headerSize + chunk + canonical + bare + 7) & ~7
        return (recordsAt, (recordsAt + records * recordSize + 7) & ~7)
    }

    /// The layout of the blob that `header` opens.
    static func layout(of header: Header) -> (recordsAt: Int, size: Int) {
        layout(
            chunk: Int(header.chunkCount), canonical: Int(header.canonicalCount), bare: Int(header.bareCount),
            records: Int(header.recordCount), compact: header.compactRecords)
    }
}

/// A token record as the chunk table keeps it: its offsets, relative to its chunk (at most
/// `ChunkCache.maximumChunkLength` bytes), in a byte each: 24 bytes instead of a
/// `TokenRecord`'s 52, so a blob spans fewer cache lines. A chunk with a record that does not
/// fit (a long expansion of its canonical form) keeps `TokenRecord`s.
struct CompactRecord {
    var scalarStart: UInt8
    var scalarEnd: UInt8
    var utf8Start: UInt8
    var utf8End: UInt8
    var canonicalStart: UInt8
    var canonicalEnd: UInt8
    var bareStart: UInt8
    var bareEnd: UInt8
    var sentence: UInt8
    var alternatives: Int8
    var kind: Token.Kind
    var traits: TokenRecord.Traits
    var flags: Token.Flags
    var syllableID: Int32
    var bareSyllableID: Int32

    /// Whether every field of `record` fits.
    static func fits(_ record: TokenRecord) -> Bool {
        func byte(_ value: Int32) -> Bool { UInt32(bitPattern: value) <= 255 }
        return byte(record.scalarStart) && byte(record.scalarEnd) && byte(record.utf8Start) && byte(record.utf8End)
            && byte(record.canonicalStart) && byte(record.canonicalEnd) && byte(record.bareStart) && byte(record.bareEnd)
            && byte(record.sentence) && (-1...127).contains(record.alternatives)
    }

    /// - Precondition: `fits(record)`.
    init(_ record: TokenRecord) {
        scalarStart = UInt8(record.scalarStart)
        scalarEnd = UInt8(record.scalarEnd)
        utf8Start = UInt8(record.utf8Start)
        utf8End = UInt8(record.utf8End)
        canonicalStart = UInt8(record.canonicalStart)
        canonicalEnd = UInt8(record.canonicalEnd)
        bareStart = UInt8(record.bareStart)
        bareEnd = UInt8(record.bareEnd)
        sentence = UInt8(record.sentence)
        alternatives = Int8(record.alternatives)
        kind = record.kind
        traits = record.traits
        flags = record.flags
        syllableID = record.syllableID
        bareSyllableID = record.bareSyllableID
    }

    /// The record it was made from.
    @inline(__always)
    var record: TokenRecord {
        TokenRecord(
            scalarStart: Int32(scalarStart), scalarEnd: Int32(scalarEnd), utf8Start: Int32(utf8Start), utf8End: Int32(utf8End),
            canonicalStart: Int32(canonicalStart), canonicalEnd: Int32(canonicalEnd), bareStart: Int32(bareStart), bareEnd: Int32(bareEnd),
            sentence: Int32(sentence), alternatives: Int32(alternatives), flags: flags, kind: kind, traits: traits,
            syllableID: syllableID, bareSyllableID: bareSyllableID)
    }
}
