/// The hash of a chunk's bytes that the chunk table is keyed by: eight bytes per step (a
/// chunk's hash is computed for every chunk of every text; `ByteHash`, a byte per step, is for
/// the short syllables that the matcher looks up). Computed by `_UnsafeChunkScan`.
enum ChunkHash {
    /// The hash of `bytes[range]`, the same wherever those bytes stand.
    @inline(__always)
    static func of(_ bytes: Span<UInt8>, _ range: Range<Int>) -> UInt64 {
        _UnsafeChunkScan.scan(bytes) { $0.hash(range) }
    }

    /// The hash of all of `bytes`.
    @inline(__always)
    static func of(_ bytes: Span<UInt8>) -> UInt64 {
        _UnsafeChunkScan.scan(bytes) { $0.hash(0..<$0.count) }
    }
}
