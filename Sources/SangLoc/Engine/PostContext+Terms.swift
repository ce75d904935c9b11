@_spi(Engine) import VietText

/// Evidence from the term hits of the post's walk, and from its links.
extension PostContext {
    /// Hits of a term set allowed by the rule's tiers: by default every tier, but `folded`
    /// only for terms of two or more syllables (docs/design.md §3). A single-syllable folded hit
    /// also needs unaccented neighbours: in an accented post `dang` is a typo, not `đảng`.
    func termHitsAllowed(_ set: Int32, tiers: Set<Tier>?) -> [TermHit] {
        hitsOfSet(set).filter { isAllowed($0, tiers: tiers) }
    }

    /// Whether a rule with `tiers` takes `hit` (see `termHitsAllowed`).
    func isAllowed(_ hit: TermHit, tiers: Set<Tier>?) -> Bool {
        if let tiers {
            guard tiers.contains(hit.tier) else { return false }
        } else if hit.tier == .folded, hit.ref.length < 2 {
            return false
        }
        if hit.tier == .folded, hit.ref.length < 2, !unaccentedAround(hit) { return false }
        return true
    }

    /// The hits of one term set: a binary search in hits ordered by set.
    func hitsOfSet(_ set: Int32) -> ArraySlice<TermHit> {
        var lo = 0
        var hi = termHits.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if termHits[mid].ref.set < set { lo = mid + 1 } else { hi = mid }
        }
        var end = lo
        while end < termHits.count, termHits[end].ref.set == set { end += 1 }
        return termHits[lo..<end]
    }

    func unaccentedAround(_ hit: TermHit) -> Bool {
        let lower = max(0, hit.firstPosition - 3)
        let upper = min(sequence.count, hit.lastPosition + 4)
        let layers = text.layers
        for p in lower..<upper where layers[sequence[p]].hasDiacritics { return false }
        return true
    }

    func termEvidence(_ set: Int32, tiers: Set<Tier>?) -> [Evidence] {
        // One evidence per span, with its most certain tier, in order of both bounds (the
        // same order in every process and for any number of workers).
        let hits = hitsOfSet(set)
        var found: [Evidence] = []
        found.reserveCapacity(hits.count)  // one allocation, not one per doubling
        for hit in hits where isAllowed(hit, tiers: tiers) { found.append(evidence(hit)) }
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

    func evidence(_ hit: TermHit) -> Evidence {
        let layers = text.layers
        let (first, last) = (layers[sequence[hit.firstPosition]], layers[sequence[hit.lastPosition]])
        return Evidence(
            range: first.scalarRange.lowerBound..<last.scalarRange.upperBound, tier: hit.tier, sentence: Int(first.sentence),
            utf8: first.utf8Range.lowerBound..<last.utf8Range.upperBound)
    }

    func distance(_ a: TermHit, _ b: TermHit) -> Int {
        if a.lastPosition < b.firstPosition { return b.firstPosition - a.lastPosition - 1 }
        if b.lastPosition < a.firstPosition { return a.firstPosition - b.lastPosition - 1 }
        return 0
    }

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
        for (index, link) in post.links.enumerated() {
            let host = LinkHost.host(of: link)
            if domains.contains(where: { LinkHost.matches(host, domain: $0) }) {
                let first = post.links.firstIndex(of: link) ?? index
                found.append(Evidence(range: 0..<0, tier: .exact, sentence: nil, link: first))
            }
        }
        return found
    }
}
