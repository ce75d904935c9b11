import CPrefetch
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
/// the full path). Shared by every copy of a `Normalizer` and by every task using them: one
/// table (`ChunkStorage`) that tasks read without locks and extend under one, so that a word
/// is normalized once whatever the number of workers. A full table is not cleared but
/// replaced: the texts being normalized keep the old one alive until they are done.
final class ChunkCache: Sendable {
    /// Chunks longer than this (in UTF-8 bytes) are normalized without caching.
    static let maximumChunkLength = 96
    /// Chunk lists kept for reuse; more concurrent tasks than this make lists that are dropped.
    private static let pooledLists = 16

    private struct State {
        /// Made on first use: a normalizer that never normalizes allocates no table.
        var storage: ChunkStorage?
        var pendingLists: [[ChunkTable.PendingChunk]] = []
    }

    private let state = Mutex(State())

    /// Runs `body` with the current table and a chunk list no other task uses meanwhile.
    @inline(__always)  // `body` inlined, not given a context that copies what it captures
    func withTable<Result>(_ body: (inout ChunkTable) -> Result) -> Result {
        let (storage, pending) = state.withLock { state in
            (Self.current(&state), state.pendingLists.popLast() ?? [])
        }
        var table = ChunkTable(storage: .passUnretained(storage), pending: pending)
        // `table` does not hold the storage; this does, until `body` is done.
        let result = withExtendedLifetime(storage) { body(&table) }
        let used = table.pending
        state.withLock { state in
            if state.pendingLists.count < Self.pooledLists { state.pendingLists.append(used) }
        }
        return result
    }

    /// Runs `body` with the table `scratch` keeps (the current one when it kept none, or one
    /// of another cache, or a full one) and `scratch`'s chunk list: no lock taken and, while
    /// the table has room, no reference count touched.
    @inline(__always)  // as above
    func withTable<Result>(scratch: NormalizationScratch, _ body: (inout ChunkTable) -> Result) -> Result {
        if scratch.cacheID != ObjectIdentifier(self) || scratch.table?._withUnsafeGuaranteedRef(\.isFull) ?? true {
            let storage = state.withLock { Self.current(&$0) }
            scratch.keep(storage, of: self)
        }
        var table = ChunkTable(storage: scratch.table!, pending: [])
        swap(&table.pending, &scratch.pending)  // moved, not copied: no reference count touched
        let result = body(&table)
        swap(&table.pending, &scratch.pending)
        return result
    }

    /// The table texts use now: a new one when there is none or the last one is full.
    private static func current(_ state: inout State) -> ChunkStorage {
        if let storage = state.storage, !storage.isFull { return storage }
        let storage = ChunkStorage()
        state.storage = storage
        return storage
    }
}

/// One task's state for normalizing text after text (`Normalizer.normalize(_:scratch:)`): the
/// chunk table it reads, its list of a text's chunks and the working arrays of new chunks.
/// Kept by that task and never shared.
///
/// Without it every text takes the cache's lock twice, retains and releases the shared table
/// several times and takes the new chunks' scratch from a locked pool: a few atomic writes to
/// memory that every concurrent task writes too, so that the cache lines holding those locks
/// and reference counts move from core to core at every text. With it, a text touches none.
package final class NormalizationScratch {
    /// The table `keptTable` holds, read without retaining it (`keptTable` keeps it alive).
    fileprivate var table: Unmanaged<ChunkStorage>?
    private var keptTable: ChunkStorage?
    /// The cache the table is from, kept alive so that its identity stays unique.
    fileprivate var cacheID: ObjectIdentifier?
    private var keptCache: ChunkCache?
    /// The chunks of the text being normalized (storage reused from text to text).
    fileprivate var pending: [ChunkTable.PendingChunk] = []
    /// The working arrays of new chunks, from text to text.
    var chunkScratch: ChunkScratch?

    package init() {}

    fileprivate func keep(_ storage: ChunkStorage, of cache: ChunkCache) {
        keptTable = storage
        table = .passUnretained(storage)
        keptCache = cache
        cacheID = ObjectIdentifier(cache)
    }
}

/// A chunk's tokens normalized on their own: layers with ranges relative to the chunk.
struct ChunkLayers {
    var layers: TokenLayers
    /// The chunk ends with sentence-final punctuation (`.`, `!`, `?`, `…`).
    var endsSentence: Bool
    var facts: ChunkFacts
}

