/// Runs a screener over a labelled set: verdict metrics, robustness to obfuscation of the
/// evidence, and false harmful verdicts once diacritics are stripped.
public struct Evaluator: Sendable {
    /// The compiled pack under evaluation.
    public let screener: Screener
    /// The transforms of the robustness part, in report order.
    public var transforms: [ObfuscationTransform]

    /// An evaluator of `screener`'s pack, trying `transforms` for robustness.
    public init(screener: Screener, transforms: [ObfuscationTransform] = ObfuscationTransform.allCases) {
        self.screener = screener
        self.transforms = transforms
    }

    /// Screens every post (and its obfuscated and folded variants) and measures the pack.
    public func evaluate(_ posts: [LabelledPost]) -> Evaluation {
        let scratch = ScreeningScratch()
        var confusion: [Verdict: [Verdict: Int]] = [:]
        var errors: [EvaluationError] = []
        var robustness = transforms.map { TransformRobustness(transform: $0, tested: 0, stillHarmful: 0, lost: []) }
        var folded = FoldedFalsePositives(clean: 0, harmfulBefore: 0, harmfulAfter: 0, turnedHarmful: [])
        var spanScores: SpanScores?
        var rules: [String: RuleStatistics] = [:]
        var uncovered: [String: Int] = [:]

        for labelled in posts {
            let screening = screener.screen(labelled.post, scratch: scratch)
            let got = screening.verdict
            Self.count(screening.hits, of: labelled, into: &rules)
            if let gold = labelled.spans {
                let predicted = Self.harmfulSpans(screening)
                spanScores = spanScores ?? SpanScores()
                spanScores!.add(gold: gold, predicted: predicted)
                for span in gold where !predicted.contains(where: { $0.overlaps(span) }) {
                    let key = UncoveredSpan.key(labelled.post.text.scalarSlice(span))
                    if !key.isEmpty { uncovered[key, default: 0] += 1 }
                }
            }
            confusion[labelled.expected, default: [:]][got, default: 0] += 1
            if got != labelled.expected {
                errors.append(EvaluationError(
                    id: labelled.post.id, line: labelled.line, expected: labelled.expected, got: got,
                    text: labelled.post.text, basis: screening.basis, decidingHits: Self.decidingHits(screening)))
            }
            if labelled.expected == .harmful, got == .harmful {
                let spans = obfuscatableSpans(screening, text: labelled.post.text)
                guard !spans.isEmpty else { continue }
                for index in robustness.indices {
                    var post = labelled.post
                    post.text = robustness[index].transform.apply(to: post.text, spans: spans)
                    robustness[index].tested += 1
                    if screener.screen(post, scratch: scratch).verdict == .harmful {
                        robustness[index].stillHarmful += 1
                    } else {
                        robustness[index].lost.append(labelled.post.id)
                    }
                }
            }
            if labelled.expected != .harmful {
                var post = labelled.post
                post.text = ObfuscationTransform.stripDiacritics(post.text)
                let before = got == .harmful
                let after = screener.screen(post, scratch: scratch).verdict == .harmful
                folded.clean += 1
                if before { folded.harmfulBefore += 1 }
                if after { folded.harmfulAfter += 1 }
                if after, !before { folded.turnedHarmful.append(labelled.post.id) }
            }
        }
        return Evaluation(
            total: posts.count, confusion: confusion, errors: errors, robustness: robustness, foldedFalsePositives: folded,
            spanScores: spanScores, rules: rules.values.sorted(by: RuleStatistics.ordered),
            uncoveredSpans: uncovered.map { UncoveredSpan(text: $0.key, count: $0.value) }
                .sorted { $0.count != $1.count ? $0.count > $1.count : $0.text < $1.text })
    }

    /// Adds a post's hits to the per-rule counts (a rule counts once per post).
    static func count(_ hits: [RuleHit], of labelled: LabelledPost, into rules: inout [String: RuleStatistics]) {
        var seen: Set<String> = []
        for hit in hits where seen.insert(hit.rule).inserted {
            var entry = rules[hit.rule] ?? RuleStatistics(rule: hit.rule, category: hit.category, verdict: hit.verdict)
            if labelled.expected == .harmful {
                entry.harmfulPosts += 1
            } else {
                entry.cleanPosts += 1
                entry.cleanIDs.append(labelled.post.id)
            }
            rules[hit.rule] = entry
        }
    }

    /// The text spans of the hits of harmful-voting rules (links beside the text excluded).
    static func harmfulSpans(_ screening: Screening) -> [Range<Int>] {
        screening.hits.filter { $0.verdict == .harmful }
            .flatMap(\.matches).filter { $0.field == nil && !$0.range.isEmpty }.map(\.range)
    }

    /// The harmful evidence a poster could disguise: the harmful spans minus links, e-mail
    /// addresses, phone numbers and mentions, which stop working once rewritten.
    func obfuscatableSpans(_ screening: Screening, text: String) -> [Range<Int>] {
        let protected = screener.rules.normalizer.normalize(text).tokens
            .filter { Self.addressKinds.contains($0.kind) }.map(\.scalarRange)
        return Self.subtracting(protected, from: Self.harmfulSpans(screening))
    }

    private static let addressKinds: Set<Token.Kind> = [.url, .email, .phone, .mention]

    /// `spans` with every part covered by `removed` cut out.
    static func subtracting(_ removed: [Range<Int>], from spans: [Range<Int>]) -> [Range<Int>] {
        var pieces = spans
        for cut in removed {
            pieces = pieces.flatMap { piece -> [Range<Int>] in
                guard piece.overlaps(cut) else { return [piece] }
                return [piece.lowerBound..<max(piece.lowerBound, cut.lowerBound), min(piece.upperBound, cut.upperBound)..<piece.upperBound]
                    .filter { !$0.isEmpty }
            }
        }
        return pieces
    }

    static func decidingHits(_ screening: Screening) -> [RuleHit] {
        screening.basis == .rules ? screening.hits.filter { $0.verdict == screening.verdict } : screening.hits
    }
}
