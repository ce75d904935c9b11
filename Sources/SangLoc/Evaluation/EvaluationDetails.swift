import Foundation

/// Span scores in the manner of SemEval-2021 task 5 (toxic spans): per post, the F1 between the
/// gold character offsets and the offsets covered by harmful matches in the text.
public struct SpanScores: Sendable, Hashable {
    /// Posts with span annotations.
    public var posts: Int
    /// Sum of the per-post F1.
    public var f1Sum: Double
    /// Offsets both gold and predicted, over all posts.
    public var overlap: Int
    /// Offsets covered by harmful matches, over all posts.
    public var predicted: Int
    /// Gold offsets, over all posts.
    public var gold: Int

    /// Scores from their sums (all zero: no post yet).
    public init(posts: Int = 0, f1Sum: Double = 0, overlap: Int = 0, predicted: Int = 0, gold: Int = 0) {
        self.posts = posts
        self.f1Sum = f1Sum
        self.overlap = overlap
        self.predicted = predicted
        self.gold = gold
    }

    /// Mean per-post F1 (0 for no post).
    public var f1: Double { posts == 0 ? 0 : f1Sum / Double(posts) }
    /// Micro precision over all offsets; nil when no offset was predicted.
    public var precision: Double? { predicted == 0 ? nil : Double(overlap) / Double(predicted) }
    /// Micro recall over all offsets; nil when there is no gold offset.
    public var recall: Double? { gold == 0 ? nil : Double(overlap) / Double(gold) }

    /// Adds one post.
    public mutating func add(gold goldSpans: [Range<Int>], predicted predictedSpans: [Range<Int>]) {
        let gold = goldSpans.joinedRanges()
        let predicted = predictedSpans.joinedRanges()
        let overlap = Self.overlap(gold, predicted)
        let goldCount = gold.reduce(0) { $0 + $1.count }
        let predictedCount = predicted.reduce(0) { $0 + $1.count }
        posts += 1
        f1Sum += Self.f1(overlap: overlap, gold: goldCount, predicted: predictedCount)
        self.overlap += overlap
        self.predicted += predictedCount
        self.gold += goldCount
    }

    /// F1 of one post's offset sets: 1 when both are empty, 0 when only one is.
    public static func f1(gold: [Range<Int>], predicted: [Range<Int>]) -> Double {
        var one = SpanScores()
        one.add(gold: gold, predicted: predicted)
        return one.f1Sum
    }

    static func f1(overlap: Int, gold: Int, predicted: Int) -> Double {
        if gold == 0 && predicted == 0 { return 1 }
        if gold == 0 || predicted == 0 { return 0 }
        return 2 * Double(overlap) / Double(gold + predicted)
    }

    /// The number of offsets in both lists of sorted, disjoint ranges.
    static func overlap(_ a: [Range<Int>], _ b: [Range<Int>]) -> Int {
        var i = 0
        var j = 0
        var total = 0
        while i < a.count, j < b.count {
            total += max(0, min(a[i].upperBound, b[j].upperBound) - max(a[i].lowerBound, b[j].lowerBound))
            if a[i].upperBound < b[j].upperBound { i += 1 } else { j += 1 }
        }
        return total
    }
}

/// What one rule did on a labelled set: the false-positive report a pack author works from.
public struct RuleStatistics: Sendable, Hashable {
    /// The rule's id.
    public var rule: String
    /// The rule's category.
    public var category: String
    /// What the rule votes for; nil for a report-only rule (`none` in reports).
    public var verdict: Verdict?
    /// Posts labelled harmful the rule fired on.
    public var harmfulPosts: Int
    /// Posts labelled otherwise (unverified, verified) the rule fired on.
    public var cleanPosts: Int
    /// Ids of those clean posts, in file order.
    public var cleanIDs: [String]

    /// Statistics of `rule`, with its counts so far.
    public init(rule: String, category: String, verdict: Verdict?, harmfulPosts: Int = 0, cleanPosts: Int = 0, cleanIDs: [String] = []) {
        self.rule = rule
        self.category = category
        self.verdict = verdict
        self.harmfulPosts = harmfulPosts
        self.cleanPosts = cleanPosts
        self.cleanIDs = cleanIDs
    }

    /// Posts the rule fired on.
    public var posts: Int { harmfulPosts + cleanPosts }
    /// `harmfulPosts / posts`.
    public var precision: Double { posts == 0 ? 0 : Double(harmfulPosts) / Double(posts) }

    /// Most clean posts first, then by rule id.
    static func ordered(_ a: RuleStatistics, _ b: RuleStatistics) -> Bool {
        a.cleanPosts != b.cleanPosts ? a.cleanPosts > b.cleanPosts : a.rule < b.rule
    }
}

/// A gold span text no harmful match overlaps, and how often it occurs so.
public struct UncoveredSpan: Sendable, Hashable {
    /// The span's text, lowercased, trimmed of white space and punctuation.
    public var text: String
    /// Posts where the span was left uncovered.
    public var count: Int

    /// A span `text` uncovered `count` times.
    public init(text: String, count: Int) {
        self.text = text
        self.count = count
    }

    /// The key a span's text is counted under.
    static func key(_ text: String) -> String {
        text.lowercased().trimmingCharacters(in: CharacterSet.punctuationCharacters.union(.whitespacesAndNewlines))
    }
}

extension String {
    /// The text of a range of Unicode scalars (clamped to the text).
    func scalarSlice(_ range: Range<Int>) -> String {
        let scalars = unicodeScalars
        let lower = min(max(0, range.lowerBound), scalars.count)
        let upper = min(max(lower, range.upperBound), scalars.count)
        let start = scalars.index(scalars.startIndex, offsetBy: lower)
        let end = scalars.index(start, offsetBy: upper - lower)
        return String(scalars[start..<end])
    }
}
