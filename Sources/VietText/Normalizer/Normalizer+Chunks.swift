extension Normalizer {
    /// Normalizes a text from cached chunks, or returns nil when the text needs a step that
    /// looks beyond one chunk (see `ChunkCache`); the result is the same as the full path's.
    func normalizeByChunks(_ text: String, scratch: NormalizationScratch? = nil) -> NormalizedText? {
        // The working arrays for new chunks: the task's own, moved out of its scratch (not
        // copied: they stay uniquely referenced), or taken from `scratchPool` at the first
        // new chunk.
        var chunkScratch: ChunkScratch?
        if let scratch { swap(&chunkScratch, &scratch.chunkScratch) }
        var contiguous = text
        let layers: TokenLayers? = contiguous.withUTF8 { bytes in
            guard let scratch else { return cache.withTable { table in layersByChunks(bytes, table: &table, scratch: &chunkScratch) } }
            return cache.withTable(scratch: scratch) { table in layersByChunks(bytes, table: &table, scratch: &chunkScratch) }
        }
        // As the pool: scratch grown past its bound by a long chunk is not kept.
        if let scratch {
            if chunkScratch?.folded.scalars.capacity ?? 0 <= ChunkScratch.maximumKeptScalars { swap(&chunkScratch, &scratch.chunkScratch) }
        } else if let chunkScratch {
            scratchPool.giveBack(chunkScratch)
        }
        guard let layers else { return nil }
        guard layers.needsPostProcessing else { return NormalizedText(original: text, layers: layers, flags: []) }
        let tokens = TokenPostProcessor(configuration: configuration).finish(Array(TokenList(layers: layers)))
        return indexed(NormalizedText(original: text, tokens: tokens, flags: []))
    }

    /// `scratch` holds the working arrays for new chunks (taken from `scratchPool` when nil
    /// and left for the caller to give back).
    private func layersByChunks(_ bytes: UnsafeBufferPointer<UInt8>, table: inout ChunkTable, scratch: inout ChunkScratch?) -> TokenLayers? {
        // The chunks are found, their slots and blobs read ahead all at once, each looked up
        // (or normalized and stored); then the chunks' facts say whether the text needs the
        // full path after all, and if not, the layers are assembled in one go.
        guard findChunks(bytes, into: &table.pending, lookup: table.lookup) else { return nil }
        table.prefetchPending()
        var facts: ChunkFacts = []
        var sizes = ChunkTable.LayerSizes()
        var transient: [ChunkLayers] = []
        var pending = table.pending
        table.pending = []  // keeps the array uniquely referenced while its chunks are updated
        let lookup = table.lookup
        pending.withUnsafeMutableBufferPointer { chunks in
            for k in chunks.indices {
                let chunk = UnsafeBufferPointer(rebasing: bytes[chunks[k].start..<chunks[k].end])
                if chunk.count <= ChunkCache.maximumChunkLength {
                    if let (offset, header) = lookup.find(chunk, hash: chunks[k].hash) {
                        chunks[k].source = offset
                        facts.formUnion(header.facts)
                        sizes.add(header)
                        continue
                    }
                    // The same word in small letters (`Tốt` after `tốt`): the same layers.
                    if let (offset, header) = ChunkCase.findInSmallLetters(chunk, lookup: lookup) {
                        chunks[k].source = table.insertCopy(chunk, hash: chunks[k].hash, of: offset) ?? offset
                        facts.formUnion(header.facts)
                        sizes.add(header)
                        continue
                    }
                    let computed = joinedFromTable(chunk, table: table, scratch: &scratch) ?? normalizeChunk(chunk, scratch: &scratch)
                    facts.formUnion(computed.facts)
                    sizes.add(computed.layers)
                    if let offset = table.insert(chunk, hash: chunks[k].hash, computed) {
                        chunks[k].source = offset
                        continue
                    }
                    transient.append(computed)
                } else {
                    // Too long to be worth keeping (a long URL, a text without spaces).
                    let computed = normalizeChunk(chunk, scratch: &scratch)
                    facts.formUnion(computed.facts)
                    sizes.add(computed.layers)
                    transient.append(computed)
                }
                chunks[k].source = -transient.count
            }
        }
        table.pending = pending
        if facts.contains(.needsWholeText) { return nil }
        // Text-level repairs: Latin-1 / Windows-1252 mojibake (only scalars of those, some not ASCII), VIQR.
        if configuration.repairEncodings {
            if facts.contains(.nonASCII), !facts.contains(.aboveLatin1) { return nil }
            if !facts.contains(.highLetter), facts.contains(.viqrMark), VIQRDecoder.hasEvidence(bytes),
               VIQRDecoder.decode(Array(String(decoding: bytes, as: UTF8.self).unicodeScalars)) != nil {
                return nil
            }
        }
        // Every chunk's records, cached or not, were written with this normalizer's index.
        var layers = table.assemble(transient: transient, sizes: sizes)
        layers.syllableStamp = syllableStamp
        return layers
    }

    /// Splits a text into chunks at ASCII white space, with their scalar offsets and hashes,
    /// and prefetches each chunk's slot in `lookup`'s table. Phone numbers written in groups
    /// (`0912 345 678`) make one chunk. False when a phone number has more groups than that
    /// (the full path reads it).
    private func findChunks(
        _ bytes: UnsafeBufferPointer<UInt8>, into chunks: inout [ChunkTable.PendingChunk], lookup: ChunkTable.Lookup
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
            chunks.append(ChunkTable.PendingChunk(
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

    /// One chunk through the full path, without the passes that need the whole post: its
    /// layers with ranges relative to the chunk, whether it ends a sentence, and its facts.
    /// The working arrays are `scratch`'s (taken from `scratchPool` when nil), and so are the
    /// result's layers until the caller lets go of them.
    private func normalizeChunk(_ bytes: UnsafeBufferPointer<UInt8>, scratch: inout ChunkScratch?) -> ChunkLayers {
        if scratch == nil { scratch = scratchPool.take() }
        return normalizeChunk(bytes, scratch: &scratch!)
    }

    /// The layers of a word followed by punctuation (`đảo,` `nhé!!` `Vậy?`) when the table
    /// holds the word (`ChunkCase` capitals included): the word's entry, then the
    /// punctuation's (normalized and stored if new), as `normalizeChunk` would give the whole.
    ///
    /// Only where the two normalize apart as they do together: the word is Latin letters and
    /// combining marks (`simpleLetters`; no digit, symbol or inner punctuation, which the
    /// tokenizer reads across: `3,5`, `www.`, `l.ừ.a`) and the punctuation is ASCII
    /// `, . ! ? ; :`, each run of it a token of its own. The word is then one run of word
    /// characters, ended by the punctuation, its folding closed before it; every step reads
    /// that run alone (the text's Latin-or-not count, the only thing read across it, counts no
    /// punctuation); the tokens then follow without a space; the punctuation's tokens, facts
    /// and sentence end are its own. Nil otherwise, and when the table lacks the word.
    func joinedFromTable(_ chunk: UnsafeBufferPointer<UInt8>, table: ChunkTable, scratch: inout ChunkScratch?) -> ChunkLayers? {
        var split = chunk.count
        while split > 0, Self.isJoiningPunctuation(chunk[split - 1]) { split -= 1 }
        guard split > 0, split < chunk.count else { return nil }
        let word = UnsafeBufferPointer(rebasing: chunk[0..<split])
        guard let wordScalars = Self.simpleLetters(word) else { return nil }
        let lookup = table.lookup
        guard let wordEntry = lookup.find(word, hash: ChunkHash.of(word, 0..<word.count))
            ?? ChunkCase.findInSmallLetters(word, lookup: lookup) else { return nil }
        let punctuation = UnsafeBufferPointer(rebasing: chunk[split...])
        let punctuationHash = ChunkHash.of(punctuation, 0..<punctuation.count)
        let tail: ChunkLayers
        if let entry = lookup.find(punctuation, hash: punctuationHash) {
            tail = table.layers(at: entry.offset)
        } else {
            let computed = normalizeChunk(punctuation, scratch: &scratch)
            tail = ChunkLayers(layers: computed.layers, endsSentence: computed.endsSentence, facts: computed.facts)
            _ = table.insert(punctuation, hash: punctuationHash, tail)
        }
        let head = table.layers(at: wordEntry.offset)
        guard let last = head.layers.records.last, let first = tail.layers.records.first, tail.layers.alternatives.isEmpty else { return nil }
        var layers = head.layers
        let space = TokenLayers.needsSpace(
            previousEnd: Int(last.scalarEnd), previousKind: last.kind, start: Int(first.scalarStart) + wordScalars, kind: first.kind)
        if space {
            layers.canonical.append(0x20)
            layers.bare.append(0x20)
        }
        let (canonicalShift, bareShift) = (Int32(layers.canonical.count), Int32(layers.bare.count))
        layers.canonical += tail.layers.canonical
        layers.bare += tail.layers.bare
        for var record in tail.layers.records {
            record.shift(scalars: Int32(wordScalars), utf8: Int32(split), canonical: canonicalShift, bare: bareShift, sentence: last.sentence)
            layers.records.append(record)
        }
        return ChunkLayers(layers: layers, endsSentence: tail.endsSentence, facts: head.facts.union(tail.facts))
    }

    /// `, . ! ? ; :`: punctuation that ends a word without joining it (see `joinedFromTable`).
    @inline(__always)
    static func isJoiningPunctuation(_ byte: UInt8) -> Bool {
        byte == 0x2C || byte == 0x2E || byte == 0x21 || byte == 0x3F || byte == 0x3B || byte == 0x3A
    }

    /// The number of scalars of `word` when it is a Latin letter followed by Latin letters and
    /// combining marks: ASCII letters, U+00C0-U+024F but `×` and `÷`, U+1E00-U+1EFF, marks
    /// U+0300-U+036F; and not `www` (a link's start before a dot). Nil otherwise.
    static func simpleLetters(_ word: UnsafeBufferPointer<UInt8>) -> Int? {
        if word.count >= 3, word[0] | 0x20 == 0x77, word[1] | 0x20 == 0x77, word[2] | 0x20 == 0x77 { return nil }
        var scalars = 0
        for scalar in ValidUTF8Scalars(word) {
            let value = scalar.value
            let letter = (0x41...0x5A).contains(value) || (0x61...0x7A).contains(value)
                || ((0xC0...0x24F).contains(value) && value != 0xD7 && value != 0xF7) || (0x1E00...0x1EFF).contains(value)
            guard letter || (scalars > 0 && (0x300...0x36F).contains(value)) else { return nil }
            scalars += 1
        }
        return scalars
    }

    /// `normalizeChunk(_:scratch:)` with the scratch at hand: the tokens are written into the
    /// layers as they are built (`ChunkLayerWriter`), through the same steps as `normalizeWhole`.
    func normalizeChunk(_ bytes: UnsafeBufferPointer<UInt8>, scratch: inout ChunkScratch) -> ChunkLayers {
        // The bytes are a `String`'s (so valid UTF-8), read as scalars without making one.
        let original = ValidUTF8Scalars(bytes)
        let facts: ChunkFacts
        if let asciiFacts = ChunkFacts(printableASCII: bytes) {
            CharacterFolding.foldPrintableASCII(bytes, into: &scratch.folded)
            facts = asciiFacts
        } else {
            CharacterFolding.fold(original, into: &scratch.folded)
            facts = ChunkFacts(original)
        }
        Tokenizer(scratch.folded.scalars).tokenize(into: &scratch.rawTokens)
        var writer = ChunkLayerWriter(layers: TokenLayers(), utf8: bytes, teencode: configuration.teencode)
        swap(&writer.layers, &scratch.layers)
        writer.layers.removeAll()
        var builder = TokenBuilder(folded: scratch.folded, configuration: configuration)
        builder.build(scratch.rawTokens, into: &writer)
        swap(&writer.layers, &scratch.layers)
        // The matcher's syllable ids, kept with the chunk in the cache.
        if let syllables { scratch.layers.assignSyllableIDs(from: syllables.index) }
        let layers = scratch.layers
        let endsSentence = layers.records.last.map { record in
            record.kind == .punctuation && layers.canonical.withUnsafeBufferPointer { canonical in
                ValidUTF8Scalars(UnsafeBufferPointer(rebasing: canonical[Int(record.canonicalStart)..<Int(record.canonicalEnd)]))
                    .contains { "。.!?…".unicodeScalars.contains($0) }
            }
        } ?? false
        return ChunkLayers(layers: layers, endsSentence: endsSentence, facts: facts)
    }
}

/// The scalars of valid UTF-8 (a `String`'s bytes), decoded as they are read.
struct ValidUTF8Scalars: Sequence {
    let bytes: UnsafeBufferPointer<UInt8>

    init(_ bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }

    /// The length of the sequence a lead byte opens.
    @inline(__always)
    static func width(lead: UInt8) -> Int {
        lead < 0x80 ? 1 : lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : 2
    }

    struct Iterator: IteratorProtocol {
        let bytes: UnsafeBufferPointer<UInt8>
        var offset = 0

        @inline(__always)
        mutating func next() -> Unicode.Scalar? {
            guard offset < bytes.count else { return nil }
            let lead = bytes[offset]
            if lead < 0x80 {
                offset += 1
                return Unicode.Scalar(lead)
            }
            let width = ValidUTF8Scalars.width(lead: lead)
            var value = UInt32(lead) & (0xFF >> (width + 1))
            for k in 1..<width where offset + k < bytes.count { value = value << 6 | UInt32(bytes[offset + k] & 0x3F) }
            offset += width
            // Valid UTF-8 always decodes to a scalar.
            return Unicode.Scalar(value) ?? "\u{FFFD}"
        }
    }

    func makeIterator() -> Iterator { Iterator(bytes: bytes) }
}

/// What the chunk path must know of a chunk's text beyond its tokens, to send the whole text
/// down the full path when a step looks beyond one chunk. Kept with the cached chunk.
struct ChunkFacts: OptionSet {
    let rawValue: UInt8
    /// Greek or Cyrillic (look-alikes read by the letters around them), a line separator, or a
    /// first scalar that the full path would attach to what comes before the white space.
    static let needsWholeText = ChunkFacts(rawValue: 1 << 0)
    /// Some scalar is not ASCII.
    static let nonASCII = ChunkFacts(rawValue: 1 << 1)
    /// Some scalar is neither Latin-1 nor Windows-1252 (so the text is not mojibake).
    static let aboveLatin1 = ChunkFacts(rawValue: 1 << 2)
    /// A letter above U+00BF (so the text is not VIQR).
    static let highLetter = ChunkFacts(rawValue: 1 << 3)
    /// An ASCII character VIQR uses as a mark (`^ ` ~ + ( ?`).
    static let viqrMark = ChunkFacts(rawValue: 1 << 4)

    init(rawValue: UInt8) { self.rawValue = rawValue }

    init(_ chunk: some Sequence<Unicode.Scalar>) {
        var facts: ChunkFacts = []
        var first = true
        for scalar in chunk {
            let value = scalar.value
            if value < 0x80 {
                if value == 0x5E || value == 0x60 || value == 0x7E || value == 0x2B || value == 0x28 || value == 0x3F { facts.insert(.viqrMark) }
            } else {
                facts.insert(.nonASCII)
                if value > 0xFF, !facts.contains(.aboveLatin1), Latin1Mojibake.byte(value) == nil { facts.insert(.aboveLatin1) }
                if (0x370...0x4FF).contains(value) || value == 0x2028 || value == 0x2029 || value == 0x85 { facts.insert(.needsWholeText) }
                if first, Normalizer.mayAttachAcrossSpace(value) { facts.insert(.needsWholeText) }
                if value >= 0xC0, !facts.contains(.highLetter), Self.isAlphabetic(scalar) { facts.insert(.highLetter) }
            }
            first = false
        }
        self = facts
    }

    /// The facts of a chunk of printable ASCII (U+0020...U+007E) as `init(_:)` finds them, read
    /// from its bytes; nil when some byte is not printable ASCII.
    init?(printableASCII bytes: UnsafeBufferPointer<UInt8>) {
        var facts: ChunkFacts = []
        for byte in bytes {
            guard byte &- 0x20 < 0x5F else { return nil }
            if byte == 0x5E || byte == 0x60 || byte == 0x7E || byte == 0x2B || byte == 0x28 || byte == 0x3F { facts.insert(.viqrMark) }
        }
        self = facts
    }

    /// Where `isAlphabetic` is read from tables: below U+2C00 (letters, marks, symbols) and the
    /// emoji blocks.
    private static let tabled: Range<UInt32> = 0..<0x2C00
    private static let pictographs: Range<UInt32> = 0x1F000..<0x1FB00
    /// Which scalars of `tabled` and of `pictographs` are alphabetic, looked up once.
    private static let alphabetic: (tabled: [Bool], pictographs: [Bool]) = (
        tabled.map { value in Unicode.Scalar(value).map(\.properties.isAlphabetic) ?? false },
        pictographs.map { value in Unicode.Scalar(value).map(\.properties.isAlphabetic) ?? false }
    )

    /// `Unicode.Scalar.Properties.isAlphabetic`, read from a table where text is (the property
    /// lookup cost more than the rest of the facts: combining marks and emoji ask it of every
    /// scalar).
    static func isAlphabetic(_ scalar: Unicode.Scalar) -> Bool {
        let value = scalar.value
        if tabled.contains(value) { return alphabetic.tabled[Int(value)] }
        if pictographs.contains(value) { return alphabetic.pictographs[Int(value - pictographs.lowerBound)] }
        return scalar.properties.isAlphabetic
    }
}

/// The hash of a chunk's bytes that the chunk table is keyed by: eight bytes per step (a
/// chunk's hash is computed for every chunk of every text; `ByteHash`, a byte per step, is for
/// the short syllables that the matcher looks up).
enum ChunkHash {
    @inline(__always)
    static func of(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> UInt64 {
        let multiplier: UInt64 = 0x9E37_79B9_7F4A_7C15
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

/// Capitals that a chunk can be looked up without: those whose small letter is as long in
/// UTF-8 and folds to the same scalar (NFKC_Casefold maps the capital to it), so that every
/// step of a chunk's normalization, which reads folded scalars (and, of the original, only
/// each scalar's UTF-8 length and the facts, which a case pair shares), gives the same layers.
///
/// ASCII `A`-`Z`; U+00C0-U+00DE but `×`; the Vietnamese capitals `Ă Đ Ĩ Ũ Ơ Ư`; and the
/// Latin Extended Additional capitals U+1EA0-U+1EF8 (each before its small letter), which
/// hold every toned Vietnamese vowel. Others (`ẞ`, `İ`, Greek, Cyrillic) are left as they are.
enum ChunkCase {
    /// The blob of `chunk` written with those capitals in small letters, when that differs
    /// from `chunk` and the table holds it.
    static func findInSmallLetters(
        _ chunk: UnsafeBufferPointer<UInt8>, lookup: ChunkTable.Lookup
    ) -> (offset: Int, header: ChunkTable.Header)? {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: chunk.count) { buffer in
            guard smallLetters(chunk, into: buffer.baseAddress!) else { return nil }
            let small = UnsafeBufferPointer(buffer)
            return lookup.find(small, hash: ChunkHash.of(small, 0..<small.count))
        }
    }

    /// Writes `chunk` with those capitals in small letters to `out` (as many bytes); false
    /// when it holds none.
    static func smallLetters(_ chunk: UnsafeBufferPointer<UInt8>, into out: UnsafeMutablePointer<UInt8>) -> Bool {
        var changed = false
        var i = 0
        let count = chunk.count
        while i < count {
            let lead = chunk[i]
            let width = min(ValidUTF8Scalars.width(lead: lead), count - i)
            for k in 0..<width { out[i + k] = chunk[i + k] }
            switch (lead, width) {
            case (0x41...0x5A, 1):
                out[i] = lead | 0x20
                changed = true
            case (0xC3, 2) where (0x80...0x9E).contains(chunk[i + 1]) && chunk[i + 1] != 0x97:
                out[i + 1] = chunk[i + 1] + 0x20  // U+00C0-U+00DE → U+00E0-U+00FE
                changed = true
            case (0xC4, 2) where chunk[i + 1] == 0x82 || chunk[i + 1] == 0x90 || chunk[i + 1] == 0xA8,
                 (0xC5, 2) where chunk[i + 1] == 0xA8,
                 (0xC6, 2) where chunk[i + 1] == 0xA0 || chunk[i + 1] == 0xAF:
                out[i + 1] = chunk[i + 1] + 1  // Ă Đ Ĩ Ũ Ơ Ư → ă đ ĩ ũ ơ ư
                changed = true
            case (0xE1, 3):
                let value = (UInt32(chunk[i + 1] & 0x3F) << 6) | UInt32(chunk[i + 2] & 0x3F) | 0x1000
                if (0x1EA0...0x1EF8).contains(value), value & 1 == 0 {
                    out[i + 2] = chunk[i + 2] + 1
                    changed = true
                }
            default:
                break
            }
            i += width
        }
        return changed
    }
}

