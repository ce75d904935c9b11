import Foundation
@_spi(Engine) import VietText

/// Screens posts against a compiled rule set. A value, `Sendable`: share one across tasks.
///
/// `screen` is pure: the same post always gives the same `Screening`, whether posts are
/// screened one by one or concurrently.
public struct Screener: Sendable {
    /// The compiled pack.
    public let rules: CompiledRuleSet

    /// Compiles `pack` (throws `RuleCompileError`).
    public init(pack: RulePack) throws(RuleCompileError) {
        self.rules = try CompiledRuleSet(pack: pack)
    }

    /// A screener of rules already compiled.
    public init(rules: CompiledRuleSet) {
        self.rules = rules
    }

    /// Screens one post, with scratch state made for this call.
    public func screen(_ post: Post) -> Screening {
        screen(post, scratch: ScreeningScratch())
    }

    /// Screens one post with a worker's scratch (PCRE2 match data); give each task its own.
    public func screen(_ post: Post, scratch: ScreeningScratch) -> Screening {
        screen(post, normalized: rules.normalizer.normalize(post.text, scratch: scratch.normalization), scratch: scratch)
    }

    /// Screens a post whose text is already normalized with `rules.normalizer`.
    public func screen(_ post: Post, normalized: NormalizedText, scratch: ScreeningScratch) -> Screening {
        var context = PostContext(post: post, text: normalized, rules: rules, scratch: scratch)
        var hits: [RuleHit] = []
        let workerRules = scratch.workerRules(for: rules)
        for index in context.rulesThatMayFire() {
            let rule = workerRules[index]
            guard var evidence = context.evaluate(rule.condition, tiers: rule.tiers, rule: rule.id) else { continue }
            var dropped = false
            for (exception, scope) in rule.exceptions {
                guard let found = context.evaluate(exception, tiers: nil, rule: rule.id) else { continue }
                switch scope {
                case .post:
                    dropped = true
                case .sentence:
                    let sentences = Set(found.compactMap(\.sentence))
                    let before = evidence.count
                    evidence.removeAll { $0.sentence.map(sentences.contains) ?? false }
                    if before > 0, evidence.isEmpty { dropped = true }
                }
                if dropped { break }
            }
            if dropped { continue }
            var spans = Self.distinct(Self.outermost(evidence))
            let more = max(0, spans.count - RuleHit.maximumMatches)
            if more > 0 { spans.removeLast(more) }
            hits.append(RuleHit(
                rule: rule.id, category: rule.category, verdict: rule.verdict, weight: rule.weight,
                matches: context.matches(from: spans), moreMatches: more))
        }
        let decision = rules.pack.policy.decide(hits)
        context.returnBuffers()
        return Screening(verdict: decision.verdict, score: decision.score, basis: decision.basis, hits: hits, failures: context.failures)
    }

    /// The evidence without spans inside a longer span of the same hit (`mã OTP` covers `OTP`),
    /// keeping the most certain tier of the spans it drops.
    static func outermost(_ evidence: [Evidence]) -> [Evidence] {
        guard evidence.count > 1 else { return evidence }
        // The usual case, checked without allocating: spans in order whose starts and ends
        // both rise, so that none lies inside another.
        var rising = true
        for k in 1..<evidence.count {
            let (a, b) = (evidence[k - 1], evidence[k])
            guard a.link == nil, b.link == nil, a.range.lowerBound < b.range.lowerBound, a.range.upperBound < b.range.upperBound else {
                rising = false
                break
            }
        }
        if rising { return evidence }
        if let kept = outermostOfSorted(evidence) { return kept }
        // One sweep over the spans sorted by start, longest first: a span is covered when an
        // earlier one with a different range reaches as far: O(n log n), for posts with
        // thousands of matches of one rule.
        let spans = evidence.indices.filter { evidence[$0].link == nil }.sorted { a, b in
            let (x, y) = (evidence[a].range, evidence[b].range)
            return x.lowerBound != y.lowerBound ? x.lowerBound < y.lowerBound : x.upperBound > y.upperBound
        }
        var covered = [Bool](repeating: false, count: evidence.count)
        var farthestBefore = Int.min
        var groupStart = 0
        while groupStart < spans.count {
            let range = evidence[spans[groupStart]].range
            var groupEnd = groupStart
            while groupEnd < spans.count, evidence[spans[groupEnd]].range == range {
                covered[spans[groupEnd]] = farthestBefore >= range.upperBound
                groupEnd += 1
            }
            farthestBefore = max(farthestBefore, range.upperBound)
            groupStart = groupEnd
        }
        return evidence.indices.filter { !covered[$0] }.map { evidence[$0] }
    }

