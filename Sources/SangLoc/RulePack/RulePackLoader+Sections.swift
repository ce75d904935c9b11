import Yams

/// The top-level sections besides rules: `categories:`, `lists:`, `teencode:` and `policy:`.
extension PackLoadSession {
    /// `categories:` id → description, or id → {description: ...}.
    mutating func readCategories(_ node: PackNode) throws(RulePackError) {
        for entry in try node.mapping("categories", context: "in categories").entries {
            let id = entry.key
            let description: String
            if case .mapping = entry.value.node {
                let fields = try entry.value.mapping("category '\(id)'", context: "in category '\(id)'")
                try fields.checkKeys(allowed: ["description"])
                description = try fields.required("description").string("the description of category '\(id)'")
            } else {
                description = try entry.value.string("the description of category '\(id)'")
            }
            if let first = categories[id] {
                throw RulePackError("duplicate category '\(id)' (first declared at \(first.location.map(\.description) ?? "?"))",
                                    at: entry.keyLocation)
            }
            categories[id] = Category(id: id, description: description, location: entry.keyLocation)
        }
    }

    /// `lists:` name → {file: wordlist} or name → [inline terms].
    mutating func readLists(_ node: PackNode, packFile: String) throws(RulePackError) {
        for entry in try node.mapping("lists", context: "in lists").entries {
            let name = entry.key
            if let first = lists[name] {
                throw RulePackError("duplicate list '\(name)' (first defined at \(first.location))", at: entry.keyLocation,
                                    hint: "list names must be unique across the pack and its includes")
            }
            let list: TermList
            switch entry.value.node {
            case .sequence:
                let terms = try readInlineTerms(entry.value, what: "list '\(name)'")
                list = TermList(name: name, terms: terms, location: entry.keyLocation)
            case .mapping:
                let fields = try entry.value.mapping("list '\(name)'", context: "in list '\(name)'")
                try fields.checkKeys(allowed: ["file"])
                let fileNode = try fields.required("file")
                let written = try fileNode.nonEmptyString("the file of list '\(name)'")
                let path = source.resolve(written, from: packFile)
                try checkInsidePackFolder(path, writtenAs: written, what: "wordlist", at: fileNode.location)
                let terms = try readWordlist(path: path, writtenAs: written, at: fileNode.location)
                list = TermList(name: name, terms: terms, file: path, location: entry.keyLocation)
            default:
                throw RulePackError("list '\(name)' must be {file: path} or a list of terms, got \(entry.value.kindDescription)",
                                    at: entry.value.location, hint: "e.g. '\(name): { file: wordlists/\(name).txt }' or '\(name): [term, other term]'")
            }
            lists[name] = list
        }
    }

    /// A YAML list of terms; it must have at least one, and none may be empty.
    func readInlineTerms(_ node: PackNode, what: String) throws(RulePackError) -> [Term] {
        let items = try node.items(what)
        if items.isEmpty {
            throw RulePackError("\(what) has no terms", at: node.location, hint: "add at least one term")
        }
        var terms: [Term] = []
        for item in items {
            terms.append(Term(try item.nonEmptyString("each term of \(what)"), location: item.location))
        }
        return terms
    }

    /// `teencode:` form → reading or [readings].
    mutating func readTeencode(_ node: PackNode) throws(RulePackError) {
        for entry in try node.mapping("teencode", context: "in teencode").entries {
            let form = entry.key.trimmingWhitespace
            if form.isEmpty { throw RulePackError("a teencode form must not be empty", at: entry.keyLocation) }
            let readings = try entry.value.stringOrStrings("the readings of teencode '\(form)'").map(\.0)
            if readings.isEmpty {
                throw RulePackError("teencode '\(form)' has no readings", at: entry.value.location, hint: "write '\(form): reading' or '\(form): [reading, other reading]'")
            }
            teencode.append(TeencodeEntry(form: form, readings: readings, location: entry.keyLocation))
        }
    }

