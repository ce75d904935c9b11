import Yams

/// Bounds the work of reading YAML: every node visited while converting costs one unit.
///
/// Yams resolves aliases by sharing nodes, so a "billion laughs" file composes quickly but
/// would expand without end when walked. The budget stops the walk instead.
final class NodeBudget {
    /// Nodes visited so far, across every file of the pack.
    private(set) var visited = 0
    let limit: Int

    init(limit: Int) { self.limit = limit }

    /// Counts one node; throws once the limit is passed.
    func spend(at location: SourceLocation) throws(RulePackError) {
        visited += 1
        if visited > limit {
            throw RulePackError(
                "the pack expands to more than \(limit) YAML nodes", at: location,
                hint: "YAML aliases (*name) that repeat large parts of a file can do this; write the values out or use a list")
        }
    }
}

/// A YAML node of one pack file, with the file's name for locations.
struct PackNode {
    let node: Node
    let file: String
    let budget: NodeBudget

    init(_ node: Node, file: String, budget: NodeBudget) throws(RulePackError) {
        self.node = node
        self.file = file
        self.budget = budget
        try budget.spend(at: location)
    }

    /// Where the node starts (line and column from libyaml, columns in Unicode scalars).
    var location: SourceLocation {
        let mark = node.mark
        return SourceLocation(file: file, line: mark?.line ?? 1, column: mark?.column ?? 1)
    }

    /// The YAML type in words, for "must be X, got Y" messages.
    var kindDescription: String {
        switch node {
        case .mapping: "a mapping"
        case .sequence: "a list"
        case .alias: "an alias"
        case .scalar(let scalar):
            isNull ? "nothing" : "'\(scalar.string)'"
        }
    }

    /// True for `~`, `null` and an empty value.
    ///
    /// A scalar whose tag is still implicit would resolve to null exactly when it is spelled
    /// as one of `nullSpellings` (Yams's null rule; its earlier rules, bool, int, float and
    /// merge, match none of them; a test holds this to Yams's resolver), so that is checked
    /// without resolving the tag, which runs up to seven regular expressions on the text.
    var isNull: Bool {
        guard case .scalar(let scalar) = node, scalar.style == .plain || scalar.style == .any else { return false }
        if scalar.tag.description == Tag.Name.implicit.rawValue { return Self.nullSpellings.contains(scalar.string) }
        return node.tag.rawValue == Tag.Name.null.rawValue
    }

    /// The plain scalars YAML 1.1 reads as null.
    static let nullSpellings: Set<String> = ["~", "null", "Null", "NULL", ""]

    private func typeError(_ what: String, expected: String) -> RulePackError {
        RulePackError("\(what) must be \(expected), got \(kindDescription)", at: location)
    }

    /// The scalar's text as written (numbers and booleans too); throws for collections and null.
    func string(_ what: String) throws(RulePackError) -> String {
        guard case .scalar(let scalar) = node, !isNull else { throw typeError(what, expected: "a string") }
        return scalar.string
    }

    /// A non-empty string after trimming whitespace.
    func nonEmptyString(_ what: String) throws(RulePackError) -> String {
        let text = try string(what).trimmingWhitespace
        if text.isEmpty { throw RulePackError("\(what) must not be empty", at: location) }
        return text
    }

    /// A number written as a YAML int or float (not quoted), finite.
    func number(_ what: String) throws(RulePackError) -> Double {
        guard case .scalar(let scalar) = node, [Tag.Name.int.rawValue, Tag.Name.float.rawValue].contains(node.tag.rawValue),
              let value = Double.construct(from: scalar) ?? Int.construct(from: scalar).map(Double.init),
              value.isFinite
        else {
            var error = typeError(what, expected: "a number")
            if case .scalar(let scalar) = node, scalar.style != .plain, Double(scalar.string) != nil {
                error.hint = "remove the quotes"
            }
            throw error
        }
        return value
    }

    /// A whole number written as a YAML int.
    func integer(_ what: String) throws(RulePackError) -> Int {
        guard case .scalar(let scalar) = node, node.tag.rawValue == Tag.Name.int.rawValue, let value = Int.construct(from: scalar) else {
            throw typeError(what, expected: "a whole number")
        }
        return value
    }

    /// The items of a sequence, each counted against the budget.
    func items(_ what: String) throws(RulePackError) -> [PackNode] {
        guard case .sequence(let sequence) = node else { throw typeError(what, expected: "a list") }
        var items: [PackNode] = []
        for item in sequence { items.append(try PackNode(item, file: file, budget: budget)) }
        return items
    }

    /// A string, or a list of strings; a lone string counts as a list of one.
    func stringOrStrings(_ what: String) throws(RulePackError) -> [(String, SourceLocation)] {
        if case .sequence = node {
            var strings: [(String, SourceLocation)] = []
            for item in try items(what) { strings.append((try item.nonEmptyString("each item of \(what)"), item.location)) }
            return strings
        }
        return [(try nonEmptyString(what), location)]
    }

    /// The entries of a mapping with string keys, in file order.
    func mapping(_ what: String, context: String) throws(RulePackError) -> PackMapping {
        guard case .mapping(let mapping) = node else { throw typeError(what, expected: "a mapping") }
        var entries: [PackMapping.Entry] = []
        for (key, value) in mapping {
            let keyNode = try PackNode(key, file: file, budget: budget)
            guard case .scalar(let scalar) = key else {
                throw RulePackError("keys \(context) must be plain words, got \(keyNode.kindDescription)", at: keyNode.location)
            }
            entries.append(.init(key: scalar.string, keyLocation: keyNode.location, value: try PackNode(value, file: file, budget: budget)))
        }
        return PackMapping(entries: entries, location: location, context: context)
    }
}

/// A YAML mapping of a pack file, read key by key.
struct PackMapping {
    struct Entry {
        let key: String
        let keyLocation: SourceLocation
        let value: PackNode
    }

    let entries: [Entry]
    let location: SourceLocation
    /// Where the mapping sits, for messages: "in rule 'scam.x'", "at the top level".
    let context: String

    var keys: [String] { entries.map(\.key) }

    subscript(key: String) -> PackNode? {
        entries.first { $0.key == key }?.value
    }

    /// Throws for the first key not in `allowed`, suggesting the nearest allowed one.
    func checkKeys(allowed: [String]) throws(RulePackError) {
        for entry in entries where !allowed.contains(entry.key) {
            throw RulePackError(
                "unknown key '\(entry.key)' \(context)", at: entry.keyLocation,
                hint: Suggestion.hint(for: entry.key, in: allowed))
        }
    }

    /// The value of a key that must be present.
    func required(_ key: String) throws(RulePackError) -> PackNode {
        guard let value = self[key] else {
            throw RulePackError("missing required key '\(key)' \(context)", at: location)
        }
        return value
    }
}

extension String {
    /// The string without leading and trailing white space (Unicode `White_Space`).
    var trimmingWhitespace: String {
        let scalars = unicodeScalars
        guard let first = scalars.firstIndex(where: { !$0.isWhitespace }) else { return "" }
        let last = scalars.lastIndex(where: { !$0.isWhitespace })!
        return String(scalars[first...last])
    }
}

extension Unicode.Scalar {
    /// `properties.isWhitespace`, answered for ASCII without the property lookup (a wordlist
    /// asks it of every character of every line).
    @inline(__always)
    var isWhitespace: Bool {
        value < 0x80 ? value == 0x20 || (0x09...0x0D).contains(value) : properties.isWhitespace
    }
}
