import Synchronization

/// The chunk cache's table: each normalized chunk in one contiguous blob of an arena
/// (`ChunkBlob`: its bytes, its layers, its records), found by the hash of the chunk's bytes
/// with open addressing over 8-byte slots that carry part of the hash, so that a hit reads
/// one slot and one blob. This file is the look-up side; `ChunkTable+Insert.swift` the
/// writing side.
///
/// Read by any number of tasks at once without a lock: a blob is written in full before the
/// slot that points to it is published (a releasing store, read by acquiring loads), and
/// neither changes afterwards. Inserts take the writer's lock. The arena and the slots are
/// allocated once at their final size, so nothing moves under a reader.
final class ChunkTable: @unchecked Sendable {  // the memory follows the publication rule above; the counts are under `writer`
    static let maximumEntries = 1 << 17
    static let maximumArenaBytes = 24 << 20
    static let slotCount = ChunkTable.maximumEntries * 2
    static let maximumReadings = ChunkTable.maximumEntries

    /// The slots, the arena and the readings.
    let memory: _UnsafeChunkMemory
    /// The mapping that holds the slots and the arena.
    private let region: ZeroedRegion

    /// What inserts have used of the arena, the entries and the readings.
    struct Writer {
        var arenaCount = 0
        var entryCount = 0
        var readingsCount = 0
    }

    let writer = Mutex(Writer())
    let full = Atomic(false)

    init() {
        (memory, region) = _UnsafeChunkMemory.allocate()
    }

    deinit {
        memory.deallocate(region: region, readingsCount: writer.withLock { $0.readingsCount })
    }

    /// An insert found no room: the cache starts a new table for the next text.
    var isFull: Bool { full.load(ordering: .relaxed) }

    /// The blob offset a slot holds: bits 0-28 are the offset / 8 + 1 (0: empty); bits 29-31
    /// the number of cache lines the blob spans, up to 7; the high 32 bits the hash's.
    @inline(__always)
    static func offset(ofSlot stored: UInt64) -> Int { Int((stored & 0x1FFF_FFFF) - 1) << 3 }

    /// The number of cache lines the blob of a slot spans (up to 7).
    @inline(__always)
    static func lines(ofSlot stored: UInt64) -> Int { Int((stored >> 29) & 7) }

    /// The slot where a look-up of `hash` starts.
    @inline(__always)
    static func firstSlot(_ hash: UInt64) -> Int { Int(truncatingIfNeeded: hash) & (slotCount - 1) }

    /// The look-ups of this table, valid while it lives.
    var lookup: Lookup { Lookup(memory: memory) }

    /// Look-ups in a table: copied into the loops that look up a text's chunks, which then
    /// touch no reference count.
    struct Lookup {
        let memory: _UnsafeChunkMemory

        /// Where `chunk`'s look-up ends: at its blob, or at the free slot where it would go.
        enum Probe {
            case found(offset: Int, header: ChunkBlob.Header)
            case free(slot: Int)
        }

        /// Follows `chunk`'s slots from its hash until its blob or a free slot.
        @inline(__always)
        func probe(_ chunk: Span<UInt8>, hash: UInt64) -> Probe {
            let tag = hash >> 32
            var slot = ChunkTable.firstSlot(hash)
            while true {
                let stored = memory.slot(slot)
                if stored == 0 { return .free(slot: slot) }
                if stored >> 32 == tag {
                    let offset = ChunkTable.offset(ofSlot: stored)
                    if memory.holds(chunk, at: offset) { return .found(offset: offset, header: memory.header(at: offset)) }
                }
                slot = (slot + 1) & (ChunkTable.slotCount - 1)
            }
        }

        /// Prefetches the first slot a look-up of `hash` reads (`TextChunks.prefetchPending`
        /// then finds the slots of a text's chunks in cache).
        @inline(__always)
        func prefetchSlot(hash: UInt64) {
            memory.prefetchSlot(ChunkTable.firstSlot(hash))
        }

        /// The blob offset and header for `chunk`, if the table holds it.
        @inline(__always)
        func find(_ chunk: Span<UInt8>, hash: UInt64) -> (offset: Int, header: ChunkBlob.Header)? {
            guard case .found(let offset, let header) = probe(chunk, hash: hash) else { return nil }
            return (offset, header)
        }
    }

    /// The layers of the blob at `offset`, as `normalizeChunk` gave them when it was stored.
    func layers(at offset: Int) -> ChunkLayers {
        let blob = memory.blob(at: offset)
        return ChunkLayers(layers: blob.layers, endsSentence: blob.header.endsSentence, facts: blob.header.facts)
    }
}
