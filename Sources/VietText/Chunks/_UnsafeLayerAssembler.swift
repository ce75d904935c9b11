/// Writes chunks' records and layer bytes into a text's arrays, moving each chunk's records to
/// where the chunk stands and numbering sentences: straight into the arrays' uninitialized
/// storage, each allocated once at its final size. Every write is asserted to stay inside it.
struct _UnsafeLayerAssembler {
    private let records: UnsafeMutablePointer<TokenRecord>
    private let canonical: UnsafeMutablePointer<UInt8>
    private let bare: UnsafeMutablePointer<UInt8>
    /// The arrays' capacities, which every write is asserted to stay within.
    private let capacity: (records: Int, canonical: Int, bare: Int)
    private(set) var recordCount = 0
    private(set) var canonicalCount = 0
    private(set) var bareCount = 0
    private var sentence = 0
    private var breakPending = false

    private init(records: UnsafeMutableBufferPointer<TokenRecord>, canonical: UnsafeMutableBufferPointer<UInt8>, bare: UnsafeMutableBufferPointer<UInt8>) {
        self.records = records.baseAddress!
        self.canonical = canonical.baseAddress!
        self.bare = bare.baseAddress!
        capacity = (records.count, canonical.count, bare.count)
    }

    /// The layers of `pending` (each chunk's `source` set: a blob of `memory`, or one of
    /// `transient`), whose sizes add up to `sizes`.
    static func assemble(
        _ pending: [TextChunks.PendingChunk], from memory: _UnsafeChunkMemory, transient: [ChunkLayers], sizes: TextChunks.LayerSizes
    ) -> TokenLayers {
        var readings: [[Alternative]] = []
        var canonicalLayer: [UInt8] = []
        var bareLayer: [UInt8] = []
        let records = [TokenRecord](unsafeUninitializedCapacity: sizes.records) { records, recordsDone in
            canonicalLayer = [UInt8](unsafeUninitializedCapacity: sizes.canonical) { canonicalOut, canonicalDone in
                bareLayer = [UInt8](unsafeUninitializedCapacity: sizes.bare) { bareOut, bareDone in
                    var assembler = _UnsafeLayerAssembler(records: records, canonical: canonicalOut, bare: bareOut)
                    for chunk in pending {
                        if chunk.source >= 0 {
                            let header = memory.header(at: chunk.source)
                            guard header.recordCount > 0 else {
                                assembler.skip(chunk)
                                continue
                            }
                            let blob = memory.blob(at: chunk.source, header: header)
                            if header.compactRecords {
                                assembler.place(
                                    chunk, records: blob.compactRecords.lazy.map(\.record), canonical: blob.canonical, bare: blob.bare,
                                    alternatives: blob.readings, into: &readings, sentences: Int(header.sentences),
                                    endsSentence: header.endsSentence)
                            } else {
                                assembler.place(
                                    chunk, records: blob.fullRecords, canonical: blob.canonical, bare: blob.bare,
                                    alternatives: blob.readings, into: &readings, sentences: Int(header.sentences),
                                    endsSentence: header.endsSentence)
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
                    assert(assembler.recordCount == sizes.records && assembler.canonicalCount == sizes.canonical
                        && assembler.bareCount == sizes.bare, "assembled layers differ from their sizes")
                    bareDone = assembler.bareCount
                    canonicalDone = assembler.canonicalCount
                    recordsDone = assembler.recordCount
                }
            }
        }
        return TokenLayers(records: records, canonical: canonicalLayer, bare: bareLayer, alternatives: readings)
    }

    /// A chunk without tokens: only its line break counts.
    mutating func skip(_ chunk: TextChunks.PendingChunk) {
        if chunk.newlineBefore, recordCount > 0 { breakPending = true }
    }

    @inline(__always)
    mutating func place(
        _ chunk: TextChunks.PendingChunk, records chunkRecords: some Sequence<TokenRecord>, canonical chunkCanonical: UnsafeRawBufferPointer,
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
            assert(canonicalCount < capacity.canonical && bareCount < capacity.bare, "assembled layer overflows")
            canonical[canonicalCount] = 0x20
            bare[bareCount] = 0x20
            canonicalCount += 1
            bareCount += 1
        }
        let canonicalShift = Int32(truncatingIfNeeded: canonicalCount)
        let bareShift = Int32(truncatingIfNeeded: bareCount)
        assert(canonicalCount + chunkCanonical.count <= capacity.canonical && bareCount + chunkBare.count <= capacity.bare, "assembled layer overflows")
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
                assert(Int(record.alternatives) < alternatives.count, "chunk reading out of range")
                readings.append(alternatives[Int(record.alternatives)])
                record.alternatives = Int32(truncatingIfNeeded: readings.count - 1)
            }
            assert(recordCount < capacity.records, "assembled records overflow")
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
