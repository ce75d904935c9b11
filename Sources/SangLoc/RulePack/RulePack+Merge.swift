extension RulePack {
    /// Several packs as one, for `--rules default --rules extra.yaml` (docs/rule-packs.md,
    /// "Combining packs"): rules in order; lists, categories, teencode and accentless words
    /// together (a category keeps its first description); each part of the policy, and `time_zone`, from the last
    /// pack that writes it, with a ``notices`` entry when that changes an earlier pack's value;
    /// name and version joined with `+`; the first pack's description. A pack's `overrides:`
    /// change the rules of the packs before it. Throws when two packs define the same rule id
    /// or, differently, the same list, and when an override names a rule no earlier pack defines.
    public static func merging(_ packs: [RulePack]) throws(RulePackError) -> RulePack {
        guard var merged = packs.first else { return RulePack(name: "empty") }
        if let override = merged.overrides.first { throw merged.unknownRuleError(override) }
        var ruleLocations: [String: SourceLocation] = [:]
        for rule in merged.rules { ruleLocations[rule.id] = rule.location }
        for pack in packs.dropFirst() {
            merged.name += "+" + pack.name
            merged.version += "+" + pack.version
            for (name, list) in pack.lists {
                if let existing = merged.lists[name], existing.terms.map(\.text) != list.terms.map(\.text) {
                    throw RulePackError(
                        "list '\(name)' is defined differently in '\(existing.location.file)' and '\(list.location.file)'",
                        at: list.location, hint: "rename one of the lists")
                }
                merged.lists[name] = list
            }
            for (id, category) in pack.categories where merged.categories[id] == nil { merged.categories[id] = category }
            for rule in pack.rules {
                if let first = ruleLocations[rule.id] {
                    throw RulePackError(
                        "rule id '\(rule.id)' is already used at \(first)", at: rule.location,
                        hint: "give the rule another id, or leave out the pack that defines it")
                }
                ruleLocations[rule.id] = rule.location
                merged.rules.append(rule)
            }
            merged.teencode += pack.teencode
            merged.accentlessWords += pack.accentlessWords
            merged.takeSettings(of: pack)
            merged.files += pack.files
            for override in pack.overrides {
                guard let index = merged.rules.firstIndex(where: { $0.id == override.rule }) else {
                    throw merged.unknownRuleError(override)
                }
                merged.rules[index] = override.applied(to: merged.rules[index])
            }
        }
        return merged
    }

    /// Takes the policy parts and time zone `later` writes, noting each earlier value it changes.
    mutating func takeSettings(of later: RulePack) {
        var origins = later.policyOrigins
        if origins.isEmpty, later.setsPolicy {
            // A pack built in code that sets its policy sets all of it.
            for part in Policy.Part.allCases { origins[part] = "pack '\(later.name)'" }
        }
        for part in Policy.Part.allCases {
            guard let origin = origins[part] else { continue }
            let before = policy.value(of: part)
            let after = later.policy.value(of: part)
            if before != after {
                let earlier = policyOrigins[part].map { "set at \($0)" } ?? "the default"
                notices.append("policy.\(part.rawValue) is \(after) from \(origin), replacing \(before) (\(earlier))")
            }
            policy.take(part, from: later.policy)
            policyOrigins[part] = origin
            setsPolicy = true
        }
        if let zone = later.timeZone {
            if zone != effectiveTimeZone {
                let earlier = timeZoneOrigin.map { "set at \($0)" } ?? "the default"
                notices.append("time_zone is \(zone) from \(later.timeZoneOrigin ?? "pack '\(later.name)'"), replacing \(effectiveTimeZone) (\(earlier))")
            }
            timeZone = zone
            timeZoneOrigin = later.timeZoneOrigin
        }
    }

    /// The error for an override of a rule this pack does not have.
    func unknownRuleError(_ override: RuleOverride) -> RulePackError {
        RulePackError(
            "override of unknown rule '\(override.rule)'", at: override.location,
            hint: Suggestion.nearest(to: override.rule, in: rules.map(\.id)).map { "did you mean '\($0)'?" }
                ?? "load the pack that defines it first (--rules default --rules this.yaml)")
    }
}
