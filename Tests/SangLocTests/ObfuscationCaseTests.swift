import Foundation
import SangLoc
import Testing

/// One row of `shared/data/obfuscation-cases.tsv`.
struct ObfuscationCase: CustomTestStringConvertible, Sendable {
    var input: String
    var term: String
    var tier: String
    var note: String
    var testDescription: String { "\(note): \(input) ~ \(term) → \(tier)" }

    static let all: [ObfuscationCase] = {
        guard let text = try? String(contentsOf: SharedData.url("data/obfuscation-cases.tsv"), encoding: .utf8) else { return [] }
        return text.split(separator: "\n").compactMap { line in
            guard !line.hasPrefix("#") else { return nil }
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            guard fields.count >= 4 else { return nil }
            return ObfuscationCase(input: fields[0], term: fields[1], tier: fields[2], note: fields[3])
        }
    }()
}

/// The project's `../shared` folder, found from this file.
enum SharedData {
    static func url(_ relative: String) -> URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("shared").appendingPathComponent(relative)
    }
    static var available: Bool { FileManager.default.fileExists(atPath: url("data").path) }
}

@Suite("Obfuscation cases: one-rule packs")
struct ObfuscationCaseTests {
    @Test("the shared cases are present") func casesPresent() {
        #expect(ObfuscationCase.all.count >= 30, "expected ../shared/data/obfuscation-cases.tsv beside the repository")
    }

    @Test(arguments: ObfuscationCase.all)
    func matchesWithExpectedTier(_ row: ObfuscationCase) throws {
        let pack = try RulePackLoader.load(yaml: """
            pack: one
            rules:
              - id: one
                category: test
                verdict: harmful
                match: { terms: ["\(row.term)"] }
            """)
        let screening = try Screener(pack: pack).screen(Post(id: "1", text: row.input))
        let hit = screening.hits.first
        if row.tier == "none" {
            #expect(hit == nil, "matched \(hit?.matches.map(\.text) ?? [])")
            return
        }
        let matches = try #require(hit?.matches, "no match")
        let best = try #require(matches.min { $0.tier < $1.tier })
        #expect(best.tier.rawValue == row.tier)
        // The span is what a moderator would highlight: from the first to the last character of the term.
        let highlighted = best.text
        #expect(!highlighted.isEmpty)
        #expect(!highlighted.hasPrefix(" ") && !highlighted.hasSuffix(" "))
        #expect(Array(row.input.unicodeScalars)[best.range].count == best.range.count)
    }
}