/// The cache's table: each chunk's facts in one contiguous blob of an arena (its bytes, its
/// layers, its records), found by the hash of the chunk's bytes with open addressing over
/// 8-byte slots that carry part of the hash, so that a hit reads one slot and one blob.
///
/// Read by any number of tasks at once without a lock: a blob is written in full before the
/// slot that points to it is published (a releasing store, read by acquiring loads), and
/// neither changes afterwards. Inserts take the writer's lock. The arena and the slots are
/// allocated once at their final size, so nothing moves under a reader.
final class ChunkStorage: @unchecked Sendable {
    static let maximumEntries = 1 << 17
    static let maximumArenaBytes = 24 << 20
    static let slotCount = ChunkStorage.maximumEntries * 2

    /// Per slot: the hash's high 32 bits; the number of cache lines the blob spans, up to 7
    /// (bits 29-31); the blob's offset / 8 + 1 (bits 0-28; 0: empty).
    let slots: UnsafeMutablePointer<Atomic<UInt64>>
    /// Blobs, each starting at a multiple of 8.
    let arena: UnsafeMutableRawPointer

    /// The teencode readings of stored chunks, written once each (like blobs, before the slot
    /// that leads to them is published) and read without a lock.
    let readings: UnsafeMutablePointer<[Alternative]>
    static let maximumReadings = ChunkStorage.maximumEntries

    private struct Writer {
        var arenaCount = 0
        var entryCount = 0
        var readingsCount = 0
    }

    private let writer = Mutex(Writer())
    private let full = Atomic(false)

    /// The slots, then the arena: one mapping of zeroed memory (empty slots without writing
    /// 2 MB; pages are touched as the table fills), in 2 MB pages where the system gives them.
    private let region: ZeroedRegion

    init() {
        let slotBytes = Self.slotCount * MemoryLayout<Atomic<UInt64>>.stride
        region = ZeroedRegion(byteCount: slotBytes + Self.maximumArenaBytes)
        // An `Atomic<UInt64>` is its 8 bytes, and all-zero bytes are the value 0.
        slots = region.base.bindMemory(to: Atomic<UInt64>.self, capacity: Self.slotCount)
        arena = region.base + slotBytes
        readings = .allocate(capacity: Self.maximumReadings)
    }

    deinit {
        region.release()  // `Atomic<UInt64>` needs no deinitialization
        readings.deinitialize(count: writer.withLock { $0.readingsCount })
        readings.deallocate()
    }

    /// An insert found no room: the cache starts a new table for the next text.
    var isFull: Bool { full.load(ordering: .relaxed) }

    @inline(__always)
    static func offset(ofSlot stored: UInt64) -> Int { Int((stored & 0x1FFF_FFFF) - 1) << 3 }

    @inline(__always)
    static func lines(ofSlot stored: UInt64) -> Int { Int((stored >> 29) & 7) }

    /// The slot where a look-up of `hash` starts.
    @inline(__always)
    static func firstSlot(_ hash: UInt64) -> Int { Int(truncatingIfNeeded: hash) & (slotCount - 1) }

