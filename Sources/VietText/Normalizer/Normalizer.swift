/// Normalizes Vietnamese social-media text into tokens and layers (docs/design.md §2).
///
/// A `Normalizer` is a value: configure it once and share it across tasks; `normalize` is
/// pure and thread-safe. Rule terms go through the same normalizer as posts.
public struct Normalizer: Sendable {
    /// What the normalizer does beyond the fixed steps.
    public struct Configuration: Sendable {
        /// Repair mojibake and decode VIQR when a detector is confident.
        public var repairEncodings: Bool
        /// Step 8: rejoin split letters, map look-alikes, read leet, squeeze repeats, split glued syllables.
        public var deobfuscate: Bool
        /// Teencode readings offered as alternatives.
        public var teencode: TeencodeTable
        /// Words that are no syllables but join when spelled out letter by letter (`c.m.n`,
        /// `l.o.l`), beside the teencode forms; a rule set gives its short one-word terms.
        public var spelledOutWords: Set<String>

        /// A configuration; by default every repair, de-obfuscation, the built-in teencode table
        /// and no spelled-out words.
        public init(repairEncodings: Bool = true, deobfuscate: Bool = true, teencode: TeencodeTable = .builtIn, spelledOutWords: Set<String> = []) {
            self.repairEncodings = repairEncodings
            self.deobfuscate = deobfuscate
            self.teencode = teencode
            self.spelledOutWords = spelledOutWords
        }
    }

    /// What this normalizer does beyond the fixed steps.
    public let configuration: Configuration
    /// Chunks already normalized, shared by the copies of this normalizer.
    let cache = ChunkCache()
    /// Working arrays for normalizing new chunks, lent to one text at a time.
    let scratchPool = ChunkScratchPool()
    /// The matcher's syllable ids that tokens carry, if a matcher gave them.
    let syllables: SyllableIndexing?

    /// A normalizer with `configuration` (by default: everything on).
    public init(configuration: Configuration = Configuration()) {
        self.configuration = configuration
        self.syllables = nil
    }

    /// A normalizer whose tokens carry their canonical form's id in `index`
    /// (`TokenView.syllableID`), with a chunk cache of its own.
    package init(configuration: Configuration, syllableIndex index: any SyllableIndex) {
        self.configuration = configuration
        self.syllables = SyllableIndexing(index)
    }

    /// The `TokenLayerView.syllableStamp` of the texts this normalizer makes: 0 without an index.
    package var syllableStamp: UInt64 { syllables?.stamp ?? 0 }

    /// Normalizes a text. Never fails: whatever the input, every token maps to a non-empty
    /// range of it.
    public func normalize(_ text: String) -> NormalizedText {
        normalizeByChunks(text) ?? indexed(normalizeWhole(text))
    }

    /// `normalize(_:)` for a task that normalizes text after text: the same result, with the
    /// task's `scratch` (see `NormalizationScratch`), which no other task may use meanwhile.
    package func normalize(_ text: String, scratch: NormalizationScratch) -> NormalizedText {
        normalizeByChunks(text, scratch: scratch) ?? indexed(normalizeWhole(text))
    }

    /// The text with its tokens' syllable ids, when this normalizer has an index.
    func indexed(_ text: consuming NormalizedText) -> NormalizedText {
        guard let syllables else { return text }
        let (original, flags) = (text.original, text.flags)
        var layers = text.storage
        _ = consume text  // the layers' only reference: given their ids in place, not copied
        syllables.assignIDs(&layers)
        return NormalizedText(original: original, layers: layers, flags: flags)
    }

