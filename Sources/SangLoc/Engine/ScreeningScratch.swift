/// Per-task working state: PCRE2 match data and limits, the normalizer's and the walk's
/// arrays, the task's copies of the rules. Never shared between tasks.
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
