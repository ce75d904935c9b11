/// A condition that finds evidence in the text or links (terms, a regex, link domains, a
/// `near` pair), with the tiers it takes term hits in; the rest of a condition combines leaves
/// or reads the post's metadata.
///
/// Hashable: a long post's windows keep each leaf's evidence under it (`WindowedPost`).
enum ConditionLeaf: Hashable, Sendable {
    case terms(Int32, RuleTiers)
    case regex(Int)
    case linkDomain(Int)
    case near(Int32, Int32, within: Int, RuleTiers)
}

/// Where conditions find their leaves' evidence: one post's `PostContext`, or a long post's
/// windows merged (`WindowedPost`). Conditions are evaluated, and hits made, the same way on both.
protocol ConditionLeaves {
    var post: Post { get }
    var failures: [RuleFailure] { get set }
    /// The leaf's evidence, nil when it has none (a regex that failed records its failure for `rule`).
    mutating func evidence(of leaf: ConditionLeaf, rule: String) -> [Evidence]?
    /// The evidence made into matches, each with its text from the post.
    func matches(from evidence: [Evidence]) -> [Match]
}

extension ConditionLeaves {
    /// The hit of `compiled` on the post, nil when its condition does not hold or an exception drops it.
    mutating func hit(of compiled: CompiledRule) -> RuleHit? {
        // `compiled.rule.…` read field by field: a copy of the whole `Rule` retains all its fields.
        guard var evidence = evaluate(compiled.condition, tiers: RuleTiers(of: compiled.rule), rule: compiled.rule.id) else { return nil }
        for (exception, scope) in compiled.exceptions {
            guard let found = evaluate(exception, tiers: .default, rule: compiled.rule.id) else { continue }
            switch scope {
            case .post:
                return nil
            case .sentence:
                let sentences = Set(found.compactMap(\.sentence))
                let before = evidence.count
                evidence.removeAll { $0.sentence.map(sentences.contains) ?? false }
                if before > 0, evidence.isEmpty { return nil }
            }
        }
        var spans = Evidence.distinct(Evidence.outermost(evidence))
        let more = max(0, spans.count - RuleHit.maximumMatches)
        if more > 0 { spans.removeLast(more) }
        return RuleHit(
            rule: compiled.rule.id, category: compiled.rule.category, verdict: compiled.rule.verdict, weight: compiled.rule.weight,
            matches: matches(from: spans), moreMatches: more)
    }

    mutating func evaluate(_ condition: CompiledCondition, tiers: RuleTiers, rule: String) -> [Evidence]? {
        switch condition {
        case .terms(let set):
            return evidence(of: .terms(set, tiers), rule: rule)
        case .regex(let index):
            return evidence(of: .regex(index), rule: rule)
        case .linkDomain(let set):
            return evidence(of: .linkDomain(set), rule: rule)
        case .near(let a, let b, let within):
            return evidence(of: .near(a, b, within: within, tiers), rule: rule)
        case .count(let inner, let atLeast):
            guard let found = evaluate(inner, tiers: tiers, rule: rule) else { return nil }
            let distinct = Evidence.unique(found)
            return Set(distinct.map(\.range)).count >= atLeast ? distinct : nil
        case .all(let list):
            var found: [Evidence] = []
            for item in list {
                guard let part = evaluate(item, tiers: tiers, rule: rule) else { return nil }
                found.append(contentsOf: part)
            }
            return Evidence.unique(found)
        case .any(let list):
            var found: [Evidence] = []
            var any = false
            for item in list {
                if let part = evaluate(item, tiers: tiers, rule: rule) {
                    any = true
                    found.append(contentsOf: part)
                }
            }
            return any ? Evidence.unique(found) : nil
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
            return window.contains(date, in: zone) ? [] : nil
        }
    }
}

extension Evidence {
    /// Each piece once, in order of start, then end.
    static func unique(_ list: [Evidence]) -> [Evidence] {
        var seen = Set<Evidence>()
        return list.filter { seen.insert($0).inserted }.sorted { ($0.range.lowerBound, $0.range.upperBound) < ($1.range.lowerBound, $1.range.upperBound) }
    }
}

extension CompiledCondition {
    /// The leaves this condition reads, with `tiers` where it takes term hits.
    func leaves(tiers: RuleTiers) -> [ConditionLeaf] {
        switch self {
        case .terms(let set): [.terms(set, tiers)]
        case .regex(let index): [.regex(index)]
        case .linkDomain(let set): [.linkDomain(set)]
        case .near(let a, let b, let within): [.near(a, b, within: within, tiers)]
        case .count(let inner, _), .not(let inner): inner.leaves(tiers: tiers)
        case .all(let list), .any(let list): list.flatMap { $0.leaves(tiers: tiers) }
        case .author, .platform, .postedAt: []
        }
    }
}

extension CompiledRule {
    /// The leaves of the rule's condition (with its tiers) and of its exceptions (default tiers).
    var leaves: [ConditionLeaf] {
        condition.leaves(tiers: RuleTiers(of: rule)) + exceptions.flatMap { $0.0.leaves(tiers: .default) }
    }
}