    /// Stores a chunk's layers and returns the blob's offset (that of the same chunk when
    /// another task stored it first), or nil when the table is full.
    func insert(_ chunk: UnsafeBufferPointer<UInt8>, hash: UInt64, _ computed: ChunkLayers) -> Int? {
        let layers = computed.layers
        let headerSize = ChunkTable.headerSize
        let compact = layers.records.allSatisfy(CompactRecord.fits)
        let (recordsAt, size) = Self.blobLayout(
            chunk: chunk.count, canonical: layers.canonical.count, bare: layers.bare.count, records: layers.records.count,
            compact: compact)
        return writer.withLock { (writer: inout Writer) -> Int? in
            let slot: Int
            switch place(chunk, hash: hash, size: size, readings: layers.alternatives.count, writer: writer) {
            case .stored(let offset): return offset
            case .full: return nil
            case .free(let free): slot = free
            }
            let offset = writer.arenaCount
            let blob = arena + offset
            let header = ChunkTable.Header(
                chunkCount: UInt16(chunk.count), recordCount: UInt16(layers.records.count),
                canonicalCount: UInt16(layers.canonical.count), bareCount: UInt16(layers.bare.count),
                sentences: UInt16(layers.records.last?.sentence ?? 0), endsSentence: computed.endsSentence, facts: computed.facts,
                readingsCount: UInt16(layers.alternatives.count),
                readingsStart: layers.alternatives.isEmpty ? -1 : Int32(writer.readingsCount), compactRecords: compact)
            blob.storeBytes(of: header, as: ChunkTable.Header.self)
            (blob + headerSize).copyMemory(from: chunk.baseAddress!, byteCount: chunk.count)
            var position = headerSize + chunk.count
            layers.canonical.withUnsafeBytes { bytes in
                if let base = bytes.baseAddress { (blob + position).copyMemory(from: base, byteCount: bytes.count) }
                position += bytes.count
            }
            layers.bare.withUnsafeBytes { bytes in
                if let base = bytes.baseAddress { (blob + position).copyMemory(from: base, byteCount: bytes.count) }
                position += bytes.count
            }
            // Records aligned (8, at least either record's alignment).
            (blob + position).initializeMemory(as: UInt8.self, repeating: 0, count: recordsAt - position)
            if compact {
                let out = (blob + recordsAt).bindMemory(to: CompactRecord.self, capacity: layers.records.count)
                for (k, record) in layers.records.enumerated() { (out + k).initialize(to: CompactRecord(record)) }
            } else {
                layers.records.withUnsafeBytes { bytes in
                    if let base = bytes.baseAddress { (blob + recordsAt).copyMemory(from: base, byteCount: bytes.count) }
                }
            }
            (readings + writer.readingsCount).initialize(from: layers.alternatives, count: layers.alternatives.count)
            writer.readingsCount += layers.alternatives.count
            writer.arenaCount += size
            writer.entryCount += 1
            publish(slot, hash: hash, offset: offset, size: size)
            return offset
        }
    }

    /// Where a new blob of `size` bytes with `readings` teencode readings for `chunk` goes,
    /// under the writer's lock: the blob of the same chunk when another task stored it since
    /// this one looked it up, else the free slot its look-up ends at; `.full` (and the table
    /// marked full) when an entry, the arena or the readings would overflow.
    @inline(__always)
    private func place(_ chunk: UnsafeBufferPointer<UInt8>, hash: UInt64, size: Int, readings: Int, writer: Writer) -> Placement {
        let slot: Int
        switch ChunkTable.Lookup(slots: slots, arena: arena).probe(chunk, hash: hash) {
        case .found(let offset, _): return .stored(offset: offset)
        case .free(let free): slot = free
        }
        guard writer.entryCount < Self.maximumEntries, writer.arenaCount + size <= Self.maximumArenaBytes,
              writer.readingsCount + readings <= Self.maximumReadings
        else {
            full.store(true, ordering: .relaxed)
            return .full
        }
        return .free(slot: slot)
    }

    private enum Placement {
        case stored(offset: Int)
        case free(slot: Int)
        case full
    }

    /// Where a blob's records start and how many bytes it takes: the header, the chunk's
    /// bytes and its layers' bytes, then the records at a multiple of 8; blobs start at
    /// multiples of 8 (a slot keeps the offset / 8).
    static func blobLayout(chunk: Int, canonical: Int, bare: Int, records: Int, compact: Bool) -> (recordsAt: Int, size: Int) {
        let recordSize = compact ? MemoryLayout<CompactRecord>.stride : ChunkTable.recordSize
        let recordsAt = (ChunkTable.headerSize + chunk + canonical + bare + 7) & ~7
        return (recordsAt, (recordsAt + records * recordSize + 7) & ~7)
    }

    /// Makes the blob at `offset`, written in full, reachable from `slot` (a releasing store:
    /// a reader that sees the slot sees the blob).
    private func publish(_ slot: Int, hash: UInt64, offset: Int, size: Int) {
        let lines = UInt64(min(7, (offset & 63 + size + 63) / 64))
        slots[slot].store((hash >> 32) << 32 | lines << 29 | UInt64(offset >> 3 + 1), ordering: .releasing)
    }
}

