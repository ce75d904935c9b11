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
    /// A post over `PostWindows.threshold` bytes is screened in windows (docs/design.md §3).
    public func screen(_ post: Post, scratch: ScreeningScratch) -> Screening {
        if post.text.utf8.count > PostWindows.threshold {
            let windows = PostWindows(post.text).windows
            if windows.count > 1 { return screenInWindows(post, windows: windows, scratch: scratch) }
        }
        return screen(post, normalized: rules.normalizer.normalize(post.text, scratch: scratch.normalization), scratch: scratch)
    }

    /// Screens a post whose text is already normalized with `rules.normalizer`, as a whole
    /// whatever its length.
    public func screen(_ post: Post, normalized: NormalizedText, scratch: ScreeningScratch) -> Screening {
        var context = PostContext(post: post, text: normalized, rules: rules, scratch: scratch)
        var hits: [RuleHit] = []
        let compiledRules = rules.rules
        for index in context.rulesThatMayFire() {
            if let hit = context.hit(of: compiledRules[index]) { hits.append(hit) }
        }
        let decision = rules.pack.policy.decide(hits)
        context.returnBuffers()
        return Screening(verdict: decision.verdict, score: decision.score, basis: decision.basis, hits: hits, failures: context.failures)
    }
}
