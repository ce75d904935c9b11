/// A hit of one term: positions in the matchable-token sequence, and its tier.
struct TermHit: Hashable {
    var ref: TermRef
    var firstPosition: Int
    var lastPosition: Int
    var tier: Tier
}

/// Finds every hit of every term of a rule set in one walk over a post's tokens.
///
/// From each token, the canonical trie is followed by canonical syllables (tier `exact`, or
/// `deobfuscated` when a token needed de-obfuscation) and by teencode readings (tier
/// `teencode`); the bare trie by bare syllables of tokens typed without diacritics (tier
/// `folded`). A phrase never crosses a sentence boundary.
struct TermWalker {
    private let canonicalTrie: SyllableTrie
    private let bareTrie: SyllableTrie
    private let vocabulary: Vocabulary
    private let tokens: [Token]
    private let sequence: [Int]
    /// Per position of `sequence`: syllable ids in each layer, sentence, de-obfuscated.
    private var canonicalIDs: [Int32] = []
    private var bareIDs: [Int32] = []
    private var sentences: [Int32] = []
    private var deobfuscated: [Bool] = []
    private var hasAlternatives: [Bool] = []
    private var hits: [TermHit] = []

    init(rules: CompiledRuleSet, tokens: [Token], sequence: [Int]) {
        self.canonicalTrie = rules.canonicalTrie
        self.bareTrie = rules.bareTrie
        self.vocabulary = rules.vocabulary
        self.tokens = tokens
        self.sequence = sequence
    }

    mutating func walk() -> [TermHit] {
        let count = sequence.count
        canonicalIDs.reserveCapacity(count)
        bareIDs.reserveCapacity(count)
        sentences.reserveCapacity(count)
        deobfuscated.reserveCapacity(count)
        for index in sequence {
            let token = tokens[index]
            let canonicalID = vocabulary.id(token.canonical, hash: token.canonicalHash)
            canonicalIDs.append(canonicalID)
            if token.hasDiacritics {
                bareIDs.append(-1)
            } else if token.bareHash == token.canonicalHash, token.bare.utf8.count == token.canonical.utf8.count {
                bareIDs.append(canonicalID)  // typed without diacritics: the bare form is the canonical one
            } else {
                bareIDs.append(vocabulary.id(token.bare, hash: token.bareHash))
            }
            sentences.append(Int32(truncatingIfNeeded: tokens[index].sentence))
            deobfuscated.append(tokens[index].flags.contains(.deobfuscated))
            hasAlternatives.append(!tokens[index].alternatives.isEmpty)
        }
        for start in 0..<count {
            let sentence = sentences[start]
            walkCanonical(node: SyllableTrie.root, position: start, start: start, tier: .exact, sentence: sentence)
            if bareIDs[start] >= 0 { walkBare(node: SyllableTrie.root, position: start, start: start, sentence: sentence) }
        }
        return hits
    }

    private mutating func record(_ node: Int32, bare: Bool, start: Int, end: Int, tier: Tier) {
        let (lower, upper) = bare
            ? (bareTrie.terminalStart[Int(node)], bareTrie.terminalStart[Int(node) + 1])
            : (canonicalTrie.terminalStart[Int(node)], canonicalTrie.terminalStart[Int(node) + 1])
        guard lower < upper else { return }
        for k in Int(lower)..<Int(upper) {
            let ref = bare ? bareTrie.terminalRefs[k] : canonicalTrie.terminalRefs[k]
            hits.append(TermHit(ref: ref, firstPosition: start, lastPosition: end, tier: tier))
        }
    }

    private mutating func walkCanonical(node: Int32, position: Int, start: Int, tier: Tier, sentence: Int32) {
        guard position < sequence.count, sentences[position] == sentence else { return }
        let id = canonicalIDs[position]
        if id >= 0, let next = canonicalTrie.child(node, id) {
            let nextTier = max(tier, deobfuscated[position] ? .deobfuscated : .exact)
            record(next, bare: false, start: start, end: position, tier: nextTier)
            walkCanonical(node: next, position: position + 1, start: start, tier: nextTier, sentence: sentence)
        }
        guard hasAlternatives[position] else { return }
        for alternative in tokens[sequence[position]].alternatives {
            var current: Int32? = node
            for syllable in alternative.syllables {
                let sid = vocabulary.id(syllable)
                guard sid >= 0, let c = current else { current = nil; break }
                current = canonicalTrie.child(c, sid)
            }
            guard let next = current else { continue }
            record(next, bare: false, start: start, end: position, tier: .teencode)
            walkCanonical(node: next, position: position + 1, start: start, tier: .teencode, sentence: sentence)
        }
    }

    private mutating func walkBare(node: Int32, position: Int, start: Int, sentence: Int32) {
        guard position < sequence.count else { return }
        let id = bareIDs[position]
        guard id >= 0, sentences[position] == sentence, let next = bareTrie.child(node, id) else { return }
        record(next, bare: true, start: start, end: position, tier: .folded)
        walkBare(node: next, position: position + 1, start: start, sentence: sentence)
    }
}
