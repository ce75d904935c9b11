/// The hash of a chunk's bytes that the chunk table is keyed by: eight bytes per step (a
/// chunk's hash is computed for every chunk of every text; `ByteHash`, a byte per step, is for
/// the short syllables that the matcher looks up).
enum ChunkHash {
    @inline(__always)
    static func of(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> UInt64 {
        let multiplier: UInt64 = 0x9E37_79B9_7F4A_7C15
        assert(range.lowerBound >= 0 && range.upperBound <= bytes.count, "chunk outside the text")
        let base = UnsafeRawPointer(bytes.baseAddress!)
        var hash = ByteHash.seed ^ UInt64(range.count) &* 0xC2B2_AE3D_27D4_EB4F
        var i = range.lowerBound
        while i + 8 <= range.upperBound {
            hash = (hash ^ UInt64(littleEndian: base.loadUnaligned(fromByteOffset: i, as: UInt64.self))) &* multiplier
            hash ^= hash >> 29
            i += 8
        }
        let rest = range.upperBound - i
        if rest > 0 {
            var word: UInt64 = 0
            if range.upperBound >= 8 {
                // The last eight bytes of the text up to the chunk's end, shifted to keep the
                // chunk's last `rest`.
                word = UInt64(littleEndian: base.loadUnaligned(fromByteOffset: range.upperBound - 8, as: UInt64.self)) >> UInt64(64 - 8 * rest)
            } else {
                for k in 0..<rest { word |= UInt64(bytes[i + k]) << UInt64(8 * k) }
            }
            hash = (hash ^ word) &* multiplier
        }
        return ByteHash.finish(hash)
    }
}
