/// Literal strings that every match of a pattern contains, as a conjunction of clauses.
///
/// Each clause is a set of literals (UTF-8 bytes of the pattern's own characters) such that
/// every match contains at least one of them; a subject that misses every literal of some
/// clause cannot match, so PCRE2 need not run on it. `lừa\s+đảo` gives `[["lừa"], ["đảo"]]`,
/// `(?:cá|ca)\s+(?:độ|do)` gives `[["ca", "cá"], ["do", "độ"]]`.
///
/// Hand-written because PCRE2 only reports a single required byte and no library exposes a
/// pattern's required substrings. A wrong clause would silently lose matches, so the analysis
/// is conservative: it gives up (`init` returns nil, the pattern always runs) on caseless or
/// extended patterns, inline `i`/`x` options, `\Q…\E`, escapes that spell characters (`\x`,
/// `\N`, `\p`, `\o`, `\c`, octal), back-references, subroutine calls, conditionals, verbs
/// (`(*…)`), callouts, comments, and any syntax `RegexSketch` does not fully understand.
/// Items it cannot spell (`\w`, `\s`, `.`, negated or large classes, optional items) only
/// break literal runs; `\d` gives a clause of its own (every decimal digit, see
/// `decimalDigitLiterals`); zero-width anchors and lookarounds are transparent (a match
/// consumes the text on both sides of them contiguously).
public struct RequiredLiterals: Sendable, Hashable {
    /// The clauses, best first (longest shortest-literal); each literal is UTF-8.
    public let clauses: [[[UInt8]]]
    /// Every match starts with one of these (UTF-8, none empty), when the analysis knows:
    /// a match can begin only where one of them occurs. Nil for patterns with `\G` (whose
    /// meaning depends on where a search starts).
    public let starts: [[UInt8]]?
    /// `starts` is known and every branch of the pattern opens with `\b`: no match begins
    /// between two word characters (`RegexStartFilter` skips starts that are an ASCII letter,
    /// digit or `_` after another, such as the inner digits of `2024`).
    public let startsAtWordBoundary: Bool

    /// The clauses as strings, for messages and tests.
    public var clauseStrings: [[String]] {
        clauses.map { $0.map { String(decoding: $0, as: UTF8.self) } }
    }

    /// At most this many clauses are kept.
    static let maximumClauses = 4
    /// A set of alternative strings larger than this is given up (cross products, classes).
    static let maximumAlternatives = 64

    /// The required literals of `pattern` compiled with `options`; nil when the analysis gives
    /// up or finds no useful clause. Meaningful only for a pattern that PCRE2 compiles.
    public init?(pattern: String, options: PCRE2Pattern.Options = []) {
        let understood: PCRE2Pattern.Options = [.multiline, .dotAll, .ungreedy]
        guard understood.isSuperset(of: options), Self.sourceIsPlain(pattern) else { return nil }
        let sketch = RegexSketch(pattern)
        guard let info = try? LiteralAnalysis.alternation(sketch.branches) else { return nil }
        let clauses = Self.best(info.clauses + [info.prefixes, info.suffixes])
        guard !clauses.isEmpty else { return nil }
        self.clauses = clauses
        let startsKnown = !info.prefixes.isEmpty && !info.prefixes.contains([]) && !pattern.contains("\\G")
        self.starts = startsKnown ? info.prefixes.sorted { $0.lexicographicallyPrecedes($1) } : nil
        startsAtWordBoundary = startsKnown
            && sketch.branches.allSatisfy { branch in
                guard let first = branch.first, case .other = first.atom else { return false }
                return first.atomText == "\\b" && first.quantifier == nil
            }
    }

