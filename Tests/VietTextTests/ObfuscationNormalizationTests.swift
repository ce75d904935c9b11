import Foundation
import Testing
import VietText

/// Every row of `Fixtures/obfuscation/obfuscation-cases.tsv` as a normalization test: the term's
/// syllables appear in the layer its tier names, at tokens whose original ranges cover
/// exactly what a moderator would highlight.
struct NormalizationCase: CustomTestStringConvertible, Sendable {
    var input: String
    var term: String
    var tier: String
    var note: String
    /// Set only on the one row that stands for a table that could not be read or held no
    /// rows, so that the table-driven test fails instead of running no case.
    var loadFailure: String? = nil
    var testDescription: String { loadFailure ?? "\(note): \(input)" }

    static let file = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Fixtures/obfuscation/obfuscation-cases.tsv")

    static let all: [NormalizationCase] = {
        let text: String
        do {
            text = try String(contentsOf: file, encoding: .utf8)
        } catch {
            return [NormalizationCase(input: "", term: "", tier: "", note: "", loadFailure: "cannot read \(file.path): \(error)")]
        }
        let rows: [NormalizationCase] = text.split(separator: "\n").compactMap { line in
            guard !line.hasPrefix("#") else { return nil }
            let f = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            return f.count >= 4 ? NormalizationCase(input: f[0], term: f[1], tier: f[2], note: f[3]) : nil
        }
        return rows.isEmpty
            ? [NormalizationCase(input: "", term: "", tier: "", note: "", loadFailure: "no cases in \(file.path)")] : rows
    }()
}

@Suite("Obfuscation cases: normalization layers")
struct ObfuscationNormalizationTests {
    let normalizer = Normalizer()

    @Test func casesArePresent() throws {
        try #require(FileManager.default.fileExists(atPath: NormalizationCase.file.path), "\(NormalizationCase.file.path) is missing")
        #expect(NormalizationCase.all.filter { $0.loadFailure == nil }.count >= 30)
    }

    /// Where the term's syllables are found, and the original text they cover.
    private func find(_ row: NormalizationCase) -> (tier: String, highlighted: String)? {
        let text = normalizer.normalize(row.input)
        let term = normalizer.normalize(row.term).tokens.filter { $0.kind.isMatchable }
        let tokens = text.tokens.filter { $0.kind.isMatchable }
        var best: (rank: Int, tier: String, highlighted: String)?
        func consider(_ rank: Int, _ tier: String, _ first: Token, _ last: Token) {
            if best == nil || rank < best!.rank {
                best = (rank, tier, text.originalText(first.scalarRange.lowerBound..<last.scalarRange.upperBound))
            }
        }
        for start in tokens.indices {
            // canonical layer
            if start + term.count <= tokens.count {
                let window = tokens[start..<(start + term.count)]
                if zip(window, term).allSatisfy({ $0.canonical == $1.canonical }) {
                    let deobfuscated = window.contains { $0.flags.contains(.deobfuscated) }
                    consider(deobfuscated ? 1 : 0, deobfuscated ? "deobfuscated" : "exact", window.first!, window.last!)
                }
                if zip(window, term).allSatisfy({ !$0.hasDiacritics && $0.bare == $1.bare }) {
                    consider(2, "folded", window.first!, window.last!)
                }
            }
            // alternative readings: consecutive tokens whose readings spell the term
            var syllables: [String] = []
            var end = start
            while end < tokens.count, syllables.count < term.count {
                let token = tokens[end]
                let expected = Array(term.map(\.canonical)[syllables.count...])
                if let reading = token.alternatives.first(where: { expected.starts(with: $0.syllables) }) {
                    syllables += reading.syllables
                } else if token.canonical == expected.first {
                    syllables.append(token.canonical)
                } else {
                    break
                }
                end += 1
            }
            if syllables == term.map(\.canonical), end > start, tokens[start..<end].contains(where: { !$0.alternatives.isEmpty }) {
                consider(3, "teencode", tokens[start], tokens[end - 1])
            }
        }
        return best.map { ($0.tier, $0.highlighted) }
    }

    @Test(arguments: NormalizationCase.all)
    func termFoundInItsLayer(_ row: NormalizationCase) {
        if let failure = row.loadFailure {
            Issue.record("\(failure)")
            return
        }
        let found = find(row)
        if row.tier == "none" {
            // A folded single syllable is not a match (docs/design.md §3); only exact/deobfuscated would be.
            #expect(found == nil || found!.tier == "folded" && normalizer.normalize(row.term).tokens.count == 1)
            return
        }
        guard let found else {
            Issue.record("term not found in any layer")
            return
        }
        #expect(found.tier == row.tier)
        // The highlighted text starts and ends on the term's letters: no spaces or separators around it.
        #expect(found.highlighted.first.map { $0.isLetter || $0.isNumber } ?? false)
        #expect(found.highlighted.last.map { $0.isLetter || $0.isNumber || $0 == "\u{0301}" } ?? false)
    }

    @Test func highlightsAreWhatAModeratorMarks() {
        let cases: [(String, String, String)] = [
            ("Cảnh báo: l.ừ.a đ.ả.o qua mạng", "lừa đảo", "l.ừ.a đ.ả.o"),
            ("ai bị lừaaaa đảooo chưa", "lừa đảo", "lừaaaa đảooo"),
            ("LỪA ĐẢO qua mạng", "lừa đảo", "LỪA ĐẢO"),
            ("bóng đá cáđộ nè", "cá độ", "cáđộ"),
        ]
        for (input, term, highlighted) in cases {
            #expect(find(NormalizationCase(input: input, term: term, tier: "", note: ""))?.highlighted == highlighted)
        }
    }
}