extension ChunkStorage {
    /// Stores `chunk` with a copy of the blob at `offset` (that of another chunk with the same
    /// layers: the same text in other capitals) and returns the copy's offset (that of `chunk`
    /// when another task stored it first), or nil when the table is full.
    func insertCopy(_ chunk: UnsafeBufferPointer<UInt8>, hash: UInt64, of offset: Int) -> Int? {
        let source = arena + offset
        let header = source.loadUnaligned(as: ChunkTable.Header.self)
        precondition(Int(header.chunkCount) == chunk.count, "a copied blob keeps its chunk's length")
        let size = Self.blobLayout(
            chunk: chunk.count, canonical: Int(header.canonicalCount), bare: Int(header.bareCount),
            records: Int(header.recordCount), compact: header.compactRecords
        ).size
        return writer.withLock { (writer: inout Writer) -> Int? in
            let slot: Int
            switch place(chunk, hash: hash, size: size, readings: 0, writer: writer) {
            case .stored(let offset): return offset
            case .full: return nil
            case .free(let free): slot = free
            }
            // The readings stay where they are: the copy's header points to the same ones.
            let copy = writer.arenaCount
            (arena + copy).copyMemory(from: source, byteCount: size)
            (arena + copy + ChunkTable.headerSize).copyMemory(from: chunk.baseAddress!, byteCount: chunk.count)
            writer.arenaCount += size
            writer.entryCount += 1
            publish(slot, hash: hash, offset: copy, size: size)
            return copy
        }
    }
}

/// One text's use of the cache: the shared table, and the text's chunks.
struct ChunkTable {
    /// The fixed part of a blob; then come the chunk's bytes, its canonical bytes, its bare
    /// bytes and, aligned, `recordCount` records (`CompactRecord`s, or `TokenRecord`s for the
    /// rare chunk whose offsets do not fit in a byte; ranges relative to the chunk, layer
    /// offsets relative to the blob's layer bytes, sentences relative to the chunk's first).
    /// The chunk's bytes come first: a look-up compares them right after the header.
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

    /// A chunk of the text being normalized.
    struct PendingChunk {
        var start: Int
        var end: Int
        var scalarStart: Int
        /// A line break separates it from the chunk before.
        var newlineBefore: Bool
        /// `ChunkHash` of the chunk's bytes (0 for chunks too long to cache).
        var hash: UInt64
        /// The first slot its look-up reads, as read ahead.
        var slot: UInt64 = 0
        /// Where its layers are: the blob's offset in the arena, or `-(k + 1)` for the
        /// text's `k`th chunk that is not in the table.
        var source: Int = 0
    }

    static let maximumEntries = ChunkStorage.maximumEntries
    static let headerSize = MemoryLayout<Header>.size
    static let recordSize = MemoryLayout<TokenRecord>.stride

    /// The table, used without retaining it: the caller keeps it alive while the text uses
    /// it (retained for every text, the object shared by all workers would have its
    /// reference count bounce between their cores).
    private let storage: Unmanaged<ChunkStorage>
    /// `storage`'s slots and arena, read through these copies: reaching them through the
    /// object at every look-up retains and releases it, and the object is shared by every
    /// worker, so its reference count would bounce between their cores.
    private let slots: UnsafeMutablePointer<Atomic<UInt64>>
    private let arena: UnsafeMutableRawPointer
    /// The chunks of the text being normalized (storage reused from text to text).
    var pending: [PendingChunk]

    /// `storage`'s teencode readings.
    private let storedReadings: UnsafeMutablePointer<[Alternative]>

    init(storage: Unmanaged<ChunkStorage>, pending: [PendingChunk]) {
        self.storage = storage
        (slots, arena, storedReadings) = storage._withUnsafeGuaranteedRef { ($0.slots, $0.arena, $0.readings) }
        self.pending = pending
    }

    /// Reads the slot and prefetches the blob of every pending chunk ahead of the look-ups: the
    /// loads are independent of each other, so the processor overlaps their cache misses, which
    /// one look-up after another could not (each waits for its slot, then for its blob).
    mutating func prefetchPending() {
        // The slots first (independent loads), then the blobs they point to.
        for k in pending.indices where pending[k].hash != 0 {
            pending[k].slot = slots[ChunkStorage.firstSlot(pending[k].hash)].load(ordering: .acquiring)
        }
        for chunk in pending where chunk.slot != 0 && chunk.slot >> 32 == chunk.hash >> 32 {
            // The cache lines the blob spans (up to 7), at their first byte that belongs to the
            // blob: all of it was published with the slot. Hints, not loads: a load would be
            // held in flight until its line arrived, and these would fill the processor's queue.
            let offset = ChunkStorage.offset(ofSlot: chunk.slot)
            let firstLine = offset & ~63
            for line in 0..<ChunkStorage.lines(ofSlot: chunk.slot) {
                sangloc_prefetch(arena + max(offset, firstLine + line * 64))
            }
        }
    }