    /// False when the source holds constructs the analysis never reads: `\Q`, `(*`, `(?(`,
    /// `(?#`, `(?C`, or an inline option group naming `i` or `x`. Conservative: an escaped
    /// `\(*` also counts.
    static func sourceIsPlain(_ pattern: String) -> Bool {
        let scalars = Array(pattern.unicodeScalars)
        for index in scalars.indices {
            let next = index + 1 < scalars.count ? scalars[index + 1] : nil
            if scalars[index] == "\\", next == "Q" { return false }
            guard scalars[index] == "(", let next else { continue }
            if next == "*" { return false }
            guard next == "?", index + 2 < scalars.count else { continue }
            if ["(", "#", "C"].contains(scalars[index + 2]) { return false }
            var flag = index + 2
            while flag < scalars.count, scalars[flag].properties.isAlphabetic || scalars[flag] == "^" || scalars[flag] == "-" {
                if scalars[flag] == "i" || scalars[flag] == "x" { return false }
                flag += 1
            }
        }
        return true
    }

    /// The best few of `candidates`, ranked by their shortest literal, then by fewer literals.
    ///
    /// Drops clauses that every post satisfies anyway (holding the empty string, or a single
    /// ASCII letter, digit or space, which would also slow the scan), minimizes each (a literal
    /// containing another literal of its clause adds nothing) and drops clauses implied by a
    /// better one (`["bac"]` implies `["ba"]`).
    static func best(_ candidates: [Set<[UInt8]>]) -> [[[UInt8]]] {
        var seen = Set<[[UInt8]]>()
        var minimized: [[[UInt8]]] = []
        for candidate in candidates where !candidate.isEmpty && !candidate.contains(where: isCommon) {
            let sorted = candidate.sorted { $0.count != $1.count ? $0.count < $1.count : $0.lexicographicallyPrecedes($1) }
            var minimal: [[UInt8]] = []
            for literal in sorted where !minimal.contains(where: { literal.containsSubsequence($0) }) {
                minimal.append(literal)
            }
            minimal.sort { $0.lexicographicallyPrecedes($1) }
            if seen.insert(minimal).inserted { minimized.append(minimal) }
        }
        // Each clause with its shortest literal's length, computed once rather than per comparison.
        var ranked = minimized.map { clause in (shortest: clause.lazy.map(\.count).min() ?? 0, clause: clause) }
        ranked.sort { $0.shortest != $1.shortest ? $0.shortest > $1.shortest : $0.clause.count < $1.clause.count }
        var kept: [[[UInt8]]] = []
        for (_, clause) in ranked where kept.count < maximumClauses {
            let implied = kept.contains { better in
                better.allSatisfy { literal in clause.contains { literal.containsSubsequence($0) } }
            }
            if !implied { kept.append(clause) }
        }
        return kept
    }

    /// The empty literal, or one ASCII letter or whitespace byte: in almost every post.
    /// (A digit is kept: many posts have none, and a clause of digits ranks after any longer.)
    static func isCommon(_ literal: [UInt8]) -> Bool {
        guard literal.count <= 1 else { return false }
        guard let byte = literal.first else { return true }
        return byte.isASCIILetter || byte == 0x20 || (0x09...0x0D).contains(byte)
    }

    /// What every match of `\d` (a decimal digit, any script: PCRE2 runs with `UCP`) starts
    /// with: the ten ASCII digits, and the first bytes of every other decimal digit's UTF-8
    /// (two bytes of a three-byte character, three of a four-byte one), which other characters
    /// may share (the clause is then only less selective). Built from `decimalDigitZeros`
    /// rather than by reading the properties of every scalar at start-up; a test holds the set
    /// to PCRE2's `\d` over every scalar and the zeros to Unicode's decimal digits.
    static let decimalDigitLiterals: Set<[UInt8]> = {
        var literals = Set((0x30...0x39).map { [UInt8($0)] })
        for zero in decimalDigitZeros {
            for value in zero..<(zero + 10) {
                let bytes = Array(String(Unicode.Scalar(value)!).utf8)
                literals.insert(Array(bytes.prefix(bytes.count == 4 ? 3 : 2)))
            }
        }
        return literals
    }()

