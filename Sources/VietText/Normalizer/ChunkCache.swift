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

/// One cache table: each chunk's facts in one contiguous blob of an arena (its records, its
/// bytes, its layers), found by the hash of the chunk's bytes with open addressing over 8-byte
/// slots that carry part of the hash, so that a hit reads one slot and one blob: the table is
/// far larger than the processor's caches on a real vocabulary, and every separate array read
/// would be a cache miss. Chunks compare byte for byte (no Unicode equivalence: `hoà` and
/// `hòa` have different tokens' texts). Cleared when full.
struct ChunkTable {
    /// The fixed part of a blob; then come the chunk's bytes, its canonical bytes, its bare
    /// bytes and `recordCount` records (`TokenRecord`, ranges relative to the chunk, layer
    /// offsets relative to the blob's layer bytes, sentences relative to the chunk's first).
    /// The chunk's bytes come first: a look-up compares them right after the header.
    struct Header {
        var chunkCount: UInt16
        var recordCount: UInt16
        var canonicalCount: UInt16
        var bareCount: UInt16
        /// Sentence breaks inside the chunk (the sentence of its last token).
        var sentences: UInt16
        /// The chunk ends with sentence-final punctuation (`.`, `!`, `?`, `…`).
        var endsSentence: Bool
        var facts: ChunkFacts
        /// Where the chunk's readings start in `alternatives`.
        var alternativesStart: Int32
    }

    /// A found chunk: its header and the blob's offset in the arena.
    struct Entry {
        var header: Header
        var offset: Int
    }

    /// A chunk of the text being normalized, found before any is looked up.
    struct PendingChunk {
        var start: Int
        var end: Int
        var scalarStart: Int
        /// A line break separates it from the chunk before.
        var newlineBefore: Bool
        /// `ByteHash` of the chunk's bytes (0 for chunks too long to cache).
        var hash: UInt64
        /// The first slot its look-up reads, as read ahead.
        var slot: UInt64 = 0
    }

    /// The chunks of the text being normalized (kept to reuse the storage).
    var pending: [PendingChunk] = []
    /// Where the read-ahead's loads go, so that they are not optimized away.
    private var readAheadSink: UInt64 = 0

    static let maximumEntries = 1 << 17
    static let maximumArenaBytes = 24 << 20
    private static let slotCount = ChunkTable.maximumEntries * 2
    private static let headerSize = MemoryLayout<Header>.size
    private static let recordSize = MemoryLayout<TokenRecord>.stride
    private static let recordAlignment = MemoryLayout<TokenRecord>.alignment

    /// Per slot: the hash's high 32 bits, then the blob's offset + 1 (0: empty).
    private var slots = [UInt64](repeating: 0, count: ChunkTable.slotCount)
    private var arena: [UInt8] = []
    private var alternatives: [[Alternative]] = []
    private var entryCount = 0

    /// The entry for `chunk`, or the slot where it would go.
    @inline(__always)
    func find(_ chunk: UnsafeBufferPointer<UInt8>, hash: UInt64) -> (entry: Entry?, slot: Int) {
        let tag = hash >> 32
        var slot = Int(truncatingIfNeeded: hash) & (Self.slotCount - 1)
        return slots.withUnsafeBufferPointer { slots in
            arena.withUnsafeBytes { arena in
                while true {
                    let stored = slots[slot]
                    if stored == 0 { return (nil, slot) }
                    if stored >> 32 == tag {
                        let offset = Int(stored & 0xFFFF_FFFF) - 1
                        let header = arena.loadUnaligned(fromByteOffset: offset, as: Header.self)
                        if Int(header.chunkCount) == chunk.count {
                            let bytes = arena.baseAddress! + offset + Self.headerSize
                            if chunk.isEmpty || memcmp(bytes, chunk.baseAddress!, chunk.count) == 0 {
                                return (Entry(header: header, offset: offset), slot)
                            }
                        }
                    }
                    slot = (slot + 1) & (Self.slotCount - 1)
                }
            }
        }
    }

