@_spi(Engine) import VietText

/// A hit of one term: positions in the matchable-token sequence, and its tier. Stored in 32
/// bits, the term's syllable count as one bit (20 bytes a hit rather than 40: a long post has
/// many).
struct TermHit: Hashable {
    /// The term set and the term within it.
    let set: Int32
    private let term: Int32
    private var first: Int32
    private var last: Int32
    var tier: Tier
    /// The term has two syllables or more (what `admittedTier` asks of its length).
    let hasSeveralSyllables: Bool

    init(ref: TermRef, firstPosition: Int, lastPosition: Int, tier: Tier) {
        (set, term, hasSeveralSyllables) = (ref.set, ref.term, ref.length >= 2)
        (first, last) = (Int32(truncatingIfNeeded: firstPosition), Int32(truncatingIfNeeded: lastPosition))
        self.tier = tier
    }

    var firstPosition: Int { Int(first) }
    var lastPosition: Int { Int(last) }
}

/// Finds every hit of every term of a rule set in one walk over a post's tokens.
///
/// From each token, the canonical trie is followed by canonical syllables (tier `exact`, or
/// `deobfuscated` when a token needed de-obfuscation) and by teencode readings (tier
/// `teencode`); the bare trie by bare syllables of tokens typed without diacritics (tier
/// `folded`). A phrase never crosses a sentence boundary.
struct TermWalker {
    /// The arrays of one walk, reused from post to post through `ScreeningScratch`.
    struct Buffers {
        /// Indices of the tokens that take part in term matching (32-bit: a long post has one
        /// per word, and token offsets are 32-bit already).
        var sequence: [Int32] = []
        /// What the walk reads of each position of `sequence`, side by side.
        var positions: [Position] = []
        /// The hits found (what `walk` returns; given back with the buffers after use).
        var hits: [TermHit] = []

        /// The buffers with those a long post grew dropped, so that it leaves no memory taken.
        var trimmed: Buffers {
            let limit = TermWalker.maximumKeptPositions
            return Buffers(
                sequence: sequence.capacity > limit ? [] : sequence, positions: positions.capacity > limit ? [] : positions,
                hits: hits.capacity > limit ? [] : hits)
        }
    }

    /// One matchable token as the walk sees it.
    struct Position {
        /// Syllable ids of the canonical and bare forms (-1: in no term; bare -1 also when the
        /// author typed diacritics).
        var canonical: Int32
        var bare: Int32
        var sentence: Int32
        var deobfuscated: Bool
        var hasReadings: Bool

        /// Past the last position: in no term.
        static let none = Position(canonical: -1, bare: -1, sentence: -1, deobfuscated: false, hasReadings: false)
    }

    /// Buffers longer than this are not kept for the next post (`Buffers.trimmed`).
    static let maximumKeptPositions = 16_384

    /// The rule set's tries and vocabulary (for teencode readings' syllables).
    private let canonicalTrie: TrieView
    private let bareTrie: TrieView
    private let vocabulary: Vocabulary.View
    private(set) var buffers: Buffers
    private var hits: [TermHit]

    /// A walk with the tries of `rules` (`buffers` are reused storage).
    init(rules: CompiledRuleSet, buffers: Buffers) {
        var buffers = buffers
        hits = buffers.hits
        buffers.hits = []  // keeps the array uniquely referenced while filled
        hits.removeAll(keepingCapacity: true)
        (canonicalTrie, bareTrie, vocabulary) = (rules.canonicalTrie, rules.bareTrie, rules.perPost.vocabulary)
        self.buffers = buffers
    }

    /// Whether the records of `layers` carry the syllable ids of the rule set whose
    /// `syllableStamp` is `stamp` (they came from its normalizer); if not,
    /// `TokenLayerView.withSyllableIDs(from:)` gives them before a walk.
    static func readsIDs(of layers: borrowing TokenLayerView, stamp: UInt64) -> Bool {
        layers.syllableStamp != 0 && layers.syllableStamp == stamp
    }

