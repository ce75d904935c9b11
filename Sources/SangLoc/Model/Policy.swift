/// Thresholds and the default verdict (docs/design.md §5).
public struct Policy: Sendable, Hashable {
    /// Sum of weights of harmful-voting hits at which a post is harmful.
    public var harmful: Double
    /// Sum of weights of unverified-voting hits at which a post is unverified.
    public var unverified: Double
    /// Sum of weights of verified-voting hits at which a post counts as verified evidence.
    public var verified: Double
    /// The verdict when no rule fired, or when rules fired but neither reached a threshold
    /// nor voted harmful (`basis: no-signal` or `below-threshold`).
    public var defaultVerdict: Verdict
    /// The verdict of a post with harmful evidence that reaches no threshold (`basis:
    /// below-threshold`): `unverified` by default, so that weak harmful evidence is never
    /// passed as verified.
    public var belowThreshold: Verdict

    /// One setting of the policy, named by its path in a pack file.
    public enum Part: String, Sendable, Hashable, CaseIterable {
        /// `thresholds.harmful`.
        case harmful = "thresholds.harmful"
        /// `thresholds.unverified`.
        case unverified = "thresholds.unverified"
        /// `thresholds.verified`.
        case verified = "thresholds.verified"
        /// `default`: the verdict without a signal.
        case defaultVerdict = "default"
        /// `below_threshold`: the verdict of harmful evidence below every threshold.
        case belowThreshold = "below_threshold"
    }

    /// The value of `part`, as a pack file writes it (`1.5`, `verified`).
    public func value(of part: Part) -> String {
        switch part {
        case .harmful: "\(harmful)"
        case .unverified: "\(unverified)"
        case .verified: "\(verified)"
        case .defaultVerdict: defaultVerdict.rawValue
        case .belowThreshold: belowThreshold.rawValue
        }
    }

    /// Sets `part` to its value in `other`.
    public mutating func take(_ part: Part, from other: Policy) {
        switch part {
        case .harmful: harmful = other.harmful
        case .unverified: unverified = other.unverified
        case .verified: verified = other.verified
        case .defaultVerdict: defaultVerdict = other.defaultVerdict
        case .belowThreshold: belowThreshold = other.belowThreshold
        }
    }

    /// A policy with the given thresholds and verdicts; the defaults are the engine's.
    public init(
        harmful: Double = 1.0, unverified: Double = 0.5, verified: Double = 0.5, defaultVerdict: Verdict = .verified,
        belowThreshold: Verdict = .unverified
    ) {
        self.harmful = harmful
        self.unverified = unverified
        self.verified = verified
        self.defaultVerdict = defaultVerdict
        self.belowThreshold = belowThreshold
    }

    /// docs/design.md §5: harmful when harmful weights reach their threshold; else verified when
    /// verified evidence reaches its threshold and unverified signals do not; else unverified
    /// when those reach theirs; else `belowThreshold` (unverified) when there is harmful
    /// evidence; else the default. Report-only hits vote for nothing.
    public func decide(_ hits: [RuleHit]) -> (verdict: Verdict, score: Double, basis: Basis) {
        // Summed in hit order, verdict by verdict (no dictionary: this runs for every post).
        var (harmfulSum, unverifiedSum, verifiedSum) = (0.0, 0.0, 0.0)
        for hit in hits {
            switch hit.verdict {
            case .harmful: harmfulSum += hit.weight
            case .unverified: unverifiedSum += hit.weight
            case .verified: verifiedSum += hit.weight
            case nil: break
            }
        }
        if harmfulSum > 0, harmfulSum >= harmful - 1e-9 { return (.harmful, harmfulSum, .rules) }
        if verifiedSum > 0, verifiedSum >= verified - 1e-9, unverifiedSum < unverified - 1e-9 {
            return (.verified, verifiedSum, .rules)
        }
        if unverifiedSum > 0, unverifiedSum >= unverified - 1e-9 { return (.unverified, unverifiedSum, .rules) }
        if harmfulSum > 0 { return (belowThreshold, harmfulSum, .belowThreshold) }
        return (defaultVerdict, 0, hits.isEmpty ? .noSignal : .belowThreshold)
    }
}
