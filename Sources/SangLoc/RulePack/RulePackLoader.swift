import Foundation
import Yams

/// Reads a rule pack (YAML files and wordlists, `docs/rule-packs.md`) into a `RulePack`.
///
/// Every element of the result keeps the file, line and column it was written at, and every
/// problem is reported as a `RulePackError` that names the place and says what to do.
public enum RulePackLoader {
    /// Pack files and wordlists larger than this are refused before they are parsed.
    public static let maximumFileSize = 16 * 1024 * 1024
    /// The most YAML nodes read for one pack, all files together; guards against alias bombs.
    public static let maximumNodeCount = 1_000_000

    /// Loads the pack whose root file is at `path`, with its includes and wordlists.
    ///
    /// Included files and wordlists are found relative to the file that names them.
    /// - Returns: the merged pack; rules in file order, includes first (depth-first).
    /// - Throws: `RulePackError` for the first problem found, at its file, line and column.
    ///
    /// Included files and wordlists must lie in the root file's folder (or below it) unless
    /// `allowOutsideIncludes`: a shared pack cannot read `/etc/passwd` or `../../secrets`.
    public static func load(
        path: String, source: any PackFileSource = FileSystemPackSource(), allowOutsideIncludes: Bool = false
    ) throws(RulePackError) -> RulePack {
        var session = PackLoadSession(source: source)
        let root = PackPath.normalize(path)
        if !allowOutsideIncludes { session.packFolder = root.lastIndex(of: "/").map { String(root[...$0]) } ?? "" }
        return try session.loadRoot(path: root)
    }

    /// Loads a pack from one YAML text named `name` in messages; it cannot include files or
    /// read wordlists (use `load(path:source:)` with an `InMemoryPackSource` for that).
    ///
    /// - Throws: `RulePackError` for the first problem found.
    public static func load(yaml: String, name: String = "<inline>") throws(RulePackError) -> RulePack {
        try load(path: name, source: InMemoryPackSource(files: [name: yaml]))
    }
}

/// The state of one `RulePackLoader.load` call: what has been read so far, across files.
struct PackLoadSession {
    let source: any PackFileSource
    let budget = NodeBudget(limit: RulePackLoader.maximumNodeCount)

    /// Every file read, in order, the root first.
    var files: [String] = []
    /// Pack files already loaded; a file included twice (not in a cycle) is loaded once.
    var loadedPacks: Set<String> = []
    /// The chain of includes being loaded, for cycle detection.
    var includeStack: [String] = []
    /// The folder (normalized, ending in `/`, or empty for the current one) that included files
    /// and wordlists must lie in; nil when they may lie anywhere.
    var packFolder: String?

    var lists: [String: TermList] = [:]
    var categories: [String: Category] = [:]
    var rules: [Rule] = []
    var ruleLocations: [String: SourceLocation] = [:]
    var teencode: [TeencodeEntry] = []
    var accentlessWords: [TermSource] = []
    /// `overrides:` of every file, includes first.
    var overrides: [RuleOverride] = []
    /// List names used by conditions, checked once every file has defined its lists.
    var listReferences: [(name: String, location: SourceLocation)] = []

    static let topLevelKeys = ["pack", "version", "description", "include", "categories", "lists", "teencode", "accentless_words", "rules", "policy", "overrides", "time_zone"]

    init(source: any PackFileSource) {
        self.source = source
    }

