/// A rule pack as written: the parsed and resolved form of a pack file and its includes.
///
/// `RulePackLoader` produces it from YAML (docs/design.md §4, `docs/rule-packs.md`);
/// `CompiledRuleSet` compiles it for matching. Every element keeps the place in the
/// pack files it came from, so that every later error can name file, line and column.
public struct RulePack: Sendable {
    /// The pack's name (`pack:`).
    public var name: String
    /// The pack's version (`version:`), as written.
    public var version: String
    /// What the pack is for (`description:`).
    public var description: String?
    /// Named term lists (`lists:`), includes merged; a later definition of a name is an error.
    public var lists: [String: TermList]
    /// Categories (`categories:`), by id, with their descriptions.
    public var categories: [String: Category]
    /// Rules in file order, includes first (depth-first, in `include:` order).
    public var rules: [Rule]
    /// The verdict policy (`policy:`); the including pack's policy wins over included ones.
    public var policy: Policy
    /// Whether a file of the pack wrote `policy:` (false: `policy` is the engine's default,
    /// and a pack merged before this one keeps its own).
    public var setsPolicy: Bool
    /// Where each part of `policy` that a pack wrote was set (`file:line:column`), as
    /// `sangloc rules show` prints it; parts left out keep the engine's default (or, when
    /// packs are merged, the earlier pack's value).
    public var policyOrigins: [Policy.Part: String]
    /// The zone in which input times without a zone are read (`time_zone:`, an IANA name),
    /// or nil for ``RulePack/defaultTimeZone``.
    public var timeZone: String?
    /// Where `timeZone` was set, when a pack set it.
    public var timeZoneOrigin: String?
    /// What merging packs changed that a user may not expect (a later pack's policy replacing an
    /// earlier one's), one sentence each; the CLI prints them as warnings.
    public var notices: [String] = []
    /// Overrides of rules this pack does not define, left for `RulePack.merging` to apply to
    /// the packs loaded before it (an overlay such as `--rules default --rules strict.yaml`).
    public var overrides: [RuleOverride]
    /// Teencode readings added by the pack (`teencode:`), on top of VietText's built-in table.
    public var teencode: [TeencodeEntry]
    /// Words people type without accents as a matter of course (`accentless_words:`: `cho`,
    /// `sao`, `khi`): the `stripped` tier never reads a hit made only of them as a hidden word.
    public var accentlessWords: [TermSource] = []
    /// Every file read to build the pack, the root first.
    public var files: [String]

    /// A pack with the given parts; a pack built in code that sets `policy` sets all of it.
    public init(
        name: String, version: String = "1", description: String? = nil,
        lists: [String: TermList] = [:], categories: [String: Category] = [:], rules: [Rule] = [],
        policy: Policy = Policy(), teencode: [TeencodeEntry] = [], files: [String] = [],
        setsPolicy: Bool = true, overrides: [RuleOverride] = [], policyOrigins: [Policy.Part: String] = [:],
        timeZone: String? = nil, timeZoneOrigin: String? = nil
    ) {
        self.policyOrigins = policyOrigins
        self.timeZone = timeZone
        self.timeZoneOrigin = timeZoneOrigin
        self.name = name
        self.version = version
        self.description = description
        self.lists = lists
        self.categories = categories
        self.rules = rules
        self.policy = policy
        self.teencode = teencode
        self.files = files
        self.setsPolicy = setsPolicy
        self.overrides = overrides
    }
}

extension RulePack {
    /// The terms a condition or `accentless_words:` names: inline, or those of a list of the
    /// pack (none for a list the pack does not define; loading refuses such a pack).
    public func terms(of source: TermSource) -> [Term] {
        switch source {
        case .inline(let terms): terms
        case .list(let name, _): lists[name]?.terms ?? []
        }
    }

    /// The zone of input times without a zone, and of `posted_at` windows, when nothing sets one.
    public static let defaultTimeZone = "Asia/Ho_Chi_Minh"

    /// The zone input times without a zone are read in: `time_zone:`, else ``defaultTimeZone``.
    public var effectiveTimeZone: String { timeZone ?? Self.defaultTimeZone }
}

/// A place in a pack file or wordlist: 1-based line and column.
public struct SourceLocation: Sendable, Hashable, CustomStringConvertible {
    /// The file, as the pack names it.
    public var file: String
    /// 1-based line.
    public var line: Int
    /// 1-based column.
    public var column: Int

    /// The place at `line` and `column` of `file`.
    public init(file: String, line: Int, column: Int) {
        self.file = file
        self.line = line
        self.column = column
    }

    /// `file:line:column`, the form editors and terminals recognise.
    public var description: String { "\(file):\(line):\(column)" }
}

