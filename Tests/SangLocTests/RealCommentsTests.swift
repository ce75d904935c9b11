import Foundation
import SangLoc
import Testing

/// The default pack on real comments people annotated: ViHOS dev (`Fixtures/vihos/dev.csv`,
/// MIT). The bars are the figures the pack reaches today, so that a pack change that loses
/// ground on real language fails here. With both overlays (ViHOS's own policy) they are the
/// issue's targets: span F1 0.75, harmful recall 0.75 at precision 0.95, clean flagged 1 %.
@Suite("Default pack on real comments (ViHOS dev)")
struct RealCommentsTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static func evaluate(packs: [String]) throws -> Evaluation {
        let file = root.appendingPathComponent("Fixtures/vihos/dev.csv").path
        try #require(FileManager.default.fileExists(atPath: file), "\(file) is missing: the vendored ViHOS dev split")
        let posts = try LabelledPostReader.read(file: file)
        try #require(posts.count == 1106)
        let screener = try Screener(pack: RulePackLoader.load(packs: packs))
        return Evaluator(screener: screener).evaluate(posts)
    }

    @Test("default pack: precise, few clean comments flagged, spans found")
    func defaultPack() throws {
        let evaluation = try Self.evaluate(packs: [DefaultPack.name])
        let harmful = evaluation.scores(for: .harmful)
        #expect((harmful.precision ?? 0) >= 0.95)
        #expect((harmful.recall ?? 0) >= 0.50)
        #expect((evaluation.cleanFlaggedHarmful ?? 1) <= 0.01)
        #expect((evaluation.spanScores?.f1 ?? 0) >= 0.665)
        Self.expectRobust(evaluation)
        #expect(evaluation.foldedFalsePositives.increasePercentagePoints <= 1.0)
    }

    /// Harmful verdicts survive every transform (95 %), stripped diacritics included (85 %:
    /// a hidden word among accented ones is read through the `stripped` tier).
    static func expectRobust(_ evaluation: Evaluation) {
        for transform in evaluation.robustness {
            let bar = transform.transform == .stripDiacritics ? 0.85 : 0.95
            #expect((transform.share ?? 0) >= bar, "\(transform.transform): lost \(transform.lost)")
        }
    }

    @Test("with intensifiers counted as harmful, as ViHOS's annotators count them")
    func allProfanityHarmful() throws {
        let overlay = Self.root.appendingPathComponent("Fixtures/packs/overlays/all-profanity-harmful.yaml").path
        let strict = try Self.evaluate(packs: [DefaultPack.name, overlay])
        let plain = try Self.evaluate(packs: [DefaultPack.name])
        let harmful = strict.scores(for: .harmful)
        #expect((harmful.precision ?? 0) >= 0.95)
        #expect((harmful.recall ?? 0) >= 0.70)
        #expect((strict.spanScores?.f1 ?? 0) >= 0.74)
        #expect((strict.cleanFlaggedHarmful ?? 1) <= 0.01)
        #expect((harmful.recall ?? 0) > (plain.scores(for: .harmful).recall ?? 1))
    }

    @Test("with intensifiers and disrespectful address counted as harmful: ViHOS's own policy")
    func vihosPolicy() throws {
        let overlays = ["all-profanity-harmful.yaml", "rude-address-harmful.yaml"].map {
            Self.root.appendingPathComponent("Fixtures/packs/overlays/\($0)").path
        }
        let vihos = try Self.evaluate(packs: [DefaultPack.name] + overlays)
        let harmful = vihos.scores(for: .harmful)
        #expect((harmful.precision ?? 0) >= 0.95)
        #expect((harmful.recall ?? 0) >= 0.75)
        #expect((vihos.spanScores?.f1 ?? 0) >= 0.75)
        #expect((vihos.cleanFlaggedHarmful ?? 1) <= 0.01)
        Self.expectRobust(vihos)
    }
}
