import Foundation
import SangLoc
import Testing

/// One row of `Fixtures/obfuscation/obfuscation-cases.tsv`.
struct ObfuscationCase: CustomTestStringConvertible, Sendable {
    var input: String
    var term: String
    var tier: String
    var note: String
    /// Set only on the one row that stands for a table that could not be read or held no
    /// rows, so that the table-driven test fails instead of running no case.
    var loadFailure: String? = nil
    var testDescription: String { loadFailure ?? "\(note): \(input) ~ \(term) → \(tier)" }

    static let file = RepositoryFixtures.url("obfuscation/obfuscation-cases.tsv")

    static let all: [ObfuscationCase] = {
        let text: String
        do {
            text = try String(contentsOf: file, encoding: .utf8)
        } catch {
            return [ObfuscationCase(input: "", term: "", tier: "", note: "", loadFailure: "cannot read \(file.path): \(error)")]
        }
        let rows: [ObfuscationCase] = text.split(separator: "\n").compactMap { line in
            guard !line.hasPrefix("#") else { return nil }
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            guard fields.count >= 4 else { return nil }
            return ObfuscationCase(input: fields[0], term: fields[1], tier: fields[2], note: fields[3])
        }
        return rows.isEmpty
            ? [ObfuscationCase(input: "", term: "", tier: "", note: "", loadFailure: "no cases in \(file.path)")] : rows
    }()
}

/// The repository's `Fixtures` folder, found from this file.
enum RepositoryFixtures {
    static let directory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures")

    static func url(_ relative: String) -> URL { directory.appendingPathComponent(relative) }
}

@Suite("Obfuscation cases: one-rule packs")
struct ObfuscationCaseTests {
    @Test("the cases are present") func casesPresent() throws {
        try #require(FileManager.default.fileExists(atPath: ObfuscationCase.file.path), "\(ObfuscationCase.file.path) is missing")
        #expect(ObfuscationCase.all.filter { $0.loadFailure == nil }.count >= 30)
    }

    @Test(arguments: ObfuscationCase.all)
    func matchesWithExpectedTier(_ row: ObfuscationCase) throws {
        if let failure = row.loadFailure {
            Issue.record("\(failure)")
            return
        }
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
