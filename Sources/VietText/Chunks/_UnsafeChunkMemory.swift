import CPrefetch
import Synchronization

/// The chunk table's memory read and written in place: its slots, its arena of blobs
/// (`ChunkBlob`) and its teencode readings. The only type that touches the table's pointers;
/// every slot, offset and reading index is asserted to lie inside its region.
///
/// Raw memory because the table is laid out by hand (blobs of varying size in one arena, slots
/// published with atomic stores for look-ups without a lock). A copy is valid while the
/// `ChunkTable` that made it lives.
struct _UnsafeChunkMemory: @unchecked Sendable {  // pointers into a table whose blobs never change once published
    private let slots: UnsafeMutablePointer<Atomic<UInt64>>
    private let arena: UnsafeMutableRawPointer
    private let readings: UnsafeMutablePointer<[Alternative]>

    /// The slots, then the arena: one mapping of zeroed memory (empty slots without writing
    /// them; pages are touched as the table fills); the readings allocated apart.
    static func allocate() -> (memory: _UnsafeChunkMemory, region: ZeroedRegion) {
        let slotBytes = ChunkTable.slotCount * MemoryLayout<Atomic<UInt64>>.stride
        let region = ZeroedRegion(byteCount: slotBytes + ChunkTable.maximumArenaBytes)
        // An `Atomic<UInt64>` is its 8 bytes, and all-zero bytes are the value 0.
        let slots = region.base.bindMemory(to: Atomic<UInt64>.self, capacity: ChunkTable.slotCount)
        let memory = _UnsafeChunkMemory(slots: slots, arena: region.base + slotBytes, readings: .allocate(capacity: ChunkTable.maximumReadings))
        return (memory, region)
    }

    private init(slots: UnsafeMutablePointer<Atomic<UInt64>>, arena: UnsafeMutableRawPointer, readings: UnsafeMutablePointer<[Alternative]>) {
        self.slots = slots
        self.arena = arena
        self.readings = readings
    }

    /// Frees the memory of `allocate()`, whose first `readingsCount` readings were written.
    func deallocate(region: ZeroedRegion, readingsCount: Int) {
        assert(readingsCount <= ChunkTable.maximumReadings, "chunk readings out of range")
        readings.deinitialize(count: readingsCount)
        readings.deallocate()
        region.release()  // `Atomic<UInt64>` needs no deinitialization
    }

    // MARK: slots

    /// Slot `index` (see `ChunkTable.offset(ofSlot:)`), read with acquiring order: a reader
    /// that sees a slot sees the blob it points to.
    @inline(__always)
    func slot(_ index: Int) -> UInt64 {
        assert(index >= 0 && index < ChunkTable.slotCount, "chunk slot out of range")
        return slots[index].load(ordering: .acquiring)
    }

    /// Makes slot `index` point to a blob written in full (a releasing store).
    func publish(_ index: Int, _ value: UInt64) {
        assert(index >= 0 && index < ChunkTable.slotCount, "chunk slot out of range")
        slots[index].store(value, ordering: .releasing)
    }

    /// Starts bringing slot `index` into cache.
    @inline(__always)
    func prefetchSlot(_ index: Int) {
        assert(index >= 0 && index < ChunkTable.slotCount, "chunk slot out of range")
        sangloc_prefetch(slots + index)
    }

    // MARK: blobs

    @inline(__always)
    private func assertInArena(_ offset: Int, _ count: Int) {
        assert(offset >= 0 && count >= 0 && offset + count <= ChunkTable.maximumArenaBytes, "chunk blob outside the arena")
    }

    /// Starts bringing the arena's byte at `offset` into cache (a hint, not a load).
    @inline(__always)
    func prefetchArena(_ offset: Int) {
        assertInArena(offset, 1)
        sangloc_prefetch(arena + offset)
    }