    /// Reads the slot and the blob header of every pending chunk ahead of the look-ups: the
    /// loads are independent of each other, so the processor overlaps their cache misses, which
    /// one look-up after another could not (each waits for its slot, then for its blob).
    mutating func prefetchPending() {
        var sink: UInt64 = 0
        slots.withUnsafeBufferPointer { slots in
            // The slots first (independent loads), then the blobs they point to.
            for k in pending.indices where pending[k].hash != 0 {
                pending[k].slot = slots[Int(truncatingIfNeeded: pending[k].hash) & (Self.slotCount - 1)]
            }
        }
        arena.withUnsafeBytes { arena in
            for chunk in pending where chunk.slot != 0 && chunk.slot >> 32 == chunk.hash >> 32 {
                // The cache lines of the blob's first 160 bytes: header, bytes, layers, records.
                let offset = Int(chunk.slot & 0xFFFF_FFFF) - 1
                let end = min(offset + 160, arena.count)
                var line = offset
                while line < end {
                    sink &+= UInt64(arena.load(fromByteOffset: line, as: UInt8.self))
                    line += 64
                }
                sink &+= UInt64(arena.load(fromByteOffset: end - 1, as: UInt8.self))
            }
        }
        readAheadSink &+= sink
    }

    /// Stores a chunk's layers (ranges relative to the chunk) in `slot` (from a `find` that
    /// failed just before) and returns its entry.
    mutating func insert(_ chunk: UnsafeBufferPointer<UInt8>, hash: UInt64, slot: Int, layers: TokenLayers, endsSentence: Bool, facts: ChunkFacts) -> Entry {
        var slot = slot
        let size = Self.headerSize + chunk.count + layers.canonical.count + layers.bare.count + Self.recordAlignment + layers.records.count * Self.recordSize
        if entryCount >= Self.maximumEntries || arena.count + size > Self.maximumArenaBytes {
            clear()
            slot = find(chunk, hash: hash).slot
        }
        let header = Header(
            chunkCount: UInt16(chunk.count), recordCount: UInt16(layers.records.count),
            canonicalCount: UInt16(layers.canonical.count), bareCount: UInt16(layers.bare.count),
            sentences: UInt16(layers.records.last?.sentence ?? 0), endsSentence: endsSentence, facts: facts,
            alternativesStart: Int32(alternatives.count))
        let offset = arena.count
        withUnsafeBytes(of: header) { arena.append(contentsOf: $0) }
        arena.append(contentsOf: chunk)
        arena.append(contentsOf: layers.canonical)
        arena.append(contentsOf: layers.bare)
        // Records aligned for `TokenRecord`, so that a hit copies them in one go; so are blobs.
        while arena.count % Self.recordAlignment != 0 { arena.append(0) }
        layers.records.withUnsafeBytes { arena.append(contentsOf: $0) }
        alternatives.append(contentsOf: layers.alternatives)
        slots[slot] = (hash >> 32) << 32 | UInt64(offset + 1)
        entryCount += 1
        return Entry(header: header, offset: offset)
    }

    private mutating func clear() {
        for k in slots.indices { slots[k] = 0 }
        arena.removeAll(keepingCapacity: true)
        alternatives.removeAll(keepingCapacity: true)
        entryCount = 0
    }

