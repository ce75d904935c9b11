import Synchronization
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The tokens of chunks of text (what lies between ASCII white space), normalized once and
/// reused: posts are made of a small vocabulary of surface forms (`Lừa`, `đảo,`, `500k`), so
/// most chunks of a batch were seen before.
///
/// Valid because a chunk's tokens do not depend on its neighbours once the text-level steps
/// are ruled out (`Normalizer.normalize` sends texts that need mojibake or VIQR repair,
/// Cyrillic/Greek context, phone numbers written with spaces, or marks after white space down
/// the full path). Shared by every copy of a `Normalizer` and safe across tasks: a pool of
/// tables, each used by one task at a time (one lock to take a table for a whole text and one
/// to give it back, none per chunk), each bounded in size.
final class ChunkCache: Sendable {
    /// Chunks longer than this (in UTF-8 bytes) are normalized without caching.
    static let maximumChunkLength = 96
    /// Tables kept for reuse; more concurrent tasks than this make tables that are dropped.
    private static let pooledTables = 16

    private let pool = Mutex<[ChunkTable]>([])

    /// Runs `body` with a table no other task uses meanwhile.
    func withTable<Result>(_ body: (inout ChunkTable) -> Result) -> Result {
        var table = pool.withLock { $0.popLast() } ?? ChunkTable()
        let result = body(&table)
        pool.withLock { tables in
            if tables.count < Self.pooledTables { tables.append(table) }
        }
        return result
    }
}

/// One cache table: chunks' tokens and layers in flat arrays (no reference counting on a hit),
/// found by the hash of the chunk's bytes with open addressing, compared byte for byte (no
/// Unicode equivalence: `hoà` and `hòa` have different tokens' texts). Cleared when full.
struct ChunkTable {
    /// Where one chunk's facts lie in the arrays below.
    struct Entry {
        var hash: UInt64
        var chunkStart: Int32
        var chunkCount: Int32
        var recordStart: Int32
        var recordCount: Int32
        var canonicalStart: Int32
        var canonicalCount: Int32
        var bareStart: Int32
        var bareCount: Int32
        /// Sentence breaks inside the chunk (the sentence of its last token).
        var sentences: Int32
        /// The chunk ends with sentence-final punctuation (`.`, `!`, `?`, `…`).
        var endsSentence: Bool
    }

    static let maximumEntries = 1 << 17
    static let maximumRecords = 1 << 18

    /// Entry index + 1 per slot; 0 is empty. Twice the maximum number of entries.
    private(set) var slots = [Int32](repeating: 0, count: ChunkTable.maximumEntries * 2)
    private(set) var entries: [Entry] = []
    private(set) var chunkBytes: [UInt8] = []
    /// Records relative to their chunk: ranges from the chunk's start, layer offsets from the
    /// entry's layer bytes, sentences from the chunk's first.
    private(set) var records: [TokenRecord] = []
    private(set) var canonical: [UInt8] = []
    private(set) var bare: [UInt8] = []
    private(set) var alternatives: [[Alternative]] = []

    private static let mask = ChunkTable.maximumEntries * 2 - 1

    /// The index of the entry for `chunk`, or the slot where it would go (negative: `-slot - 1`).
    @inline(__always)
    func find(_ chunk: UnsafeBufferPointer<UInt8>, hash: UInt64) -> Int {
        var slot = Int(truncatingIfNeeded: hash ^ (hash >> 31)) & Self.mask
        return slots.withUnsafeBufferPointer { slots in
            entries.withUnsafeBufferPointer { entries in
                chunkBytes.withUnsafeBufferPointer { bytes in
                    while true {
                        let stored = Int(slots[slot])
                        if stored == 0 { return -slot - 1 }
                        let entry = entries[stored - 1]
                        if entry.hash == hash, Int(entry.chunkCount) == chunk.count,
                           chunk.count == 0 || memcmp(bytes.baseAddress! + Int(entry.chunkStart), chunk.baseAddress!, chunk.count) == 0 {
                            return stored - 1
                        }
                        slot = (slot + 1) & Self.mask
                    }
                }
            }
        }
    }

