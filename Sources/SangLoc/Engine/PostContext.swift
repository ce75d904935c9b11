import Foundation
@_spi(Engine) import VietText

/// What is known about one post while its rules are evaluated; term hits are found once.
///
/// The rules that may fire and the leaves' evidence are here (conditions are evaluated on them
/// in `ConditionLeaves.swift`); evidence from terms and links in `PostContext+Terms.swift`,
/// from regexes in `PostContext+Regexes.swift`.
struct PostContext: ConditionLeaves {
    let post: Post
    let text: NormalizedText
    let rules: CompiledRuleSet
    let scratch: ScreeningScratch
    /// Indices of the tokens that take part in term matching.
    let sequence: [Int32]
    /// All term hits of all term sets, found in one walk, ordered by term set (the array is
    /// given back to `scratch` with the walk's buffers).
    let termHits: [TermHit]
    /// Per-post arrays, borrowed from `scratch` (see `returnBuffers`).
    var buffers: Buffers
    /// Bit `RegexLiteralGate.layerIndex` set once that layer's gates are in `buffers.regexesAllowed`.
    var scannedRegexLayers: UInt8 = 0
    var failures: [RuleFailure] = []

    /// A context for screening `post`, whose text normalized is `text`, with `rules`.
    init(post: Post, text: NormalizedText, rules: CompiledRuleSet, scratch: ScreeningScratch) {
        self.post = post
        self.text = text
        self.rules = rules
        self.scratch = scratch
        let walkBuffers = scratch.walkBuffers
        scratch.walkBuffers = TermWalker.Buffers()  // keep the arrays uniquely referenced while filled
        var walker = TermWalker(rules: rules, buffers: walkBuffers)
        var hits: [TermHit]
        if TermWalker.readsIDs(of: text.layers, stamp: rules.syllableStamp) {
            hits = walker.walk(text.layers)
        } else {
            // Layers from another normalizer than the rule set's: its syllable ids first.
            let layers = text.layers.withSyllableIDs(from: rules.vocabularyIndex)
            hits = walker.walk(layers)
        }
        self.sequence = walker.buffers.sequence
        scratch.walkBuffers = walker.buffers
        hits.sort { $0.set < $1.set }
        self.termHits = hits
        var buffers = scratch.contextBuffers
        scratch.contextBuffers = Buffers()  // keep the arrays uniquely referenced while in use
        buffers.termSetsHit.removeAll(keepingCapacity: true)
        buffers.termSetsHit.append(contentsOf: repeatElement(0, count: (rules.perPost.termSetCount + 63) / 64))
        for hit in hits { buffers.termSetsHit[Int(hit.set) >> 6] |= 1 << UInt64(hit.set & 63) }
        buffers.regexesAllowed.removeAll(keepingCapacity: true)
        buffers.regexesAllowed.append(contentsOf: repeatElement(0, count: (rules.perPost.regexCount + 63) / 64))
        buffers.regexResults.removeAll(keepingCapacity: true)
        buffers.startCandidates.removeAll(keepingCapacity: true)
        self.buffers = buffers
    }

    /// The arrays one post's evaluation works in, reused from post to post.
    struct Buffers {
        /// A bit per term set with a hit in the post.
        var termSetsHit: [UInt64] = []
        /// A bit per regex that passed its literal gate (in the layers scanned so far).
        var regexesAllowed: [UInt64] = []
        /// A bit per literal of `RegexLiteralGate` seen in the layer being scanned.
        var regexLiteralsSeen: [UInt64] = []
        /// The results of the regexes run on the post (few: a list beats a dictionary).
        var regexResults: [(regex: Int, evidence: [Evidence]?)] = []
        /// The rules that may fire in the post, and the same as a bit per rule.
        var rules: [Int] = []
        var rulesMarked: [UInt64] = []
        /// Where start-filtered regexes may match, per start filter and layer (`startCandidates`).
        var startCandidates: [(filter: Int, layer: RegexLayer, positions: [Int])] = []
    }

    /// Gives the per-post arrays back to `scratch` for the next post.
    mutating func returnBuffers() {
        scratch.contextBuffers = buffers
        buffers = Buffers()
        scratch.walkBuffers.hits = termHits
        scratch.walkBuffers = scratch.walkBuffers.trimmed
    }

    /// The rules that may fire in this post, ascending: those whose `RuleTriggers` have an
    /// item the post contains (one of which it contains whenever the rule's condition holds).
    ///
    /// Found from what the post contains (`RuleTriggers.ByItem`): the rules of each term set
    /// with a hit and of each regex past its gate are marked in a bit per rule, with the rules
    /// always evaluated; the gate layers the triggers name are scanned first.
    mutating func rulesThatMayFire() -> [Int] {
        var list = buffers.rules
        var marked = buffers.rulesMarked
        buffers.rules = []  // keep the arrays uniquely referenced while filled
        buffers.rulesMarked = []
        list.removeAll(keepingCapacity: true)
        marked.removeAll(keepingCapacity: true)
        let words = (rules.perPost.ruleCount + 63) / 64
        assert(rules.perPost.alwaysRules.count == words)
        marked.append(contentsOf: rules.perPost.alwaysRules)
        for layer in 0..<RegexLayer.allCases.count where rules.perPost.triggerGateLayers & (1 << layer) != 0 {
            if scannedRegexLayers & (1 << layer) == 0 { scanRegexLayer(layer) }
        }
        func mark(_ present: [UInt64], _ start: [Int32], _ rules: [Int32]) {
            for (w, word) in present.enumerated() {
                var bits = word
                while bits != 0 {
                    let item = w << 6 | bits.trailingZeroBitCount
                    bits &= bits &- 1
                    for k in Int(start[item])..<Int(start[item + 1]) {
                        let rule = Int(rules[k])
                        marked[rule >> 6] |= 1 << UInt64(rule & 63)
                    }
                }
            }
        }
        mark(buffers.termSetsHit, rules.perPost.termSetRuleStart, rules.perPost.termSetRules)
        mark(buffers.regexesAllowed, rules.perPost.regexRuleStart, rules.perPost.regexRules)
        for (w, word) in marked.enumerated() {
            var bits = word
            while bits != 0 {
                list.append(w << 6 | bits.trailingZeroBitCount)
                bits &= bits &- 1
            }
        }
        buffers.rules = list
        buffers.rulesMarked = marked
        return list
    }

    // MARK: leaves

    mutating func evidence(of leaf: ConditionLeaf, rule: String) -> [Evidence]? {
        switch leaf {
        case .terms(let set, let tiers):
            let found = termEvidence(set, tiers: tiers)
            return found.isEmpty ? nil : found
        case .regex(let index):
            return regexEvidence(index, rule: rule)
        case .linkDomain(let set):
            let found = linkEvidence(rules.domainSets[set])
            return found.isEmpty ? nil : found
        case .near(let a, let b, let within, let tiers):
            let left = termHitsAllowed(a, tiers: tiers)
            let right = termHitsAllowed(b, tiers: tiers)
            var found: [Evidence] = []
            for x in left {
                for y in right where distance(x, y) <= within {
                    found.append(evidence(x))
                    found.append(evidence(y))
                }
            }
            return found.isEmpty ? nil : Evidence.unique(found)
        }
    }

    // MARK: output

    func matches(from evidence: [Evidence]) -> [Match] {
        Evidence.matches(evidence, in: text.original, links: post.links, normalized: text)
    }
}
