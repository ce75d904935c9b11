import Foundation
import SangLoc
import Testing

/// The embedded default pack: in step with `wordlists/`, well-formed, tested by its own
/// examples, and meeting the quality bar of issue 5 on the development data.
@Suite("Default pack")
struct DefaultPackTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    @Test func embeddedFilesMatchWordlists() throws {
        let folder = Self.root.appendingPathComponent("wordlists")
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path)
            .filter { $0.hasSuffix(".txt") || $0.hasSuffix(".yaml") }.sorted()
        #expect(DefaultPack.files.keys.sorted() == names.map { "wordlists/\($0)" },
                "run Scripts/embed-default-pack after changing wordlists/")
        for name in names {
            let text = try String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8)
            #expect(DefaultPack.files["wordlists/\(name)"] == text, "wordlists/\(name) differs from the embedded copy: run Scripts/embed-default-pack")
        }
    }

    @Test func everyRuleHasItsExamplesAndPassesThem() throws {
        let pack = try DefaultPack.load()
        #expect(pack.rules.count >= 40)
        for rule in pack.rules {
            #expect(rule.examples.match.count >= 2, "\(rule.id) needs two match examples")
            #expect(rule.examples.noMatch.count >= 2, "\(rule.id) needs two no_match examples")
        }
        let report = RuleTester.run(try Screener(pack: pack))
        #expect(report.failures.isEmpty, "\(report.failures.map(\.description))")
        #expect(report.passed >= pack.rules.count * 4)
    }

    @Test func noPoliticalCategory() throws {
        let pack = try DefaultPack.load()
        for id in pack.categories.keys { #expect(!["politics", "political", "chinh-tri"].contains(id)) }
    }

    @Test func samplePostsAsLabelled() throws {
        let file = Self.root.appendingPathComponent("Fixtures/sample/posts.jsonl").path
        try #require(FileManager.default.fileExists(atPath: file), "\(file) is missing")
        let evaluation = Evaluator(screener: try Screener(pack: DefaultPack.load()), transforms: [])
            .evaluate(try LabelledPostReader.read(file: file))
        #expect(evaluation.total == 35)
        #expect(evaluation.correct >= 33)
    }

    @Test func robustOnTheDevelopmentSet() throws {
        let file = Self.root.appendingPathComponent("Fixtures/dev/dev-set.jsonl").path
        let evaluation = Evaluator(screener: try Screener(pack: DefaultPack.load()))
            .evaluate(try LabelledPostReader.read(file: file))
        #expect(evaluation.total >= 400)
        #expect(evaluation.accuracy >= 0.95)
        let harmful = evaluation.scores(for: .harmful)
        #expect((harmful.precision ?? 0) >= 0.95)
        #expect((harmful.recall ?? 0) >= 0.9)
        for transform in evaluation.robustness {
            #expect((transform.share ?? 0) >= 0.95, "\(transform.transform): lost \(transform.lost)")
        }
        #expect(evaluation.foldedFalsePositives.increasePercentagePoints <= 1.0)
    }
}

@Suite("Combining packs")
struct PackMergingTests {
    @Test func defaultExtendedByAnotherPack() throws {
        let extra = FileManager.default.temporaryDirectory.appendingPathComponent("extra-\(UUID().uuidString).yaml")
        try """
            pack: extra
            rules:
              - id: local.banned-shop
                category: scam
                verdict: harmful
                match: { terms: [shop lừa xyz] }
            """.write(to: extra, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: extra) }
        let base = try DefaultPack.load()
        let merged = try RulePackLoader.load(packs: ["default", extra.path])
        #expect(merged.rules.count == base.rules.count + 1)
        #expect(merged.name == "default+extra")
        let screening = try Screener(pack: merged).screen(Post(id: "1", text: "Đừng mua ở Shop Lừa XYZ"))
        #expect(screening.hits.contains { $0.rule == "local.banned-shop" })
    }

    @Test func duplicateRuleIDsAreRefused() throws {
        #expect(throws: RulePackError.self) { try RulePackLoader.load(packs: ["default", "default"]) }
    }
}