    /// The hits in `layers` (whose records carry the rule set's syllable ids, see `readsIDs`);
    /// `buffers.sequence` then lists the matchable tokens, whose positions the hits name.
    /// The layers are read in place, not kept.
    mutating func walk(_ layers: borrowing TokenLayerView) -> [TermHit] {
        buffers.sequence.removeAll(keepingCapacity: true)
        buffers.positions.removeAll(keepingCapacity: true)
        // At most one a token: no doubling, whose old and new copies would both be alive.
        buffers.sequence.reserveCapacity(layers.count)
        buffers.positions.reserveCapacity(layers.count)
        for index in layers.indices {
            let token = layers[index]
            guard token.kind.isMatchable else { continue }
            buffers.sequence.append(Int32(truncatingIfNeeded: index))
            buffers.positions.append(Position(
                canonical: token.syllableID, bare: token.bareSyllableID, sentence: token.sentence,
                deobfuscated: token.flags.contains(.deobfuscated), hasReadings: token.hasReadings))
        }
        let count = buffers.sequence.count
        // The first step's terminal entries and the second step from every position, read
        // ahead for both tries: that is where the walk waits on memory, and read one after
        // another their misses would queue.
        let positions = buffers.positions
        for start in positions.indices {
            let here = positions[start]
            let next = start + 1 < positions.count ? positions[start + 1] : Position.none
            canonicalTrie.readAhead(here.canonical, next.canonical)
            bareTrie.readAhead(here.bare, next.bare)
        }
        for start in 0..<count {
            let sentence = buffers.positions[start].sentence
            walkCanonical(from: .root, position: start, start: start, tier: .exact, sentence: sentence, layers: layers)
            if buffers.positions[start].bare >= 0 { walkBare(from: .root, position: start, start: start, sentence: sentence) }
        }
        // Only the walk reads the positions: a long post's are not kept.
        if buffers.positions.capacity > Self.maximumKeptPositions { buffers.positions = [] }
        // Handed over, not shared: the caller sorts the array in place.
        defer { hits = [] }
        return hits
    }

    /// The hits of the terms that end where `step` leads.
    @inline(__always)
    private mutating func record(_ step: TrieView.Step, bare: Bool, start: Int, end: Int, tier: Tier) {
        guard step.terminals >= 0 else { return }
        let trie = bare ? bareTrie : canonicalTrie
        var index = step.terminals
        while true {
            let entry = trie.entry(index)
            hits.append(TermHit(ref: entry.ref, firstPosition: start, lastPosition: end, tier: tier))
            if entry.isLast { return }
            index += 1
        }
    }

    /// Follows canonical syllables from `step` as far as the trie goes; at a token with
    /// teencode readings, each reading branches off (recursively, readings are rare).
    private mutating func walkCanonical(
        from step: TrieView.Step, position: Int, start: Int, tier: Tier, sentence: Int32, layers: borrowing TokenLayerView
    ) {
        var node = step.node
        var position = position
        var tier = tier
        let count = buffers.sequence.count
        while position < count {
            let here = buffers.positions[position]
            guard here.sentence == sentence else { return }
            if here.hasReadings { walkReadings(node: node, position: position, start: start, sentence: sentence, layers: layers) }
            guard here.canonical >= 0, let next = canonicalTrie.step(node, here.canonical) else { return }
            tier = max(tier, here.deobfuscated ? .deobfuscated : .exact)
            record(next, bare: false, start: start, end: position, tier: tier)
            node = next.node
            position += 1
        }
    }

    /// The teencode readings of the token at `position`, each followed through the trie.
    private mutating func walkReadings(node: Int32, position: Int, start: Int, sentence: Int32, layers: borrowing TokenLayerView) {
        let readings = layers.readings(at: Int(buffers.sequence[position]))
        for alternative in readings {
            var current: TrieView.Step? = TrieView.Step(node: node, terminals: -1)
            for syllable in alternative.syllables {
                let utf8 = syllable.utf8.span
                let sid = vocabulary.id(utf8, hash: ByteHash.of(utf8))
                guard sid >= 0, let c = current else { current = nil; break }
                current = canonicalTrie.step(c.node, sid)
            }
            guard let next = current else { continue }
            record(next, bare: false, start: start, end: position, tier: .teencode)
            walkCanonical(from: next, position: position + 1, start: start, tier: .teencode, sentence: sentence, layers: layers)
        }
    }

    /// Follows bare syllables of tokens typed without diacritics from `step`.
    private mutating func walkBare(from step: TrieView.Step, position: Int, start: Int, sentence: Int32) {
        var node = step.node
        var position = position
        let count = buffers.sequence.count
        while position < count {
            let here = buffers.positions[position]
            guard here.bare >= 0, here.sentence == sentence, let next = bareTrie.step(node, here.bare) else { return }
            record(next, bare: true, start: start, end: position, tier: .folded)
            node = next.node
            position += 1
        }
    }
}
