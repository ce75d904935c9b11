@_spi(Engine) import VietText

/// A long post screened window by window (`PostWindows`): each window's leaf evidence, placed
/// in the post, is gathered here, and the rules' conditions are evaluated once on the whole, so
/// that `not`, `all`, `count` and exceptions read the whole post, as they do for a short one.
struct WindowedPost: ConditionLeaves {
    let post: Post
    /// The pack's link domains, for the links given beside the text (they belong to the post,
    /// not to a window: windows read a copy of the post without them).
    let domainSets: [[String]]
    var failures: [RuleFailure] = []
    /// Each leaf's evidence over the windows, in the post's offsets and in text order (none
    /// for a leaf without evidence).
    private var found: [ConditionLeaf: [Evidence]] = [:]
    /// Regexes that stopped in some window, with the first message: told for the first rule
    /// that reads the regex, as for a short post.
    private var regexFailures: [Int: String] = [:]
    /// The rules that may fire in some window (a bit per rule).
    private var mayFire: [UInt64]

    init(post: Post, rules: CompiledRuleSet) {
        self.post = post
        self.domainSets = rules.domainSets
        let ruleCount = rules.rules.count
        self.mayFire = [UInt64](repeating: 0, count: (ruleCount + 63) / 64)
    }

    /// Gathers one window's evidence: the rules that may fire in it, and the evidence of every
    /// leaf of the rule set that starts in the window's own part.
    mutating func gather(_ window: PostWindows.Window, sentenceShift: Int, context: inout PostContext, leaves: [(leaf: ConditionLeaf, rule: String)]) {
        for rule in context.rulesThatMayFire() { mayFire[rule >> 6] |= 1 << UInt64(rule & 63) }
        let utf8Start = window.utf8.lowerBound
        for (leaf, rule) in leaves {
            let failed = context.failures.count
            if let evidence = context.evidence(of: leaf, rule: rule) {
                for piece in evidence {
                    let placed = piece.moved(scalars: window.scalarStart, utf8: utf8Start, sentences: sentenceShift)
                    if window.own.contains(placed.range.lowerBound) { found[leaf, default: []].append(placed) }
                }
            }
            if context.failures.count > failed, case .regex(let index) = leaf, regexFailures[index] == nil {
                regexFailures[index] = context.failures[failed].message
            }
        }
    }

    /// The rules that may fire in the post, ascending.
    var rulesThatMayFire: [Int] {
        mayFire.enumerated().flatMap { w, word in (0..<64).filter { word & (1 << UInt64($0)) != 0 }.map { w << 6 | $0 } }
    }

    mutating func evidence(of leaf: ConditionLeaf, rule: String) -> [Evidence]? {
        if case .regex(let index) = leaf, let message = regexFailures.removeValue(forKey: index) {
            failures.append(RuleFailure(rule: rule, message: message))
        }
        if case .linkDomain(let set) = leaf {
            let all = (found[leaf] ?? []) + PostContext.linkEvidence(post.links, domainSets[set])
            return all.isEmpty ? nil : all
        }
        return found[leaf]
    }

    func matches(from evidence: [Evidence]) -> [Match] {
        Evidence.matches(evidence, in: post.text, links: post.links, normalized: nil)
    }
}

extension Screener {
    /// `screen` for a post over `PostWindows.threshold` bytes cut in `windows`: the windows
    /// normalized and walked one at a time, the rules evaluated on their evidence merged.
    func screenInWindows(_ post: Post, windows: [PostWindows.Window], scratch: ScreeningScratch) -> Screening {
        var merged = WindowedPost(post: post, rules: rules)
        var textOnly = post
        textOnly.links = []
        let bytes = post.text.utf8.span
        // A sentence's number in the post: the local number of the first token of a window's
        // own part, less what the window before (which read that token past its own part) gave it.
        var shift = 0
        var nextSentence: Int?
        var lastSentence = 0
        for (k, window) in windows.enumerated() {
            let text = _UnsafeUTF8.string(validated: bytes.extracting(window.utf8), isASCII: false)
            var context = PostContext(post: textOnly, text: rules.normalizer.normalize(text, scratch: scratch.normalization), rules: rules, scratch: scratch)
            let layers = context.text.layers
            if k > 0 {
                let local = Self.sentence(atOrAfter: window.own.lowerBound - window.scalarStart, in: layers) ?? 0
                shift = (nextSentence ?? shift + lastSentence + 1) - local
            }
            nextSentence = window.own.upperBound == Int.max
                ? nil : Self.sentence(atOrAfter: window.own.upperBound - window.scalarStart, in: layers).map { $0 + shift }
            lastSentence = layers.count > 0 ? Int(layers[layers.count - 1].sentence) : 0
            merged.gather(window, sentenceShift: shift, context: &context, leaves: rules.windowLeaves)
            context.returnBuffers()
        }
        var hits: [RuleHit] = []
        for index in merged.rulesThatMayFire {
            if let hit = merged.hit(of: rules.rules[index]) { hits.append(hit) }
        }
        let decision = rules.pack.policy.decide(hits)
        return Screening(verdict: decision.verdict, score: decision.score, basis: decision.basis, hits: hits, failures: merged.failures)
    }

    /// The sentence of the first token at or after scalar `offset`, nil when there is none.
    static func sentence(atOrAfter offset: Int, in layers: TokenLayerView) -> Int? {
        var (lo, hi) = (0, layers.count)
        while lo < hi {
            let mid = (lo + hi) / 2
            if layers[mid].scalarRange.lowerBound < offset { lo = mid + 1 } else { hi = mid }
        }
        return lo < layers.count ? Int(layers[lo].sentence) : nil
    }
}