    /// The evidence with each span of the text once, at its most certain tier: a regex
    /// matching inside one long token gives that token's span for every match. (Links beside
    /// the text are kept as given: one match per link.)
    static func distinct(_ evidence: [Evidence]) -> [Evidence] {
        guard evidence.count > 1 else { return evidence }
        // The usual case, checked without allocating: starts that rise hold no span twice.
        if !(1..<evidence.count).contains(where: { k in
            evidence[k - 1].link != nil || evidence[k].link != nil || evidence[k - 1].range.lowerBound >= evidence[k].range.lowerBound
        }) { return evidence }
        var position: [Range<Int>: Int] = [:]
        var kept: [Evidence] = []
        for e in evidence {
            if e.link != nil {
                kept.append(e)
                continue
            }
            if let k = position[e.range] {
                if e.tier < kept[k].tier { kept[k].tier = e.tier }
            } else {
                position[e.range] = kept.count
                kept.append(e)
            }
        }
        return kept
    }

    /// `outermost` for evidence already in order of start, then end, without links (term
    /// evidence always is): one pass, nothing allocated but the result. A span is covered when
    /// a span that starts before it reaches as far, or one that starts with it ends later; nil
    /// when the evidence is not in that order.
    static func outermostOfSorted(_ evidence: [Evidence]) -> [Evidence]? {
        for k in evidence.indices {
            guard evidence[k].link == nil else { return nil }
            if k > 0 {
                let (a, b) = (evidence[k - 1].range, evidence[k].range)
                guard a.lowerBound < b.lowerBound || (a.lowerBound == b.lowerBound && a.upperBound <= b.upperBound) else { return nil }
            }
        }
        var kept: [Evidence] = []
        kept.reserveCapacity(evidence.count)
        var farthestBefore = Int.min  // the farthest end of the spans that start before this group
        var groupStart = 0
        while groupStart < evidence.count {
            let start = evidence[groupStart].range.lowerBound
            var groupEnd = groupStart
            while groupEnd < evidence.count, evidence[groupEnd].range.lowerBound == start { groupEnd += 1 }
            let longest = evidence[groupEnd - 1].range.upperBound
            for k in groupStart..<groupEnd {
                let end = evidence[k].range.upperBound
                if farthestBefore < end, end == longest { kept.append(evidence[k]) }
            }
            farthestBefore = max(farthestBefore, longest)
            groupStart = groupEnd
        }
        return kept
    }

}

/// Per-task scratch: PCRE2 match data and limits. Never shared between tasks.
public final class ScreeningScratch {
    let regex: PCRE2Scratch
    /// This task's state for normalizing posts.
    let normalization = NormalizationScratch()
    /// The per-post arrays of the term walk, kept to reuse their storage.
    var walkBuffers = TermWalker.Buffers()
    /// The per-post arrays of `PostContext`, kept to reuse their storage.
    var contextBuffers = PostContext.Buffers()
    /// This task's copies of the rules of `workerRulesSource` (see `WorkerRule`).
    private var workerRuleList: [WorkerRule] = []
    private var workerRulesSource: CompiledRuleSet?

    /// Empty working state; it grows to the largest post screened with it.
    public init() {
        regex = PCRE2Scratch()
    }

    /// This task's copies of the rules of `rules`, made at its first post.
    func workerRules(for rules: CompiledRuleSet) -> [WorkerRule] {
        if workerRulesSource !== rules {
            workerRuleList = rules.rules.map(WorkerRule.init)
            workerRulesSource = rules
        }
        return workerRuleList
    }
}

