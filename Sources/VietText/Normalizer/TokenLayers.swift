/// One token as `NormalizedText` stores it: plain values only, so that copying tokens out of
/// the chunk cache and reading them in the matcher costs no reference counting. `Token` is the
/// public view of a record, made on demand (`NormalizedText.tokens`).
///
/// Offsets are 32-bit: a text would need more than 2 GiB of UTF-8 to overflow them, and
/// normalizing a single text takes tens of times its size in memory long before that.
@usableFromInline
struct TokenRecord: Sendable, Hashable {
    /// Range in the original text, in Unicode scalars.
    @usableFromInline var scalarStart: Int32
    @usableFromInline var scalarEnd: Int32
    /// Range in the original text, in UTF-8 bytes.
    @usableFromInline var utf8Start: Int32
    @usableFromInline var utf8End: Int32
    /// The canonical form's bytes in the canonical layer, and the bare form's in the bare layer.
    @usableFromInline var canonicalStart: Int32
    @usableFromInline var canonicalEnd: Int32
    @usableFromInline var bareStart: Int32
    @usableFromInline var bareEnd: Int32
    @usableFromInline var sentence: Int32
    /// Index of the token's readings in `TokenLayers.alternatives`, or -1.
    @usableFromInline var alternatives: Int32
    @usableFromInline var flags: Token.Flags
    @usableFromInline var kind: Token.Kind
    /// Facts the whole-post passes look for (see `Traits`).
    var traits: Traits
    /// The ids of the canonical and bare forms in the normalizer's `SyllableIndex` (-1: not
    /// in it, not a matchable kind, or no index; the bare one also where the author typed
    /// diacritics, as a bare form then matches nothing); valid where
    /// `TokenLayers.syllableStamp` says so; `TokenLayers.assignSyllableIDs(from:)` gives them.
    @usableFromInline var syllableID: Int32 = -1
    @usableFromInline var bareSyllableID: Int32 = -1

    /// What `TokenPostProcessor` needs to know to skip a post that it would leave unchanged.
    struct Traits: OptionSet, Sendable, Hashable {
        let rawValue: UInt8
        init(rawValue: UInt8) { self.rawValue = rawValue }
        /// A word of one Vietnamese letter (`l`, `ừ`): may be a split-up word.
        static let singleLetter = Traits(rawValue: 1 << 0)
        /// Punctuation that may split letters (`.`, `-`, `*`…).
        static let letterSeparator = Traits(rawValue: 1 << 1)
        /// A teencode reading that stands only next to an amount.
        static let readingNeedsAmount = Traits(rawValue: 1 << 2)
    }

    var scalarRange: Range<Int> { Int(scalarStart)..<Int(scalarEnd) }
    var utf8Range: Range<Int> { Int(utf8Start)..<Int(utf8End) }
    var hasDiacritics: Bool { flags.contains(.diacritics) }

    /// Moves the record by the given amounts (a chunk's record placed in a post).
    @inline(__always)
    mutating func shift(scalars: Int32, utf8: Int32, canonical: Int32, bare: Int32, sentence: Int32) {
        scalarStart &+= scalars
        scalarEnd &+= scalars
        utf8Start &+= utf8
        utf8End &+= utf8
        canonicalStart &+= canonical
        canonicalEnd &+= canonical
        bareStart &+= bare
        bareEnd &+= bare
        self.sentence &+= sentence
    }
}

/// The tokens of a text and its canonical and bare layers, side by side: each token's
/// canonical form is a slice of the canonical layer, its bare form a slice of the bare layer.
///
/// Layers separate tokens with one space where the original separated them, and always
/// between two word-like tokens (glued syllables that were split).
@usableFromInline
struct TokenLayers: Sendable, Equatable {
    @usableFromInline var records: [TokenRecord] = []
    @usableFromInline var canonical: [UInt8] = []
    @usableFromInline var bare: [UInt8] = []
    /// Teencode readings, for the few tokens that have them.
    @usableFromInline var alternatives: [[Alternative]] = []
    /// Which normalizer's `SyllableIndex` gave the records' `syllableID`s (its
    /// `Normalizer.syllableStamp`); 0: none did.
    @usableFromInline var syllableStamp: UInt64 = 0

    init() {}

    /// Layers made elsewhere (assembled, post-processed, or copied out of the chunk table).
    init(records: [TokenRecord], canonical: [UInt8], bare: [UInt8], alternatives: [[Alternative]]) {
        self.records = records
        self.canonical = canonical
        self.bare = bare
        self.alternatives = alternatives
    }

    init(_ tokens: some Sequence<Token>, capacity: Int = 0) {
        records.reserveCapacity(capacity)
        canonical.reserveCapacity(capacity * 6)
        bare.reserveCapacity(capacity * 6)
        for token in tokens { append(token) }
    }

    /// Empties the layers, keeping their storage (the chunk path writes every new chunk into
    /// the same arrays).
    mutating func removeAll() {
        records.removeAll(keepingCapacity: true)
        canonical.removeAll(keepingCapacity: true)
        bare.removeAll(keepingCapacity: true)
        if !alternatives.isEmpty { alternatives.removeAll(keepingCapacity: true) }
    }

    /// Appends a token, with a space before it when `needsSpace` says so.
    mutating func append(_ token: Token) {
        if let previous = records.last,
           Self.needsSpace(previousEnd: Int(previous.scalarEnd), previousKind: previous.kind, start: token.scalarRange.lowerBound, kind: token.kind) {
            canonical.append(0x20)
            bare.append(0x20)
        }
        records.append(Self.record(of: token, canonical: &canonical, bare: &bare, alternatives: &alternatives))
    }

