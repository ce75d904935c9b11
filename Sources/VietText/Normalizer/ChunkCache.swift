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

/// A chunk's tokens normalized on their own: layers with ranges relative to the chunk.
struct ChunkLayers {
    var layers: TokenLayers
    /// The chunk ends with sentence-final punctuation (`.`, `!`, `?`, `…`).
    var endsSentence: Bool
    var facts: ChunkFacts
}

/// One cache table: each chunk's facts in one contiguous blob of an arena (its bytes, its
/// layers, its records), found by the hash of the chunk's bytes with open addressing over
/// 8-byte slots that carry part of the hash, so that a hit reads one slot and one blob. The
/// table is larger than the processor's caches on a real vocabulary; the slots and blobs of a
/// text's chunks are read ahead together (`prefetchPending`) so that their misses overlap.
/// Chunks compare byte for byte (no Unicode equivalence: `hoà` and `hòa` have different
/// tokens' texts). Cleared between texts when full.
struct ChunkTable {
    /// The fixed part of a blob; then come the chunk's bytes, its canonical bytes, its bare
    /// bytes and, aligned, `recordCount` records (`TokenRecord`, ranges relative to the chunk,
    /// layer offsets relative to the blob's layer bytes, sentences relative to the chunk's
    /// first). The chunk's bytes come first: a look-up compares them right after the header.
    struct Header {
        var chunkCount: UInt16
        var recordCount: UInt16
        var canonicalCount: UInt16
        var bareCount: UInt16
        /// Sentence breaks inside the chunk (the sentence of its last token).
        var sentences: UInt16
        var endsSentence: Bool
        var facts: ChunkFacts
        /// Where the chunk's readings start in `alternatives`.
        var alternativesStart: Int32
    }

    /// A chunk of the text being normalized.
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
        /// Where its layers are: the blob's offset in the arena, or `-(k + 1)` for the
        /// text's `k`th chunk that is not in the table.
        var source: Int = 0
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
    /// An insert found no room: the table is cleared before the next text.
    private var isFull = false

    /// Clears the table when it is full; called before a text, so that the blobs a text's
    /// chunks point to stay put until its layers are assembled.
    mutating func makeRoom() {
        guard isFull else { return }
        isFull = false
        for k in slots.indices { slots[k] = 0 }
        arena.removeAll(keepingCapacity: true)
        alternatives.removeAll(keepingCapacity: true)
        entryCount = 0
    }

    /// Reads the slot and the blob of every pending chunk ahead of the look-ups: the loads are
    /// independent of each other, so the processor overlaps their cache misses, which one
    /// look-up after another could not (each waits for its slot, then for its blob).
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

    /// The blob offset and header for `chunk`, or the slot where it would go.
    @inline(__always)
    func find(_ chunk: UnsafeBufferPointer<UInt8>, hash: UInt64) -> (offset: Int?, header: Header?, slot: Int) {
        let tag = hash >> 32
        var slot = Int(truncatingIfNeeded: hash) & (Self.slotCount - 1)
        return slots.withUnsafeBufferPointer { slots in
            arena.withUnsafeBytes { arena in
                while true {
                    let stored = slots[slot]
                    if stored == 0 { return (nil, nil, slot) }
                    if stored >> 32 == tag {
                        let offset = Int(stored & 0xFFFF_FFFF) - 1
                        let header = arena.loadUnaligned(fromByteOffset: offset, as: Header.self)
                        if Int(header.chunkCount) == chunk.count,
                           Self.equal(arena.baseAddress! + offset + Self.headerSize, chunk.baseAddress!, chunk.count) {
                            return (offset, header, slot)
                        }
                    }
                    slot = (slot + 1) & (Self.slotCount - 1)
                }
            }
        }
    }

    /// Byte comparison for short chunks, eight bytes at a time.
    @inline(__always)
    private static func equal(_ a: UnsafeRawPointer, _ b: UnsafeRawPointer, _ count: Int) -> Bool {
        var k = 0
        while k + 8 <= count {
            if a.loadUnaligned(fromByteOffset: k, as: UInt64.self) != b.loadUnaligned(fromByteOffset: k, as: UInt64.self) { return false }
            k += 8
        }
        while k < count {
            if a.load(fromByteOffset: k, as: UInt8.self) != b.load(fromByteOffset: k, as: UInt8.self) { return false }
            k += 1
        }
        return true
    }

    /// The header of the blob at `offset`.
    @inline(__always)
    func header(at offset: Int) -> Header {
        arena.withUnsafeBytes { $0.loadUnaligned(fromByteOffset: offset, as: Header.self) }
    }

