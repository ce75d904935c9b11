import Foundation

/// Runs every rule's `examples` (for `sangloc rules test`).
public enum RuleTester {
    /// An example that did not behave as its rule says.
    public struct Failure: Sendable, CustomStringConvertible {
        /// The rule whose example failed.
        public var rule: String
        /// The example's text.
        public var example: String
        /// True for a `match` example that did not match, false for a `no_match` example that did.
        public var expectedMatch: Bool
        /// Where the example is written.
        public var location: SourceLocation
        /// What the rule matched instead, for a `no_match` example.
        public var matched: [String]

        /// `file:line:col: FAIL rule: should (not) match "example" ...`, as `sangloc rules test` prints it.
        public var description: String {
            if expectedMatch {
                return "\(location): FAIL \(rule): should match \"\(example)\" but does not"
            }
            return "\(location): FAIL \(rule): should not match \"\(example)\" but matches \(matched.map { "\"\($0)\"" }.joined(separator: ", "))"
        }
    }

    /// The outcome of running every example of a pack.
    public struct Report: Sendable {
        /// Examples that behaved as written.
        public var passed: Int
        /// Examples that did not, in pack order.
        public var failures: [Failure]
    }

    /// Screens every rule's `match` and `no_match` examples with `screener` and checks the rule fires (or not).
    public static func run(_ screener: Screener) -> Report {
        var passed = 0
        var failures: [Failure] = []
        let scratch = ScreeningScratch()
        for rule in screener.rules.pack.rules {
            for (examples, expected) in [(rule.examples.match, true), (rule.examples.noMatch, false)] {
                for example in examples {
                    let hit = screener.screen(example.post, scratch: scratch).hits.first { $0.rule == rule.id }
                    if (hit != nil) == expected {
                        passed += 1
                    } else {
                        failures.append(Failure(
                            rule: rule.id, example: example.post.text, expectedMatch: expected, location: example.location,
                            matched: hit?.matches.map(\.text) ?? []))
                    }
                }
            }
        }
        return Report(passed: passed, failures: failures)
    }
}

/// Warnings about rules likely to misfire (for `sangloc rules lint`).
public enum RuleLinter {
    /// A rule likely to misfire, and where it is written.
    public struct Warning: Sendable, CustomStringConvertible {
        /// Where the rule or pattern is written.
        public var location: SourceLocation
        /// What is likely wrong.
        public var message: String
        /// `file:line:col: warning: message`.
        public var description: String { "\(location): warning: \(message)" }
    }

    /// The warnings for `pack`: regexes that may backtrack catastrophically, rules without examples, and the like.
    public static func warnings(for pack: RulePack, compiled: CompiledRuleSet) -> [Warning] {
        var warnings: [Warning] = []
        let normalizer = compiled.normalizer
        for rule in pack.rules {
            if rule.examples.match.count < 2 || rule.examples.noMatch.count < 2 {
                warnings.append(Warning(
                    location: rule.location,
                    message: "rule '\(rule.id)' has \(rule.examples.match.count) match and \(rule.examples.noMatch.count) no_match examples; give at least two of each so `sangloc rules test` guards it"))
            }
            if !pack.categories.isEmpty, pack.categories[rule.category] == nil {
                warnings.append(Warning(location: rule.location, message: "rule '\(rule.id)' uses category '\(rule.category)', which `categories:` does not describe"))
            }
            if rule.tiers?.contains(.stripped) == true, pack.accentlessWords.isEmpty {
                warnings.append(Warning(
                    location: rule.location,
                    message: "rule '\(rule.id)' lists the stripped tier but the pack has no 'accentless_words': everyday words typed without accents (cho, sao) will be read as the words they could hide (chó, sạo); docs/rule-packs.md, Tiers"))
            }
            // A rule whose only tier is `folded` reads words typed without accents among words
            // without accents on purpose (`khung` as `khùng`): its folding is what it is for.
            let foldsSingles = rule.foldsSingleSyllables && rule.tiers != [.folded]
            rule.match.forEach { condition in
                switch condition.kind {
                case .regex(let pattern, _):
                    for risk in PCRE2Pattern.backtrackingRisks(in: pattern) {
                        warnings.append(Warning(location: condition.location, message: "regex '\(pattern)' may backtrack catastrophically: \(risk)"))
                    }
                case .terms(let source) where foldsSingles:
                    for term in pack.terms(of: source) {
                        let tokens = normalizer.normalize(term.text).tokens.filter { $0.kind.isMatchable }
                        if tokens.count == 1, tokens[0].bare != tokens[0].canonical {
                            warnings.append(Warning(
                                location: term.location,
                                message: "rule '\(rule.id)' folds the single syllable '\(term.text)': its bare form '\(tokens[0].bare)' is shared by other syllables (docs/design.md §3); list the accentless spelling as its own term instead"))
                        }
                    }
                default:
                    break
                }
            }
        }
        for source in pack.accentlessWords {
            for term in pack.terms(of: source) {
                let tokens = normalizer.normalize(term.text).tokens.filter { $0.kind.isMatchable }
                if tokens.contains(where: { $0.bare != $0.canonical }) {
                    warnings.append(Warning(
                        location: term.location,
                        message: "accentless word '\(term.text)' has accents: list words as people type them without accents ('\(tokens.map(\.bare).joined(separator: " "))')"))
                }
            }
        }
        return warnings
    }
}

