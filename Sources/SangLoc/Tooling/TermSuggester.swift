import Foundation
import VietText

/// A term `sangloc rules suggest` proposes, with the figures it was ranked on.
public struct TermSuggestion: Sendable, Hashable {
    /// The term as its canonical syllables (case-folded, NFC, de-obfuscated), separated by spaces.
    public var term: String
    /// Its number of syllables (1 to 4).
    public var syllables: Int
    /// Posts where the term lies inside a gold span (for posts without span annotations:
    /// posts labelled harmful that contain it).
    public var support: Int
    /// Posts where the term lies outside every gold span (for posts without span
    /// annotations: posts labelled unverified or verified that contain it).
    public var against: Int
    /// Whether the pack already flags it: screening the term alone gives a harmful-voting hit.
    public var inPack: Bool

    /// `support / (support + against)`.
    public var precision: Double { support + against == 0 ? 0 : Double(support) / Double(support + against) }
    /// `support × precision`, the ranking score: the posts the term would flag rightly, less
    /// for every wrong one.
    public var score: Double { Double(support) * precision }
}

/// Proposes terms for a rule pack from labelled posts: the syllable n-grams (1 to 4
/// syllables) found in gold spans, or in posts labelled harmful when a post has no spans,
/// counted on the canonical layer the matcher uses (so `đ.é.o`, `ĐÉO` and `đéo` are one term).
///
/// An n-gram counts once per post for `support` (all of its tokens overlap a gold span) and
/// once for `against` (none does, or the post is clean); an n-gram partly inside a span counts
/// for neither. N-grams below `minSupport` or `minPrecision` are dropped, and so is a longer
/// n-gram when a shorter one inside it is kept with at least its precision (the shorter term
/// already flags it). The rest are ranked by score, then by text, and the first `top` are kept.
public struct TermSuggester: Sendable {
    /// The pack terms are checked against (`in pack`).
    public let screener: Screener
    /// Terms with less support are dropped.
    public var minSupport: Int
    /// Terms with a lower precision are dropped.
    public var minPrecision: Double
    /// How many terms are kept, best first.
    public var top: Int
    /// The longest n-gram counted, in syllables.
    public var maxSyllables: Int

    /// A suggester checking terms against `screener`, with the given thresholds.
    public init(screener: Screener, minSupport: Int = 3, minPrecision: Double = 0.8, top: Int = 200, maxSyllables: Int = 4) {
        self.screener = screener
        self.minSupport = minSupport
        self.minPrecision = minPrecision
        self.top = top
        self.maxSyllables = maxSyllables
    }

    private struct Counts {
        var support = 0
        var against = 0
    }

