extension Normalizer {
    /// Normalizes a text from cached chunks, or returns nil when the text needs a step that
    /// looks beyond one chunk (see `ChunkCache`); the result is the same as the full path's.
    func normalizeByChunks(_ text: String) -> NormalizedText? {
        var contiguous = text
        let layers: TokenLayers? = contiguous.withUTF8 { bytes in
            cache.withTable { table in layersByChunks(bytes, table: &table) }
        }
        guard let layers else { return nil }
        guard layers.needsPostProcessing else { return NormalizedText(original: text, layers: layers, flags: []) }
        let tokens = TokenPostProcessor(configuration: configuration).finish(Array(TokenList(layers: layers)))
        return NormalizedText(original: text, tokens: tokens, flags: [])
    }

    private func layersByChunks(_ bytes: UnsafeBufferPointer<UInt8>, table: inout ChunkTable) -> TokenLayers? {
        var sentence = 0
        var breakPending = false
        var maximumScalar: UInt32 = 0
        var sawVIQRMark = false
        var sawHighLetter = false
        var previousChunkMayOpenPhone = false
        var newlineBefore = false
        var scalarIndex = 0
        var i = 0
        let count = bytes.count
        // First the chunks are found (and the text-level checks made), then their entries are
        // read ahead all at once, then each chunk's tokens are appended.
        table.pending.removeAll(keepingCapacity: true)
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
            var first = true
            while true {
                while i < count {
                    let b = bytes[i]
                    if Self.separatesChunks(b) { break }
                    var value: UInt32
                    if b < 0x80 {
                        value = UInt32(b)
                        i += 1
                        if b == 0x5E || b == 0x60 || b == 0x7E || b == 0x2B || b == 0x28 || b == 0x3F { sawVIQRMark = true }
                    } else {
                        let length = b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : 2
                        value = UInt32(b) & (0xFF >> (length + 1))
                        for k in 1..<length where i + k < count { value = value << 6 | (UInt32(bytes[i + k]) & 0x3F) }
                        i += length
                        // Greek and Cyrillic (look-alikes read by context), line separators,
                        // and combining marks opening a chunk need the full path.
                        if (0x370...0x4FF).contains(value) || value == 0x2028 || value == 0x2029 || value == 0x85 { return nil }
                        if first, Self.mayAttachAcrossSpace(value) { return nil }
                    }
                    if value > maximumScalar { maximumScalar = value }
                    if !sawHighLetter, value >= 0xC0, Unicode.Scalar(value)?.properties.isAlphabetic == true { sawHighLetter = true }
                    scalarIndex += 1
                    first = false
                }
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
            if previousChunkMayOpenPhone, (0x30...0x39).contains(bytes[chunkStart]) { return nil }
            previousChunkMayOpenPhone = merges == 0 ? Self.mayOpenPhone(bytes, segmentStart..<i) : (0x30...0x39).contains(bytes[i - 1])

            table.pending.append(ChunkTable.PendingChunk(
                start: chunkStart, end: i, scalarStart: chunkScalarStart, newlineBefore: newlineBefore,
                hash: i - chunkStart <= ChunkCache.maximumChunkLength ? ByteHash.of(UnsafeBufferPointer(rebasing: bytes[chunkStart..<i])) : 0))
            newlineBefore = false
        }
        // Text-level repairs: Latin-1 mojibake, VIQR.
        if configuration.repairEncodings {
            if maximumScalar <= 0xFF, maximumScalar >= 0x80 { return nil }
            if !sawHighLetter, sawVIQRMark, VIQRDecoder.decode(Array(String(decoding: bytes, as: UTF8.self).unicodeScalars)) != nil {
                return nil
            }
        }
        table.prefetchPending()
        var layers = TokenLayers()
        layers.records.reserveCapacity(table.pending.count * 3 / 2 + 4)
        layers.canonical.reserveCapacity(bytes.count + 16)
        layers.bare.reserveCapacity(bytes.count + 16)
        for k in table.pending.indices {
            let pending = table.pending[k]
            let chunk = UnsafeBufferPointer(rebasing: bytes[pending.start..<pending.end])
            if pending.newlineBefore, !layers.records.isEmpty { breakPending = true }
            let sentences: Int
            let endsSentence: Bool
            if chunk.count <= ChunkCache.maximumChunkLength {
                let found = table.find(chunk, hash: pending.hash)
                let entry: ChunkTable.Entry
                if let cached = found.entry {
                    entry = cached
                } else {
                    let computed = normalizeChunk(String(decoding: chunk, as: UTF8.self))
                    entry = table.insert(chunk, hash: pending.hash, slot: found.slot, layers: computed.layers, endsSentence: computed.endsSentence)
                }
                guard entry.header.recordCount > 0 else { continue }
                if breakPending {
                    sentence += 1
                    breakPending = false
                }
                table.append(entry, to: &layers, scalar: pending.scalarStart, utf8: pending.start, sentence: sentence)
                (sentences, endsSentence) = (Int(entry.header.sentences), entry.header.endsSentence)
            } else {
                // Too long to be worth keeping (a long URL, a text without spaces).
                let computed = normalizeChunk(String(decoding: chunk, as: UTF8.self))
                guard let last = computed.layers.records.last else { continue }
                if breakPending {
                    sentence += 1
                    breakPending = false
                }
                layers.append(chunk: computed.layers, scalar: pending.scalarStart, utf8: pending.start, sentence: sentence)
                (sentences, endsSentence) = (Int(last.sentence), computed.endsSentence)
            }
            sentence += sentences
            if endsSentence { breakPending = true }
        }
        return layers
    }

    /// ASCII white space: space, tab, and the line breaks (LF, CR, VT, FF).
    @inline(__always)
    private static func separatesChunks(_ byte: UInt8) -> Bool {
        byte == 0x20 || (0x09...0x0D).contains(byte)
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
    private static func mayAttachAcrossSpace(_ value: UInt32) -> Bool {
        guard let scalar = Unicode.Scalar(value) else { return true }
        guard let mapped = CharacterFolding.premap(scalar) else { return true }
        if mapped.value >= 0x300, ICU.combiningClass(mapped) != 0 { return true }
        return value == 0xAD || value == 0x34F || (0x200B...0x200F).contains(value) || (0x2060...0x206F).contains(value)
            || value == 0xFEFF || value == 0x180E
    }

    /// One chunk through the full path, without the passes that need the whole post: its
    /// layers with ranges relative to the chunk, and whether it ends a sentence.
    private func normalizeChunk(_ chunk: String) -> (layers: TokenLayers, endsSentence: Bool) {
        let folded = CharacterFolding.fold(Array(chunk.unicodeScalars))
        var builder = TokenBuilder(folded: folded, configuration: configuration)
        var tokens = builder.build(Tokenizer(folded.scalars).tokenize())
        Self.assignUTF8Ranges(&tokens, in: chunk)
        let endsSentence = tokens.last.map { token in
            token.kind == .punctuation && token.canonical.unicodeScalars.contains { "。.!?…".unicodeScalars.contains($0) }
        } ?? false
        return (TokenLayers(tokens, capacity: tokens.count), endsSentence)
    }
}