    /// Stores a chunk's layers in `slot` (from a `find` that failed just before) and returns
    /// the blob's offset, or nil when the table is full (it is cleared before the next text).
    mutating func insert(_ chunk: UnsafeBufferPointer<UInt8>, hash: UInt64, slot: Int, _ computed: ChunkLayers) -> Int? {
        let layers = computed.layers
        let size = Self.headerSize + chunk.count + layers.canonical.count + layers.bare.count + Self.recordAlignment
            + layers.records.count * Self.recordSize
        guard entryCount < Self.maximumEntries, arena.count + size <= Self.maximumArenaBytes else {
            isFull = true
            return nil
        }
        let header = Header(
            chunkCount: UInt16(chunk.count), recordCount: UInt16(layers.records.count),
            canonicalCount: UInt16(layers.canonical.count), bareCount: UInt16(layers.bare.count),
            sentences: UInt16(layers.records.last?.sentence ?? 0), endsSentence: computed.endsSentence, facts: computed.facts,
            alternativesStart: Int32(alternatives.count))
        let offset = arena.count
        withUnsafeBytes(of: header) { arena.append(contentsOf: $0) }
        arena.append(contentsOf: chunk)
        arena.append(contentsOf: layers.canonical)
        arena.append(contentsOf: layers.bare)
        // Records aligned for `TokenRecord`, so that they are copied in one go; so are blobs.
        while arena.count % Self.recordAlignment != 0 { arena.append(0) }
        layers.records.withUnsafeBytes { arena.append(contentsOf: $0) }
        alternatives.append(contentsOf: layers.alternatives)
        slots[slot] = (hash >> 32) << 32 | UInt64(offset + 1)
        entryCount += 1
        return offset
    }

    /// The layers of the pending chunks, one after the other, each chunk's moved to where it
    /// stands in the text (`source` set for every chunk; `transient` holds those not in the
    /// table). Every array is allocated once at its final size.
    func assemble(transient: [ChunkLayers]) -> TokenLayers {
        // Sizes first: a space goes between chunks that have tokens.
        var recordCount = 0
        var canonicalCount = 0
        var bareCount = 0
        for chunk in pending {
            let (records, canonical, bare) = sizes(of: chunk.source, transient: transient)
            guard records > 0 else { continue }
            let space = recordCount > 0 ? 1 : 0
            recordCount += records
            canonicalCount += canonical + space
            bareCount += bare + space
        }
        var readings: [[Alternative]] = []
        var canonicalLayer: [UInt8] = []
        var bareLayer: [UInt8] = []
        let records = [TokenRecord](unsafeUninitializedCapacity: recordCount) { records, recordsDone in
            canonicalLayer = [UInt8](unsafeUninitializedCapacity: canonicalCount) { canonicalOut, canonicalDone in
                bareLayer = [UInt8](unsafeUninitializedCapacity: bareCount) { bareOut, bareDone in
                    var assembler = LayerAssembler(records: records.baseAddress!, canonical: canonicalOut.baseAddress!, bare: bareOut.baseAddress!)
                    arena.withUnsafeBytes { arena in
                        for chunk in pending {
                            if chunk.source >= 0 {
                                let header = arena.loadUnaligned(fromByteOffset: chunk.source, as: Header.self)
                                guard header.recordCount > 0 else {
                                    assembler.skip(chunk)
                                    continue
                                }
                                var position = chunk.source + Self.headerSize + Int(header.chunkCount)
                                let canonical = UnsafeRawBufferPointer(rebasing: arena[position..<(position + Int(header.canonicalCount))])
                                position += Int(header.canonicalCount)
                                let bare = UnsafeRawBufferPointer(rebasing: arena[position..<(position + Int(header.bareCount))])
                                position += Int(header.bareCount)
                                position += (Self.recordAlignment - position % Self.recordAlignment) % Self.recordAlignment
                                let count = Int(header.recordCount)
                                (arena.baseAddress! + position).withMemoryRebound(to: TokenRecord.self, capacity: count) { chunkRecords in
                                    assembler.place(
                                        chunk, records: UnsafeBufferPointer(start: chunkRecords, count: count), canonical: canonical, bare: bare,
                                        alternatives: alternatives, alternativesStart: Int(header.alternativesStart), into: &readings,
                                        sentences: Int(header.sentences), endsSentence: header.endsSentence)
                                }
                            } else {
                                let computed = transient[-chunk.source - 1]
                                guard let last = computed.layers.records.last else {
                                    assembler.skip(chunk)
                                    continue
                                }
                                computed.layers.records.withUnsafeBufferPointer { chunkRecords in
                                    computed.layers.canonical.withUnsafeBytes { canonical in
                                        computed.layers.bare.withUnsafeBytes { bare in
                                            assembler.place(
                                                chunk, records: chunkRecords, canonical: canonical, bare: bare,
                                                alternatives: computed.layers.alternatives, alternativesStart: 0, into: &readings,
                                                sentences: Int(last.sentence), endsSentence: computed.endsSentence)
                                        }
                                    }
                                }
                            }
                        }
                    }
                    bareDone = assembler.bareCount
                    canonicalDone = assembler.canonicalCount
                    recordsDone = assembler.recordCount
                }
            }
        }
        var layers = TokenLayers()
        layers.records = records
        layers.canonical = canonicalLayer
        layers.bare = bareLayer
        layers.alternatives = readings
        return layers
    }