    /// The look-ups of this table: plain pointers, so that a loop of look-ups touches no
    /// reference count (through `self`, each would retain and release the shared `storage`).
    var lookup: Lookup { Lookup(slots: slots, arena: arena) }

    struct Lookup {
        let slots: UnsafeMutablePointer<Atomic<UInt64>>
        let arena: UnsafeMutableRawPointer

        /// Where `chunk`'s look-up ends: at its blob, or at the free slot where it would go.
        enum Probe {
            case found(offset: Int, header: Header)
            case free(slot: Int)
        }

        /// Follows `chunk`'s slots from its hash until its blob or a free slot.
        @inline(__always)
        func probe(_ chunk: UnsafeBufferPointer<UInt8>, hash: UInt64) -> Probe {
            let tag = hash >> 32
            var slot = ChunkStorage.firstSlot(hash)
            while true {
                let stored = slots[slot].load(ordering: .acquiring)
                if stored == 0 { return .free(slot: slot) }
                if stored >> 32 == tag {
                    let offset = ChunkStorage.offset(ofSlot: stored)
                    let blob = arena + offset
                    if ChunkTable.holds(chunk, blob: blob) { return .found(offset: offset, header: blob.loadUnaligned(as: Header.self)) }
                }
                slot = (slot + 1) & (ChunkStorage.slotCount - 1)
            }
        }

        /// Prefetches the first slot a look-up of `hash` reads (`prefetchPending` then finds
        /// the slots of a text's chunks in cache).
        @inline(__always)
        func prefetchSlot(hash: UInt64) {
            sangloc_prefetch(slots + ChunkStorage.firstSlot(hash))
        }

        /// The blob offset and header for `chunk`, if the table holds it.
        @inline(__always)
        func find(_ chunk: UnsafeBufferPointer<UInt8>, hash: UInt64) -> (offset: Int, header: Header)? {
            guard case .found(let offset, let header) = probe(chunk, hash: hash) else { return nil }
            return (offset, header)
        }
    }