    /// Reads the first slot of each chunk and prefetches the blob it points to (see
    /// `TextChunks.prefetchPending`), by groups of 64 chunks (an ordinary post is one group):
    /// the slots first (independent loads), held on the stack rather than in the chunk list
    /// (which a long post has one entry a word of), then the blobs they point to.
    func prefetchBlobs(of pending: [TextChunks.PendingChunk]) {
        withUnsafeTemporaryAllocation(of: UInt64.self, capacity: 64) { slots in
            var groupStart = 0
            while groupStart < pending.count {
                let group = groupStart..<min(groupStart + 64, pending.count)
                for k in group {
                    assert(k - groupStart < slots.count, "prefetch group outside its slots")
                    let hash = pending[k].hash
                    slots[k - groupStart] = hash != 0 ? slot(ChunkTable.firstSlot(hash)) : 0  // a trivial type: no initialization needed
                }
                for k in group {
                    let slot = slots[k - groupStart]
                    guard slot != 0, slot >> 32 == pending[k].hash >> 32 else { continue }
                    // The cache lines the blob spans (up to 7), at their first byte that belongs
                    // to the blob: all of it was published with the slot. Hints, not loads: a
                    // load would be held in flight until its line arrived, and these would fill
                    // the processor's queue.
                    let offset = ChunkTable.offset(ofSlot: slot)
                    let firstLine = offset & ~63
                    for line in 0..<ChunkTable.lines(ofSlot: slot) {
                        prefetchArena(max(offset, firstLine + line * 64))
                    }
                }
                groupStart = group.upperBound
            }
        }
    }

    /// The header of the blob at `offset`.
    @inline(__always)
    func header(at offset: Int) -> ChunkBlob.Header {
        assertInArena(offset, ChunkBlob.headerSize)
        return arena.loadUnaligned(fromByteOffset: offset, as: ChunkBlob.Header.self)
    }