/// The resolved pack as readable text (for `sangloc rules show`).
public enum RulePackDescription {
    /// The pack's name, files, effective policy (each part with the place that set it),
    /// categories, lists and rules, one item a line.
    public static func render(_ pack: RulePack) -> String {
        var lines = ["pack: \(pack.name)", "version: \(pack.version)"]
        if let description = pack.description { lines.append("description: \(description)") }
        lines.append("files: \(pack.files.joined(separator: ", "))")
        lines.append("policy: harmful ≥ \(JSONWriter.format(pack.policy.harmful)), unverified ≥ \(JSONWriter.format(pack.policy.unverified)), verified ≥ \(JSONWriter.format(pack.policy.verified)), default \(pack.policy.defaultVerdict), below threshold \(pack.policy.belowThreshold)")
        // Which pack set each part: with several packs, the last one that writes it.
        for part in Policy.Part.allCases {
            lines.append("  \(part.rawValue): \(pack.policy.value(of: part)) (\(pack.policyOrigins[part] ?? "default"))")
        }
        lines.append("time_zone: \(pack.effectiveTimeZone) (\(pack.timeZoneOrigin ?? "default"))")
        lines.append("categories:")
        for id in pack.categories.keys.sorted() { lines.append("  \(id): \(pack.categories[id]!.description)") }
        lines.append("lists:")
        for name in pack.lists.keys.sorted() {
            let list = pack.lists[name]!
            lines.append("  \(name): \(list.terms.count) terms\(list.file.map { " (\($0))" } ?? "")")
        }
        lines.append("rules:")
        for rule in pack.rules {
            var line = "  \(rule.id) [\(rule.category)] votes \(rule.verdict.voteName) +\(JSONWriter.format(rule.weight))"
            if let tiers = rule.tiers {
                let names = Tier.allCases.filter(tiers.contains).map { $0 == .folded && !rule.foldsSingleSyllables ? "folded-phrases" : $0.rawValue }
                line += " tiers: \(names.joined(separator: ","))"
            }
            lines.append(line)
            if let description = rule.description { lines.append("      \(description)") }
            lines.append("      match: \(describe(rule.match))")
            for exception in rule.unless {
                lines.append("      unless\(exception.scope == .sentence ? " (same sentence)" : ""): \(describe(exception.condition))")
            }
        }
        return lines.joined(separator: "\n")
    }

    static func describe(_ condition: Condition) -> String {
        func source(_ s: TermSource) -> String {
            switch s {
            case .inline(let terms): "[" + terms.map(\.text).joined(separator: ", ") + "]"
            case .list(let name, _): name
            }
        }
        switch condition.kind {
        case .terms(let s): return "terms \(source(s))"
        case .regex(let pattern, let layer): return "regex /\(pattern)/ on \(layer.rawValue)" + gate(pattern)
        case .linkDomain(let s): return "link_domain \(source(s))"
        case .near(let a, let b, let within): return "near(\(source(a)), \(source(b)), within \(within))"
        case .count(let inner, let n): return "count(\(describe(inner))) ≥ \(n)"
        case .all(let list): return "all(" + list.map(describe).joined(separator: "; ") + ")"
        case .any(let list): return "any(" + list.map(describe).joined(separator: "; ") + ")"
        case .not(let inner): return "not(\(describe(inner)))"
        case .author(let s): return "author in \(source(s))"
        case .platform(let names): return "platform in [\(names.joined(separator: ", "))]"
        case .postedAt(let w):
            let days = w.weekdays.sorted().map(String.init).joined(separator: ",")
            func hm(_ m: Int?) -> String { m.map { String(format: "%02d:%02d", $0 / 60, $0 % 60) } ?? "-" }
            return "posted_at days [\(days)] \(hm(w.from))–\(hm(w.to)) \(w.timeZone)"
        }
    }

    /// The literals that gate a regex (`RequiredLiterals`), or "" when it runs on every post.
    static func gate(_ pattern: String) -> String {
        guard (try? PCRE2Pattern(pattern)) != nil, let literals = RequiredLiterals(pattern: pattern) else { return "" }
        let clauses = literals.clauses.map { clause in
            // `\d`'s clause holds every script's digits, multi-byte ones cut to their first
            // bytes (not text on their own): named rather than listed.
            if Set(clause) == RequiredLiterals.decimalDigitLiterals { return "(a digit of any script)" }
            return "(" + clause.map { literal in
                if let text = String(validating: literal, as: UTF8.self) { return "\"\(text)\"" }
                return "\"" + literal.map { $0 < 0x80 ? String(UnicodeScalar($0)) : "\\x" + String($0, radix: 16, uppercase: true) }.joined() + "\""
            }.joined(separator: " or ") + ")"
        }
        return ", run only on texts with " + clauses.joined(separator: " and ")
    }
}