    /// Appends a chunk's entry to a text's layers: the chunk starts at `scalar` and `utf8` of
    /// the text and its first token is in sentence `sentence`.
    @inline(__always)
    func append(_ entry: Entry, to layers: inout TokenLayers, scalar: Int, utf8: Int, sentence: Int) {
        let header = entry.header
        guard header.recordCount > 0 else { return }
        arena.withUnsafeBytes { arena in
            var position = entry.offset + Self.headerSize + Int(header.chunkCount)
            let canonical = UnsafeRawBufferPointer(rebasing: arena[position..<(position + Int(header.canonicalCount))])
            position += Int(header.canonicalCount)
            let bare = UnsafeRawBufferPointer(rebasing: arena[position..<(position + Int(header.bareCount))])
            var recordsStart = position + Int(header.bareCount)
            recordsStart += (Self.recordAlignment - recordsStart % Self.recordAlignment) % Self.recordAlignment
            layers.openChunk(canonical: canonical.assumingMemoryBound(to: UInt8.self), bare: bare.assumingMemoryBound(to: UInt8.self))
            let shift = layers.shift(scalar: scalar, utf8: utf8, sentence: sentence, canonicalCount: canonical.count, bareCount: bare.count)
            let bytes = UnsafeRawPointer(arena.baseAddress! + recordsStart).assumingMemoryBound(to: UInt8.self)
            bytes.withMemoryRebound(to: TokenRecord.self, capacity: Int(header.recordCount)) { records in
                layers.appendShifted(
                    UnsafeBufferPointer(start: records, count: Int(header.recordCount)), shift,
                    alternatives: alternatives, alternativesStart: Int(header.alternativesStart))
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
    mutating func appendChunk(
        records chunkRecords: UnsafeBufferPointer<TokenRecord>, canonical chunkCanonical: UnsafeBufferPointer<UInt8>,
        bare chunkBare: UnsafeBufferPointer<UInt8>, alternatives chunkAlternatives: [[Alternative]], scalar: Int, utf8: Int, sentence: Int
    ) {
        guard !chunkRecords.isEmpty else { return }
        openChunk(canonical: chunkCanonical, bare: chunkBare)
        let shift = shift(scalar: scalar, utf8: utf8, sentence: sentence, canonicalCount: chunkCanonical.count, bareCount: chunkBare.count)
        appendShifted(chunkRecords, shift, alternatives: chunkAlternatives, alternativesStart: 0)
    }

    /// How a chunk's records move into the text: by where the chunk starts, and by where its
    /// layer bytes were just appended (`openChunk`).
    struct ChunkShift {
        var scalars: Int32
        var utf8: Int32
        var canonical: Int32
        var bare: Int32
        var sentence: Int32
    }

    /// Appends a chunk's layer bytes, after a space when tokens come before (chunks are
    /// separated by white space).
    @inline(__always)
    mutating func openChunk(canonical chunkCanonical: UnsafeBufferPointer<UInt8>, bare chunkBare: UnsafeBufferPointer<UInt8>) {
        if !records.isEmpty {
            canonical.append(0x20)
            bare.append(0x20)
        }
        canonical.append(contentsOf: chunkCanonical)
        bare.append(contentsOf: chunkBare)
    }

    /// The shift for a chunk whose layer bytes `openChunk` just appended.
    @inline(__always)
    func shift(scalar: Int, utf8: Int, sentence: Int, canonicalCount: Int, bareCount: Int) -> ChunkShift {
        ChunkShift(
            scalars: Int32(truncatingIfNeeded: scalar), utf8: Int32(truncatingIfNeeded: utf8),
            canonical: Int32(truncatingIfNeeded: canonical.count - canonicalCount), bare: Int32(truncatingIfNeeded: bare.count - bareCount),
            sentence: Int32(truncatingIfNeeded: sentence))
    }

    /// Appends a chunk's records, moved into the text; their readings (indices relative to
    /// `alternativesStart`) are copied.
    @inline(__always)
    mutating func appendShifted(
        _ chunkRecords: UnsafeBufferPointer<TokenRecord>, _ shift: ChunkShift, alternatives chunkAlternatives: [[Alternative]], alternativesStart: Int
    ) {
        let start = records.count
        records.append(contentsOf: chunkRecords)
        records.withUnsafeMutableBufferPointer { records in
            for k in start..<records.count {
                records[k].shift(scalars: shift.scalars, utf8: shift.utf8, canonical: shift.canonical, bare: shift.bare, sentence: shift.sentence)
                if records[k].alternatives >= 0 {
                    alternatives.append(chunkAlternatives[alternativesStart + Int(records[k].alternatives)])
                    records[k].alternatives = Int32(truncatingIfNeeded: alternatives.count - 1)
                }
            }
        }
    }
}
