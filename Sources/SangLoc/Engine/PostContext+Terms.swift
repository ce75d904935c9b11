@_spi(Engine) import VietText

/// The tiers a rule takes term hits in (`tiers:`; docs/rule-packs.md, "Tiers").
struct RuleTiers: Hashable, Sendable {
    /// The tiers listed; nil without `tiers:`.
    var allowed: Set<Tier>?
    /// Whether one-syllable terms fold (`folded` listed, not `folded-phrases`).
    var foldsSingleSyllables: Bool

    /// A rule without `tiers:`, and every exception.
    static let `default` = RuleTiers(allowed: nil, foldsSingleSyllables: false)

    init(allowed: Set<Tier>?, foldsSingleSyllables: Bool) {
        self.allowed = allowed
        self.foldsSingleSyllables = foldsSingleSyllables
    }

    init(of rule: Rule) {
        self.init(allowed: rule.tiers, foldsSingleSyllables: rule.foldsSingleSyllables)
    }
}

/// Evidence from the term hits of the post's walk, and from its links.
extension PostContext {
    /// Hits of a term set allowed by the rule's tiers, each with the tier it is taken under
    /// (docs/design.md §3): by default every tier but `stripped`, and `folded` only for terms of
    /// two or more syllables. A hit on bare forms is `folded` when the words around it are
    /// unaccented too; among accented words it is `stripped` where the rule lists `stripped`
    /// (else a phrase is still taken as `folded` where folding is allowed, as it always was).
    func termHitsAllowed(_ set: Int32, tiers: RuleTiers) -> [TermHit] {
        hitsOfSet(set).compactMap { hit in
            admittedTier(hit, tiers: tiers).map { tier in
                var admitted = hit
                admitted.tier = tier
                return admitted
            }
        }
    }

    /// The tier under which a rule with `tiers` takes `hit`, or nil when it does not.
    func admittedTier(_ hit: TermHit, tiers: RuleTiers) -> Tier? {
        guard hit.tier == .folded else {
            return (tiers.allowed?.contains(hit.tier) ?? true) ? hit.tier : nil
        }
        // In an accented post `dang` is a typo, not `đảng`; `cái lon` is a word stripped on purpose.
        let amongAccented = !unaccentedAround(hit)
        if amongAccented, tiers.allowed?.contains(.stripped) == true, !onlyAccentlessWords(hit) { return .stripped }
        guard tiers.allowed?.contains(.folded) ?? true else { return nil }
        if hit.hasSeveralSyllables { return .folded }
        return tiers.foldsSingleSyllables && !amongAccented ? .folded : nil
    }

    /// The hits of one term set: a binary search in hits ordered by set.
    func hitsOfSet(_ set: Int32) -> ArraySlice<TermHit> {
        var lo = 0
        var hi = termHits.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if termHits[mid].set < set { lo = mid + 1 } else { hi = mid }
        }
        var end = lo
        while end < termHits.count, termHits[end].set == set { end += 1 }
        return termHits[lo..<end]
    }

    /// Whether every token of `hit` is one of the pack's `accentless_words` (`cho`, `sao`):
    /// written as is, nothing in it was hidden.
    func onlyAccentlessWords(_ hit: TermHit) -> Bool {
        let layers = text.layers
        return (hit.firstPosition...hit.lastPosition).allSatisfy { rules.accentlessSyllables.contains(layers[Int(sequence[$0])].bareSyllableID) }
    }

    func unaccentedAround(_ hit: TermHit) -> Bool {
        let lower = max(0, hit.firstPosition - 3)
        let upper = min(sequence.count, hit.lastPosition + 4)
        let layers = text.layers
        for p in lower..<upper where layers[Int(sequence[p])].hasDiacritics { return false }
        return true
    }

    func termEvidence(_ set: Int32, tiers: RuleTiers) -> [Evidence] {
        // One evidence per span, with its most certain tier, in order of both bounds (the
        // same order in every process and for any number of workers).
        let hits = hitsOfSet(set)
        var found: [Evidence] = []
        found.reserveCapacity(hits.count)  // one allocation, not one per doubling
        for hit in hits {
            guard let tier = admittedTier(hit, tiers: tiers) else { continue }
            found.append(evidence(hit, tier: tier))
        }
        found.sort { ($0.range.lowerBound, $0.range.upperBound, $0.tier) < ($1.range.lowerBound, $1.range.upperBound, $1.tier) }
        // The first of each span, in place.
        var kept = 0
        for e in found.indices where kept == 0 || found[kept - 1].range != found[e].range {
            found[kept] = found[e]
            kept += 1
        }
        found.removeLast(found.count - kept)
        return found
    }

    func evidence(_ hit: TermHit, tier: Tier? = nil) -> Evidence {
        let layers = text.layers
        let (first, last) = (layers[Int(sequence[hit.firstPosition])], layers[Int(sequence[hit.lastPosition])])
        return Evidence(
            range: first.scalarRange.lowerBound..<last.scalarRange.upperBound, tier: tier ?? hit.tier, sentence: Int(first.sentence),
            utf8: first.utf8Range.lowerBound..<last.utf8Range.upperBound)
    }

    func distance(_ a: TermHit, _ b: TermHit) -> Int {
        if a.lastPosition < b.firstPosition { return b.firstPosition - a.lastPosition - 1 }
        if b.lastPosition < a.firstPosition { return a.firstPosition - b.lastPosition - 1 }
        return 0
    }

    /// Links of the text and links given beside it with one of `domains`' hosts, in that order.
    func linkEvidence(_ domains: [String]) -> [Evidence] {
        var found: [Evidence] = []
        let layers = text.layers
        for index in layers.indices where layers[index].kind == .url {
            let token = layers[index]
            let host = LinkHost.host(of: layers.canonicalText(at: index))
            if domains.contains(where: { LinkHost.matches(host, domain: $0) }) {
                found.append(Evidence(range: token.scalarRange, tier: .exact, sentence: Int(token.sentence), utf8: token.utf8Range))
            }
        }
        return found + Self.linkEvidence(post.links, domains)
    }

    /// Links given beside the text with one of `domains`' hosts: each as the index of its
    /// first occurrence (the same link twice is the same evidence).
    static func linkEvidence(_ links: [String], _ domains: [String]) -> [Evidence] {
        var found: [Evidence] = []
        for (index, link) in links.enumerated() {
            let host = LinkHost.host(of: link)
            if domains.contains(where: { LinkHost.matches(host, domain: $0) }) {
                let first = links.firstIndex(of: link) ?? index
                found.append(Evidence(range: 0..<0, tier: .exact, sentence: nil, link: first))
            }
        }
        return found
    }
}
