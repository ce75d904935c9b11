import Foundation
@testable import SangLoc
import Testing

/// Posts over `PostWindows.threshold` bytes are screened in overlapping windows, their rules
/// evaluated once on the evidence of all windows: the same screening as the whole post's.
@Suite("Long posts screened in windows")
struct LongPostWindowTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// Innocent text of at least `bytes` bytes, sentences of everyday words.
    static func filler(_ bytes: Int) -> String {
        let sentences = ["Hôm nay trời đẹp, cả nhà đi dạo công viên và ăn kem. ", "Chiều mai lớp mình họp ở thư viện nhé các bạn! ",
                         "Quán phở đầu ngõ mở cửa từ sáu giờ sáng. "]
        var text = ""
        var k = 0
        while text.utf8.count < bytes {
            text += sentences[k % sentences.count]
            k += 1
        }
        return text
    }

    /// The screening of the whole post, in one piece whatever its length.
    static func whole(_ screener: Screener, _ post: Post) -> Screening {
        screener.screen(post, normalized: screener.rules.normalizer.normalize(post.text), scratch: ScreeningScratch())
    }

    /// Long posts made of real texts (ViHOS dev comments, the sample posts, the development
    /// set), joined by line breaks, spaces or sentence ends: screened in windows, each gives
    /// the screening of the whole, hit for hit and span for span, with the default pack and
    /// with both overlays.
    @Test("long posts of real comments: the same screening as the whole post", arguments: [false, true])
    func sameAsWhole(overlays: Bool) throws {
        var texts = try LabelledPostReader.read(file: Self.root.appendingPathComponent("Fixtures/vihos/dev.csv").path).map(\.post.text)
        for file in ["Fixtures/sample/posts.jsonl", "Fixtures/dev/dev-set.jsonl"] {
            let lines = try String(contentsOf: Self.root.appendingPathComponent(file), encoding: .utf8).split(separator: "\n")
            for line in lines {
                let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
                if let text = object?["text"] as? String { texts.append(text) }
            }
        }
        var packs = [DefaultPack.name]
        if overlays {
            packs += ["all-profanity-harmful.yaml", "rude-address-harmful.yaml"].map { Self.root.appendingPathComponent("Fixtures/packs/overlays/\($0)").path }
        }
        let screener = try Screener(pack: RulePackLoader.load(packs: packs))
        let separators = ["\n", " ", ". ", "\n\n"]
        // Twice, the second time from the fifth text on, so that cuts fall in other places.
        var posts: [Post] = []
        for rotation in [0, 5] {
            var current = ""
            for (k, text) in (texts[rotation...] + texts[..<rotation]).enumerated() {
                current += text + separators[k % separators.count]
                if current.utf8.count > 17_000 + (posts.count % 3) * 4_000 {
                    posts.append(Post(id: "\(posts.count)", text: current))
                    current = ""
                }
            }
            posts.append(Post(id: "\(posts.count)", text: current + Self.filler(PostWindows.threshold)))
        }
        #expect(posts.count >= 12)
        var harmful = 0
        for post in posts {
            #expect(PostWindows(post.text).windows.count > 1)
            let windowed = screener.screen(post)
            #expect(windowed == Self.whole(screener, post), "post \(post.id)")
            if windowed.verdict == .harmful { harmful += 1 }
            #expect(windowed.hits.reduce(0) { $0 + $1.matches.count } > 10)
        }
        #expect(harmful > 0)
    }

    static let scamPack = """
        pack: t
        rules:
          - id: scam
            category: scam
            verdict: harmful
            match: { all: [{ terms: [lừa đảo] }, { not: { terms: [cảnh báo] } }] }
          - id: scam-unless-warned
            category: scam
            verdict: harmful
            match: { terms: [chuyển khoản] }
            unless: { terms: [đừng], scope: sentence }
          - id: repeated
            category: spam
            verdict: unverified
            match: { count: { at_least: 3, terms: [inbox] } }
          - id: pair
            category: scam
            verdict: harmful
            match: { near: { terms: [nạp tiền], with: [nhận thưởng], within: 3 } }
        """

    @Test("a `not` far from its rule's terms reads the whole post")
    func notReadsTheWholePost() throws {
        let s = try screener(Self.scamPack)
        let text = "Vụ lừa đảo ở chợ. " + Self.filler(40_000)
        #expect(firedRules(s, text) == ["scam"])
        #expect(firedRules(s, text + "Mọi người cảnh báo nhau nhé.") == [])
        let screening = s.screen(Post(id: "1", text: text))
        #expect(screening.hits.first?.matches.map(\.text) == ["lừa đảo"])
        #expect(screening.hits.first?.matches.map(\.range) == [3..<10])
    }

    @Test("a sentence that runs across windows is one sentence for a sentence-scoped exception")
    func sentenceAcrossWindows() throws {
        let s = try screener(Self.scamPack)
        // One sentence of 20 kB (no sentence end): the exception at its end excuses its start.
        let words = String(repeating: "rồi mọi người cùng đi chơi vui vẻ ", count: 600)
        let prefix = Self.filler(30_000)
        let long = prefix + "chuyển khoản " + words + "đừng nha"
        #expect(PostWindows(long).windows.count > 3)
        #expect(firedRules(s, long) == [])
        #expect(Self.whole(s, Post(id: "1", text: long)).hits.isEmpty)
        // Ended before the exception: another sentence, the hit stays, at its place in the post.
        let ended = prefix + "chuyển khoản " + words + ". đừng nha"
        let screening = s.screen(Post(id: "2", text: ended))
        #expect(screening.hits.map(\.rule) == ["scam-unless-warned"])
        let start = prefix.unicodeScalars.count
        #expect(screening.hits.first?.matches.map(\.range) == [start..<(start + 12)])
        #expect(screening == Self.whole(s, Post(id: "2", text: ended)))
    }

    @Test("`count` adds up matches from every window; `near` pairs across a cut")
    func countAndNearAcrossWindows() throws {
        let s = try screener(Self.scamPack)
        let text = "inbox " + Self.filler(20_000) + "inbox " + Self.filler(20_000) + "inbox"
        let screening = s.screen(Post(id: "1", text: text))
        #expect(screening.hits.map(\.rule) == ["repeated"])
        #expect(screening.hits.first?.matches.map(\.text) == ["inbox", "inbox", "inbox"])
        #expect(firedRules(s, "inbox " + Self.filler(40_000) + "inbox") == [])
        // The pair put at each of the six word starts before every cut: the cut falls before,
        // inside or after it, and the pair is found wherever it falls.
        let filler = Array(Self.filler(40_000).unicodeScalars)
        let pair = Array("nạp tiền xong nhận thưởng ".unicodeScalars)
        for window in PostWindows(String(String.UnicodeScalarView(filler))).windows.dropFirst() {
            var starts: [Int] = []
            var i = window.own.lowerBound
            while starts.count < 6, i > 0 {
                if filler[i - 1] == " ", filler[i] != " " { starts.append(i) }
                i -= 1
            }
            for start in starts {
                var scalars = filler
                scalars.insert(contentsOf: pair, at: start)
                let post = Post(id: "near", text: String(String.UnicodeScalarView(scalars)))
                #expect(s.screen(post).hits.map(\.rule) == ["pair"])
                #expect(s.screen(post) == Self.whole(s, post))
            }
        }
    }

    @Test("a link given beside a long post is one match; spans far in the post are cut from it")
    func linksAndSpans() throws {
        let s = try screener("""
            pack: t
            rules:
              - { id: short-link, category: scam, verdict: harmful, match: { link_domain: [bit.ly] } }
              - { id: account, category: scam, verdict: harmful, match: { regex: '\\b\\d{9,14}\\b' } }
            """)
        let text = Self.filler(50_000) + "Gửi về 0123456789 nhé, xem https://bit.ly/abc"
        let post = Post(id: "1", text: text, links: ["https://bit.ly/x"])
        let screening = s.screen(post)
        #expect(screening.hits.map(\.rule) == ["short-link", "account"])
        #expect(screening.hits[0].matches.map(\.text) == ["https://bit.ly/abc", "https://bit.ly/x"])
        #expect(screening.hits[1].matches.map(\.text) == ["0123456789"])
        let start = text.unicodeScalars.count - "0123456789 nhé, xem https://bit.ly/abc".unicodeScalars.count
        #expect(screening.hits[1].matches.map(\.range) == [start..<(start + 10)])
        #expect(screening == Self.whole(s, post))
    }

    @Test("a regex stopped in a window is one failure of its rule, as in the whole post")
    func regexStoppedInAWindow() throws {
        let s = try screener("""
            pack: t
            rules:
              - { id: slow, category: x, verdict: harmful, match: { regex: '(a+)+$', layer: original } }
              - { id: ok, category: x, verdict: harmful, match: { terms: [lừa đảo] } }
            """)
        let text = Self.filler(20_000) + String(repeating: "a", count: 20_000) + "b " + Self.filler(20_000) + "lừa đảo"
        let post = Post(id: "1", text: text)
        #expect(PostWindows(text).windows.count > 2)
        let screening = s.screen(post)
        #expect(screening.hits.map(\.rule) == ["ok"])
        #expect(screening.failures.map(\.rule) == ["slow"])
        #expect(screening == Self.whole(s, post))
    }

    @Test("windows cut where a token starts after a space, and cover the post")
    func windowsCoverThePost() {
        let text = Self.filler(100_000)
        let windows = PostWindows(text).windows
        #expect(windows.count > 10)
        let bytes = Array(text.utf8)
        for (k, window) in windows.enumerated() {
            #expect(window.utf8.lowerBound == 0 || bytes[window.utf8.lowerBound - 1] == 0x20)
            if k > 0 {
                // The own parts follow one another, and each window reads past its own part.
                #expect(windows[k - 1].own.upperBound == window.own.lowerBound)
                #expect(window.scalarStart < window.own.lowerBound)
                #expect(windows[k - 1].utf8.upperBound > window.utf8.lowerBound)
            }
        }
        #expect(windows.first?.own.lowerBound == 0)
        #expect(windows.last?.own.upperBound == Int.max)
        #expect(windows.last?.utf8.upperBound == bytes.count)
        // No space: one window, whatever the length.
        #expect(PostWindows(String(repeating: "a", count: 100_000)).windows.count == 1)
    }
}