    /// The suggested terms from `posts`, best score first.
    public func suggest(_ posts: [LabelledPost]) -> [TermSuggestion] {
        let normalizer = screener.rules.normalizer
        var counts: [String: Counts] = [:]
        var positive: Set<String> = []
        var negative: Set<String> = []
        var words: [String] = []
        var inside: [Bool] = []
        for labelled in posts {
            positive.removeAll(keepingCapacity: true)
            negative.removeAll(keepingCapacity: true)
            let tokens = normalizer.normalize(labelled.post.text).tokens
            var index = 0
            while index < tokens.count {
                // One run of word tokens in one sentence, not broken by punctuation or emoji.
                words.removeAll(keepingCapacity: true)
                inside.removeAll(keepingCapacity: true)
                var sentence = -1
                while index < tokens.count {
                    let token = tokens[index]
                    guard token.kind == .word, !token.canonical.isEmpty, sentence == -1 || token.sentence == sentence else { break }
                    sentence = token.sentence
                    words.append(token.canonical)
                    if let spans = labelled.spans {
                        inside.append(spans.contains { $0.overlaps(token.scalarRange) })
                    } else {
                        inside.append(labelled.expected == .harmful)
                    }
                    index += 1
                }
                if words.isEmpty {
                    index += 1
                    continue
                }
                for start in words.indices {
                    var key = ""
                    var allInside = true
                    var noneInside = true
                    for end in start..<min(words.count, start + maxSyllables) {
                        if end > start { key += " " }
                        key += words[end]
                        if inside[end] { noneInside = false } else { allInside = false }
                        if allInside {
                            positive.insert(key)
                        } else if noneInside {
                            negative.insert(key)
                        }
                    }
                }
            }
            for key in positive { counts[key, default: Counts()].support += 1 }
            for key in negative { counts[key, default: Counts()].against += 1 }
        }

        var candidates: [TermSuggestion] = []
        for (term, count) in counts where count.support >= max(1, minSupport) {
            let suggestion = TermSuggestion(
                term: term, syllables: term.split(separator: " ").count, support: count.support, against: count.against, inPack: false)
            if suggestion.precision >= minPrecision { candidates.append(suggestion) }
        }
        // Shorter n-grams first, so that a longer one can be checked against the kept ones inside it.
        candidates.sort { $0.syllables != $1.syllables ? $0.syllables < $1.syllables : $0.term < $1.term }
        var kept: [String: Double] = [:]
        var result: [TermSuggestion] = []
        for candidate in candidates {
            let parts = candidate.term.split(separator: " ")
            var covered = false
            if parts.count > 1 {
                search: for length in 1..<parts.count {
                    for start in 0...(parts.count - length) {
                        let inner = parts[start..<start + length].joined(separator: " ")
                        if let precision = kept[inner], precision >= candidate.precision {
                            covered = true
                            break search
                        }
                    }
                }
            }
            guard !covered else { continue }
            kept[candidate.term] = candidate.precision
            result.append(candidate)
        }
        result.sort { $0.score != $1.score ? $0.score > $1.score : $0.term < $1.term }
        result = Array(result.prefix(max(0, top)))
        let scratch = ScreeningScratch()
        for index in result.indices {
            let screening = screener.screen(Post(id: "suggest", text: result[index].term), scratch: scratch)
            result[index].inPack = screening.hits.contains { $0.verdict == .harmful }
        }
        return result
    }

    /// The draft wordlist: comment lines saying where the terms come from, then one term a line,
    /// `term  # support N, precision P, in pack: yes|no`.
    public static func wordlist(_ suggestions: [TermSuggestion], posts: [LabelledPost], files: [String]) -> String {
        let annotated = posts.filter { $0.spans != nil }.count
        var lines = [
            "# Draft wordlist by `sangloc rules suggest` from \(files.joined(separator: ", ")): \(posts.count) posts, "
                + "\(annotated) with span annotations.",
            "# support: posts with the term inside a gold span (harmful posts when a post has no spans);",
            "# precision: support / (support + posts with the term outside spans or in clean posts);",
            "# in pack: the pack already flags the term alone. Review every line before using it.",
        ]
        for suggestion in suggestions {
            lines.append(
                suggestion.term.replacingOccurrences(of: "#", with: "\\#")
                    + "  # support \(suggestion.support), precision \(String(format: "%.2f", suggestion.precision)), in pack: "
                    + (suggestion.inPack ? "yes" : "no"))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// The suggestions as one JSON object: `posts`, `span_posts`, `suggestions` [{term,
    /// syllables, support, against, precision, score, in_pack}].
    public static func json(_ suggestions: [TermSuggestion], posts: [LabelledPost]) -> String {
        var json = JSONWriter()
        json.beginObject()
        json.field("posts", posts.count)
        json.field("span_posts", posts.filter { $0.spans != nil }.count)
        json.key("suggestions")
        json.beginArray()
        for suggestion in suggestions {
            json.beginObject()
            json.field("term", suggestion.term)
            json.field("syllables", suggestion.syllables)
            json.field("support", suggestion.support)
            json.field("against", suggestion.against)
            json.field("precision", suggestion.precision)
            json.field("score", suggestion.score)
            json.field("in_pack", suggestion.inPack)
            json.endObject()
        }
        json.endArray()
        json.endObject()
        return json.output
    }
}