    /// Loads the root pack and everything it includes, then checks cross-file references.
    mutating func loadRoot(path: String) throws(RulePackError) -> RulePack {
        guard let root = try loadPackFile(path: path, includedAt: nil) else {
            preconditionFailure("the root pack cannot have been loaded before")
        }
        guard let nameNode = root.header["pack"] else {
            throw RulePackError("missing required key 'pack' at the top level", at: root.header.location,
                                hint: "name the pack, e.g. 'pack: default'")
        }
        let name = try nameNode.nonEmptyString("pack")
        let version = try root.header["version"].map { (node) throws(RulePackError) in try node.nonEmptyString("version") } ?? "1"
        let description = try root.header["description"].map { (node) throws(RulePackError) in try node.string("description") }

        for reference in listReferences where lists[reference.name] == nil {
            throw RulePackError(
                "unknown list '\(reference.name)'", at: reference.location,
                hint: Suggestion.nearest(to: reference.name, in: lists.keys.sorted()).map { "did you mean '\($0)'?" }
                    ?? (lists.isEmpty ? "define it under 'lists:'" : "define it under 'lists:' (defined: \(lists.keys.sorted().joined(separator: ", ")))"))
        }
        if !categories.isEmpty {
            for rule in rules where categories[rule.category] == nil {
                throw RulePackError(
                    "unknown category '\(rule.category)' in rule '\(rule.id)'", at: rule.location,
                    hint: Suggestion.nearest(to: rule.category, in: categories.keys.sorted()).map { "did you mean '\($0)'?" }
                        ?? "declare it under 'categories:' (declared: \(categories.keys.sorted().joined(separator: ", ")))")
            }
        }
        if rules.isEmpty, overrides.isEmpty {
            throw RulePackError("pack '\(name)' has no rules", at: root.header.location,
                                hint: "add 'rules:' or 'include:' files that have them")
        }
        // Overrides change the pack's own rules here; the others are left for `merging` to
        // apply to the packs loaded before this one.
        var pending: [RuleOverride] = []
        for override in overrides {
            if let index = rules.firstIndex(where: { $0.id == override.rule }) {
                rules[index] = override.applied(to: rules[index])
            } else {
                pending.append(override)
            }
        }
        var timeZone: (name: String, origin: String)?
        if let node = root.header["time_zone"], !node.isNull {
            let zone = try node.nonEmptyString("time_zone")
            guard TimeZone(identifier: zone) != nil else {
                throw RulePackError("unknown time zone '\(zone)'", at: node.location, hint: "use an IANA name such as Asia/Ho_Chi_Minh")
            }
            timeZone = (zone, "\(node.location)")
        }
        var pack = RulePack(
            name: name, version: version, description: description, lists: lists, categories: categories,
            rules: rules, policy: root.policy?.policy ?? Policy(), teencode: teencode, files: files,
            setsPolicy: root.policy != nil, overrides: pending, policyOrigins: root.policy?.origins ?? [:],
            timeZone: timeZone?.name, timeZoneOrigin: timeZone?.origin)
        pack.accentlessWords = accentlessWords
        return pack
    }

    /// What a loaded pack file passes up to the file that included it.
    struct LoadedPackFile {
        var header: PackMapping
        /// The policy in force for this file: its own, or the one its includes agree on.
        var policy: (policy: Policy, location: SourceLocation, origins: [Policy.Part: String])?
    }

    /// Reads, parses and merges one pack file and, depth-first, the files it includes.
    ///
    /// - Returns: nil when the file was already loaded through another include.
    mutating func loadPackFile(path: String, includedAt includeLocation: SourceLocation?) throws(RulePackError) -> LoadedPackFile? {
        if let start = includeStack.firstIndex(of: path) {
            let cycle = (includeStack[start...] + [path]).joined(separator: " → ")
            throw RulePackError("include cycle: \(cycle)", at: includeLocation, hint: "remove one of these includes")
        }
        if loadedPacks.contains(path) { return nil }
        loadedPacks.insert(path)

        let what = includeLocation == nil ? "pack file" : "included file"
        let text = try readText(path: path, what: what, at: includeLocation)
        let root = try compose(text, file: path)
        // A file that is no pack (a config file, `/etc/passwd`) is named, never quoted.
        if case .scalar = root.node {
            throw RulePackError("a pack file must be a mapping, got text; is this \(what) a pack?", at: root.location)
        }
        let top = try root.mapping("a pack file", context: "at the top level")
        try top.checkKeys(allowed: Self.topLevelKeys)

        includeStack.append(path)
        var includedPolicies: [(policy: Policy, location: SourceLocation, origins: [Policy.Part: String])] = []
        if let includes = top["include"], !includes.isNull {
            for entry in try includes.stringOrStrings("include") {
                let includedPath = source.resolve(entry.0, from: path)
                try checkInsidePackFolder(includedPath, writtenAs: entry.0, what: "included file", at: entry.1)
                if let included = try loadPackFile(path: includedPath, includedAt: entry.1), let policy = included.policy {
                    includedPolicies.append(policy)
                }
            }
        }
        includeStack.removeLast()

        if let node = top["categories"], !node.isNull { try readCategories(node) }
        if let node = top["lists"], !node.isNull { try readLists(node, packFile: path) }
        if let node = top["teencode"], !node.isNull { try readTeencode(node) }
        if let node = top["accentless_words"], !node.isNull { accentlessWords.append(try readTermSource(node, what: "accentless_words")) }
        if let node = top["overrides"], !node.isNull { overrides += try readOverrides(node) }
        if let node = top["rules"], !node.isNull {
            for (index, ruleNode) in try node.items("rules").enumerated() {
                let rule = try readRule(ruleNode, number: index + 1)
                if let first = ruleLocations[rule.id] {
                    throw RulePackError("duplicate rule id '\(rule.id)' (first defined at \(first))", at: rule.location,
                                        hint: "rule ids must be unique across the pack and its includes")
                }
                ruleLocations[rule.id] = rule.location
                rules.append(rule)
            }
        }

        var policy: (policy: Policy, location: SourceLocation, origins: [Policy.Part: String])?
        if let node = top["policy"], !node.isNull {
            let read = try readPolicy(node)
            policy = (read.policy, node.location, read.origins)
        } else if let first = includedPolicies.first {
            if let other = includedPolicies.first(where: { $0.policy != first.policy }) {
                throw RulePackError(
                    "included files set different policies (\(first.location) and \(other.location))", at: top.location,
                    hint: "set 'policy:' in this file to decide")
            }
            policy = first
        }
        return LoadedPackFile(header: top, policy: policy)
    }

