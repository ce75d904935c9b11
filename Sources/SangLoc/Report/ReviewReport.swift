public import Foundation

/// What the review report shows.
public struct ReviewReportOptions: Sendable {
    /// Also list verified posts (`--report-all`); flagged posts (harmful, unverified) always are.
    public var includeVerified: Bool
    /// Posts listed per category at most (`--report-limit`); a post is listed while one of its
    /// categories has room, and the page says how many were left out.
    public var limitPerCategory: Int

    /// Options: flagged posts only by default, at most `limitPerCategory` per category.
    public init(includeVerified: Bool = false, limitPerCategory: Int = 5_000) {
        self.includeVerified = includeVerified
        self.limitPerCategory = max(0, limitPerCategory)
    }
}

/// Where a report's posts came from, for its header.
public struct ReviewReportContext: Sendable {
    /// The inputs as named on the command line.
    public var inputs: [String]
    /// The rule pack's name and version.
    public var packName: String
    /// The rule pack's version.
    public var packVersion: String
    /// When the batch ran.
    public var generatedAt: Date

    /// The context of a batch over `inputs` with a pack, run at `generatedAt`.
    public init(inputs: [String], packName: String, packVersion: String, generatedAt: Date = Date()) {
        self.inputs = inputs
        self.packName = packName
        self.packVersion = packVersion
        self.generatedAt = generatedAt
    }
}

/// The HTML review report of a batch (`sangloc screen --report`): one self-contained page with
/// the batch's counts as charts and a filterable table of flagged posts, their matched spans
/// highlighted in the original text.
///
/// Fed incrementally, in input order, with ``add(_:)``; it keeps only what the page shows (at
/// most ``ReviewReportOptions/limitPerCategory`` rows per category, plus counts), so memory stays
/// bounded on inputs of any size. A batch (`sangloc screen --report`) feeds it.
public final class ReviewReport: RecordWriter {
    /// What the page lists.
    public let options: ReviewReportOptions
    /// Where the posts came from, for the page's header.
    public let context: ReviewReportContext

    /// Rows kept, per verdict, in input order.
    private var rows: [Verdict: [String]] = [:]
    /// Rows kept per category (posts without a category count under ``uncategorized``).
    private var keptPerCategory: [String: Int] = [:]
    /// Listable posts left out because every one of their categories was full, per category.
    private(set) var leftOutPerCategory: [String: Int] = [:]
    /// Listable posts per category and verdict, kept or not (for the category chart).
    private(set) var postsPerCategory: [String: [Verdict: Int]] = [:]
    /// Flagged posts per day (days since 1970-01-01 UTC) and verdict, for dated posts.
    private(set) var flaggedPerDay: [Int: [Verdict: Int]] = [:]
    /// Rows kept, per verdict.
    public private(set) var shownPerVerdict: [Verdict: Int] = [:]
    /// Posts that would be listed but were left out by the per-category limit.
    public private(set) var leftOut = 0

    /// The filter name of posts that have no category (verified posts without a signal).
    static let uncategorized = "(none)"

    /// An empty report; feed it with ``add(_:)``.
    public init(context: ReviewReportContext, options: ReviewReportOptions = ReviewReportOptions()) {
        self.context = context
        self.options = options
    }

    /// The verdicts whose posts the table lists: harmful and unverified, plus verified with
    /// ``ReviewReportOptions/includeVerified``.
    public var listedVerdicts: Set<Verdict> {
        options.includeVerified ? Set(Verdict.allCases) : [.harmful, .unverified]
    }

    /// Rows in the table.
    public var shown: Int { shownPerVerdict.values.reduce(0, +) }

    /// Screens nothing: renders `post`'s row and adds it, as ``add(_:)``.
    public func add(post: Post, screening: Screening, source: SourcePosition?) {
        guard listedVerdicts.contains(screening.verdict) else { return }
        add(ReviewReportEntry(post: post, screening: screening, source: source))
    }

    /// As ``add(post:screening:source:)``: the page shows no repairs.
    public func add(post: Post, screening: Screening, source: SourcePosition?, flags: InputFlags) {
        add(post: post, screening: screening, source: source)
    }

    /// Does nothing: the page lists posts; unreadable records are counted in the summary.
    public func add(error: InputError, source: SourcePosition) {}

    /// Adds the next post in input order. Posts of verdicts the table does not list are ignored.
    public func add(_ entry: ReviewReportEntry) {
        guard listedVerdicts.contains(entry.verdict) else { return }
        let categories = entry.categories.isEmpty ? [Self.uncategorized] : entry.categories
        for category in categories { postsPerCategory[category, default: [:]][entry.verdict, default: 0] += 1 }
        if entry.verdict != .verified, let day = entry.day { flaggedPerDay[day, default: [:]][entry.verdict, default: 0] += 1 }
        guard categories.contains(where: { keptPerCategory[$0, default: 0] < options.limitPerCategory }) else {
            leftOut += 1
            for category in categories { leftOutPerCategory[category, default: 0] += 1 }
            return
        }
        for category in categories { keptPerCategory[category, default: 0] += 1 }
        rows[entry.verdict, default: []].append(entry.rowHTML)
        shownPerVerdict[entry.verdict, default: 0] += 1
    }

    /// Kept rows per category, for the filter buttons.
    var shownPerCategory: [String: Int] { keptPerCategory }

    /// The rows in table order: harmful first, then unverified, then verified; input order within.
    var orderedRows: [String] {
        Verdict.allCases.sorted { $0.strength > $1.strength }.flatMap { rows[$0] ?? [] }
    }

    /// Writes the page to `path` atomically (``BatchOutputFile/replace(_:with:)``).
    /// - Throws: ``BatchOutputError`` when the file cannot be written.
    public func write(to path: String, summary: BatchSummary) throws(BatchOutputError) {
        try BatchOutputFile.replace(path, with: render(summary: summary))
    }

    /// `2026-05-14 09:30 UTC`.
    static func timestamp(_ date: Date) -> String {
        let seconds = Int(date.timeIntervalSince1970.rounded(.down))
        let day = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        let minutes = (seconds - day * 86_400) / 60
        return dayLabel(day) + " " + twoDigits(minutes / 60) + ":" + twoDigits(minutes % 60) + " UTC"
    }

    /// `2026-05-14` for a day number (days since 1970-01-01 UTC), by the civil-from-days algorithm.
    static func dayLabel(_ day: Int) -> String {
        let shifted = day + 719_468
        let era = (shifted >= 0 ? shifted : shifted - 146_096) / 146_097
        let dayOfEra = shifted - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1_460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        let dayOfMonth = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        return String(year) + "-" + twoDigits(month) + "-" + twoDigits(dayOfMonth)
    }

    private static func twoDigits(_ value: Int) -> String { value < 10 ? "0\(value)" : String(value) }
}