    /// The digit zero of each run of ten decimal digits (`Numeric_Type=Decimal`, digits zero to
    /// nine in order) outside ASCII. Decimal digits live in planes 0 and 1 only (planes 2 and
    /// above hold ideographs, tags and private use); a test compares this list with the
    /// scalars' Unicode properties.
    static let decimalDigitZeros: [UInt32] = [
        0x660, 0x6F0, 0x7C0, 0x966, 0x9E6, 0xA66, 0xAE6, 0xB66, 0xBE6, 0xC66, 0xCE6, 0xD66, 0xDE6, 0xE50,
        0xED0, 0xF20, 0x1040, 0x1090, 0x17E0, 0x1810, 0x1946, 0x19D0, 0x1A80, 0x1A90, 0x1B50, 0x1BB0,
        0x1C40, 0x1C50, 0xA620, 0xA8D0, 0xA900, 0xA9D0, 0xA9F0, 0xAA50, 0xABF0, 0xFF10, 0x104A0, 0x10D30,
        0x10D40, 0x11066, 0x110F0, 0x11136, 0x111D0, 0x112F0, 0x11450, 0x114D0, 0x11650, 0x116C0, 0x116D0,
        0x116DA, 0x11730, 0x118E0, 0x11950, 0x11BF0, 0x11C50, 0x11D50, 0x11DA0, 0x11DE0, 0x11F50, 0x16130,
        0x16A60, 0x16AC0, 0x16B50, 0x16D70, 0x1CCF0, 0x1D7CE, 0x1D7D8, 0x1D7E2, 0x1D7EC, 0x1D7F6, 0x1E140,
        0x1E2F0, 0x1E4F0, 0x1E5F1, 0x1E950, 0x1FBF0,
    ]
}

extension Array where Element == UInt8 {
    /// Whether `other` occurs contiguously in this array.
    func containsSubsequence(_ other: [UInt8]) -> Bool {
        guard other.count <= count else { return false }
        if other.isEmpty { return true }
        // Called for every pair of literals of a clause (hundreds for `\d`): plain loops, the
        // first byte tested before the rest.
        let first = other[0]
        for start in 0...(count - other.count) where self[start] == first {
            var length = 1
            while length < other.count, self[start + length] == other[length] { length += 1 }
            if length == other.count { return true }
        }
        return false
    }
}

/// What is known about the strings one piece of a pattern matches.
private struct LiteralInfo {
    /// Every string the piece can match, when that set is small and known.
    var exact: Set<[UInt8]>?
    /// Every match starts with one of these; `[[]]` when nothing is known.
    var prefixes: Set<[UInt8]>
    /// Every match ends with one of these; `[[]]` when nothing is known.
    var suffixes: Set<[UInt8]>
    /// Further clauses: every match contains one literal of each.
    var clauses: [Set<[UInt8]>]

    static let unknown = LiteralInfo(exact: nil, prefixes: [[]], suffixes: [[]], clauses: [])
    static let empty = exactly([[]])

    static func exactly(_ strings: Set<[UInt8]>) -> LiteralInfo {
        LiteralInfo(exact: strings, prefixes: strings, suffixes: strings, clauses: [])
    }

    /// The clauses that stand for the whole piece.
    var allClauses: [Set<[UInt8]>] { clauses + [prefixes, suffixes] }
}

/// The analysis gave up: the pattern holds syntax it does not read exactly.
private struct UnsupportedSyntax: Error {}

/// The walk behind `RequiredLiterals`; every function throws `UnsupportedSyntax` to give up.
private enum LiteralAnalysis {
    static let limit = RequiredLiterals.maximumAlternatives
    /// A clause united from the branches of an alternation may be larger (digits in each).
    static let clauseLimit = RequiredLiterals.decimalDigitLiterals.count + limit

