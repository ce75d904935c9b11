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
        let compiledRules = rules.rules
        for index in context.rulesThatMayFire() {
            let compiled = compiledRules[index]
            guard var evidence = context.evaluate(compiled.condition, tiers: RuleTiers(of: compiled.rule), rule: compiled.rule.id) else { continue }
            var dropped = false
            for (exception, scope) in compiled.exceptions {
                guard let found = context.evaluate(exception, tiers: .default, rule: compiled.rule.id) else { continue }
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
            var spans = Evidence.distinct(Evidence.outermost(evidence))
            let more = max(0, spans.count - RuleHit.maximumMatches)
            if more > 0 { spans.removeLast(more) }
            hits.append(RuleHit(
                rule: compiled.rule.id, category: compiled.rule.category, verdict: compiled.rule.verdict, weight: compiled.rule.weight,
                matches: context.matches(from: spans), moreMatches: more))
        }
        let decision = rules.pack.policy.decide(hits)
        context.returnBuffers()
        return Screening(verdict: decision.verdict, score: decision.score, basis: decision.basis, hits: hits, failures: context.failures)
    }
}