/// A category of harm or evidence (`scam`, `gambling`, `rumor`, `trusted-source`...).
public struct Category: Sendable, Hashable {
    /// The category's id, as rules name it.
    public var id: String
    /// What the category covers.
    public var description: String
    /// Where the category is declared (nil for a category made in code).
    public var location: SourceLocation?

    /// A category `id` described by `description`.
    public init(id: String, description: String, location: SourceLocation? = nil) {
        self.id = id
        self.description = description
        self.location = location
    }
}

/// A term as written in a pack or wordlist (any normalization form; VietText normalizes it).
public struct Term: Sendable, Hashable {
    /// The term as written.
    public var text: String
    /// Where the term is written.
    public var location: SourceLocation

    /// The term `text`, written at `location`.
    public init(_ text: String, location: SourceLocation) {
        self.text = text
        self.location = location
    }
}

/// A named list of terms or domains, from a wordlist file or inline.
public struct TermList: Sendable {
    /// The list's name, as conditions name it.
    public var name: String
    /// The terms, in file order.
    public var terms: [Term]
    /// The wordlist file, when the list came from one.
    public var file: String?
    /// Where the list is defined.
    public var location: SourceLocation

    /// A list `name` of `terms`, read from `file` when it is a wordlist.
    public init(name: String, terms: [Term], file: String? = nil, location: SourceLocation) {
        self.name = name
        self.terms = terms
        self.file = file
        self.location = location
    }
}

/// Terms given inline or by the name of a list.
public enum TermSource: Sendable {
    /// Terms written in the rule itself.
    case inline([Term])
    /// A list named in `lists:`; the loader has checked that it exists.
    case list(String, location: SourceLocation)
}

/// One rule: a condition, what it votes for, and its exceptions.
public struct Rule: Sendable {
    /// The rule's id, unique in the pack (`scam.bank-transfer`).
    public var id: String
    /// The rule's category.
    public var category: String
    /// What a hit votes for; nil for a report-only rule (`verdict: none`), whose hits are
    /// reported in the record but count towards no verdict.
    public var verdict: Verdict?
    /// What a hit adds to the sum of its verdict (default 1).
    public var weight: Double
    /// What the rule looks for.
    public var description: String?
    /// Allowed tiers; nil means the default (all tiers but `stripped`, and `folded` only for
    /// terms of two or more syllables, docs/design.md §3).
    public var tiers: Set<Tier>?
    /// Whether one-syllable terms fold: `tiers:` lists `folded` (not `folded-phrases`).
    public var foldsSingleSyllables: Bool
    /// The condition that makes the rule fire.
    public var match: Condition
    /// Exceptions: a hit is dropped when one of them matches (in the post, or in the same
    /// sentence as the hit's matches when the exception says `scope: sentence`).
    public var unless: [Exception]
    /// Posts the rule must and must not fire on (`sangloc rules test`).
    public var examples: Examples
    /// Where the rule is written.
    public var location: SourceLocation

    /// A rule with its id, category, vote, condition and the rest; `verdict` nil makes it report-only.
    public init(
        id: String, category: String, verdict: Verdict?, weight: Double = 1.0,
        description: String? = nil, tiers: Set<Tier>? = nil, foldsSingleSyllables: Bool? = nil, match: Condition,
        unless: [Exception] = [], examples: Examples = Examples(), location: SourceLocation
    ) {
        self.foldsSingleSyllables = foldsSingleSyllables ?? (tiers?.contains(.folded) ?? false)
        self.id = id
        self.category = category
        self.verdict = verdict
        self.weight = weight
        self.description = description
        self.tiers = tiers
        self.match = match
        self.unless = unless
        self.examples = examples
        self.location = location
    }
}

/// Where an exception must match to drop a hit.
public enum ExceptionScope: String, Sendable, Hashable, CaseIterable {
    /// Anywhere in the post.
    case post
    /// In a sentence that also holds one of the hit's matches.
    case sentence
}

/// One `unless:` entry.
public struct Exception: Sendable {
    /// The condition that drops the hit when it matches.
    public var condition: Condition
    /// Where it must match: anywhere in the post, or in a sentence with one of the hit's matches.
    public var scope: ExceptionScope

    /// An exception on `condition` within `scope`.
    public init(condition: Condition, scope: ExceptionScope = .post) {
        self.condition = condition
        self.scope = scope
    }
}

/// Example posts of a rule, run by `sangloc rules test`.
public struct Examples: Sendable {
    /// Posts the rule must fire on.
    public var match: [Example]
    /// Posts the rule must not fire on.
    public var noMatch: [Example]

    /// Examples to fire on (`match`) and not to (`noMatch`).
    public init(match: [Example] = [], noMatch: [Example] = []) {
        self.match = match
        self.noMatch = noMatch
    }
}

