import Synchronization

/// The writing side of the chunk table: new blobs under the writer's lock, each published by
/// its slot once written in full.
extension ChunkTable {
    /// Stores a chunk's layers and returns the blob's offset (that of the same chunk when
    /// another task stored it first), or nil when the table is full.
    func insert(_ chunk: Span<UInt8>, hash: UInt64, _ computed: ChunkLayers) -> Int? {
        let layers = computed.layers
        let compact = layers.records.allSatisfy(CompactRecord.fits)
        let size = ChunkBlob.layout(
            chunk: chunk.count, canonical: layers.canonical.count, bare: layers.bare.count, records: layers.records.count,
            compact: compact
        ).size
        return writer.withLock { (writer: inout Writer) -> Int? in
            let slot: Int
            switch place(chunk, hash: hash, size: size, readings: layers.alternatives.count, writer: writer) {
            case .stored(let offset): return offset
            case .full: return nil
            case .free(let free): slot = free
            }
            let offset = writer.arenaCount
            let header = ChunkBlob.Header(
                chunkCount: UInt16(chunk.count), recordCount: UInt16(layers.records.count),
                canonicalCount: UInt16(layers.canonical.count), bareCount: UInt16(layers.bare.count),
                sentences: UInt16(layers.records.last?.sentence ?? 0), endsSentence: computed.endsSentence, facts: computed.facts,
                readingsCount: UInt16(layers.alternatives.count),
                readingsStart: layers.alternatives.isEmpty ? -1 : Int32(writer.readingsCount), compactRecords: compact)
            memory.writeBlob(at: offset, chunk: chunk, header: header, layers: layers)
            writer.readingsCount += layers.alternatives.count
            writer.arenaCount += size
            writer.entryCount += 1
            publish(slot, hash: hash, offset: offset, size: size)
            return offset
        }
    }

    /// Stores `chunk` with a copy of the blob at `offset` (that of another chunk with the same
    /// layers: the same text in other capitals) and returns the copy's offset (that of `chunk`
    /// when another task stored it first), or nil when the table is full.
    func insertCopy(_ chunk: Span<UInt8>, hash: UInt64, of offset: Int) -> Int? {
        let size = ChunkBlob.layout(of: memory.header(at: offset)).size
        return writer.withLock { (writer: inout Writer) -> Int? in
            let slot: Int
            switch place(chunk, hash: hash, size: size, readings: 0, writer: writer) {
            case .stored(let offset): return offset
            case .full: return nil
            case .free(let free): slot = free
            }
            // The readings stay where they are: the copy's header points to the same ones.
            let copy = writer.arenaCount
            memory.copyBlob(from: offset, to: copy, size: size, chunk: chunk)
            writer.arenaCount += size
            writer.entryCount += 1
            publish(slot, hash: hash, offset: copy, size: size)
            return copy
        }
    }

    private enum Placement {
        case stored(offset: Int)
        case free(slot: Int)
        case full
    }

    /// Where a new blob of `size` bytes with `readings` teencode readings for `chunk` goes,
    /// under the writer's lock: the blob of the same chunk when another task stored it since
    /// this one looked it up, else the free slot its look-up ends at; `.full` (and the table
    /// marked full) when an entry, the arena or the readings would overflow.
    @inline(__always)
    private func place(_ chunk: Span<UInt8>, hash: UInt64, size: Int, readings: Int, writer: Writer) -> Placement {
        let slot: Int
        switch lookup.probe(chunk, hash: hash) {
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

    /// Makes the blob at `offset`, written in full, reachable from `slot`.
    private func publish(_ slot: Int, hash: UInt64, offset: Int, size: Int) {
        let lines = UInt64(min(7, (offset & 63 + size + 63) / 64))
        memory.publish(slot, (hash >> 32) << 32 | lines << 29 | UInt64(offset >> 3 + 1))
    }
}