    /// Whether the blob at `offset` is that of `chunk`.
    @inline(__always)
    func holds(_ chunk: Span<UInt8>, at offset: Int) -> Bool {
        guard Int(header(at: offset).chunkCount) == chunk.count else { return false }
        assertInArena(offset, ChunkBlob.headerSize + chunk.count)
        return chunk.withUnsafeBytes { bytes in
            guard let base = bytes.baseAddress else { return true }  // both empty
            return Self.equal(arena + offset + ChunkBlob.headerSize, base, bytes.count)
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

    /// The blob at `offset`, read in place.
    @inline(__always)
    func blob(at offset: Int) -> Blob { blob(at: offset, header: header(at: offset)) }

    /// The blob at `offset`, whose header (read already) is `header`.
    @inline(__always)
    func blob(at offset: Int, header: ChunkBlob.Header) -> Blob {
        let (recordsAt, size) = ChunkBlob.layout(of: header)
        assertInArena(offset, size)
        let start = arena + offset
        let (chunkCount, canonicalCount) = (Int(header.chunkCount), Int(header.canonicalCount))
        let readingsStart = Int(header.readingsStart)
        assert(readingsStart < 0 || readingsStart + Int(header.readingsCount) <= ChunkTable.maximumReadings, "chunk readings out of range")
        return Blob(
            header: header,
            canonical: UnsafeRawBufferPointer(start: start + ChunkBlob.headerSize + chunkCount, count: canonicalCount),
            bare: UnsafeRawBufferPointer(start: start + ChunkBlob.headerSize + chunkCount + canonicalCount, count: Int(header.bareCount)),
            records: UnsafeRawPointer(start + recordsAt),
            readings: UnsafeBufferPointer(
                start: readingsStart < 0 ? nil : readings + readingsStart, count: readingsStart < 0 ? 0 : Int(header.readingsCount)))
    }

    /// A blob read in place: its layers' bytes, its records and its teencode readings. Valid
    /// while the table lives.
    struct Blob {
        let header: ChunkBlob.Header
        let canonical: UnsafeRawBufferPointer
        let bare: UnsafeRawBufferPointer
        private let records: UnsafeRawPointer
        let readings: UnsafeBufferPointer<[Alternative]>

        fileprivate init(
            header: ChunkBlob.Header, canonical: UnsafeRawBufferPointer, bare: UnsafeRawBufferPointer, records: UnsafeRawPointer,
            readings: UnsafeBufferPointer<[Alternative]>
        ) {
            self.header = header
            self.canonical = canonical
            self.bare = bare
            self.records = records
            self.readings = readings
        }

        /// The records as `CompactRecord`s (`header.compactRecords`).
        @inline(__always)
        var compactRecords: UnsafeBufferPointer<CompactRecord> {
            assert(header.compactRecords, "chunk records are full records")
            let count = Int(header.recordCount)
            return records.withMemoryRebound(to: CompactRecord.self, capacity: count) { UnsafeBufferPointer(start: $0, count: count) }
        }

        /// The records as `TokenRecord`s (not `header.compactRecords`).
        @inline(__always)
        var fullRecords: UnsafeBufferPointer<TokenRecord> {
            assert(!header.compactRecords, "chunk records are compact records")
            let count = Int(header.recordCount)
            return records.withMemoryRebound(to: TokenRecord.self, capacity: count) { UnsafeBufferPointer(start: $0, count: count) }
        }

        /// The layers of the blob, copied into arrays.
        var layers: TokenLayers {
            TokenLayers(
                records: header.compactRecords ? compactRecords.map(\.record) : Array(fullRecords),
                canonical: Array(canonical), bare: Array(bare), alternatives: Array(readings))
        }
    }

    // MARK: writing (under the table's writer lock)

    /// Writes a new blob for `chunk` with `layers` at `offset` (size from `ChunkBlob.layout`),
    /// its readings at `readingsStart`.
    func writeBlob(at offset: Int, chunk: Span<UInt8>, header: ChunkBlob.Header, layers: TokenLayers) {
        let (recordsAt, size) = ChunkBlob.layout(of: header)
        assertInArena(offset, size)
        assert(offset & 7 == 0, "blobs start at multiples of 8")
        let blob = arena + offset
        blob.storeBytes(of: header, as: ChunkBlob.Header.self)
        var position = ChunkBlob.headerSize
        assert(Int(header.chunkCount) == chunk.count, "a blob holds its chunk's bytes")
        chunk.withUnsafeBytes { bytes in
            if let base = bytes.baseAddress { (blob + position).copyMemory(from: base, byteCount: bytes.count) }
            position += bytes.count
        }
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
        if header.compactRecords {
            let out = (blob + recordsAt).bindMemory(to: CompactRecord.self, capacity: layers.records.count)
            for (k, record) in layers.records.enumerated() { (out + k).initialize(to: CompactRecord(record)) }
        } else {
            layers.records.withUnsafeBytes { bytes in
                if let base = bytes.baseAddress { (blob + recordsAt).copyMemory(from: base, byteCount: bytes.count) }
            }
        }
        if header.readingsStart >= 0 {
            let start = Int(header.readingsStart)
            assert(start + layers.alternatives.count <= ChunkTable.maximumReadings, "chunk readings out of range")
            (readings + start).initialize(from: layers.alternatives, count: layers.alternatives.count)
        }
    }

    /// Copies the blob at `source` (`size` bytes) to `offset`, with `chunk`'s bytes in place
    /// of its own (a chunk of the same length).
    func copyBlob(from source: Int, to offset: Int, size: Int, chunk: Span<UInt8>) {
        assertInArena(source, size)
        assertInArena(offset, size)
        assert(Int(header(at: source).chunkCount) == chunk.count, "a copied blob keeps its chunk's length")
        (arena + offset).copyMemory(from: arena + source, byteCount: size)
        chunk.withUnsafeBytes { bytes in
            if let base = bytes.baseAddress { (arena + offset + ChunkBlob.headerSize).copyMemory(from: base, byteCount: bytes.count) }
        }
    }
}