    /// The full path: every step over the whole text.
    func normalizeWhole(_ text: String) -> NormalizedText {
        let original = Array(text.unicodeScalars)
        var flags: NormalizedText.Flags = []
        var repaired: TrackedText?
        if configuration.repairEncodings {
            if let fixed = MojibakeRepair.repair(original) {
                repaired = fixed
                flags.insert(.mojibakeRepaired)
            } else if let fixed = LegacyEncodingDecoder.decode(original) {
                repaired = fixed.text
                flags.insert(.legacyEncodingRepaired)
            } else if let fixed = VIQRDecoder.decode(original) {
                repaired = fixed
                flags.insert(.viqrDecoded)
            }
        }
        var folded = CharacterFolding.fold(repaired?.scalars ?? original)
        if let repaired {
            // Compose the two offset maps: folded → repaired → original.
            for k in 0..<folded.count {
                let origin = folded.origins[k]
                folded.origins[k] = FoldedScalars.Origin(start: repaired.start[Int(origin.start)], end: repaired.end[Int(origin.end) - 1])
            }
        }
        var builder = TokenBuilder(folded: folded, configuration: configuration)
        var tokens = builder.build(Tokenizer(folded.scalars).tokenize(), teencode: configuration.teencode)
        if flags.contains(.viqrDecoded) { Self.flagVIQRTokens(&tokens, original: original) }
        Self.assignUTF8Ranges(&tokens, scalars: original)
        var layers = TokenLayers(tokens, capacity: tokens.count)
        tokens = []
        layers = TokenPostProcessor(configuration: configuration).finish(consume layers)
        return NormalizedText(original: text, layers: layers, flags: flags)
    }

    /// Normalizes UTF-8 bytes; invalid sequences become U+FFFD and the result is flagged.
    public func normalize(utf8 bytes: some Collection<UInt8>) -> NormalizedText {
        if let text = String(validating: bytes, as: UTF8.self) { return normalize(text) }
        let result = normalize(String(decoding: bytes, as: UTF8.self))
        return NormalizedText(original: result.original, layers: result.storage, flags: result.flags.union(.invalidUTF8Repaired))
    }

    /// VIQR-decoded words are de-obfuscated: their letters were written as ASCII marks.
    private static func flagVIQRTokens(_ tokens: inout [Token], original: [Unicode.Scalar]) {
        let marks: Set<Unicode.Scalar> = ["^", "(", "+", "`", "'", "?", "~", "."]
        for k in tokens.indices where tokens[k].kind == .word {
            let range = tokens[k].scalarRange
            let scalars = original[range]
            let hasMark = scalars.contains(where: marks.contains)
            let hasDD = zip(scalars, scalars.dropFirst()).contains { ($0 == "d" || $0 == "D") && ($1 == "d" || $1 == "D") }
            if hasMark || hasDD { tokens[k].flags.formUnion([.legacyDecoded, .deobfuscated]) }
        }
    }

    /// Fills each token's UTF-8 range from its scalar range, in one walk over the text's scalars.
    static func assignUTF8Ranges(_ tokens: inout [Token], scalars: [Unicode.Scalar]) {
        guard !tokens.isEmpty else { return }
        // Bounds past the end map to the end.
        let count = scalars.count
        var inOrder = true
        var previous = 0
        for token in tokens {
            let range = token.scalarRange
            if range.lowerBound < previous { inOrder = false; break }
            previous = range.upperBound
        }
        if inOrder {
            // Tokens in order and disjoint (as built): the offsets are read on the way.
            var index = 0
            var byteOffset = 0
            for k in tokens.indices {
                let range = tokens[k].scalarRange
                let lower = min(range.lowerBound, count)
                while index < lower { byteOffset += UTF8.width(scalars[index]); index += 1 }
                let lowerOffset = byteOffset
                let upper = min(range.upperBound, count)
                while index < upper { byteOffset += UTF8.width(scalars[index]); index += 1 }
                tokens[k].utf8Range = lowerOffset..<byteOffset
            }
            return
        }
        // UTF-8 offset of every scalar index, and of the end.
        var offsets: [Int] = []
        offsets.reserveCapacity(count + 1)
        var byteOffset = 0
        for scalar in scalars {
            offsets.append(byteOffset)
            byteOffset += UTF8.width(scalar)
        }
        offsets.append(byteOffset)
        for k in tokens.indices {
            let range = tokens[k].scalarRange
            tokens[k].utf8Range = offsets[min(range.lowerBound, count)]..<offsets[min(range.upperBound, count)]
        }
    }
}