    /// Refuses an included file or wordlist outside `packFolder` (paths are normalized, so a
    /// `..` left at the start of what follows the folder leaves it).
    func checkInsidePackFolder(_ path: String, writtenAs written: String, what: String, at location: SourceLocation) throws(RulePackError) {
        guard let folder = packFolder else { return }
        let rest = path.hasPrefix(folder) ? path.dropFirst(folder.count) : nil
        if let rest, !rest.hasPrefix("/"), rest != "..", !rest.hasPrefix("../") { return }
        throw RulePackError(
            "\(what) '\(written)' is outside the pack's folder", at: location,
            hint: "keep included files and wordlists beside the pack file or below it, or pass --allow-outside-includes")
    }

    /// Reads a file through the source: not found, unreadable, too large and non-UTF-8 files
    /// are errors naming `what` ("pack file", "wordlist") and the place that asked for it.
    mutating func readText(path: String, what: String, displayName: String? = nil, at requester: SourceLocation?) throws(RulePackError) -> String {
        let shownName = displayName ?? path
        let bytes: [UInt8]
        do {
            guard let read = try source.read(path) else {
                throw RulePackError("\(what) '\(shownName)' not found (looked in \(source.lookedUpLocation(of: path)))", at: requester)
            }
            bytes = read
        } catch let error as RulePackError {
            throw error
        } catch {
            throw RulePackError("\(what) '\(shownName)' \(error)", at: requester)
        }
        files.append(path)
        if bytes.count > RulePackLoader.maximumFileSize {
            throw RulePackError(
                "\(what) '\(shownName)' is \(bytes.count) bytes; the limit is \(RulePackLoader.maximumFileSize / 1_048_576) MiB",
                at: requester, hint: "split it into smaller files")
        }
        // The standard library's validation is fast; the slower walk that locates the bad
        // byte runs only on a file that fails it.
        var text: String
        if let valid = String(validating: bytes, as: UTF8.self) {
            text = valid
        } else {
            if let bad = UTF8Validation.firstInvalidByte(in: bytes) {
                throw RulePackError(
                    "\(what) is not valid UTF-8 (byte 0x\(String(bytes[bad.offset], radix: 16, uppercase: true)))",
                    at: SourceLocation(file: path, line: bad.line, column: bad.column), hint: "save the file as UTF-8")
            }
            text = String(decoding: bytes, as: UTF8.self)
        }
        if text.hasPrefix("\u{FEFF}") { text.removeFirst() }
        return text
    }

    /// Parses one YAML document with Yams, turning its errors into located `RulePackError`s.
    func compose(_ text: String, file: String) throws(RulePackError) -> PackNode {
        try Self.rejectComplexKeysWithAliases(text, file: file)
        let node: Node?
        do {
            node = try Yams.compose(yaml: text)
        } catch let error as YamlError {
            throw Self.describe(error, file: file, text: text)
        } catch {
            throw RulePackError("YAML error: \(error)", at: SourceLocation(file: file, line: 1, column: 1))
        }
        guard let node else {
            throw RulePackError("the file is empty", at: SourceLocation(file: file, line: 1, column: 1),
                                hint: "a pack file is a mapping with at least 'pack:' and 'rules:'")
        }
        return try PackNode(node, file: file, budget: budget)
    }

