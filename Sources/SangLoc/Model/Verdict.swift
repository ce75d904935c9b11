/// The three outcomes of screening a post.
public enum Verdict: String, Sendable, Hashable, Codable, CaseIterable, CustomStringConvertible {
    /// Evidence of harm reached the harmful threshold.
    case harmful
    /// Signals of an unverified claim, or harmful evidence below every threshold.
    case unverified
    /// Verified evidence (a trusted source) and no unverified signal, or no signal at all.
    case verified

    /// The verdict's name.
    public var description: String { rawValue }
}

/// How a term matched, from most to least certain (docs/design.md §3).
public enum Tier: String, Sendable, Hashable, Codable, CaseIterable, Comparable, CustomStringConvertible {
    /// Canonical syllables equal (case, NFC/NFD, tone placement, invisible characters aside).
    case exact
    /// Equal after de-obfuscation: split letters rejoined, look-alikes, leet, repeats, glued syllables.
    case deobfuscated
    /// Bare forms equal and the matched tokens were typed without diacritics.
    case folded
    /// Bare forms equal, the matched tokens typed without diacritics among words that carry
    /// them: a word stripped of its accents in accented text (`nói xam`, `cái lon`).
    case stripped
    /// Equal after a teencode reading (`ck` → `chuyển khoản`).
    case teencode

    /// The tier's name, as records write it.
    public var description: String { rawValue }

    private var rank: Int {
        switch self {
        case .exact: 0
        case .deobfuscated: 1
        case .folded: 2
        case .stripped: 3
        case .teencode: 4
        }
    }

    /// `a < b` when `a` is the more certain tier.
    public static func < (a: Tier, b: Tier) -> Bool { a.rank < b.rank }
}

extension Optional where Wrapped == Verdict {
    /// What a rule votes for as written in packs and records: the verdict, or `none` for a
    /// report-only rule.
    public var voteName: String { self?.rawValue ?? "none" }
}
