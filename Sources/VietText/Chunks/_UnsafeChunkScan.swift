/// The chunk path's per-byte loops over a text's UTF-8, on a pointer: splitting it into
/// chunks, counting their scalars and hashing them eight bytes at a time. They run over every
/// byte of every text (the chunk path read through spans cost the normalizer 4 % more
/// instructions). Every index it is given is asserted to lie in the text. Valid only inside
/// `scan(_:_:)`.
struct _UnsafeChunkScan {
    private let base: UnsafeRawPointer
    let count: Int

    private init(_ bytes: UnsafeBufferPointer<UInt8>) {
        // An empty text has no address; nothing is then read.
        base = bytes.baseAddress.map(UnsafeRawPointer.init) ?? UnsafeRawPointer(bitPattern: MemoryLayout<UInt64>.alignment)!
        count = bytes.count
    }

    /// Runs `body` with a scan of `text`'s bytes.
    @inline(__always)
    static func scan<Result>(_ text: Span<UInt8>, _ body: (_UnsafeChunkScan) -> Result) -> Result {
        text.withUnsafeBufferPointer { body(_UnsafeChunkScan($0)) }
    }

    @inline(__always)
    subscript(index: Int) -> UInt8 {
        assert(index >= 0 && index < count, "byte outside the text")
        return base.load(fromByteOffset: index, as: UInt8.self)
    }

    /// The eight bytes at `index`, the first in the low byte.
    @inline(__always)
    private func word(at index: Int) -> UInt64 {
        assert(index >= 0 && index + 8 <= count, "word read outside the text")
        return UInt64(littleEndian: base.loadUnaligned(fromByteOffset: index, as: UInt64.self))
    }

    /// The text's chunks (see `Normalizer.findChunks(_:into:lookup:)`), each chunk's slot in
    /// `lookup`'s table prefetched; false when a phone number has more groups than one chunk holds.
    func findChunks(into chunks: inout [TextChunks.PendingChunk], lookup: ChunkTable.Lookup) -> Bool {
        chunks.removeAll(keepingCapacity: true)
        var previousChunkMayOpenPhone = false
        var newlineBefore = false
        var scalarIndex = 0
        var i = 0
        while i < count {
            let byte = self[i]
            // White space between chunks.
            if Normalizer.separatesChunks(byte) {
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
                let (end, scalars) = chunkEnd(from: i)
                i = end
                scalarIndex += scalars
                // A phone number written in groups (`0912 345 678`, `+84 912 345 678`) spans
                // chunks: they are read as one.
                let continues = merges == 0 ? mayOpenPhone(segmentStart..<i) : (0x30...0x39).contains(self[i - 1])
                guard merges < 4, continues, i + 1 < count, self[i] == 0x20,
                      (0x30...0x39).contains(self[i + 1]) else { break }
                i += 1
                scalarIndex += 1
                segmentStart = i
                merges += 1
            }
            // Longer groups than that: the full path.
            if previousChunkMayOpenPhone, (0x30...0x39).contains(self[chunkStart]) { return false }
            previousChunkMayOpenPhone = merges == 0 ? mayOpenPhone(segmentStart..<i) : (0x30...0x39).contains(self[i - 1])
            let hash = i - chunkStart <= ChunkCache.maximumChunkLength ? hash(chunkStart..<i) : 0
            if hash != 0 { lookup.prefetchSlot(hash: hash) }
            chunks.append(TextChunks.PendingChunk(
                start: chunkStart, end: i, scalarStart: chunkScalarStart, newlineBefore: newlineBefore, hash: hash))
            newlineBefore = false
        }
        return true
    }

    /// `ChunkHash` of the bytes in `range`.
    @inline(__always)
    func hash(_ range: Range<Int>) -> UInt64 {
        let multiplier: UInt64 = 0x9E37_79B9_7F4A_7C15
        assert(range.lowerBound >= 0 && range.upperBound <= count, "chunk outside the text")
        var hash = ByteHash.seed ^ UInt64(range.count) &* 0xC2B2_AE3D_27D4_EB4F
        var i = range.lowerBound
        while i + 8 <= range.upperBound {
            hash = (hash ^ word(at: i)) &* multiplier
            hash ^= hash >> 29
            i += 8
        }
        let rest = range.upperBound - i
        if rest > 0 {
            var last: UInt64 = 0
            if range.upperBound >= 8 {
                // The last eight bytes of the text up to the chunk's end, shifted to keep the
                // chunk's last `rest`.
                last = word(at: range.upperBound - 8) >> UInt64(64 - 8 * rest)
            } else {
                for k in 0..<rest { last |= UInt64(self[i + k]) << UInt64(8 * k) }
            }
            hash = (hash ^ last) &* multiplier
        }
        return ByteHash.finish(hash)
    }

    /// Where the chunk starting at `start` ends (the next byte that `separatesChunks`, or the
    /// end), and how many scalars it holds (its bytes that are not UTF-8 continuation bytes).
    ///
    /// Eight bytes at a time: the first byte below 0x21 (white space is among them) and the
    /// continuation bytes (`10xxxxxx`) are found with word arithmetic, not byte by byte.
    @inline(__always)
    func chunkEnd(from start: Int) -> (end: Int, scalars: Int) {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let highs: UInt64 = 0x8080_8080_8080_8080
        assert(start >= 0 && start <= count, "chunk outside the text")
        var i = start
        var scalars = 0
        while i + 8 <= count {
            let word = word(at: i)
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
            if Normalizer.separatesChunks(self[i]) { return (i, scalars) }
            // A control character that is not white space: part of the chunk.
            scalars += 1
            i += 1
        }
        while i < count {
            let byte = self[i]
            if Normalizer.separatesChunks(byte) { break }
            if byte & 0xC0 != 0x80 { scalars += 1 }
            i += 1
        }
        return (i, scalars)
    }

    /// Whether the bytes in `range` end in digits that may begin a phone number continued
    /// after a space: a run of digits, `.` and `-` that starts with 0, 8 or +.
    private func mayOpenPhone(_ range: Range<Int>) -> Bool {
        guard let last = range.last, (0x30...0x39).contains(self[last]) else { return false }
        var k = last
        while k > range.lowerBound, (0x30...0x39).contains(self[k - 1]) || self[k - 1] == 0x2E || self[k - 1] == 0x2D { k -= 1 }
        if k > range.lowerBound, self[k - 1] == 0x2B { k -= 1 }
        return self[k] == 0x30 || self[k] == 0x2B || self[k] == 0x38
    }
}
