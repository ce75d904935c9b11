extension PCRE2Pattern {
    /// Reasons `pattern` may backtrack catastrophically, one sentence each; empty if none found.
    ///
    /// A heuristic lint for rule authors, run once per pattern; the match limits in
    /// `PCRE2Scratch` are what actually keep a bad pattern bounded. It flags:
    /// - a repeated group whose body holds another variable quantifier that can take over the
    ///   characters of the rest of the body, as in `(a+)+`, `(\w+\s?)+` or `(.*a){20}`
    ///   (but not `([a-z]+\.)+`, where the `.` separates iterations);
    /// - a repeated group whose alternatives can start with the same character while one of
    ///   them is a single item, as in `(a|ab)*` or `(\w|\d)+`.
    /// Possessive quantifiers (`a++`) and atomic groups (`(?>…)`) are never flagged.
    /// Character overlap is decided by asking PCRE2 which of a sample of ASCII characters,
    /// Vietnamese letters and the pattern's own characters each item matches.
    public static func backtrackingRisks(in pattern: String) -> [String] {
        let sketch = RegexSketch(pattern)
        var lint = BacktrackingLint(pattern: pattern)
        for branch in sketch.branches { lint.inspect(branch) }
        return lint.risks
    }
}

/// The walk behind `PCRE2Pattern.backtrackingRisks(in:)`.
private struct BacktrackingLint {
    /// Characters each item is tested against; their indices make up a `CharacterSample`.
    let candidates: [String]
    var risks: [String] = []
    var samples: [String: Set<Int>] = [:]
    let scratch = PCRE2Scratch(matchLimit: 10_000)

    /// ASCII and Vietnamese letters, the first candidates of every pattern (built once).
    static let commonCandidates: [String] = {
        var seen = Set<String>()
        let ascii = (0x20...0x7E).map { String(UnicodeScalar(UInt8($0))) } + ["\n", "\t", "\r"]
        let vietnamese = "đĐăĂâÂêÊôÔơƠưƯàáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ".map(String.init)
        return (ascii + vietnamese).filter { seen.insert($0).inserted }
    }()
    static let commonCandidateSet = Set(commonCandidates)

    /// The common candidates, then the pattern's own characters, then two white space
    /// characters, each once.
    init(pattern: String) {
        var seen = Set<String>()
        let own = pattern.unicodeScalars.map { String($0) } + ["\u{00A0}", "\u{2028}"]
        candidates = Self.commonCandidates + own.filter { !Self.commonCandidateSet.contains($0) && seen.insert($0).inserted }
    }

    mutating func inspect(_ items: [RegexSketch.Item]) {
        for item in items {
            guard case .group(let kind, let branches) = item.atom else { continue }
            defer { for branch in branches { inspect(branch) } }
            guard kind == .ordinary, let quantifier = item.quantifier, quantifier.repeats, !quantifier.isPossessive
            else { continue }
            var ambiguousInner: RegexSketch.Item?
            for branch in branches where ambiguousInner == nil { ambiguousInner = ambiguousInnerQuantifier(in: branch) }
            if let inner = ambiguousInner {
                let possessive = inner.text.hasSuffix("?") ? "possessive (`a++`)" : "possessive (`\(inner.text)+`)"
                risks.append(
                    "nested quantifier: `\(item.text)` repeats a group containing `\(inner.text)`, so a failing match tries every way of splitting the text between them; make the inner quantifier \(possessive) or the group atomic (`(?>…)`)")
            } else if let (first, second, shared) = overlappingAlternatives(branches) {
                risks.append(
                    "overlapping alternatives: `\(item.text)` repeats alternatives `\(first)` and `\(second)` that can both start with \"\(shared)\", so a failing match tries every way of choosing between them; make the alternatives start differently or the group atomic (`(?>…)`)")
            }
        }
    }

    /// A variable, non-possessive quantified item in `branch` (at any depth outside atomic
    /// groups and lookarounds) whose characters overlap every other required item of the branch.
    mutating func ambiguousInnerQuantifier(in branch: [RegexSketch.Item]) -> RegexSketch.Item? {
        for inner in quantifiedItems(in: branch) {
            let innerSample = sample(of: inner)
            let others = requiredItems(in: branch).filter { $0.offset != inner.offset }
            if others.allSatisfy({ !sample(of: $0).isDisjoint(with: innerSample) }) { return inner }
        }
        return nil
    }

    func quantifiedItems(in items: [RegexSketch.Item]) -> [RegexSketch.Item] {
        items.flatMap { item -> [RegexSketch.Item] in
            var found: [RegexSketch.Item] = []
            if let quantifier = item.quantifier, quantifier.repeatsVariably, !quantifier.isPossessive {
                if case .other = item.atom {} else { found.append(item) }
            }
            if case .group(.ordinary, let branches) = item.atom {
                found += branches.flatMap { quantifiedItems(in: $0) }
            }
            return found
        }
    }

    /// Items that must match at least once: single characters and whole groups, flattened
    /// through single-branch groups.
    func requiredItems(in items: [RegexSketch.Item]) -> [RegexSketch.Item] {
        items.flatMap { item -> [RegexSketch.Item] in
            guard !item.isOptional else { return [] }
            switch item.atom {
            case .character: return [item]
            case .group(.lookaround, _), .other: return []
            case .group(_, let branches):
                return branches.count == 1 ? requiredItems(in: branches[0]) : [item]
            }
        }
    }

    /// Two alternatives that can start with the same character, at least one being a single
    /// item, with that character.
    mutating func overlappingAlternatives(_ branches: [[RegexSketch.Item]]) -> (String, String, String)? {
        guard branches.count >= 2 else { return nil }
        let starts = branches.map { firstCharacters(of: $0) }
        for first in branches.indices {
            for second in branches.indices where second > first {
                guard branches[first].count == 1 || branches[second].count == 1 else { continue }
                if let shared = starts[first].intersection(starts[second]).min() {
                    return (text(of: branches[first]), text(of: branches[second]), candidates[shared])
                }
            }
        }
        return nil
    }

    func text(of branch: [RegexSketch.Item]) -> String { branch.map(\.text).joined() }

    /// Characters a match of `branch` can start with (among the candidates).
    mutating func firstCharacters(of branch: [RegexSketch.Item]) -> Set<Int> {
        var result = Set<Int>()
        for item in branch {
            switch item.atom {
            case .other, .group(.lookaround, _): continue
            case .character: result.formUnion(sample(of: item))
            case .group(_, let branches):
                for inner in branches { result.formUnion(firstCharacters(of: inner)) }
            }
            if !item.isOptional { break }
        }
        return result
    }

    /// Candidate indices that `item` can match as its first character.
    mutating func sample(of item: RegexSketch.Item) -> Set<Int> {
        switch item.atom {
        case .other: return []
        case .group(_, let branches):
            return branches.reduce(into: Set<Int>()) { union, branch in
                for inner in branch { union.formUnion(sample(of: inner)) }
            }
        case .character(let atom):
            if let known = samples[atom] { return known }
            var matched = Set<Int>()
            if let probe = try? PCRE2Pattern("\\A(?s:\(atom))", options: [], allowJIT: false) {
                for (index, candidate) in candidates.enumerated() {
                    if case .some(.some) = try? probe.firstMatch(in: candidate, scratch: scratch) { matched.insert(index) }
                }
            }
            samples[atom] = matched
            return matched
        }
    }
}