    /// Records and layer bytes of a chunk's layers.
    private func sizes(of source: Int, transient: [ChunkLayers]) -> (records: Int, canonical: Int, bare: Int) {
        if source >= 0 {
            let header = header(at: source)
            return (Int(header.recordCount), Int(header.canonicalCount), Int(header.bareCount))
        }
        let layers = transient[-source - 1].layers
        return (layers.records.count, layers.canonical.count, layers.bare.count)
    }
}

/// Writes chunks' records and layer bytes into a text's arrays, moving each chunk's records to
/// where the chunk stands and numbering sentences.
private struct LayerAssembler {
    let records: UnsafeMutablePointer<TokenRecord>
    let canonical: UnsafeMutablePointer<UInt8>
    let bare: UnsafeMutablePointer<UInt8>
    private(set) var recordCount = 0
    private(set) var canonicalCount = 0
    private(set) var bareCount = 0
    private var sentence = 0
    private var breakPending = false

    init(records: UnsafeMutablePointer<TokenRecord>, canonical: UnsafeMutablePointer<UInt8>, bare: UnsafeMutablePointer<UInt8>) {
        self.records = records
        self.canonical = canonical
        self.bare = bare
    }

    /// A chunk without tokens: only its line break counts.
    mutating func skip(_ chunk: ChunkTable.PendingChunk) {
        if chunk.newlineBefore, recordCount > 0 { breakPending = true }
    }

    @inline(__always)
    mutating func place(
        _ chunk: ChunkTable.PendingChunk, records chunkRecords: UnsafeBufferPointer<TokenRecord>, canonical chunkCanonical: UnsafeRawBufferPointer,
        bare chunkBare: UnsafeRawBufferPointer, alternatives: [[Alternative]], alternativesStart: Int, into readings: inout [[Alternative]],
        sentences: Int, endsSentence: Bool
    ) {
        if chunk.newlineBefore, recordCount > 0 { breakPending = true }
        if breakPending {
            sentence += 1
            breakPending = false
        }
        // Chunks are separated by white space: one space between them in both layers.
        if recordCount > 0 {
            canonical[canonicalCount] = 0x20
            bare[bareCount] = 0x20
            canonicalCount += 1
            bareCount += 1
        }
        let canonicalShift = Int32(truncatingIfNeeded: canonicalCount)
        let bareShift = Int32(truncatingIfNeeded: bareCount)
        if let source = chunkCanonical.baseAddress { UnsafeMutableRawPointer(canonical + canonicalCount).copyMemory(from: source, byteCount: chunkCanonical.count) }
        if let source = chunkBare.baseAddress { UnsafeMutableRawPointer(bare + bareCount).copyMemory(from: source, byteCount: chunkBare.count) }
        canonicalCount += chunkCanonical.count
        bareCount += chunkBare.count
        let scalarShift = Int32(truncatingIfNeeded: chunk.scalarStart)
        let utf8Shift = Int32(truncatingIfNeeded: chunk.start)
        let sentenceShift = Int32(truncatingIfNeeded: sentence)
        for var record in chunkRecords {
            record.shift(scalars: scalarShift, utf8: utf8Shift, canonical: canonicalShift, bare: bareShift, sentence: sentenceShift)
            if record.alternatives >= 0 {
                readings.append(alternatives[alternativesStart + Int(record.alternatives)])
                record.alternatives = Int32(truncatingIfNeeded: readings.count - 1)
            }
            (records + recordCount).initialize(to: record)
            recordCount += 1
        }
        sentence += sentences
        if endsSentence { breakPending = true }
    }
}