/// One example: a text, or a text with links and metadata.
public struct Example: Sendable {
    /// The example post (text, and metadata when written).
    public var post: Post
    /// Where the example is written.
    public var location: SourceLocation

    /// The example `post`, written at `location`.
    public init(post: Post, location: SourceLocation) {
        self.post = post
        self.location = location
    }
}

/// The layer a regex runs on.
public enum RegexLayer: String, Sendable, Hashable, CaseIterable {
    /// Case-folded, NFC, canonical tone placement, de-obfuscated (the default).
    case canonical
    /// The canonical layer without diacritics, `đ` → `d`.
    case bare
    /// The text as read, unchanged.
    case original
}

/// A condition of a rule, with where it was written.
public struct Condition: Sendable {
    /// What a condition tests.
    public indirect enum Kind: Sendable {
        /// Any of the terms, as whole syllable sequences.
        case terms(TermSource)
        /// A PCRE2 pattern on a layer of the text.
        case regex(pattern: String, layer: RegexLayer)
        /// A link (URL token in the text, or `Post.links`) whose host is one of the domains or
        /// a subdomain of one.
        case linkDomain(TermSource)
        /// A term of the first set within `within` syllables of a term of the second.
        case near(TermSource, TermSource, within: Int)
        /// The inner condition matches at least `atLeast` times (distinct spans).
        case count(Condition, atLeast: Int)
        /// Every one of the conditions matches.
        case all([Condition])
        /// At least one of the conditions matches.
        case any([Condition])
        /// The condition does not match.
        case not(Condition)
        /// The post's author is in the list (compared case-insensitively).
        case author(TermSource)
        /// The post's platform is one of these (case-insensitively).
        case platform([String])
        /// The post was published inside this window.
        case postedAt(TimeWindow)
    }

    /// What the condition tests.
    public var kind: Kind
    /// Where the condition is written.
    public var location: SourceLocation

    /// A condition of `kind`, written at `location`.
    public init(_ kind: Kind, location: SourceLocation) {
        self.kind = kind
        self.location = location
    }

    /// Calls `body` with this condition and then each condition inside it, depth first, in the
    /// order they are written.
    func forEach(_ body: (Condition) -> Void) {
        body(self)
        switch kind {
        case .count(let inner, _), .not(let inner): inner.forEach(body)
        case .all(let parts), .any(let parts): for part in parts { part.forEach(body) }
        case .terms, .regex, .linkDomain, .near, .author, .platform, .postedAt: break
        }
    }
}

/// Weekdays and a time-of-day window in a time zone; `from` > `to` crosses midnight.
public struct TimeWindow: Sendable, Hashable {
    /// ISO weekdays 1 (Monday) ... 7 (Sunday); empty means every day.
    public var weekdays: Set<Int>
    /// Minutes after midnight, inclusive; nil means from midnight.
    public var from: Int?
    /// Minutes after midnight, exclusive; nil means until midnight.
    public var to: Int?
    /// IANA time zone identifier (`Asia/Ho_Chi_Minh`, the default).
    public var timeZone: String

    /// A window on `weekdays` (1 = Monday) from minute `from` to minute `to` of the day, in `timeZone`.
    public init(weekdays: Set<Int> = [], from: Int? = nil, to: Int? = nil, timeZone: String = "Asia/Ho_Chi_Minh") {
        self.weekdays = weekdays
        self.from = from
        self.to = to
        self.timeZone = timeZone
    }
}

/// A change to a rule defined elsewhere (`overrides:`): its vote, its weight, or both.
public struct RuleOverride: Sendable {
    /// The id of the rule it changes.
    public var rule: String
    /// The new vote: `.some(nil)` makes the rule report-only (`verdict: none`); nil keeps it.
    public var verdict: Verdict??
    /// The new weight; nil keeps it.
    public var weight: Double?
    /// Where the override is written.
    public var location: SourceLocation

    /// An override of `rule`'s vote, weight, or both.
    public init(rule: String, verdict: Verdict?? = nil, weight: Double? = nil, location: SourceLocation) {
        self.rule = rule
        self.verdict = verdict
        self.weight = weight
        self.location = location
    }

    /// `rule` with this override applied.
    public func applied(to rule: Rule) -> Rule {
        var changed = rule
        if let verdict { changed.verdict = verdict }
        if let weight { changed.weight = weight }
        return changed
    }
}

/// A teencode reading added by a pack: `form` may be read as any of `readings`.
public struct TeencodeEntry: Sendable, Hashable {
    /// The form as typed (`ck`).
    public var form: String
    /// What it may stand for (`chuyển khoản`, `chồng`).
    public var readings: [String]
    /// Where the entry is written.
    public var location: SourceLocation

    /// An entry reading `form` as any of `readings`.
    public init(form: String, readings: [String], location: SourceLocation) {
        self.form = form
        self.readings = readings
        self.location = location
    }
}
