/// Runs a screener over a labelled set: verdict metrics, robustness to obfuscation of the
/// evidence, and false harmful verdicts once diacritics are stripped.
public struct Evaluator: Sendable {
    public let screener: Screener
    /// The transforms of the robustness part, in report order.
    public var transforms: [ObfuscationTransform]

    public init(screener: Screener, transforms: [ObfuscationTransform] = ObfuscationTransform.allCases) {
        self.screener = screener
        self.transforms = transforms
    }

    public func evaluate(_ posts: [LabelledPost]) -> Evaluation {
        let scratch = ScreeningScratch()
        var confusion: [Verdict: [Verdict: Int]] = [:]
        var errors: [EvaluationError] = []
        var robustness = transforms.map { TransformRobustness(transform: $0, tested: 0, stillHarmful: 0, lost: []) }
        var folded = FoldedFalsePositives(clean: 0, harmfulBefore: 0, harmfulAfter: 0, turnedHarmful: [])

        for labelled in posts {
            let screening = screener.screen(labelled.post, scratch: scratch)
            let got = screening.verdict
            confusion[labelled.expected, default: [:]][got, default: 0] += 1
            if got != labelled.expected {
                errors.append(EvaluationError(
                    id: labelled.post.id, line: labelled.line, expected: labelled.expected, got: got,
                    text: labelled.post.text, basis: screening.basis, decidingHits: Self.decidingHits(screening)))
            }
            if labelled.expected == .harmful, got == .harmful {
                let spans = Self.harmfulSpans(screening)
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
            total: posts.count, confusion: confusion, errors: errors, robustness: robustness, foldedFalsePositives: folded)
    }

    /// The text spans of the hits of harmful-voting rules (links beside the text excluded).
    static func harmfulSpans(_ screening: Screening) -> [Range<Int>] {
        screening.hits.filter { $0.verdict == .harmful }
            .flatMap(\.matches).filter { $0.field == nil && !$0.range.isEmpty }.map(\.range)
    }

    static func decidingHits(_ screening: Screening) -> [RuleHit] {
        screening.basis == .rules ? screening.hits.filter { $0.verdict == screening.verdict } : screening.hits
    }
}
