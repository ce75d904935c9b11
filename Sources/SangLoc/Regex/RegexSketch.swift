/// A rough syntax tree of a PCRE2 pattern, just detailed enough for the backtracking lint and
/// the required-literal analysis (`RequiredLiterals`).
///
/// Hand-written because no library exposes PCRE2's parse tree; it never decides whether a
/// pattern is valid (PCRE2 does that) and degrades to "no opinion" on syntax it skips.
struct RegexSketch {
    /// How often an item may repeat; `maximum == nil` means unbounded.
    struct Quantifier {
        var minimum: Int
        var maximum: Int?
        var isPossessive: Bool

        /// The item can match a varying number of times, at least twice (`+`, `*`, `{2,5}`).
        var repeatsVariably: Bool { maximum.map { $0 > minimum && $0 >= 2 } ?? true }
        /// The group can run its body at least twice (`+`, `*`, `{20}`).
        var repeats: Bool { maximum.map { $0 >= 2 } ?? true }
    }

    enum GroupKind { case ordinary, atomic, lookaround }

    enum Atom {
        /// Matches one character: a literal (escaped if punctuation), `.`, `\w`, `[…]`, `\p{…}`.
        case character(String)
        case group(GroupKind, [[Item]])
        /// Anything else: anchors, back-references, option settings, verbs. Treated as zero-width.
        case other
    }

    struct Item {
        var atom: Atom
        var quantifier: Quantifier?
        /// The item as written, quantifier included, for messages.
        var text: String
        /// The atom as written, without its quantifier (`[uừ]`, `\\.`, `(?:a|b)`).
        var atomText: String
        /// Position of the item in the pattern, in characters; identifies it.
        var offset: Int

        var isOptional: Bool { (quantifier?.minimum ?? 1) == 0 }
    }

    let branches: [[Item]]

    init(_ pattern: String) {
        var parser = Parser(scalars: Array(pattern.unicodeScalars))
        branches = parser.parseBranches(depth: 0)
    }
}

private struct Parser {
    let scalars: [Unicode.Scalar]
    var index = 0

    init(scalars: [Unicode.Scalar]) { self.scalars = scalars }

    var current: Unicode.Scalar? { index < scalars.count ? scalars[index] : nil }
    func peek(_ ahead: Int) -> Unicode.Scalar? { index + ahead < scalars.count ? scalars[index + ahead] : nil }
    func text(_ range: Range<Int>) -> String {
        var string = String.UnicodeScalarView()
        string.append(contentsOf: scalars[range])
        return String(string)
    }

    /// Branches up to an unmatched `)` (left unconsumed) or the end of the pattern.
    mutating func parseBranches(depth: Int) -> [[RegexSketch.Item]] {
        var branches: [[RegexSketch.Item]] = [[]]
        // PCRE2 itself refuses nesting deeper than 250; stop rather than recurse without bound.
        guard depth < 250 else { index = scalars.count; return branches }
        while let scalar = current {
            if scalar == ")" { if depth > 0 { break } else { index += 1; continue } }
            if scalar == "|" { index += 1; branches.append([]); continue }
            let start = index
            let atoms = parseAtom(depth: depth)
            guard !atoms.isEmpty else { continue }
            var items = atoms.map { RegexSketch.Item(atom: $0.atom, quantifier: nil, text: $0.text, atomText: $0.text, offset: $0.offset) }
            if let quantifier = parseQuantifier() {
                items[items.count - 1].quantifier = quantifier
                items[items.count - 1].text = atoms.count == 1 ? text(start..<index) : items[items.count - 1].text + "…"
            }
            branches[branches.count - 1].append(contentsOf: items)
        }
        return branches
    }

    /// One atom, or several for `\Q…\E`; none for comments and `\E`.
    mutating func parseAtom(depth: Int) -> [(atom: RegexSketch.Atom, text: String, offset: Int)] {
        let start = index
        let scalar = scalars[index]
        index += 1
        switch scalar {
        case "\\":
            return parseEscape(start: start)
        case "[":
            skipClass()
            return [(.character(text(start..<index)), text(start..<index), start)]
        case ".":
            return [(.character("."), ".", start)]
        case "^", "$":
            return [(.other, text(start..<index), start)]
        case "(":
            guard let kind = parseGroupOpening() else { return [(.other, text(start..<index), start)] }
            let branches = parseBranches(depth: depth + 1)
            if current == ")" { index += 1 }
            return [(.group(kind, branches), text(start..<index), start)]
        default:
            return [(.character(literalPattern(scalar)), String(scalar), start)]
        }
    }

    mutating func parseEscape(start: Int) -> [(atom: RegexSketch.Atom, text: String, offset: Int)] {
        guard let escaped = current else { return [] }
        index += 1
        switch escaped {
        case "Q":
            var literals: [(atom: RegexSketch.Atom, text: String, offset: Int)] = []
            while let scalar = current, !(scalar == "\\" && peek(1) == "E") {
                literals.append((.character(literalPattern(scalar)), String(scalar), index))
                index += 1
            }
            if current != nil { index += 2 }
            return literals
        case "E":
            return []
        case "b", "B", "A", "z", "Z", "G", "K":
            return [(.other, text(start..<index), start)]
        case "1"..."9":
            while let digit = current, ("0"..."9").contains(digit) { index += 1 }
            return [(.other, text(start..<index), start)]
        case "g", "k":
            skipBracedName()
            return [(.other, text(start..<index), start)]
        case "c":
            if current != nil { index += 1 }
            return [(.character(text(start..<index)), text(start..<index), start)]
        case "p", "P", "x", "o", "N":
            if current == "{" { skipBracedName() } else if escaped != "x" && escaped != "N" && current != nil { index += 1 }
            return [(.character(text(start..<index)), text(start..<index), start)]
        default:
            return [(.character(text(start..<index)), text(start..<index), start)]
        }
    }

