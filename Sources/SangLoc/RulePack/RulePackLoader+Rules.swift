import Foundation
import Yams

/// `rules:` entries and their `unless:` and `examples:`.
extension PackLoadSession {
    /// The tier name for folding phrases only (what a rule without `tiers:` does).
    static let foldedPhrases = "folded-phrases"
    static let ruleKeys = ["id", "category", "verdict", "weight", "description", "tiers", "match", "unless", "examples"]

    /// One rule; `number` is its 1-based position in its file, for messages before the id is known.
    mutating func readRule(_ node: PackNode, number: Int) throws(RulePackError) -> Rule {
        let unnamed = try node.mapping("each rule", context: "in rule #\(number)")
        if unnamed["id"] == nil { try unnamed.checkKeys(allowed: Self.ruleKeys) }
        let id = try unnamed.required("id").nonEmptyString("rule id")
        let fields = PackMapping(entries: unnamed.entries, location: unnamed.location, context: "in rule '\(id)'")
        try fields.checkKeys(allowed: Self.ruleKeys)

        let category: String
        if let categoryNode = fields["category"] {
            category = try categoryNode.nonEmptyString("category")
        } else if let dot = id.firstIndex(of: "."), dot != id.startIndex {
            category = String(id[..<dot])
        } else {
            throw RulePackError("missing required key 'category' in rule '\(id)'", at: fields.location,
                                hint: "add 'category:', or name the rule '<category>.<name>'")
        }
        let verdict = try readVote(try fields.required("verdict"))
        var weight = 1.0
        if let weightNode = fields["weight"] {
            weight = try weightNode.number("weight")
            if weight < 0 { throw RulePackError("weight must be a number ≥ 0, got \(weightNode.kindDescription)", at: weightNode.location) }
        }
        let description = try fields["description"].map { (node) throws(RulePackError) in try node.string("description") }
        var tiers: Set<Tier>?
        var foldsSingleSyllables = false
        if let tiersNode = fields["tiers"] {
            var set = Set<Tier>()
            let written: [PackNode] = if case .sequence = tiersNode.node { try tiersNode.items("tiers") } else { [tiersNode] }
            for item in written {
                // `folded-phrases`: folded for terms of two or more syllables, as without `tiers:`.
                if case .scalar = item.node, (try? item.nonEmptyString("tier")) == Self.foldedPhrases {
                    set.insert(.folded)
                    continue
                }
                let tier = try readEnum(item, as: Tier.self, what: "tier", also: [Self.foldedPhrases])
                if tier == .folded { foldsSingleSyllables = true }
                set.insert(tier)
            }
            if set.isEmpty {
                throw RulePackError("tiers must not be empty", at: tiersNode.location, hint: "remove 'tiers:' to allow the default tiers")
            }
            tiers = set
        }
        let matchNode = try fields.required("match")
        let match = try readCondition(matchNode, context: "in the match of rule '\(id)'")

        var unless: [Exception] = []
        if let unlessNode = fields["unless"], !unlessNode.isNull {
            let entries: [PackNode] = if case .sequence = unlessNode.node { try unlessNode.items("unless") } else { [unlessNode] }
            for entry in entries {
                unless.append(try readException(entry, context: "in an unless of rule '\(id)'"))
            }
        }
        var examples = Examples()
        if let examplesNode = fields["examples"], !examplesNode.isNull {
            examples = try readExamples(examplesNode, ruleID: id)
        }
        return Rule(
            id: id, category: category, verdict: verdict, weight: weight, description: description, tiers: tiers,
            foldsSingleSyllables: foldsSingleSyllables,
            match: match, unless: unless, examples: examples, location: fields.location)
    }

    /// One `unless:` entry: a condition that may carry `scope: post|sentence`.
    mutating func readException(_ node: PackNode, context: String) throws(RulePackError) -> Exception {
        let fields = try node.mapping("each unless entry", context: context)
        var scope = ExceptionScope.post
        if let scopeNode = fields["scope"] {
            scope = try readEnum(scopeNode, as: ExceptionScope.self, what: "scope")
        }
        let rest = PackMapping(entries: fields.entries.filter { $0.key != "scope" }, location: fields.location, context: context)
        return Exception(condition: try readCondition(rest, context: context), scope: scope)
    }

    /// `examples:` {match: [...], no_match: [...]}.
    func readExamples(_ node: PackNode, ruleID: String) throws(RulePackError) -> Examples {
        let fields = try node.mapping("examples", context: "in the examples of rule '\(ruleID)'")
        try fields.checkKeys(allowed: ["match", "no_match"])
        var examples = Examples()
        for entry in fields.entries where !entry.value.isNull {
            var posts: [Example] = []
            for (index, item) in try entry.value.items("examples.\(entry.key)").enumerated() {
                posts.append(try readExample(item, id: "\(ruleID) \(entry.key) #\(index + 1)", ruleID: ruleID))
            }
            if entry.key == "match" { examples.match = posts } else { examples.noMatch = posts }
        }
        return examples
    }

    static let exampleKeys = ["text", "links", "author", "platform", "posted_at"]

    /// One example: a text, or {text, links, author, platform, posted_at}.
    func readExample(_ node: PackNode, id: String, ruleID: String) throws(RulePackError) -> Example {
        guard case .mapping = node.node else {
            return Example(post: Post(id: id, text: try node.string("an example")), location: node.location)
        }
        let fields = try node.mapping("an example", context: "in an example of rule '\(ruleID)'")
        try fields.checkKeys(allowed: Self.exampleKeys)
        var post = Post(id: id, text: try fields.required("text").string("the text of an example"))
        if let links = fields["links"], !links.isNull { post.links = try links.stringOrStrings("links").map(\.0) }
        if let author = fields["author"], !author.isNull { post.author = try author.string("author") }
        if let platform = fields["platform"], !platform.isNull { post.platform = try platform.string("platform") }
        if let postedAt = fields["posted_at"], !postedAt.isNull { post.postedAt = try Self.readDate(postedAt) }
        return Example(post: post, location: node.location)
    }

    /// An ISO 8601 date-time with a time zone, or Unix seconds.
    static func readDate(_ node: PackNode) throws(RulePackError) -> Date {
        let text = try node.nonEmptyString("posted_at")
        if let seconds = Double(text), seconds.isFinite { return Date(timeIntervalSince1970: seconds) }
        for style in [Date.ISO8601FormatStyle(), Date.ISO8601FormatStyle(includingFractionalSeconds: true)] {
            if let date = try? style.parse(text) { return date }
        }
        throw RulePackError(
            "posted_at must be an ISO 8601 date-time with a time zone or Unix seconds, got '\(text)'", at: node.location,
            hint: "e.g. '2026-11-20T22:30:00+07:00' or 1795000000")
    }
}
