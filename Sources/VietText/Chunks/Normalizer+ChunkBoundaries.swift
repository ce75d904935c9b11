/// Where a text's chunks begin and end: ASCII white space, with phone numbers written in
/// groups kept in one chunk.
extension Normalizer {
    /// Splits a text into chunks at ASCII white space, with their scalar offsets and hashes,
    /// and prefetches each chunk's slot in `lookup`'s table. Phone numbers written in groups
    /// (`0912 345 678`) make one chunk. False when a phone number has more groups than that
    /// (the full path reads it).
    func findChunks(
        _ bytes: UnsafeBufferPointer<UInt8>, into chunks: inout [TextChunks.PendingChunk], lookup: ChunkTable.Lookup
    ) -> Bool {
        chunks.removeAll(keepingCapacity: true)
        var previousChunkMayOpenPhone = false
        var newlineBefore = false
        var scalarIndex = 0
        var i = 0
        let count = bytes.count
        while i < count {
            let byte = bytes[i]
            // White space between chunks.
            if Self.separatesChunks(byte) {
                if byte != 0x20 && byte != 0x09 { newlineBefore = true }
                i += 1
                scalarIndex += 1
                continue
            }
            // A chunk: up to the next ASCII white space.
            let chunkStart = i
            let chunkScalarStart = scalarIndex
            var segmentStart = i
            var merges = 0
            while true {
                let (end, scalars) = Self.chunkEnd(bytes, from: i)
                i = end
                scalarIndex += scalars
                // A phone number written in groups (`0912 345 678`, `+84 912 345 678`) spans
                // chunks: they are read as one.
                let continues = merges == 0 ? Self.mayOpenPhone(bytes, segmentStart..<i) : (0x30...0x39).contains(bytes[i - 1])
                guard merges < 4, continues, i + 1 < count, bytes[i] == 0x20,
                      (0x30...0x39).contains(bytes[i + 1]) else { break }
                i += 1
                scalarIndex += 1
                segmentStart = i
                merges += 1
            }
            // Longer groups than that: the full path.
            if previousChunkMayOpenPhone, (0x30...0x39).contains(bytes[chunkStart]) { return false }
            previousChunkMayOpenPhone = merges == 0 ? Self.mayOpenPhone(bytes, segmentStart..<i) : (0x30...0x39).contains(bytes[i - 1])
            let hash = i - chunkStart <= ChunkCache.maximumChunkLength ? ChunkHash.of(bytes, chunkStart..<i) : 0
            if hash != 0 { lookup.prefetchSlot(hash: hash) }
            chunks.append(TextChunks.PendingChunk(
                start: chunkStart, end: i, scalarStart: chunkScalarStart, newlineBefore: newlineBefore, hash: hash))
            newlineBefore = false
        }
        return true
    }

    /// ASCII white space: space, tab, and the line breaks (LF, CR, VT, FF).
    @inline(__always)
    static func separatesChunks(_ byte: UInt8) -> Bool {
        byte == 0x20 || (0x09...0x0D).contains(byte)
    }

    /// Where the chunk starting at `start` ends (the next byte that `separatesChunks`, or the
    /// end), and how many scalars it holds (its bytes that are not UTF-8 continuation bytes).
    ///
    /// Eight bytes at a time: the first byte below 0x21 (white space is among them) and the
    /// continuation bytes (`10xxxxxx`) are found with word arithmetic, not byte by byte.
    @inline(__always)
    static func chunkEnd(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> (end: Int, scalars: Int) {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let highs: UInt64 = 0x8080_8080_8080_8080
        let base = UnsafeRawPointer(bytes.baseAddress!)
        let count = bytes.count
        var i = start
        var scalars = 0
        while i + 8 <= count {
            assert(i >= 0 && i + 8 <= count, "word read outside the text")
            let word = UInt64(littleEndian: base.loadUnaligned(fromByteOffset: i, as: UInt64.self))
            // High bit of each byte below 0x21 (exact for the lowest one: a borrow only
            // reaches the bytes above it) and of each continuation byte.
            let low = (word &- 0x21 &* ones) & ~word & highs
            let continuation = word & ~(word << 1) & highs
            if low == 0 {
                scalars += 8 - continuation.nonzeroBitCount
                i += 8
                continue
            }
            let n = low.trailingZeroBitCount >> 3
            scalars += n - (continuation & ((1 << UInt64(n * 8)) &- 1)).nonzeroBitCount
            i += n
            if separatesChunks(bytes[i]) { return (i, scalars) }
            // A control character that is not white space: part of the chunk.
            scalars += 1
            i += 1
        }
        while i < count {
            let byte = bytes[i]
            if separatesChunks(byte) { break }
            if byte & 0xC0 != 0x80 { scalars += 1 }
            i += 1
        }
        return (i, scalars)
    }

    /// Whether a chunk ends in digits that may begin a phone number continued after a space:
    /// a run of digits, `.` and `-` that starts with 0, 8 or +.
    private static func mayOpenPhone(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Bool {
        guard let last = range.last, (0x30...0x39).contains(bytes[last]) else { return false }
        var k = last
        while k > range.lowerBound, (0x30...0x39).contains(bytes[k - 1]) || bytes[k - 1] == 0x2E || bytes[k - 1] == 0x2D { k -= 1 }
        if k > range.lowerBound, bytes[k - 1] == 0x2B { k -= 1 }
        return bytes[k] == 0x30 || bytes[k] == 0x2B || bytes[k] == 0x38
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
