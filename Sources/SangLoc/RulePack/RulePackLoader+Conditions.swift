import Foundation
import Yams

/// Conditions (`match:`, `unless:` entries and everything nested in them).
extension PackLoadSession {
    static let conditionKeys = ["terms", "regex", "link_domain", "near", "count", "all", "any", "not", "author", "platform", "posted_at"]
    /// Keys that modify a condition rather than being one.
    static let modifierKeys = ["layer", "scope"]

    /// A condition written as a mapping.
    mutating func readCondition(_ node: PackNode, context: String) throws(RulePackError) -> Condition {
        guard case .mapping = node.node else {
            throw RulePackError(
                "a condition must be a mapping such as 'terms: [...]' or 'regex: ...', got \(node.kindDescription)",
                at: node.location, hint: "condition keys: \(Self.conditionKeys.joined(separator: ", "))")
        }
        return try readCondition(try node.mapping("a condition", context: context), context: context)
    }

    /// A condition from the entries of a mapping; several condition keys mean all of them.
    mutating func readCondition(_ fields: PackMapping, context: String) throws(RulePackError) -> Condition {
        try fields.checkKeys(allowed: Self.conditionKeys + Self.modifierKeys)
        if let scope = fields.entries.first(where: { $0.key == "scope" }) {
            throw RulePackError("'scope' is only allowed in an 'unless:' entry", at: scope.keyLocation)
        }
        if let layer = fields.entries.first(where: { $0.key == "layer" }), fields["regex"] == nil {
            throw RulePackError("'layer' is only allowed beside 'regex'", at: layer.keyLocation)
        }
        var conditions: [Condition] = []
        for entry in fields.entries where Self.conditionKeys.contains(entry.key) {
            conditions.append(Condition(try readConditionKind(entry, in: fields, context: context), location: entry.keyLocation))
        }
        switch conditions.count {
        case 0:
            throw RulePackError("the condition \(context) has no condition key", at: fields.location,
                                hint: "use one of \(Self.conditionKeys.joined(separator: ", "))")
        case 1:
            return conditions[0]
        default:
            return Condition(.all(conditions), location: fields.location)
        }
    }

    private mutating func readConditionKind(_ entry: PackMapping.Entry, in fields: PackMapping, context: String) throws(RulePackError) -> Condition.Kind {
        let value = entry.value
        switch entry.key {
        case "terms":
            return .terms(try readTermSource(value, what: "terms"))
        case "regex":
            let pattern = try value.string("regex")
            if pattern.isEmpty { throw RulePackError("regex must not be empty", at: value.location) }
            let layer = try fields["layer"].map { (node) throws(RulePackError) in try readEnum(node, as: RegexLayer.self, what: "layer") }
            return .regex(pattern: pattern, layer: layer ?? .canonical)
        case "link_domain":
            let domains = try readTermSource(value, what: "link_domain")
            if case .inline(let terms) = domains {
                for term in terms where term.text.contains("/") || term.text.contains(" ") {
                    throw RulePackError("'\(term.text)' is not a domain", at: term.location, hint: "write the host name only, e.g. 'vnexpress.net'")
                }
            }
            return .linkDomain(domains)
        case "near":
            let near = try value.mapping("near", context: "in near \(context)")
            try near.checkKeys(allowed: ["terms", "with", "within"])
            let first = try readTermSource(try near.required("terms"), what: "near.terms")
            let second = try readTermSource(try near.required("with"), what: "near.with")
            var within = 5
            if let withinNode = near["within"] {
                within = try withinNode.integer("near.within")
                if within < 1 { throw RulePackError("near.within must be at least 1, got \(within)", at: withinNode.location) }
            }
            return .near(first, second, within: within)
        case "count":
            let count = try value.mapping("count", context: "in count \(context)")
            try count.checkKeys(allowed: Self.conditionKeys + Self.modifierKeys + ["at_least"])
            let atLeastNode = try count.required("at_least")
            let atLeast = try atLeastNode.integer("count.at_least")
            if atLeast < 1 { throw RulePackError("count.at_least must be at least 1, got \(atLeast)", at: atLeastNode.location) }
            let inner = PackMapping(entries: count.entries.filter { $0.key != "at_least" }, location: count.location, context: count.context)
            return .count(try readCondition(inner, context: count.context), atLeast: atLeast)
        case "all", "any":
            let items = try value.items(entry.key)
            if items.isEmpty {
                throw RulePackError("\(entry.key) must list at least one condition", at: value.location)
            }
            var conditions: [Condition] = []
            for item in items { conditions.append(try readCondition(item, context: context)) }
            return entry.key == "all" ? .all(conditions) : .any(conditions)
        case "not":
            return .not(try readCondition(value, context: context))
        case "author":
            return .author(try readTermSource(value, what: "author"))
        case "platform":
            return .platform(try value.stringOrStrings("platform").map(\.0))
        case "posted_at":
            return .postedAt(try readTimeWindow(value, context: context))
        default:
            preconditionFailure("every condition key is handled")
        }
    }

