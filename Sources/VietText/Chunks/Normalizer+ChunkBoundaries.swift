/// Where a text's chunks begin and end: ASCII white space, with phone numbers written in
/// groups kept in one chunk.
extension Normalizer {
    /// Splits a text into chunks at ASCII white space, with their scalar offsets and hashes,
    /// and prefetches each chunk's slot in `lookup`'s table. Phone numbers written in groups
    /// (`0912 345 678`) make one chunk. False when a phone number has more groups than that
    /// (the full path reads it).
    func findChunks(_ bytes: Span<UInt8>, into chunks: inout [TextChunks.PendingChunk], lookup: ChunkTable.Lookup) -> Bool {
        _UnsafeChunkScan.scan(bytes) { $0.findChunks(into: &chunks, lookup: lookup) }
    }

    /// ASCII white space: space, tab, and the line breaks (LF, CR, VT, FF).
    @inline(__always)
    static func separatesChunks(_ byte: UInt8) -> Bool {
        byte == 0x20 || (0x09...0x0D).contains(byte)
    }

    /// Where the chunk of `bytes` starting at `start` ends (the next byte that
    /// `separatesChunks`, or the end), and how many scalars it holds.
    static func chunkEnd(_ bytes: Span<UInt8>, from start: Int) -> (end: Int, scalars: Int) {
        _UnsafeChunkScan.scan(bytes) { $0.chunkEnd(from: start) }
    }

    /// A scalar opening a chunk that the full path would treat differently after white space:
    /// a combining mark (or a spacing tone mark that becomes one), or an invisible character
    /// that a mark may follow.
    static func mayAttachAcrossSpace(_ value: UInt32) -> Bool {
        guard let scalar = Unicode.Scalar(value) else { return true }
        guard let mapped = CharacterFolding.premap(scalar) else { return true }
        if mapped.value >= 0x300, ICU.combiningClass(mapped) != 0 { return true }
        return value == 0xAD || value == 0x34F || (0x200B...0x200F).contains(value) || (0x2060...0x206F).contains(value)
            || value == 0xFEFF || value == 0x180E
    }
}
