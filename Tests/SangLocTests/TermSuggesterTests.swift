import SangLoc
import Testing

/// A pack that knows one harmful term.
private func deoScreener() throws -> Screener {
    try Screener(pack: RulePackLoader.load(yaml: """
        pack: deo
        rules:
          - id: profanity.deo
            category: profanity
            verdict: harmful
            weight: 1
            match: { terms: ["đéo"] }
        """))
}

@Suite("rules suggest: terms from labelled posts")
struct TermSuggesterTests {
    @Test("span-annotated posts: obfuscated spellings count as one, partial n-grams count for neither, shorter terms win")
    func spans() throws {
        let posts = try LabelledPostReader.parse(
            """
            {"id":"1","text":"đéo hiểu luôn","spans":[[0,3]]}
            {"id":"2","text":"ĐÉO biết","spans":[[0,3]]}
            {"id":"3","text":"đ.é.o tin","spans":[[0,5]]}
            {"id":"4","text":"thằng ngu này","spans":[[0,9]]}
            {"id":"5","text":"Thằng ngu!","spans":[[0,9]]}
            {"id":"6","text":"thằng bé ngoan","spans":[]}
            {"id":"7","text":"hiểu luôn","spans":[]}
            """, file: "s.jsonl")
        let suggestions = TermSuggester(screener: try deoScreener(), minSupport: 2, minPrecision: 0.5).suggest(posts)
        #expect(suggestions.map(\.term) == ["đéo", "ngu", "thằng"])
        #expect(suggestions.map(\.support) == [3, 2, 2])
        #expect(suggestions.map(\.against) == [0, 0, 1])
        #expect(suggestions.map(\.inPack) == [true, false, false])

        let lines = TermSuggester.wordlist(suggestions, posts: posts, files: ["s.jsonl"]).split(separator: "\n")
        #expect(lines.first == "# Draft wordlist by `sangloc rules suggest` from s.jsonl: 7 posts, 7 with span annotations.")
        #expect(lines.filter { !$0.hasPrefix("#") } == [
            "đéo  # support 3, precision 1.00, in pack: yes",
            "ngu  # support 2, precision 1.00, in pack: no",
            "thằng  # support 2, precision 0.67, in pack: no",
        ])
    }

    @Test("posts with verdicts only: harmful posts support, clean posts count against")
    func verdictsOnly() throws {
        let posts = try LabelledPostReader.parse(
            """
            {"id":"1","text":"đéo hiểu","expected":"harmful"}
            {"id":"2","text":"hiểu rồi","expected":"verified"}
            """, file: "v.jsonl")
        let suggester = TermSuggester(screener: try deoScreener(), minSupport: 1, minPrecision: 0.5)
        let suggestions = suggester.suggest(posts)
        #expect(suggestions.map(\.term) == ["đéo", "hiểu"])
        #expect(suggestions.map(\.precision) == [1, 0.5])
        var strict = suggester
        strict.minPrecision = 0.6
        #expect(strict.suggest(posts).map(\.term) == ["đéo"])
        strict.top = 0
        #expect(strict.suggest(posts).isEmpty)
        #expect(TermSuggester.json(suggester.suggest(posts), posts: posts).hasPrefix(
            #"{"posts":2,"span_posts":0,"suggestions":[{"term":"đéo","syllables":1,"support":1,"against":0,"precision":1,"score":1,"in_pack":true}"#))
    }
}