    /// A pattern matching exactly `scalar`: ASCII punctuation is escaped, which PCRE2 always
    /// reads as the literal character.
    func literalPattern(_ scalar: Unicode.Scalar) -> String {
        let isPunctuation = scalar.isASCII && !scalar.properties.isAlphabetic && !("0"..."9").contains(scalar)
            && scalar.value > 0x20
        return isPunctuation ? "\\" + String(scalar) : String(scalar)
    }

    /// Skips `{…}`, `<…>`, `'…'`, or a signed number after `\g` / `\k`.
    mutating func skipBracedName() {
        let closers: [Unicode.Scalar: Unicode.Scalar] = ["{": "}", "<": ">", "'": "'"]
        if let opener = current, let closer = closers[opener] {
            while let scalar = current, scalar != closer { index += 1 }
            if current != nil { index += 1 }
        } else {
            if current == "-" || current == "+" { index += 1 }
            while let digit = current, ("0"..."9").contains(digit) { index += 1 }
        }
    }

    /// Skips a character class after its `[`, including `[:alpha:]` and a leading `]`.
    mutating func skipClass() {
        if current == "^" { index += 1 }
        if current == "]" { index += 1 }
        while let scalar = current {
            index += 1
            if scalar == "\\" { index += 1 }
            else if scalar == "[", current == ":" {
                while let inner = current, !(inner == ":" && peek(1) == "]") { index += 1 }
                index += 2
            } else if scalar == "]" { return }
        }
    }

    /// Reads what follows `(`; returns the group kind, or nil for constructs without a body
    /// (comments, verbs, option settings, recursion), which it skips entirely.
    mutating func parseGroupOpening() -> RegexSketch.GroupKind? {
        if current == "*" {
            let nameStart = index + 1
            while let scalar = current, scalar != ")" && scalar != ":" { index += 1 }
            let name = text(nameStart..<index).lowercased()
            let groupNames: [String: RegexSketch.GroupKind] = [
                "atomic": .atomic, "sr": .ordinary, "script_run": .ordinary, "asr": .atomic, "atomic_script_run": .atomic,
                "pla": .lookaround, "plb": .lookaround, "nla": .lookaround, "nlb": .lookaround,
                "positive_lookahead": .lookaround, "positive_lookbehind": .lookaround,
                "negative_lookahead": .lookaround, "negative_lookbehind": .lookaround,
                "napla": .lookaround, "naplb": .lookaround,
                "non_atomic_positive_lookahead": .lookaround, "non_atomic_positive_lookbehind": .lookaround,
            ]
            if current == ":", let kind = groupNames[name] { index += 1; return kind }
            skipToCloseParenthesis()
            return nil
        }
        guard current == "?" else { return .ordinary }
        index += 1
        switch current {
        case ":", "|": index += 1; return .ordinary
        case ">": index += 1; return .atomic
        case "=", "!", "*": index += 1; return .lookaround
        case "<" where peek(1) == "=" || peek(1) == "!" || peek(1) == "*": index += 2; return .lookaround
        case "<", "'":
            let closer: Unicode.Scalar = current == "<" ? ">" : "'"
            while let scalar = current, scalar != closer { index += 1 }
            if current != nil { index += 1 }
            return .ordinary
        case "P" where peek(1) == "<":
            while let scalar = current, scalar != ">" { index += 1 }
            if current != nil { index += 1 }
            return .ordinary
        case "#":
            skipToCloseParenthesis()
            return nil
        default:
            // Option letters: `(?i)` sets options (no body), `(?i:…)` is a group.
            while let scalar = current, scalar.properties.isAlphabetic || scalar == "^" || scalar == "-" { index += 1 }
            if current == ":" { index += 1; return .ordinary }
            skipToCloseParenthesis()
            return nil
        }
    }

    mutating func skipToCloseParenthesis() {
        while let scalar = current, scalar != ")" { index += scalar == "\\" ? 2 : 1 }
        if current != nil { index += 1 }
    }

    /// `*`, `+`, `?`, `{n}`, `{n,}` or `{n,m}`, with an optional possessive `+` or lazy `?`.
    mutating func parseQuantifier() -> RegexSketch.Quantifier? {
        var quantifier: RegexSketch.Quantifier
        switch current {
        case "*": quantifier = .init(minimum: 0, maximum: nil, isPossessive: false); index += 1
        case "+": quantifier = .init(minimum: 1, maximum: nil, isPossessive: false); index += 1
        case "?": quantifier = .init(minimum: 0, maximum: 1, isPossessive: false); index += 1
        case "{":
            guard let braced = parseBraces() else { return nil }
            quantifier = braced
        default: return nil
        }
        if current == "+" { quantifier.isPossessive = true; index += 1 } else if current == "?" { index += 1 }
        return quantifier
    }

    /// `{n}`, `{n,}` or `{n,m}`; nil (nothing consumed) when the brace is a literal.
    mutating func parseBraces() -> RegexSketch.Quantifier? {
        var cursor = index + 1
        func number() -> Int? {
            let start = cursor
            while cursor < scalars.count, ("0"..."9").contains(scalars[cursor]) { cursor += 1 }
            return cursor > start ? Int(text(start..<cursor)) ?? Int.max : nil
        }
        guard let minimum = number() else { return nil }
        var maximum: Int? = minimum
        if cursor < scalars.count, scalars[cursor] == "," {
            cursor += 1
            maximum = number()
        }
        guard cursor < scalars.count, scalars[cursor] == "}" else { return nil }
        index = cursor + 1
        return .init(minimum: minimum, maximum: maximum, isPossessive: false)
    }
}