    static func alternation(_ branches: [[RegexSketch.Item]]) throws(UnsupportedSyntax) -> LiteralInfo {
        var infos: [LiteralInfo] = []
        for branch in branches { infos.append(try sequence(branch)) }
        guard infos.count > 1 else { return infos.first ?? .empty }
        if infos.allSatisfy({ $0.exact != nil }) {
            let union = infos.reduce(into: Set<[UInt8]>()) { $0.formUnion($1.exact!) }
            if union.count <= limit { return .exactly(union) }
        }
        func merged(_ sets: [Set<[UInt8]>], limit: Int = limit) -> Set<[UInt8]> {
            let union = sets.reduce(into: Set<[UInt8]>()) { $0.formUnion($1) }
            return union.count <= limit ? union : [[]]
        }
        // A match of the alternation matches one branch: one clause per branch, united.
        let bestOfEach = infos.map { RequiredLiterals.best($0.allClauses).first.map { Set($0) } ?? [[]] }
        return LiteralInfo(
            exact: nil, prefixes: merged(infos.map(\.prefixes), limit: clauseLimit), suffixes: merged(infos.map(\.suffixes), limit: clauseLimit),
            clauses: [merged(bestOfEach, limit: clauseLimit)])
    }

    static func sequence(_ items: [RegexSketch.Item]) throws(UnsupportedSyntax) -> LiteralInfo {
        var result = LiteralInfo.empty
        for item in items { result = concatenate(result, try repeated(item)) }
        return result
    }

    static func repeated(_ item: RegexSketch.Item) throws(UnsupportedSyntax) -> LiteralInfo {
        let info = try atom(item)
        guard let quantifier = item.quantifier else { return info }
        if quantifier.maximum == 0 { return .empty }
        if quantifier.minimum == 0 {
            if quantifier.maximum == 1, let exact = info.exact, exact.count < limit { return .exactly(exact.union([[]])) }
            return .unknown
        }
        if quantifier.maximum == 1 { return info }
        // At least once: the first occurrence starts the match of the item, the last ends it.
        return LiteralInfo(exact: nil, prefixes: info.prefixes, suffixes: info.suffixes, clauses: info.clauses)
    }

    static func atom(_ item: RegexSketch.Item) throws(UnsupportedSyntax) -> LiteralInfo {
        switch item.atom {
        case .character:
            return try character(Array(item.atomText.unicodeScalars))
        case .group(.lookaround, let branches):
            _ = try alternation(branches)  // only to give up on syntax it holds
            return .empty
        case .group(_, let branches):
            return try alternation(branches)
        case .other:
            let text = item.atomText
            if ["^", "$", "\\b", "\\B", "\\A", "\\z", "\\Z", "\\G"].contains(text) { return .empty }
            // An option setting such as `(?s)` or `(?-m)` (`i` and `x` were refused earlier).
            let scalars = Array(text.unicodeScalars)
            if scalars.count >= 3, scalars.starts(with: ["(", "?"]), scalars.last == ")",
               scalars.dropFirst(2).dropLast().allSatisfy({ "smnUJ^-".unicodeScalars.contains($0) }) {
                return .empty
            }
            throw UnsupportedSyntax()
        }
    }

    /// One character item as written: a literal, an escaped punctuation character, a class.
    static func character(_ scalars: [Unicode.Scalar]) throws(UnsupportedSyntax) -> LiteralInfo {
        guard let first = scalars.first else { throw UnsupportedSyntax() }
        if first == "[" { return try characterClass(scalars) }
        if first == "\\" {
            guard scalars.count == 2 else { throw UnsupportedSyntax() }
            let escaped = scalars[1]
            if isPunctuation(escaped) { return .exactly([utf8(escaped)]) }
            if escaped == "d" {
                // A digit's UTF-8 starts with one of these; its last bytes are not known.
                let digits = RequiredLiterals.decimalDigitLiterals
                return LiteralInfo(exact: nil, prefixes: digits, suffixes: [[]], clauses: [digits])
            }
            // Classes and single control characters: one unknown character (`\R`, `\X`: a few).
            if "DwWsShHvVRXntrfea".unicodeScalars.contains(escaped) { return .unknown }
            throw UnsupportedSyntax()
        }
        guard scalars.count == 1 else { throw UnsupportedSyntax() }
        if first == "." { return .unknown }
        // A brace that PCRE2 read as a literal may be a quantifier in other PCRE2 versions.
        if "{*+?|()".unicodeScalars.contains(first) { throw UnsupportedSyntax() }
        return .exactly([utf8(first)])
    }

