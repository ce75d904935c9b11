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
    let rules: CompiledRuleSet
    let tokens: [Token]
    let sequence: [Int]
    private var canonicalIDs: [Int32] = []
    private var bareIDs: [Int32] = []
    private var hits: [TermHit] = []

    init(rules: CompiledRuleSet, tokens: [Token], sequence: [Int]) {
        self.rules = rules
        self.tokens = tokens
        self.sequence = sequence
    }

    mutating func walk() -> [TermHit] {
        let vocabulary = rules.vocabulary
        canonicalIDs = sequence.map { vocabulary.id(tokens[$0].canonical) }
        bareIDs = sequence.map { tokens[$0].hasDiacritics ? -1 : vocabulary.id(tokens[$0].bare) }
        for start in sequence.indices {
            let sentence = tokens[sequence[start]].sentence
            walkCanonical(node: SyllableTrie.root, position: start, start: start, tier: .exact, sentence: sentence)
            walkBare(node: SyllableTrie.root, position: start, start: start, sentence: sentence)
        }
        return hits
    }

    private mutating func record(_ node: Int32, trie: SyllableTrie, start: Int, end: Int, tier: Tier) {
        for ref in trie.terminals[Int(node)] {
            hits.append(TermHit(ref: ref, firstPosition: start, lastPosition: end, tier: tier))
        }
    }

    private mutating func walkCanonical(node: Int32, position: Int, start: Int, tier: Tier, sentence: Int) {
        guard position < sequence.count else { return }
        let token = tokens[sequence[position]]
        guard token.sentence == sentence else { return }
        let trie = rules.canonicalTrie
        let id = canonicalIDs[position]
        if id >= 0, let next = trie.child(node, id) {
            let nextTier = max(tier, token.flags.contains(.deobfuscated) ? .deobfuscated : .exact)
            record(next, trie: trie, start: start, end: position, tier: nextTier)
            walkCanonical(node: next, position: position + 1, start: start, tier: nextTier, sentence: sentence)
        }
        for alternative in token.alternatives {
            var current: Int32? = node
            for syllable in alternative.syllables {
                let sid = rules.vocabulary.id(syllable)
                guard sid >= 0, let c = current else { current = nil; break }
                current = trie.child(c, sid)
            }
            guard let next = current else { continue }
            record(next, trie: trie, start: start, end: position, tier: .teencode)
            walkCanonical(node: next, position: position + 1, start: start, tier: .teencode, sentence: sentence)
        }
    }

    private mutating func walkBare(node: Int32, position: Int, start: Int, sentence: Int) {
        guard position < sequence.count else { return }
        let id = bareIDs[position]
        guard id >= 0, tokens[sequence[position]].sentence == sentence else { return }
        let trie = rules.bareTrie
        guard let next = trie.child(node, id) else { return }
        record(next, trie: trie, start: start, end: position, tier: .folded)
        walkBare(node: next, position: position + 1, start: start, sentence: sentence)
    }
}