    /// `policy:` {thresholds: {harmful, unverified, verified}, default: verdict,
    /// below_threshold: verdict}.
    /// Returns the policy and where each part it writes was written.
    func readPolicy(_ node: PackNode) throws(RulePackError) -> (policy: Policy, origins: [Policy.Part: String]) {
        let fields = try node.mapping("policy", context: "in policy")
        try fields.checkKeys(allowed: ["thresholds", "default", "below_threshold"])
        var policy = Policy()
        var origins: [Policy.Part: String] = [:]
        if let thresholdsNode = fields["thresholds"], !thresholdsNode.isNull {
            let thresholds = try thresholdsNode.mapping("policy.thresholds", context: "in policy.thresholds")
            try thresholds.checkKeys(allowed: Verdict.allCases.map(\.rawValue))
            for entry in thresholds.entries {
                let value = try entry.value.number("thresholds.\(entry.key)")
                if value <= 0 {
                    throw RulePackError("thresholds.\(entry.key) must be a number > 0, got \(entry.value.kindDescription)", at: entry.value.location)
                }
                switch Verdict(rawValue: entry.key) {
                case .harmful: policy.harmful = value
                case .unverified: policy.unverified = value
                case .verified: policy.verified = value
                case nil: break
                }
                if let part = Policy.Part(rawValue: "thresholds.\(entry.key)") { origins[part] = "\(entry.value.location)" }
            }
        }
        if let defaultNode = fields["default"] {
            policy.defaultVerdict = try readEnum(defaultNode, as: Verdict.self, what: "verdict")
            origins[.defaultVerdict] = "\(defaultNode.location)"
        }
        if let belowNode = fields["below_threshold"] {
            policy.belowThreshold = try readEnum(belowNode, as: Verdict.self, what: "verdict")
            origins[.belowThreshold] = "\(belowNode.location)"
        }
        return (policy, origins)
    }

    /// A rule's `verdict:`: one of the verdicts, or `none` for a report-only rule (nil).
    func readVote(_ node: PackNode) throws(RulePackError) -> Verdict? {
        let allowed = Verdict.allCases.map(\.rawValue) + ["none"]
        let text = try node.nonEmptyString("verdict")
        if text.lowercased() == "none" { return nil }
        if let verdict = Verdict(rawValue: text.lowercased()) { return verdict }
        throw RulePackError(
            "unknown verdict '\(text)' (allowed: \(allowed.joined(separator: ", ")))", at: node.location,
            hint: Suggestion.nearest(to: text, in: allowed).map { "did you mean '\($0)'?" })
    }

    /// `overrides:` rule id → {verdict?, weight?}: changes to rules defined elsewhere.
    func readOverrides(_ node: PackNode) throws(RulePackError) -> [RuleOverride] {
        let entries = try node.mapping("overrides", context: "in overrides")
        var overrides: [RuleOverride] = []
        for entry in entries.entries {
            let fields = try entry.value.mapping(
                "each override", context: "in the override of rule '\(entry.key)'")
            try fields.checkKeys(allowed: ["verdict", "weight"])
            var override = RuleOverride(rule: entry.key, location: entry.keyLocation)
            if let verdictNode = fields["verdict"] { override.verdict = .some(try readVote(verdictNode)) }
            if let weightNode = fields["weight"] {
                let weight = try weightNode.number("weight")
                if weight < 0 { throw RulePackError("weight must be a number ≥ 0, got \(weightNode.kindDescription)", at: weightNode.location) }
                override.weight = weight
            }
            if override.verdict == nil, override.weight == nil {
                throw RulePackError("the override of rule '\(entry.key)' changes nothing", at: entry.keyLocation,
                                    hint: "give it 'verdict:' or 'weight:'")
            }
            overrides.append(override)
        }
        return overrides
    }

    /// A value that must be one of an enum's raw values; the error lists them all.
    func readEnum<Value: RawRepresentable & CaseIterable>(
        _ node: PackNode, as type: Value.Type, what: String, also: [String] = []
    ) throws(RulePackError) -> Value where Value.RawValue == String {
        let allowed = Value.allCases.map(\.rawValue) + also
        let text = try node.nonEmptyString(what)
        if let value = Value(rawValue: text) ?? Value(rawValue: text.lowercased()) { return value }
        throw RulePackError(
            "unknown \(what) '\(text)' (allowed: \(allowed.joined(separator: ", ")))", at: node.location,
            hint: Suggestion.nearest(to: text, in: allowed).map { "did you mean '\($0)'?" })
    }
}