    /// `[uừ]`, `[35789]`, `[a-c.]`: the characters, when few; unknown when negated, holding
    /// escapes other than punctuation, POSIX classes or too many characters.
    static func characterClass(_ scalars: [Unicode.Scalar]) throws(UnsupportedSyntax) -> LiteralInfo {
        guard scalars.count >= 3, scalars.last == "]" else { throw UnsupportedSyntax() }
        let body = Array(scalars[1..<(scalars.count - 1)])
        if body.first == "^" || body.first == "]" || body.contains("[") { return .unknown }
        // Each element: its character (nil for an escape this does not spell) and whether it
        // was escaped; an unescaped `-` between two characters makes a range.
        var elements: [(scalar: Unicode.Scalar?, escaped: Bool)] = []
        var index = 0
        while index < body.count {
            if body[index] == "\\" {
                guard index + 1 < body.count else { throw UnsupportedSyntax() }
                elements.append((isPunctuation(body[index + 1]) ? body[index + 1] : nil, true))
                index += 2
            } else {
                elements.append((body[index], false))
                index += 1
            }
        }
        var members = Set<[UInt8]>()
        var element = 0
        while element < elements.count {
            guard let low = elements[element].scalar else { return .unknown }
            let isRange = element + 2 < elements.count && elements[element + 1].scalar == "-" && !elements[element + 1].escaped
            guard isRange else {
                members.insert(utf8(low))
                element += 1
                continue
            }
            let high = elements[element + 2]
            guard !elements[element].escaped, !high.escaped, low != "-", let top = high.scalar, top != "-",
                  top.value >= low.value, top.value - low.value < UInt32(limit)
            else { return .unknown }
            for value in low.value...top.value {
                guard let scalar = Unicode.Scalar(value) else { return .unknown }
                members.insert(utf8(scalar))
            }
            element += 3
        }
        guard !members.isEmpty, members.count <= limit else { return .unknown }
        return .exactly(members)
    }

    static func isPunctuation(_ scalar: Unicode.Scalar) -> Bool {
        scalar.isASCII && scalar.value >= 0x20 && scalar.value < 0x7F && !scalar.properties.isAlphabetic
            && !("0"..."9").contains(scalar)
    }

    static func utf8(_ scalar: Unicode.Scalar) -> [UInt8] { Array(String(scalar).utf8) }

    /// Every string of `left` followed by every string of `right`; nil past the limit.
    static func cross(_ left: Set<[UInt8]>, _ right: Set<[UInt8]>) -> Set<[UInt8]>? {
        // The empty string alone (a zero-width item) adds nothing on either side.
        if left == [[]] { return right }
        if right == [[]] { return left }
        guard left.count * right.count <= limit else { return nil }
        var result = Set<[UInt8]>()
        for a in left { for b in right { result.insert(a + b) } }
        return result
    }

    /// A match of `left` followed by a match of `right`.
    static func concatenate(_ left: LiteralInfo, _ right: LiteralInfo) -> LiteralInfo {
        if let a = left.exact, let b = right.exact, let both = cross(a, b) { return .exactly(both) }
        var clauses = left.clauses + right.clauses
        if let junction = cross(left.suffixes, right.prefixes) {
            clauses.append(junction)
        } else {
            clauses.append(left.suffixes)
            clauses.append(right.prefixes)
        }
        let prefixes = left.exact.map { cross($0, right.prefixes) ?? $0 } ?? left.prefixes
        let suffixes = right.exact.map { cross(left.suffixes, $0) ?? $0 } ?? right.suffixes
        // Keep the list short: only the best few clauses ever matter.
        let best = RequiredLiterals.best(clauses).map { Set($0) }
        return LiteralInfo(exact: nil, prefixes: prefixes, suffixes: suffixes, clauses: best)
    }
}