    /// The record of `token`, its forms and readings appended to the layers given.
    static func record(of token: Token, canonical: inout [UInt8], bare: inout [UInt8], alternatives: inout [[Alternative]]) -> TokenRecord {
        let canonicalStart = Int32(truncatingIfNeeded: canonical.count)
        let bareStart = Int32(truncatingIfNeeded: bare.count)
        canonical.append(contentsOf: token.canonical.utf8)
        bare.append(contentsOf: token.bare.utf8)
        var alternativesIndex: Int32 = -1
        if !token.alternatives.isEmpty {
            alternativesIndex = Int32(truncatingIfNeeded: alternatives.count)
            alternatives.append(token.alternatives)
        }
        return TokenRecord(
            scalarStart: Int32(truncatingIfNeeded: token.scalarRange.lowerBound), scalarEnd: Int32(truncatingIfNeeded: token.scalarRange.upperBound),
            utf8Start: Int32(truncatingIfNeeded: token.utf8Range.lowerBound), utf8End: Int32(truncatingIfNeeded: token.utf8Range.upperBound),
            canonicalStart: canonicalStart, canonicalEnd: Int32(truncatingIfNeeded: canonical.count),
            bareStart: bareStart, bareEnd: Int32(truncatingIfNeeded: bare.count),
            sentence: Int32(truncatingIfNeeded: token.sentence), alternatives: alternativesIndex,
            flags: token.flags, kind: token.kind, traits: Self.traits(of: token))
    }

    @inline(__always)
    static func needsSpace(previousEnd: Int, previousKind: Token.Kind, start: Int, kind: Token.Kind) -> Bool {
        previousEnd < start || (previousKind != .punctuation && kind != .punctuation)
    }

    private static func traits(of token: Token) -> TokenRecord.Traits {
        var traits: TokenRecord.Traits = []
        if TokenPostProcessor.isSingleLetter(token) { traits.insert(.singleLetter) }
        if token.kind == .punctuation, TokenPostProcessor.isLetterSeparator(token) { traits.insert(.letterSeparator) }
        if token.alternatives.contains(where: \.needsAmountNearby) { traits.insert(.readingNeedsAmount) }
        return traits
    }

    /// The public view of record `index`.
    func token(at index: Int) -> Token {
        let record = records[index]
        return Token(
            kind: record.kind, scalarRange: record.scalarRange, utf8Range: record.utf8Range,
            canonical: String(decoding: canonical[Int(record.canonicalStart)..<Int(record.canonicalEnd)], as: UTF8.self),
            bare: String(decoding: bare[Int(record.bareStart)..<Int(record.bareEnd)], as: UTF8.self),
            alternatives: record.alternatives >= 0 ? alternatives[Int(record.alternatives)] : [],
            flags: record.flags, sentence: Int(record.sentence))
    }

    /// The canonical form of record `index` as a string.
    func canonicalText(at index: Int) -> String {
        let record = records[index]
        return String(decoding: canonical[Int(record.canonicalStart)..<Int(record.canonicalEnd)], as: UTF8.self)
    }

    /// The bare form of record `index` as a string.
    func bareText(at index: Int) -> String {
        let record = records[index]
        return String(decoding: bare[Int(record.bareStart)..<Int(record.bareEnd)], as: UTF8.self)
    }

    /// Gives every matchable record its syllable ids in `index`: the canonical form's, and the
    /// bare form's where the author typed no diacritics (-1 otherwise: no matcher follows the
    /// bare form of a word typed with diacritics).
    ///
    /// The forms are hashed and their look-ups' first reads prefetched before any look-up, so
    /// that the cache misses of a new chunk's look-ups overlap instead of queuing.
    mutating func assignSyllableIDs(from index: any SyllableIndex) {
        let (canonicalBytes, bareBytes) = (self.canonical, self.bare)
        let canonical = canonicalBytes.span
        let bare = bareBytes.span
        var tokens = records.mutableSpan
        var hashes = [UInt64](repeating: 0, count: 2 * tokens.count)
        for k in tokens.indices where tokens[k].kind.isMatchable {
            let record = tokens[k]
            hashes[2 * k] = ByteHash.of(canonical.extracting(Int(record.canonicalStart)..<Int(record.canonicalEnd)))
            index.prefetch(hash: hashes[2 * k])
            guard !record.hasDiacritics else { continue }
            hashes[2 * k + 1] = ByteHash.of(bare.extracting(Int(record.bareStart)..<Int(record.bareEnd)))
            index.prefetch(hash: hashes[2 * k + 1])
        }
        for k in tokens.indices where tokens[k].kind.isMatchable {
            let record = tokens[k]
            let form = canonical.extracting(Int(record.canonicalStart)..<Int(record.canonicalEnd))
            tokens[k].syllableID = index.id(ofSyllable: form, hash: hashes[2 * k])
            guard !record.hasDiacritics else {
                tokens[k].bareSyllableID = -1
                continue
            }
            let bareForm = bare.extracting(Int(record.bareStart)..<Int(record.bareEnd))
            tokens[k].bareSyllableID = index.id(ofSyllable: bareForm, hash: hashes[2 * k + 1])
        }
    }

    /// Whether the whole-post passes could change these tokens: split letters to rejoin (a
    /// single letter followed by another letter, directly or after a separator) or readings
    /// that depend on an amount nearby. False means `TokenPostProcessor.finish` is the identity.
    var needsPostProcessing: Bool {
        let tokens = records.span
        let count = tokens.count
        for i in 0..<count {
            let traits = tokens[i].traits
            if traits.contains(.readingNeedsAmount) { return true }
            guard traits.contains(.singleLetter), i + 2 < count else { continue }
            let next = tokens[i + 1].traits
            if (next.contains(.singleLetter) || next.contains(.letterSeparator)) && tokens[i + 2].traits.contains(.singleLetter) {
                return true
            }
        }
        return false
    }
}
