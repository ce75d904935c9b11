extension Normalizer {
    /// Normalizes a text from cached chunks, or returns nil when the text needs a step that
    /// looks beyond one chunk (see `ChunkCache`); the result is the same as the full path's.
    func normalizeByChunks(_ text: String, scratch: NormalizationScratch? = nil) -> NormalizedText? {
        // The working arrays for new chunks: the task's own, moved out of its scratch (not
        // copied: they stay uniquely referenced), or taken from `scratchPool` at the first
        // new chunk.
        var chunkScratch: ChunkScratch?
        if let scratch { swap(&chunkScratch, &scratch.chunkScratch) }
        let layers: TokenLayers? = if let scratch {
            cache.withTable(scratch: scratch) { table in layersByChunks(text, table: &table, scratch: &chunkScratch) }
        } else {
            cache.withTable { table in layersByChunks(text, table: &table, scratch: &chunkScratch) }
        }
        // As the pool: scratch grown past its bound by a long chunk is not kept.
        if let scratch {
            if chunkScratch?.folded.scalars.capacity ?? 0 <= ChunkScratch.maximumKeptScalars { swap(&chunkScratch, &scratch.chunkScratch) }
        } else if let chunkScratch {
            scratchPool.giveBack(chunkScratch)
        }
        guard let layers else { return nil }
        guard layers.needsPostProcessing else { return NormalizedText(original: text, layers: layers, flags: []) }
        let processed = TokenPostProcessor(configuration: configuration).finish(consume layers)
        return indexed(NormalizedText(original: text, layers: processed, flags: []))
    }

    /// `scratch` holds the working arrays for new chunks (taken from `scratchPool` when nil
    /// and left for the caller to give back).
    private func layersByChunks(_ text: String, table: inout TextChunks, scratch: inout ChunkScratch?) -> TokenLayers? {
        // The chunks are found, their slots and blobs read ahead all at once, each looked up
        // (or normalized and stored); then the chunks' facts say whether the text needs the
        // full path after all, and if not, the layers are assembled in one go.
        defer { if table.pending.capacity > TextChunks.maximumKeptChunks { table.pending = [] } }
        let bytes = text.utf8.span
        guard findChunks(bytes, into: &table.pending, lookup: table.lookup) else { return nil }
        table.prefetchPending()
        var facts: ChunkFacts = []
        var sizes = TextChunks.LayerSizes()
        var transient: [ChunkLayers] = []
        var pending = table.pending
        table.pending = []  // keeps the array uniquely referenced while its chunks are updated
        let lookup = table.lookup
        var chunks = pending.mutableSpan
        for k in chunks.indices {
            let chunk = bytes.extracting(chunks[k].start..<chunks[k].end)
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
                // Scratch that a long chunk grew is not kept for the next text: let go of it
                // now (its folded scalars, 12 bytes a scalar), not after assembling.
                if scratch?.folded.scalars.capacity ?? 0 > ChunkScratch.maximumKeptScalars { scratch = nil }
            }
            chunks[k].source = -transient.count
        }
        table.pending = pending
        if facts.contains(.needsWholeText) { return nil }
        // Text-level repairs: Latin-1 / Windows-1252 mojibake (only scalars of those, some not ASCII), VIQR.
        if configuration.repairEncodings {
            if facts.contains(.nonASCII), !facts.contains(.aboveLatin1) { return nil }
            if !facts.contains(.highLetter), facts.contains(.viqrMark), VIQRDecoder.hasEvidence(bytes),
               VIQRDecoder.decode(Array(text.unicodeScalars)) != nil {
                return nil
            }
        }
        // Every chunk's records, cached or not, were written with this normalizer's index.
        var layers = table.assemble(transient: transient, sizes: sizes)
        layers.syllableStamp = syllableStamp
        return layers
    }

    /// One chunk through the full path, without the passes that need the whole post: its
    /// layers with ranges relative to the chunk, whether it ends a sentence, and its facts.
    /// The working arrays are `scratch`'s (taken from `scratchPool` when nil), and so are the
    /// result's layers until the caller lets go of them.
    private func normalizeChunk(_ bytes: Span<UInt8>, scratch: inout ChunkScratch?) -> ChunkLayers {
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
    func joinedFromTable(_ chunk: Span<UInt8>, table: TextChunks, scratch: inout ChunkScratch?) -> ChunkLayers? {
        var split = chunk.count
        while split > 0, Self.isJoiningPunctuation(chunk[split - 1]) { split -= 1 }
        guard split > 0, split < chunk.count else { return nil }
        let word = chunk.extracting(0..<split)
        guard let wordScalars = Self.simpleLetters(word) else { return nil }
        let lookup = table.lookup
        guard let wordEntry = lookup.find(word, hash: ChunkHash.of(word))
            ?? ChunkCase.findInSmallLetters(word, lookup: lookup) else { return nil }
        let punctuation = chunk.extracting(split..<chunk.count)
        let punctuationHash = ChunkHash.of(punctuation)
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
    static func simpleLetters(_ word: Span<UInt8>) -> Int? {
        if word.count >= 3, word[0] | 0x20 == 0x77, word[1] | 0x20 == 0x77, word[2] | 0x20 == 0x77 { return nil }
        var scalars = 0
        var offset = 0
        while offset < word.count {
            let value = ValidUTF8Scalars.decode(word, at: &offset).value
            let letter = (0x41...0x5A).contains(value) || (0x61...0x7A).contains(value)
                || ((0xC0...0x24F).contains(value) && value != 0xD7 && value != 0xF7) || (0x1E00...0x1EFF).contains(value)
            guard letter || (scalars > 0 && (0x300...0x36F).contains(value)) else { return nil }
            scalars += 1
        }
        return scalars
    }

    /// `normalizeChunk(_:scratch:)` with the scratch at hand: the tokens are written into the
    /// layers as they are built (`ChunkLayerWriter`), through the same steps as `normalizeWhole`.
    func normalizeChunk(_ bytes: Span<UInt8>, scratch: inout ChunkScratch) -> ChunkLayers {
        let facts: ChunkFacts
        if let asciiFacts = ChunkFacts(printableASCII: bytes) {
            CharacterFolding.foldPrintableASCII(bytes, into: &scratch.folded)
            facts = asciiFacts
        } else {
            // The bytes are a `String`'s (so valid UTF-8), decoded as they are read.
            CharacterFolding.fold(utf8: bytes, into: &scratch.folded)
            facts = ChunkFacts(utf8: bytes)
        }
        Tokenizer(scratch.folded.scalars).tokenize(into: &scratch.rawTokens)
        var writer = ChunkLayerWriter(layers: TokenLayers(), teencode: configuration.teencode)
        swap(&writer.layers, &scratch.layers)
        writer.layers.removeAll()
        var builder = TokenBuilder(folded: scratch.folded, configuration: configuration)
        builder.build(scratch.rawTokens, into: &writer)
        swap(&writer.layers, &scratch.layers)
        ChunkLayerWriter.placeUTF8(&scratch.layers.records, in: bytes)
        // The matcher's syllable ids, kept with the chunk in the cache.
        if let syllables { scratch.layers.assignSyllableIDs(from: syllables.index) }
        let layers = scratch.layers
        let endsSentence = layers.records.last.map { record in
            record.kind == .punctuation
                && ValidUTF8Scalars.contains(layers.canonical.span.extracting(Int(record.canonicalStart)..<Int(record.canonicalEnd))) {
                    "。.!?…".unicodeScalars.contains($0)
                }
        } ?? false
        return ChunkLayers(layers: layers, endsSentence: endsSentence, facts: facts)
    }
}