    /// A list name (a string) or inline terms (a list); names are checked after all files load.
    mutating func readTermSource(_ node: PackNode, what: String) throws(RulePackError) -> TermSource {
        switch node.node {
        case .sequence:
            return .inline(try readInlineTerms(node, what: what))
        case .scalar where !node.isNull:
            let name = try node.nonEmptyString(what)
            listReferences.append((name, node.location))
            return .list(name, location: node.location)
        default:
            throw RulePackError("\(what) must be a list name or a list of terms, got \(node.kindDescription)", at: node.location,
                                hint: "e.g. '\(what): scam_terms' or '\(what): [lừa đảo, chuyển khoản]'")
        }
    }
}

/// `posted_at:` windows.
extension PackLoadSession {
    static let weekdayNames = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
    static let fullWeekdayNames = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]

    /// {weekdays, from, to, time_zone}; at least one of weekdays, from and to.
    func readTimeWindow(_ node: PackNode, context: String) throws(RulePackError) -> TimeWindow {
        let fields = try node.mapping("posted_at", context: "in posted_at \(context)")
        try fields.checkKeys(allowed: ["weekdays", "from", "to", "time_zone"])
        if fields["weekdays"] == nil, fields["from"] == nil, fields["to"] == nil {
            throw RulePackError("posted_at needs 'weekdays', 'from' or 'to'", at: fields.location)
        }
        var window = TimeWindow()
        if let weekdays = fields["weekdays"] {
            let items: [PackNode] = if case .sequence = weekdays.node { try weekdays.items("weekdays") } else { [weekdays] }
            if items.isEmpty { throw RulePackError("weekdays must not be empty", at: weekdays.location) }
            for item in items { window.weekdays.formUnion(try Self.readWeekdays(item)) }
        }
        if let from = fields["from"] { window.from = try Self.readTimeOfDay(from, what: "from", allowsMidnightEnd: false) }
        if let to = fields["to"] { window.to = try Self.readTimeOfDay(to, what: "to", allowsMidnightEnd: true) }
        if let zoneNode = fields["time_zone"] {
            let zone = try zoneNode.nonEmptyString("time_zone")
            guard TimeZone(identifier: zone) != nil else {
                throw RulePackError("unknown time zone '\(zone)'", at: zoneNode.location,
                                    hint: "use an IANA name such as 'Asia/Ho_Chi_Minh' or 'UTC'")
            }
            window.timeZone = zone
        }
        return window
    }

    /// A weekday (`mon`, `monday`, 1-7) or a range (`mon-fri`, `fri-mon` wraps), as ISO numbers.
    static func readWeekdays(_ node: PackNode) throws(RulePackError) -> Set<Int> {
        let text = try node.nonEmptyString("weekdays").lowercased()
        func day(_ word: Substring) -> Int? {
            let word = String(word).trimmingWhitespace
            if let number = Int(word), (1...7).contains(number) { return number }
            if let index = weekdayNames.firstIndex(of: word) ?? fullWeekdayNames.firstIndex(of: word) { return index + 1 }
            return nil
        }
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        if parts.count <= 2, let first = day(parts[0]), let last = parts.count == 2 ? day(parts[1]) : first {
            var days: Set<Int> = [first]
            var current = first
            while current != last {
                current = current % 7 + 1
                days.insert(current)
            }
            return days
        }
        let bad = parts.first { day($0) == nil }.map(String.init) ?? text
        throw RulePackError(
            "unknown weekday '\(bad)' (allowed: \(weekdayNames.joined(separator: ", ")), full names, 1-7 for Monday-Sunday, or a range such as mon-fri)",
            at: node.location, hint: Suggestion.nearest(to: bad, in: weekdayNames + fullWeekdayNames).map { "did you mean '\($0)'?" })
    }

    /// `HH:MM` as minutes after midnight; `24:00` (only for `to`) means until midnight (nil).
    static func readTimeOfDay(_ node: PackNode, what: String, allowsMidnightEnd: Bool) throws(RulePackError) -> Int? {
        let text = try node.nonEmptyString("posted_at.\(what)")
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        if parts.count == 2, (1...2).contains(parts[0].count), parts[1].count == 2,
           parts.allSatisfy({ $0.allSatisfy(\.isASCII) }),
           let hour = Int(parts[0]), let minute = Int(parts[1]), hour >= 0, minute >= 0, minute < 60 {
            if hour < 24 { return hour * 60 + minute }
            if hour == 24, minute == 0, allowsMidnightEnd { return nil }
        }
        throw RulePackError(
            "posted_at.\(what) must be a time of day HH:MM from 00:00 to \(allowsMidnightEnd ? "24:00" : "23:59"), got '\(text)'",
            at: node.location, hint: "quote it to be safe: \(what): \"22:00\"")
    }
}
