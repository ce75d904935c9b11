/// What a post must contain for each rule to possibly fire, checked before the rule is evaluated.
///
/// A pack's rules mostly name one term set or one regex, and most posts hit few of them: the
/// screening loop asks these triggers first (a bit test each, over flat arrays, no rule touched)
/// and evaluates only the rules that may fire. A trigger is a necessary condition, derived
/// from the rule's condition: skipping a rule whose trigger fails never changes a result.
struct RuleTriggers: Sendable {
    /// One thing a post may contain.
    enum Item: Sendable, Equatable {
        /// Some term of this set has a hit (of any tier).
        case termSet(Int32)
        /// This regex passes its literal gate.
        case regex(Int32)
    }

    /// Rule `r` may fire when one of `items[start[r]..<start[r + 1]]` holds; an empty range means
    /// the rule is always evaluated (its condition needs nothing the post must contain).
    private(set) var start: [Int32] = [0]
    private(set) var items: [Item] = []

    /// Triggers of rules with `conditions`; with `enabled` false, every rule is always evaluated
    /// (for comparisons).
    init(conditions: [CompiledCondition], enabled: Bool = true) {
        for condition in conditions {
            if enabled { items.append(contentsOf: Self.items(of: condition) ?? []) }
            start.append(Int32(items.count))
        }
    }

    /// Items one of which a post contains whenever `condition` holds; nil when there are none
    /// (a negation, metadata, links: the rule is always evaluated).
    static func items(of condition: CompiledCondition) -> [Item]? {
        switch condition {
        case .terms(let set):
            return [.termSet(set)]
        case .regex(let index):
            return [.regex(Int32(index))]
        case .near(let a, _, _):
            return [.termSet(a)]
        case .count(let inner, _):
            return items(of: inner)
        case .all(let list):
            // Every part must hold: any part's items are necessary; take the first part that has some.
            return list.lazy.compactMap(items(of:)).first
        case .any(let list):
            // One part must hold: all parts need items, and any of them will do.
            var union: [Item] = []
            for part in list {
                guard let partItems = items(of: part) else { return nil }
                union.append(contentsOf: partItems)
            }
            return union
        case .not, .linkDomain, .author, .platform, .postedAt:
            return nil
        }
    }
}