    /// Whether the blob at `blob` is that of `chunk`.
    @inline(__always)
    static func holds(_ chunk: UnsafeBufferPointer<UInt8>, blob: UnsafeRawPointer) -> Bool {
        Int(blob.loadUnaligned(as: Header.self).chunkCount) == chunk.count
            && equal(blob + headerSize, UnsafeRawPointer(chunk.baseAddress!), chunk.count)
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

    /// Stores a chunk's layers and returns the blob's offset, or nil when the table is full
    /// (the cache starts a new one before the next text).
    func insert(_ chunk: UnsafeBufferPointer<UInt8>, hash: UInt64, _ computed: ChunkLayers) -> Int? {
        storage._withUnsafeGuaranteedRef { $0.insert(chunk, hash: hash, computed) }
    }

    /// The layers of the blob at `offset`, as `normalizeChunk` gave them when it was stored.
    func layers(at offset: Int) -> ChunkLayers {
        let header = arena.loadUnaligned(fromByteOffset: offset, as: Header.self)
        let blob = Blob(at: arena + offset, header: header, readings: storedReadings)
        let count = Int(header.recordCount)
        var layers = TokenLayers()
        layers.canonical = Array(blob.canonical)
        layers.bare = Array(blob.bare)
        if header.compactRecords {
            layers.records = blob.records.withMemoryRebound(to: CompactRecord.self, capacity: count) { records in
                UnsafeBufferPointer(start: records, count: count).map(\.record)
            }
        } else {
            layers.records = Array(blob.records.withMemoryRebound(to: TokenRecord.self, capacity: count) { records in
                UnsafeBufferPointer(start: records, count: count)
            })
        }
        layers.alternatives = Array(blob.readings)
        return ChunkLayers(layers: layers, endsSentence: header.endsSentence, facts: header.facts)
    }

    /// A stored blob read in place (the layout `ChunkStorage.insert` writes): its layers'
    /// bytes, its first record (`CompactRecord`s when `header.compactRecords`, else
    /// `TokenRecord`s) and its teencode readings.
    struct Blob {
        let canonical: UnsafeRawBufferPointer
        let bare: UnsafeRawBufferPointer
        let records: UnsafeRawPointer
        let readings: UnsafeBufferPointer<[Alternative]>

        @inline(__always)
        init(at blob: UnsafeRawPointer, header: Header, readings stored: UnsafePointer<[Alternative]>) {
            let (chunkCount, canonicalCount, bareCount) = (Int(header.chunkCount), Int(header.canonicalCount), Int(header.bareCount))
            canonical = UnsafeRawBufferPointer(start: blob + headerSize + chunkCount, count: canonicalCount)
            bare = UnsafeRawBufferPointer(start: blob + headerSize + chunkCount + canonicalCount, count: bareCount)
            records = blob + ChunkStorage.blobLayout(
                chunk: chunkCount, canonical: canonicalCount, bare: bareCount, records: Int(header.recordCount),
                compact: header.compactRecords
            ).recordsAt
            readings = UnsafeBufferPointer(
                start: header.readingsStart < 0 ? nil : stored + Int(header.readingsStart),
                count: header.readingsStart < 0 ? 0 : Int(header.readingsCount))
        }
    }

    /// Stores `chunk` with a copy of the layers of the blob at `offset`; see
    /// `ChunkStorage.insertCopy(_:hash:of:)`.
    func insertCopy(_ chunk: UnsafeBufferPointer<UInt8>, hash: UInt64, of offset: Int) -> Int? {
        storage._withUnsafeGuaranteedRef { $0.insertCopy(chunk, hash: hash, of: offset) }
    }

    /// The sizes of a text's layers, added up chunk by chunk as the chunks are looked up (so
    /// that assembling them reads no chunk twice).
    struct LayerSizes {
        private(set) var records = 0
        private(set) var canonical = 0
        private(set) var bare = 0

        /// Adds the next chunk's sizes; a space goes between chunks that have tokens.
        @inline(__always)
        mutating func add(records: Int, canonical: Int, bare: Int) {
            guard records > 0 else { return }
            let space = self.records > 0 ? 1 : 0
            self.records += records
            self.canonical += canonical + space
            self.bare += bare + space
        }

        mutating func add(_ header: Header) {
            add(records: Int(header.recordCount), canonical: Int(header.canonicalCount), bare: Int(header.bareCount))
        }

        mutating func add(_ layers: TokenLayers) {
            add(records: layers.records.count, canonical: layers.canonical.count, bare: layers.bare.count)
        }
    }

    /// The layers of the pending chunks, one after the other, each chunk's moved to where it
    /// stands in the text (`source` set for every chunk; `transient` holds those not in the
    /// table; `sizes` are the chunks' sizes added up in order). Every array is allocated once
    /// at its final size.
    func assemble(transient: [ChunkLayers], sizes: LayerSizes) -> TokenLayers {
        let (recordCount, canonicalCount, bareCount) = (sizes.records, sizes.canonical, sizes.bare)
        var readings: [[Alternative]] = []
        var canonicalLayer: [UInt8] = []
        var bareLayer: [UInt8] = []
        let arena = UnsafeRawPointer(self.arena)
        let storedReadings = UnsafePointer(self.storedReadings)
        let records = [TokenRecord](unsafeUninitializedCapacity: recordCount) { records, recordsDone in
            canonicalLayer = [UInt8](unsafeUninitializedCapacity: canonicalCount) { canonicalOut, canonicalDone in
                bareLayer = [UInt8](unsafeUninitializedCapacity: bareCount) { bareOut, bareDone in
                    var assembler = LayerAssembler(records: records.baseAddress!, canonical: canonicalOut.baseAddress!, bare: bareOut.baseAddress!)
                    for chunk in pending {
                        if chunk.source >= 0 {
                            let header = arena.loadUnaligned(fromByteOffset: chunk.source, as: Header.self)
                            guard header.recordCount > 0 else {
                                assembler.skip(chunk)
                                continue
                            }
                            let blob = Blob(at: arena + chunk.source, header: header, readings: storedReadings)
                            let count = Int(header.recordCount)
                            if header.compactRecords {
                                blob.records.withMemoryRebound(to: CompactRecord.self, capacity: count) { chunkRecords in
                                    assembler.place(
                                        chunk, records: UnsafeBufferPointer(start: chunkRecords, count: count).lazy.map(\.record),
                                        canonical: blob.canonical, bare: blob.bare, alternatives: blob.readings, into: &readings,
                                        sentences: Int(header.sentences), endsSentence: header.endsSentence)
                                }
                            } else {
                                blob.records.withMemoryRebound(to: TokenRecord.self, capacity: count) { chunkRecords in
                                    assembler.place(
                                        chunk, records: UnsafeBufferPointer(start: chunkRecords, count: count), canonical: blob.canonical,
                                        bare: blob.bare, alternatives: blob.readings, into: &readings,
                                        sentences: Int(header.sentences), endsSentence: header.endsSentence)
                                }
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
                                        computed.layers.alternatives.withUnsafeBufferPointer { alternatives in
                                            assembler.place(
                                                chunk, records: chunkRecords, canonical: canonical, bare: bare,
                                                alternatives: alternatives, into: &readings,
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
        _ chunk: ChunkTable.PendingChunk, records chunkRecords: some Sequence<TokenRecord>, canonical chunkCanonical: UnsafeRawBufferPointer,
        bare chunkBare: UnsafeRawBufferPointer, alternatives: UnsafeBufferPointer<[Alternative]>, into readings: inout [[Alternative]],
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
        Self.copy(chunkCanonical, to: canonical + canonicalCount)
        Self.copy(chunkBare, to: bare + bareCount)
        canonicalCount += chunkCanonical.count
        bareCount += chunkBare.count
        let scalarShift = Int32(truncatingIfNeeded: chunk.scalarStart)
        let utf8Shift = Int32(truncatingIfNeeded: chunk.start)
        let sentenceShift = Int32(truncatingIfNeeded: sentence)
        for var record in chunkRecords {
            record.shift(scalars: scalarShift, utf8: utf8Shift, canonical: canonicalShift, bare: bareShift, sentence: sentenceShift)
            if record.alternatives >= 0 {
                readings.append(alternatives[Int(record.alternatives)])
                record.alternatives = Int32(truncatingIfNeeded: readings.count - 1)
            }
            (records + recordCount).initialize(to: record)
            recordCount += 1
        }
        sentence += sentences
        if endsSentence { breakPending = true }
    }

    /// Copies a chunk's layer bytes: most are a few bytes long, copied here with two loads and
    /// two stores that may overlap rather than by a call to `memmove` for each.
    @inline(__always)
    private static func copy(_ source: UnsafeRawBufferPointer, to destination: UnsafeMutablePointer<UInt8>) {
        guard let from = source.baseAddress else { return }
        let to = UnsafeMutableRawPointer(destination)
        let count = source.count
        switch count {
        case 8...16:
            let (head, tail) = (from.loadUnaligned(as: UInt64.self), from.loadUnaligned(fromByteOffset: count - 8, as: UInt64.self))
            to.storeBytes(of: head, as: UInt64.self)
            to.storeBytes(of: tail, toByteOffset: count - 8, as: UInt64.self)
        case 4..<8:
            let (head, tail) = (from.loadUnaligned(as: UInt32.self), from.loadUnaligned(fromByteOffset: count - 4, as: UInt32.self))
            to.storeBytes(of: head, as: UInt32.self)
            to.storeBytes(of: tail, toByteOffset: count - 4, as: UInt32.self)
        case 0..<4:
            for k in 0..<count { to.storeBytes(of: from.load(fromByteOffset: k, as: UInt8.self), toByteOffset: k, as: UInt8.self) }
        default:
            to.copyMemory(from: from, byteCount: count)
        }
    }
}

/// A token record as the chunk table keeps it: its offsets, relative to its chunk (at most
/// `ChunkCache.maximumChunkLength` bytes), in a byte each. 24 bytes instead of a
/// `TokenRecord`'s 52: the table's blobs take half the memory (fewer cache lines read per
/// chunk, fewer fresh pages touched as the table fills). A chunk with a record that does not
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