/// What screening reads of a compiled rule for every post that may fire it, copied for one
/// task: the strings, sets and condition boxes are the task's own.
///
/// Reading the shared rule retains and releases the rule object, its id, its tier set and its
/// condition's boxes at every evaluation; every worker doing so on the same objects makes their
/// reference counts bounce between cores, which cost more than the rest of the rule loop.
/// Copies in each task's scratch are counted by that task alone.
final class WorkerRule {
    let id: String
    let category: String
    let verdict: Verdict?
    let weight: Double
    let tiers: Set<Tier>?
    let condition: CompiledCondition
    let exceptions: [(CompiledCondition, ExceptionScope)]

    init(_ compiled: CompiledRule) {
        id = compiled.rule.id.ownCopy
        category = compiled.rule.category.ownCopy
        verdict = compiled.rule.verdict
        weight = compiled.rule.weight
        tiers = compiled.rule.tiers.map { Set(Array($0)) }
        condition = compiled.condition.ownCopy
        exceptions = compiled.exceptions.map { ($0.0.ownCopy, $0.1) }
    }
}

extension String {
    /// The same text in storage of its own (a long string's copy shares its storage).
    var ownCopy: String { String(decoding: Array(utf8), as: UTF8.self) }
}

extension CompiledCondition {
    /// The same condition in boxes (every case of an `indirect` enum has one), sets and
    /// strings of its own.
    var ownCopy: CompiledCondition {
        switch self {
        case .terms(let set): .terms(set)
        case .regex(let index): .regex(index)
        case .linkDomain(let set): .linkDomain(set)
        case .near(let a, let b, let within): .near(a, b, within: within)
        case .postedAt(let window, let zone): .postedAt(window, zone)
        case .count(let inner, let atLeast): .count(inner.ownCopy, atLeast: atLeast)
        case .all(let list): .all(list.map(\.ownCopy))
        case .any(let list): .any(list.map(\.ownCopy))
        case .not(let inner): .not(inner.ownCopy)
        case .author(let names): .author(Set(names.map(\.ownCopy)))
        case .platform(let names): .platform(Set(names.map(\.ownCopy)))
        }
    }
}

/// One piece of evidence: a span of the text (or a link beside it), its tier and sentence.
///
/// Plain values only: evidence is copied, sorted and dropped many times per post, and a
/// reference in it (the link's string) made every copy and every array of it retain and
/// release.
struct Evidence: Hashable {
    var range: Range<Int>
    var tier: Tier
    var sentence: Int?
    /// For links beside the text: the link, as the index of its first occurrence in the
    /// post's `links` (the same link twice is the same evidence); nil for a span of the text.
    var link: Int?
    /// The span's UTF-8 offsets in the original text, when known (to cut out its text).
    var utf8: Range<Int>?
}

/// What is known about one post while its rules are evaluated; term hits are found once.
struct PostContext {
    let post: Post
    let text: NormalizedText
    let rules: CompiledRuleSet
    /// `rules.perPost`.
    private let perPost: CompiledRuleSet.PerPostTables
    let scratch: ScreeningScratch
    /// Indices of the tokens that take part in term matching.
    let sequence: [Int]
    /// All term hits of all term sets, found in one walk, ordered by term set (the array is
    /// given back to `scratch` with the walk's buffers).
    let termHits: [TermHit]
    /// Per-post arrays, borrowed from `scratch` (see `returnBuffers`).
    private var buffers: Buffers
    /// Bit `RegexLiteralGate.layerIndex` set once that layer's gates are in `buffers.regexesAllowed`.
    private var scannedRegexLayers: UInt8 = 0
    private(set) var failures: [RuleFailure] = []