    /// Stores a chunk's layers (ranges relative to the chunk) and returns its entry index.
    mutating func insert(_ chunk: UnsafeBufferPointer<UInt8>, hash: UInt64, layers: TokenLayers, endsSentence: Bool) -> Int {
        if entries.count >= Self.maximumEntries || records.count + layers.records.count > Self.maximumRecords { clear() }
        var position = find(chunk, hash: hash)
        if position >= 0 { return position }
        position = -position - 1
        let alternativesBase = Int32(truncatingIfNeeded: alternatives.count)
        let entry = Entry(
            hash: hash, chunkStart: Int32(chunkBytes.count), chunkCount: Int32(chunk.count),
            recordStart: Int32(records.count), recordCount: Int32(layers.records.count),
            canonicalStart: Int32(canonical.count), canonicalCount: Int32(layers.canonical.count),
            bareStart: Int32(bare.count), bareCount: Int32(layers.bare.count),
            sentences: layers.records.last?.sentence ?? 0, endsSentence: endsSentence)
        chunkBytes.append(contentsOf: chunk)
        for var record in layers.records {
            if record.alternatives >= 0 { record.alternatives += alternativesBase }
            records.append(record)
        }
        canonical.append(contentsOf: layers.canonical)
        bare.append(contentsOf: layers.bare)
        alternatives.append(contentsOf: layers.alternatives)
        entries.append(entry)
        slots[position] = Int32(entries.count)
        return entries.count - 1
    }

    private mutating func clear() {
        for k in slots.indices { slots[k] = 0 }
        entries.removeAll(keepingCapacity: true)
        chunkBytes.removeAll(keepingCapacity: true)
        records.removeAll(keepingCapacity: true)
        canonical.removeAll(keepingCapacity: true)
        bare.removeAll(keepingCapacity: true)
        alternatives.removeAll(keepingCapacity: true)
    }

    /// Appends entry `index` to a text's layers: the chunk starts at `scalar` and `utf8` of the
    /// text and its first token is in sentence `sentence`.
    @inline(__always)
    func append(entry index: Int, to layers: inout TokenLayers, scalar: Int, utf8: Int, sentence: Int) {
        let entry = entries[index]
        records.withUnsafeBufferPointer { records in
            canonical.withUnsafeBufferPointer { canonical in
                bare.withUnsafeBufferPointer { bare in
                    layers.appendChunk(
                        records: UnsafeBufferPointer(rebasing: records[Int(entry.recordStart)..<Int(entry.recordStart + entry.recordCount)]),
                        canonical: UnsafeBufferPointer(rebasing: canonical[Int(entry.canonicalStart)..<Int(entry.canonicalStart + entry.canonicalCount)]),
                        bare: UnsafeBufferPointer(rebasing: bare[Int(entry.bareStart)..<Int(entry.bareStart + entry.bareCount)]),
                        alternatives: alternatives, scalar: scalar, utf8: utf8, sentence: sentence)
                }
            }
        }
    }
}

extension TokenLayers {
    /// Appends a chunk's layers, whose ranges are relative to the chunk, for a chunk that
    /// starts at `scalar` and `utf8` of the text and whose first token is in `sentence`.
    mutating func append(chunk: TokenLayers, scalar: Int, utf8: Int, sentence: Int) {
        chunk.records.withUnsafeBufferPointer { records in
            chunk.canonical.withUnsafeBufferPointer { canonical in
                chunk.bare.withUnsafeBufferPointer { bare in
                    appendChunk(records: records, canonical: canonical, bare: bare, alternatives: chunk.alternatives, scalar: scalar, utf8: utf8, sentence: sentence)
                }
            }
        }
    }

    /// Appends a chunk given as records (with layer offsets relative to `canonical` and `bare`,
    /// readings indexing `alternatives`) and its layer bytes.
    @inline(__always)
    mutating func appendChunk(
        records chunkRecords: UnsafeBufferPointer<TokenRecord>, canonical chunkCanonical: UnsafeBufferPointer<UInt8>,
        bare chunkBare: UnsafeBufferPointer<UInt8>, alternatives chunkAlternatives: [[Alternative]], scalar: Int, utf8: Int, sentence: Int
    ) {
        guard !chunkRecords.isEmpty else { return }
        // Chunks are separated by white space: a space between them in both layers.
        if !records.isEmpty {
            canonical.append(0x20)
            bare.append(0x20)
        }
        let canonicalShift = Int32(truncatingIfNeeded: canonical.count)
        let bareShift = Int32(truncatingIfNeeded: bare.count)
        let scalarShift = Int32(truncatingIfNeeded: scalar)
        let utf8Shift = Int32(truncatingIfNeeded: utf8)
        let sentenceShift = Int32(truncatingIfNeeded: sentence)
        canonical.append(contentsOf: chunkCanonical)
        bare.append(contentsOf: chunkBare)
        for var record in chunkRecords {
            record.shift(scalars: scalarShift, utf8: utf8Shift, canonical: canonicalShift, bare: bareShift, sentence: sentenceShift)
            if record.alternatives >= 0 {
                alternatives.append(chunkAlternatives[Int(record.alternatives)])
                record.alternatives = Int32(truncatingIfNeeded: alternatives.count - 1)
            }
            records.append(record)
        }
    }
}
