/// One text's use of the chunk cache: the table its chunks are looked up in and added to, and
/// the text's chunks.
struct TextChunks {
    /// A chunk of the text being normalized: 28 bytes rather than 64 with `Int`s, as a long
    /// post holds one per word (texts stay under 2 GiB, as `TokenRecord`'s offsets do).
    struct PendingChunk {
        /// `ChunkHash` of the chunk's bytes (0 for chunks too long to cache), in two halves so
        /// that the entry is aligned to 4 bytes, not 8.
        private var hashLow: UInt32
        private var hashHigh: UInt32
        private var start32: Int32
        private var end32: Int32
        private var scalarStart32: Int32
        /// Where its layers are: the blob's offset in the arena, or `-(k + 1)` for the
        /// text's `k`th chunk that is not in the table.
        private var source32: Int32 = 0
        /// A line break separates it from the chunk before.
        var newlineBefore: Bool

        init(start: Int, end: Int, scalarStart: Int, newlineBefore: Bool, hash: UInt64) {
            (start32, end32, scalarStart32) = (Int32(truncatingIfNeeded: start), Int32(truncatingIfNeeded: end), Int32(truncatingIfNeeded: scalarStart))
            self.newlineBefore = newlineBefore
            (hashLow, hashHigh) = (UInt32(truncatingIfNeeded: hash), UInt32(truncatingIfNeeded: hash >> 32))
        }

        var hash: UInt64 { UInt64(hashHigh) << 32 | UInt64(hashLow) }
        /// Its UTF-8 bytes in the text, and its first scalar's offset.
        var start: Int { Int(start32) }
        var end: Int { Int(end32) }
        var scalarStart: Int { Int(scalarStart32) }
        var source: Int {
            get { Int(source32) }
            set { source32 = Int32(truncatingIfNeeded: newValue) }
        }
    }

    /// Chunk lists longer than this are not kept for the next text: a long post's list would
    /// otherwise stay allocated (40 bytes a word) while it is matched and after.
    static let maximumKeptChunks = 16_384

    /// The table, kept alive by the cache or the task's scratch while the text uses it.
    let table: ChunkTable
    /// The chunks of the text being normalized (storage reused from text to text).
    var pending: [PendingChunk]

    init(table: ChunkTable, pending: [PendingChunk]) {
        self.table = table
        self.pending = pending
    }

    /// The look-ups of the table.
    var lookup: ChunkTable.Lookup { ChunkTable.Lookup(memory: table.memory) }

    /// Reads the slot and prefetches the blob of every pending chunk ahead of the look-ups: the
    /// loads are independent of each other, so the processor overlaps their cache misses, which
    /// one look-up after another could not (each waits for its slot, then for its blob).
    func prefetchPending() {
        table.memory.prefetchBlobs(of: pending)
    }

    /// Stores a chunk's layers and returns the blob's offset, or nil when the table is full
    /// (the cache starts a new one before the next text).
    func insert(_ chunk: Span<UInt8>, hash: UInt64, _ computed: ChunkLayers) -> Int? {
        table.insert(chunk, hash: hash, computed)
    }

    /// Stores `chunk` with a copy of the layers of the blob at `offset`; see
    /// `ChunkTable.insertCopy(_:hash:of:)`.
    func insertCopy(_ chunk: Span<UInt8>, hash: UInt64, of offset: Int) -> Int? {
        table.insertCopy(chunk, hash: hash, of: offset)
    }

    /// The layers of the blob at `offset`, as `normalizeChunk` gave them when it was stored.
    func layers(at offset: Int) -> ChunkLayers { table.layers(at: offset) }

    /// The layers of the pending chunks, one after the other, each chunk's moved to where it
    /// stands in the text (`source` set for every chunk; `transient` holds those not in the
    /// table; `sizes` are the chunks' sizes added up in order).
    func assemble(transient: [ChunkLayers], sizes: LayerSizes) -> TokenLayers {
        _UnsafeLayerAssembler.assemble(pending, from: table.memory, transient: transient, sizes: sizes)
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

        mutating func add(_ header: ChunkBlob.Header) {
            add(records: Int(header.recordCount), canonical: Int(header.canonicalCount), bare: Int(header.bareCount))
        }

        mutating func add(_ layers: TokenLayers) {
            add(records: layers.records.count, canonical: layers.canonical.count, bare: layers.bare.count)
        }
    }
}
