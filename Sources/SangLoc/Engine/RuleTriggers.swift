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

    /// The triggers turned around, for a post to find its rules from what it contains instead
    /// of asking every rule: the rules each term set and each gated regex may fire, and the
    /// rules that are always evaluated (no items, or an item that is a regex without a gate:
    /// one the post may always match).
    struct ByItem: Sendable {
        /// A bit per rule always evaluated, in words of 64.
        let always: [UInt64]
        /// The rules of term set `s`: `termSetRules[termSetStart[s]..<termSetStart[s + 1]]`.
        let termSetStart: [Int32]
        let termSetRules: [Int32]
        /// The rules of regex `r`, for gated regexes (others are in `always`).
        let regexStart: [Int32]
        let regexRules: [Int32]
        /// A bit per gate layer (`RegexLiteralGate.layerIndex`) holding a gated regex of a trigger.
        let gateLayers: UInt8
    }

    /// `ByItem` for these triggers over `termSetCount` term sets and the regexes of
    /// `gatedLayer` (`RegexLiteralGate.gatedLayer`: -1 for a regex without a gate).
    func byItem(termSetCount: Int, gatedLayer: [Int8]) -> ByItem {
        let ruleCount = start.count - 1
        var always = [UInt64](repeating: 0, count: (ruleCount + 63) / 64)
        var ofTermSet = [[Int32]](repeating: [], count: termSetCount)
        var ofRegex = [[Int32]](repeating: [], count: gatedLayer.count)
        var gateLayers: UInt8 = 0
        for rule in 0..<ruleCount {
            let ruleItems = items[Int(start[rule])..<Int(start[rule + 1])]
            let alwaysEvaluated = ruleItems.isEmpty || ruleItems.contains { item in
                if case .regex(let regex) = item { return gatedLayer[Int(regex)] < 0 }
                return false
            }
            if alwaysEvaluated {
                always[rule >> 6] |= 1 << UInt64(rule & 63)
                continue
            }
            for item in ruleItems {
                switch item {
                case .termSet(let set):
                    ofTermSet[Int(set)].append(Int32(rule))
                case .regex(let regex):
                    ofRegex[Int(regex)].append(Int32(rule))
                    gateLayers |= 1 << UInt8(gatedLayer[Int(regex)])
                }
            }
        }
        func flattened(_ lists: [[Int32]]) -> (start: [Int32], rules: [Int32]) {
            var start: [Int32] = [0]
            for list in lists { start.append(start.last! + Int32(list.count)) }
            return (start, lists.flatMap { $0 })
        }
        let (termSetStart, termSetRules) = flattened(ofTermSet)
        let (regexStart, regexRules) = flattened(ofRegex)
        return ByItem(
            always: always, termSetStart: termSetStart, termSetRules: termSetRules, regexStart: regexStart, regexRules: regexRules,
            gateLayers: gateLayers)
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