    /// A context for screening `post`, whose text normalized is `text`, with `rules`.
    init(post: Post, text: NormalizedText, rules: CompiledRuleSet, scratch: ScreeningScratch) {
        self.post = post
        self.text = text
        self.rules = rules
        let perPost = rules.perPost
        self.perPost = perPost
        self.scratch = scratch
        let walkBuffers = scratch.walkBuffers
        scratch.walkBuffers = TermWalker.Buffers()  // keep the arrays uniquely referenced while filled
        var walker = TermWalker(rules: .passUnretained(rules), buffers: walkBuffers)
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
        hits.sort { $0.ref.set < $1.ref.set }
        self.termHits = hits
        var buffers = scratch.contextBuffers
        scratch.contextBuffers = Buffers()  // keep the arrays uniquely referenced while in use
        buffers.termSetsHit.removeAll(keepingCapacity: true)
        buffers.termSetsHit.append(contentsOf: repeatElement(0, count: (perPost.termSetCount + 63) / 64))
        for hit in hits { buffers.termSetsHit[Int(hit.ref.set) >> 6] |= 1 << UInt64(hit.ref.set & 63) }
        buffers.regexesAllowed.removeAll(keepingCapacity: true)
        buffers.regexesAllowed.append(contentsOf: repeatElement(0, count: (perPost.regexCount + 63) / 64))
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
        let words = (perPost.ruleCount + 63) / 64
        assert(perPost.alwaysRules.count == words)
        marked.append(contentsOf: perPost.alwaysRules)
        for layer in 0..<RegexLayer.allCases.count where perPost.triggerGateLayers & (1 << layer) != 0 {
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
        mark(buffers.termSetsHit, perPost.termSetRuleStart, perPost.termSetRules)
        mark(buffers.regexesAllowed, perPost.regexRuleStart, perPost.regexRules)
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

    // MARK: evaluation

    mutating func evaluate(_ condition: CompiledCondition, tiers: Set<Tier>?, rule: String) -> [Evidence]? {
        switch condition {
        case .terms(let set):
            let found = termEvidence(set, tiers: tiers)
            return found.isEmpty ? nil : found
        case .regex(let index):
            return regexEvidence(index, rule: rule)
        case .linkDomain(let set):
            let found = linkEvidence(rules.domainSets[set])
            return found.isEmpty ? nil : found
        case .near(let a, let b, let within):
            let left = termHitsAllowed(a, tiers: tiers)
            let right = termHitsAllowed(b, tiers: tiers)
            var found: [Evidence] = []
            for x in left {
                for y in right where distance(x, y) <= within {
                    found.append(evidence(x))
                    found.append(evidence(y))
                }
            }
            return found.isEmpty ? nil : Self.unique(found)
        case .count(let inner, let atLeast):
            guard let found = evaluate(inner, tiers: tiers, rule: rule) else { return nil }
            let distinct = Self.unique(found)
            return Set(distinct.map(\.range)).count >= atLeast ? distinct : nil
        case .all(let list):
            var found: [Evidence] = []
            for item in list {
                guard let part = evaluate(item, tiers: tiers, rule: rule) else { return nil }
                found.append(contentsOf: part)
            }
            return Self.unique(found)
        case .any(let list):
            var found: [Evidence] = []
            var any = false
            for item in list {
                if let part = evaluate(item, tiers: tiers, rule: rule) {
                    any = true
                    found.append(contentsOf: part)
                }
            }
            return any ? Self.unique(found) : nil
        case .not(let inner):
            return evaluate(inner, tiers: tiers, rule: rule) == nil ? [] : nil
        case .author(let names):
            guard let author = post.author?.lowercased(), names.contains(author) else { return nil }
            return []
        case .platform(let names):
            guard let platform = post.platform?.lowercased(), names.contains(platform) else { return nil }
            return []
        case .postedAt(let window, let zone):
            guard let date = post.postedAt else {
                if let written = post.unreadableTime {
                    let failure = RuleFailure(rule: rule, message: "posted_at: the time '\(written)' could not be read (Unix seconds or ISO 8601)")
                    if !failures.contains(failure) { failures.append(failure) }
                }
                return nil
            }
            return TimeWindowCheck.contains(date, window: window, zone: zone) ? [] : nil
        }
    }

    private static func unique(_ list: [Evidence]) -> [Evidence] {
        var seen = Set<Evidence>()
        return list.filter { seen.insert($0).inserted }.sorted { ($0.range.lowerBound, $0.range.upperBound) < ($1.range.lowerBound, $1.range.upperBound) }
    }

    // MARK: terms

    /// Hits of a term set allowed by the rule's tiers: by default every tier, but `folded`
    /// only for terms of two or more syllables (docs/design.md §3). A single-syllable folded hit
    /// also needs unaccented neighbours: in an accented post `dang` is a typo, not `đảng`.
    private func termHitsAllowed(_ set: Int32, tiers: Set<Tier>?) -> [TermHit] {
        hitsOfSet(set).filter { isAllowed($0, tiers: tiers) }
    }

    /// Whether a rule with `tiers` takes `hit` (see `termHitsAllowed`).
    private func isAllowed(_ hit: TermHit, tiers: Set<Tier>?) -> Bool {
        if let tiers {
            guard tiers.contains(hit.tier) else { return false }
        } else if hit.tier == .folded, hit.ref.length < 2 {
            return false
        }
        if hit.tier == .folded, hit.ref.length < 2, !unaccentedAround(hit) { return false }
        return true
    }

    /// The hits of one term set: a binary search in hits ordered by set.
    private func hitsOfSet(_ set: Int32) -> ArraySlice<TermHit> {
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

    private func unaccentedAround(_ hit: TermHit) -> Bool {
        let lower = max(0, hit.firstPosition - 3)
        let upper = min(sequence.count, hit.lastPosition + 4)
        let layers = text.layers
        for p in lower..<upper where layers[sequence[p]].hasDiacritics { return false }
        return true
    }

    private func termEvidence(_ set: Int32, tiers: Set<Tier>?) -> [Evidence] {
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

    private func evidence(_ hit: TermHit) -> Evidence {
        let layers = text.layers
        let (first, last) = (layers[sequence[hit.firstPosition]], layers[sequence[hit.lastPosition]])
        return Evidence(
            range: first.scalarRange.lowerBound..<last.scalarRange.upperBound, tier: hit.tier, sentence: Int(first.sentence),
            utf8: first.utf8Range.lowerBound..<last.utf8Range.upperBound)
    }

    private func distance(_ a: TermHit, _ b: TermHit) -> Int {
        if a.lastPosition < b.firstPosition { return b.firstPosition - a.lastPosition - 1 }
        if b.lastPosition < a.firstPosition { return a.firstPosition - b.lastPosition - 1 }
        return 0
    }

    // MARK: links

    private func linkEvidence(_ domains: [String]) -> [Evidence] {
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

    // MARK: regexes

    private mutating func regexEvidence(_ index: Int, rule: String) -> [Evidence]? {
        guard regexMayMatch(index) else { return nil }
        if let cached = buffers.regexResults.first(where: { $0.regex == index }) { return cached.evidence }
        return runAndKeep(rules.regexes[index], index, rule: rule)
    }

    /// Runs regex `index` (`regex`) on the post and keeps its result for the other rules.
    private mutating func runAndKeep(_ regex: CompiledRegex, _ index: Int, rule: String) -> [Evidence]? {
        let result: [Evidence]?
        // Its own statement: as an argument of `runRegex`, the mutating call would make Swift
        // copy the whole context to call `runRegex` on the value from before it.
        let candidates = startCandidates(for: regex)
        do {
            result = try runRegex(regex, startingAt: candidates)
        } catch {
            failures.append(RuleFailure(rule: rule, message: "regex '\(regex.pattern.pattern)' stopped: \(error)"))
            result = nil
        }
        buffers.regexResults.append((index, result))
        return result
    }

    /// False when regex `index` lacks a required literal in its layer of this post; scans
    /// that layer for all literals of the rule set the first time it is asked, then a bit test.
    private mutating func regexMayMatch(_ index: Int) -> Bool {
        let layer = Int(perPost.gatedLayer[index])
        guard layer >= 0 else { return true }  // ungated
        if scannedRegexLayers & (1 << layer) == 0 { scanRegexLayer(layer) }
        return buffers.regexesAllowed[index >> 6] & (1 << UInt64(index & 63)) != 0
    }

    /// Scans gate layer `layer` (`RegexLiteralGate.layerIndex`) for the literals of all its regexes.
    private mutating func scanRegexLayer(_ layer: Int) {
        scannedRegexLayers |= 1 << layer
        var seen = buffers.regexLiteralsSeen
        var allowed = buffers.regexesAllowed
        buffers.regexLiteralsSeen = []  // keep the arrays uniquely referenced while filled
        buffers.regexesAllowed = []
        let regexLayer = RegexLiteralGate.layer(atIndex: layer)
        let gate = rules.regexGate
        withBytes(of: regexLayer) { bytes in gate.scanLayer(layer, of: bytes, seen: &seen, allowed: &allowed) }
        buffers.regexLiteralsSeen = seen
        buffers.regexesAllowed = allowed
    }

    /// Runs `body` on the UTF-8 bytes of one of the post's layers.
    private func withBytes<Result>(of layer: RegexLayer, _ body: (UnsafeBufferPointer<UInt8>) -> Result) -> Result {
        switch layer {
        case .canonical: return text.layers.withCanonicalUTF8(body)
        case .bare: return text.layers.withBareUTF8(body)
        case .original:
            var original = text.original
            return original.withUTF8(body)
        }
    }

    /// Where a start-filtered regex may match in this post (nil: the regex has no start filter,
    /// or its layer cannot match at all); found once per post for all regexes with the same
    /// leading literals on the same layer.
    private mutating func startCandidates(for regex: CompiledRegex) -> [Int]? {
        guard regex.startFilter != nil else { return nil }
        if let known = buffers.startCandidates.first(where: { $0.filter == regex.startFilterID && $0.layer == regex.layer }) {
            return known.positions
        }
        guard let positions = findStartCandidates(for: regex) else { return nil }
        buffers.startCandidates.append((regex.startFilterID, regex.layer, positions))
        return positions
    }

    /// `startCandidates` found in the layer's bytes; nil when the regex cannot match there.
    private func findStartCandidates(for regex: CompiledRegex) -> [Int]? {
        withBytes(of: regex.layer) { bytes in
            guard let filter = regex.startFilter, regex.pattern.mayMatch(in: bytes) else { return nil }
            return filter.candidates(in: bytes)
        }
    }

    private func runRegex(_ regex: CompiledRegex, startingAt candidates: [Int]?) throws(PCRE2MatchError) -> [Evidence]? {
        func run(_ buffer: UnsafeBufferPointer<UInt8>) -> Result<[Range<Int>], PCRE2MatchError> {
            guard regex.pattern.mayMatch(in: buffer) else { return .success([]) }
            do throws(PCRE2MatchError) {
                if regex.startFilter != nil {
                    return .success(try regex.patternFromStarts.matches(
                        in: buffer, startingOnlyAt: candidates ?? [], scratch: scratch.regex, validUTF8: true))
                }
                return .success(try regex.pattern.matches(in: buffer, scratch: scratch.regex, validUTF8: true))
            } catch {
                return .failure(error)
            }
        }
        let ranges = try withBytes(of: regex.layer, run).get()
        guard !ranges.isEmpty else { return nil }
        var found: [Evidence] = []
        let originalRanges = regex.layer == .original ? ScalarOffsets.scalarRanges(ofUTF8: ranges, in: text.original) : []
        var tokenIndex = 0
        for (n, range) in ranges.enumerated() {
            switch regex.layer {
            case .canonical, .bare:
                let bare = regex.layer == .bare
                guard let first = text.tokenIndex(atLayerOffset: range.lowerBound, bare: bare),
                      let last = text.tokenIndex(atLayerOffset: max(range.lowerBound, range.upperBound - 1), bare: bare)
                else { continue }
                let layers = text.layers
                let (firstToken, lastToken) = (layers[first], layers[last])
                var tier: Tier = bare ? .folded : .exact
                if !bare, (first...last).contains(where: { layers[$0].flags.contains(.deobfuscated) }) { tier = .deobfuscated }
                found.append(Evidence(
                    range: firstToken.scalarRange.lowerBound..<lastToken.scalarRange.upperBound,
                    tier: tier, sentence: Int(firstToken.sentence),
                    utf8: firstToken.utf8Range.lowerBound..<lastToken.utf8Range.upperBound))
            case .original:
                let scalars = originalRanges[n]
                // Matches come in text order: the token holding each one is found moving forward.
                let layers = text.layers
                while tokenIndex < layers.count, layers[tokenIndex].scalarRange.upperBound <= scalars.lowerBound { tokenIndex += 1 }
                let sentence = tokenIndex < layers.count ? Int(layers[tokenIndex].sentence) : nil
                found.append(Evidence(range: scalars, tier: .exact, sentence: sentence, utf8: range))
            }
        }
        return found.isEmpty ? nil : found
    }

    // MARK: output

    func matches(from evidence: [Evidence]) -> [Match] {
        // Each span's text cut from the original's UTF-8 bytes, read in place once for all of
        // them (cutting through string indices costs far more). The spans begin
        // and end between scalars: token bounds, or matches of PCRE2 in UTF mode.
        var original = text.original
        return original.withUTF8 { bytes in
            evidence.map { e in
                if let link = e.link { return Match(range: 0..<0, text: post.links[link], tier: e.tier, field: "links") }
                guard let utf8 = e.utf8 else { return Match(range: e.range, text: text.originalText(e.range), tier: e.tier) }
                return Match(range: e.range, text: String(decoding: UnsafeBufferPointer(rebasing: bytes[utf8]), as: UTF8.self), tier: e.tier)
            }
        }
    }
}

/// UTF-8 offsets → Unicode scalar offsets of a string.
enum ScalarOffsets {
    /// UTF-8 byte ranges of `text`, in ascending order, as Unicode scalar ranges: one walk over
    /// the text for all of them.
    static func scalarRanges(ofUTF8 ranges: [Range<Int>], in text: String) -> [Range<Int>] {
        var bounds: [Int] = []
        bounds.reserveCapacity(ranges.count * 2)
        for range in ranges { bounds.append(range.lowerBound); bounds.append(range.upperBound) }
        var scalarOffsets = [Int](repeating: 0, count: bounds.count)
        var next = 0
        var byte = 0
        var scalarIndex = 0
        for scalar in text.unicodeScalars {
            while next < bounds.count, bounds[next] <= byte { scalarOffsets[next] = scalarIndex; next += 1 }
            if next == bounds.count { break }
            byte += UTF8.width(scalar)
            scalarIndex += 1
        }
        while next < bounds.count { scalarOffsets[next] = scalarIndex; next += 1 }
        return stride(from: 0, to: scalarOffsets.count, by: 2).map { scalarOffsets[$0]..<scalarOffsets[$0 + 1] }
    }
}

/// `posted_at` windows: weekday and time of day in a time zone; `from` > `to` crosses midnight
/// (the weekday is the one on which the window started).
enum TimeWindowCheck {
    static func contains(_ date: Date, window: TimeWindow, zone: TimeZone) -> Bool {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        let parts = calendar.dateComponents([.weekday, .hour, .minute], from: date)
        let minute = (parts.hour ?? 0) * 60 + (parts.minute ?? 0)
        let isoWeekday = ((parts.weekday ?? 1) + 5) % 7 + 1  // Calendar: 1 = Sunday → ISO: 7
        let from = window.from ?? 0
        let to = window.to ?? 24 * 60
        let previousDay = isoWeekday == 1 ? 7 : isoWeekday - 1
        func dayAllowed(_ day: Int) -> Bool { window.weekdays.isEmpty || window.weekdays.contains(day) }
        if from <= to {
            return minute >= from && minute < to && dayAllowed(isoWeekday)
        }
        // Crosses midnight: the evening part belongs to today, the morning part to yesterday's window.
        if minute >= from { return dayAllowed(isoWeekday) }
        if minute < to { return dayAllowed(previousDay) }
        return false
    }
}
