/// What a batch found: counts per verdict, category and rule, errors, and speed.
///
/// Counts cover every record read, whatever `--only` lets through to the output.
public struct BatchSummary: Sendable, Hashable {
    /// Records read: screened posts plus records that could not be read.
    public var records = 0
    /// Posts screened.
    public var posts = 0
    /// Records that could not be read (each became an error record).
    public var errors = 0
    /// Posts per verdict.
    public var verdicts: [Verdict: Int] = [:]
    /// Posts per category, counting the categories that voted for each post's verdict.
    public var categories: [String: Int] = [:]
    /// Posts each rule fired on.
    public var rules: [String: Int] = [:]
    /// Rule evaluations that failed on a post (a regex hitting its match limit).
    public var ruleFailures = 0
    /// Posts whose text was repaired while reading (invalid UTF-8, mojibake).
    public var repairedPosts = 0
    /// Warnings about whole inputs, such as a text field missing from every record.
    public var warnings: [String] = []
    /// The fields missing from every record of an input (also in ``warnings``), one message each.
    public var missingFields: [String] = []
    /// Time the batch took.
    public var elapsed: Duration = .zero

    /// An empty summary.
    public init() {}

    /// Why the batch cannot be trusted to have screened its input, or nil: no record could be
    /// screened, or a field was missing from every record of an input. `sangloc screen` then
    /// exits 3, with or without `--strict`.
    public var failure: String? {
        if let first = missingFields.first { return first }
        if records > 0, posts == 0 { return "none of the \(records) records could be screened (see the error records)" }
        return nil
    }

    /// Records per second over the whole batch.
    public var recordsPerSecond: Double {
        let seconds = elapsed.seconds
        return seconds > 0 ? Double(records) / seconds : 0
    }

    /// The rules that fired on most posts, most first (ties by rule id), at most `limit`.
    public func topRules(_ limit: Int = 10) -> [(rule: String, posts: Int)] {
        rules.sorted { ($1.value, $0.key) < ($0.value, $1.key) }.prefix(limit).map { (rule: $0.key, posts: $0.value) }
    }

    /// Counts one screened post.
    public mutating func count(_ screening: Screening, flags: InputFlags = []) {
        records += 1
        posts += 1
        verdicts[screening.verdict, default: 0] += 1
        screening.forEachCategory { categories[$0, default: 0] += 1 }
        let hits = screening.hits
        // Each rule once per post. Hits are few: a look back beats building a set.
        if hits.count <= 8 {
            for (index, hit) in hits.enumerated() where !hits[..<index].contains(where: { $0.rule == hit.rule }) {
                rules[hit.rule, default: 0] += 1
            }
        } else {
            var seen = Set<String>()
            for hit in hits where seen.insert(hit.rule).inserted { rules[hit.rule, default: 0] += 1 }
        }
        ruleFailures += screening.failures.count
        if !flags.isEmpty { repairedPosts += 1 }
    }

    /// Counts one record that could not be read.
    public mutating func countError() {
        records += 1
        errors += 1
    }

    /// Adds the counts of another part of the same batch.
    public mutating func merge(_ other: BatchSummary) {
        records += other.records
        posts += other.posts
        errors += other.errors
        verdicts.merge(other.verdicts, uniquingKeysWith: +)
        categories.merge(other.categories, uniquingKeysWith: +)
        rules.merge(other.rules, uniquingKeysWith: +)
        ruleFailures += other.ruleFailures
        repairedPosts += other.repairedPosts
        warnings += other.warnings
        missingFields += other.missingFields
    }
}

extension Duration {
    /// The duration in seconds, as a `Double`.
    var seconds: Double {
        let parts = components
        return Double(parts.seconds) + Double(parts.attoseconds) / 1e18
    }
}