    /// Refuses files that use aliases and also have a key that is an alias, a list or a mapping.
    ///
    /// Yams checks every mapping for duplicate keys by hashing the keys, and hashing an aliased
    /// "billion laughs" node walks all of its expansion, before the node budget can see it.
    /// Pack keys are always plain words, so such keys are refused by a scan of the text before
    /// Yams runs. The scan does not know YAML quoting: in a file that uses aliases, `]: ` or
    /// `}: ` inside a quoted value is refused too (the message says how to avoid it).
    ///
    /// A byte scan (`ComplexKeyScan`) first rules out almost every file; only a file where it
    /// finds a possible alias key goes through the regexes that define the rule (compiling a
    /// Swift `Regex` and running it over a large pack costs milliseconds at every start).
    static func rejectComplexKeysWithAliases(_ text: String, file: String) throws(RulePackError) {
        guard ComplexKeyScan.mayHaveComplexKeyWithAliases(text.utf8.span) else { return }
        try rejectComplexKeysWithAliasesByRegex(text, file: file)
    }

    /// The rule itself, as regexes over the text's characters.
    static func rejectComplexKeysWithAliasesByRegex(_ text: String, file: String) throws(RulePackError) {
        guard text.contains(/\*[A-Za-z0-9_-]/) else { return }
        let complexKey = /(?m)(\*[A-Za-z0-9_-]+[ \t]*:(?:[ \t]|$)|^[ \t-]*\?(?:[ \t]|$)|[\]}][ \t]*:(?:[ \t]|$))/
        guard let match = text.firstMatch(of: complexKey) else { return }
        let prefix = text[..<match.range.lowerBound]
        let line = prefix.count(where: { $0 == "\n" }) + 1
        let column = (prefix.lastIndex(of: "\n").map { prefix[prefix.index(after: $0)...] } ?? prefix).unicodeScalars.count + 1
        throw RulePackError(
            "a mapping key here is an alias, a list or a mapping, which a pack never needs", at: SourceLocation(file: file, line: line, column: column),
            hint: "keys must be plain words; in a file that uses aliases, do not write ']: ' or '}: ' even inside quotes")
    }

    /// A Yams error as a `RulePackError` at the position libyaml reported.
    static func describe(_ error: YamlError, file: String, text: String) -> RulePackError {
        func at(_ mark: Mark) -> SourceLocation { SourceLocation(file: file, line: mark.line, column: mark.column) }
        func syntax(_ problem: String, _ context: YamlError.Context?, _ mark: Mark) -> RulePackError {
            var message = "YAML syntax error: \(problem)"
            if let context { message += " (\(context.text) at \(context.mark.line):\(context.mark.column))" }
            return RulePackError(message, at: at(mark))
        }
        switch error {
        case .scanner(let context, let problem, let mark, _),
             .parser(let context, let problem, let mark, _):
            return syntax(problem, context, mark)
        case .composer(let context, let problem, let mark, _):
            if problem == "but found another document" {
                return RulePackError("a pack file holds one YAML document, but another starts here", at: at(mark),
                                     hint: "remove the '---' line or split the file and use 'include:'")
            }
            return syntax(problem, context, mark)
        case .reader(let problem, let offset, _, _):
            var location = SourceLocation(file: file, line: 1, column: 1)
            if let offset {
                let prefix = text.prefix(offset)
                let line = prefix.count(where: { $0 == "\n" }) + 1
                let column = (prefix.lastIndex(of: "\n").map { prefix[prefix.index(after: $0)...] } ?? prefix).unicodeScalars.count + 1
                location = SourceLocation(file: file, line: line, column: column)
            }
            return RulePackError("YAML cannot read the file: \(problem)", at: location)
        case .duplicatedKeysInMapping(let duplicates, let context):
            let keys = duplicates.map { "'\($0)'" }.joined(separator: ", ")
            return RulePackError("duplicate key \(keys) in one mapping", at: at(context.mark), hint: "each key may appear once")
        default:
            return RulePackError("YAML error: \(error)", at: SourceLocation(file: file, line: 1, column: 1))
        }
    }
}

/// Finds the first byte that breaks UTF-8, with its line and byte column.
enum UTF8Validation {
    static func firstInvalidByte(in bytes: [UInt8]) -> (offset: Int, line: Int, column: Int)? {
        var iterator = bytes.makeIterator()
        var decoder = UTF8()
        var offset = 0
        var line = 1
        var lineStart = 0
        while true {
            let before = offset
            switch decoder.decode(&iterator) {
            case .scalarValue(let scalar):
                offset += UTF8.width(scalar)
                if scalar == "\n" { line += 1; lineStart = offset }
            case .emptyInput:
                return nil
            case .error:
                // The decoder consumed an unknown number of bytes; report the sequence's first byte.
                return (before, line, before - lineStart + 1)
            }
        }
    }
}
