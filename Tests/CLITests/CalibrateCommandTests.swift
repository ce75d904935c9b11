import Foundation
import Testing

/// `sangloc rules calibrate` end to end: the built binary on the vendored ViHOS sets.
@Suite("sangloc rules calibrate")
struct CalibrateCommandTests {
    typealias Run = SanglocProcess

    /// Harmful precision and F1 of `sangloc eval --json` on ViHOS dev.
    private func devScores(_ rules: [String]) throws -> (precision: Double, f1: Double) {
        let result = try Run.run(["eval", "Fixtures/vihos/dev.csv", "--json"] + rules.flatMap { ["--rules", $0] })
        #expect(result.status == 0, "\(result.stderr)")
        let json = try #require(try JSONSerialization.jsonObject(with: result.stdout) as? [String: Any])
        let harmful = try #require((json["verdicts"] as? [String: Any])?["harmful"] as? [String: Any])
        return (try #require(harmful["precision"] as? Double), try #require(harmful["f1"] as? Double))
    }

    @Test("calibrated on ViHOS train at precision 0.95, the default pack gains harmful F1 on ViHOS dev and keeps the precision")
    func vihos() throws {
        let folder = try Run.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let overlay = folder.appendingPathComponent("calibrated.yaml").path
        let result = try Run.run([
            "rules", "calibrate", "Fixtures/vihos/train.csv", "--rules", "default", "--target-precision", "0.95",
            "--output", overlay, "--json",
        ])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.contains("written to \(overlay); apply with --rules default --rules \(overlay)"))
        let report = try #require(try JSONSerialization.jsonObject(with: result.stdout) as? [String: Any])
        #expect(report["posts"] as? Int == 8844)
        #expect(report["target_reached"] as? Bool == true)
        let before = try #require((report["before"] as? [String: Any])?["f1"] as? Double)
        let after = try #require((report["after"] as? [String: Any])?["f1"] as? Double)
        #expect(after > before)

        let uncalibrated = try devScores(["default"])
        let calibrated = try devScores(["default", overlay])
        #expect(calibrated.f1 > uncalibrated.f1)
        #expect(calibrated.precision >= 0.95)
        let text = try String(contentsOfFile: overlay, encoding: .utf8)
        #expect(text.contains("\n  profanity.intensifier: { verdict: harmful, weight: "))
    }

    @Test("the same file gives the same overlay, byte for byte")
    func deterministic() throws {
        let folder = try Run.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        var overlays: [Data] = []
        for name in ["a.yaml", "b.yaml"] {
            let path = folder.appendingPathComponent(name).path
            let result = try Run.run(["rules", "calibrate", "Fixtures/vihos/dev.csv", "--output", path, "--min-hits", "3"])
            #expect(result.status == 0, "\(result.stderr)")
            overlays.append(try Data(contentsOf: URL(fileURLWithPath: path)))
        }
        #expect(overlays[0] == overlays[1])
        #expect(!overlays[0].isEmpty)
    }

    @Test("a file whose posts are all harmful is an error naming it, and writes nothing")
    func oneClass() throws {
        let folder = try Run.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let labelled = folder.appendingPathComponent("harmful.jsonl")
        try Data("""
            {"id":"1","text":"đm mày ngu thế","expected":"harmful"}
            {"id":"2","text":"thằng chó này","expected":"harmful"}

            """.utf8).write(to: labelled)
        let overlay = folder.appendingPathComponent("out.yaml").path
        let result = try Run.run(["rules", "calibrate", labelled.path, "--output", overlay])
        #expect(result.status == 2)
        #expect(result.stderr == """
            error: \(labelled.path): all 2 posts are labelled harmful; calibration needs both harmful and clean posts to learn \
            where the line is: add posts labelled verified or unverified

            """)
        #expect(!FileManager.default.fileExists(atPath: overlay))
    }

    @Test("options out of range are usage errors")
    func badOptions() throws {
        for (arguments, message) in [
            (["--target-precision", "1.5"], "--target-precision must be above 0 and at most 1"),
            (["--objective", "recall"], "unknown --objective 'recall': use f1, or --target-precision P"),
            (["--folds", "1"], "--folds must be 2 or more"),
        ] {
            let result = try Run.run(["rules", "calibrate", "Fixtures/vihos/dev.csv", "--output", "/tmp/never.yaml"] + arguments)
            #expect(result.status == 2, "\(arguments)")
            #expect(result.stderr.contains(message), "\(result.stderr)")
        }
    }
}
