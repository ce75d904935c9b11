import Foundation
import SangLoc
import Testing

/// Compiles a one-file pack written inline.
func screener(_ yaml: String) throws -> Screener {
    try Screener(pack: RulePackLoader.load(yaml: yaml))
}

/// The ids of the rules that fired on a text.
func firedRules(_ screener: Screener, _ text: String, links: [String] = [], author: String? = nil, platform: String? = nil, postedAt: Date? = nil) -> [String] {
    screener.screen(Post(id: "t", text: text, links: links, author: author, platform: platform, postedAt: postedAt)).hits.map(\.rule)
}

@Suite("Engine: conditions")
struct EngineConditionTests {
    @Test func termsMatchWholeSyllablesOnly() throws {
        let s = try screener("""
            pack: t
            rules:
              - { id: ma, category: x, verdict: harmful, match: { terms: [ma] } }
              - { id: lon, category: x, verdict: harmful, match: { terms: [lon] } }
            """)
        #expect(firedRules(s, "mai đi làm") == [])
        #expect(firedRules(s, "lonely quá") == [])
        #expect(firedRules(s, "con ma đó") == ["ma"])
    }

    @Test func spansPointAtTheOriginal() throws {
        let s = try screener("""
            pack: t
            rules:
              - { id: scam, category: scam, verdict: harmful, match: { terms: [lừa đảo, chuyển khoản] } }
            """)
        let screening = s.screen(Post(id: "1", text: "Cẩn thận L.Ừ.A  Đ.Ả.O nha, ck 500k"))
        let matches = try #require(screening.hits.first?.matches)
        #expect(matches.map(\.text) == ["L.Ừ.A  Đ.Ả.O", "ck"])
        #expect(matches.map(\.range) == [9..<21, 27..<29])
        #expect(matches.map(\.tier) == [.deobfuscated, .teencode])
    }

    @Test func aShortTermSpelledOutLetterByLetterMatches() throws {
        let s = try screener("""
            pack: t
            rules:
              - { id: cmn, category: profanity, verdict: harmful, match: { terms: [cmn] } }
            """)
        let screening = s.screen(Post(id: "1", text: "Trùm cuối c.m.n hú vía"))
        #expect(screening.hits.map(\.rule) == ["cmn"])
        #expect(screening.hits.first?.matches.map(\.text) == ["c.m.n"])
        #expect(screening.hits.first?.matches.map(\.tier) == [.deobfuscated])
        #expect(firedRules(s, "R.I.P anh") == [])
    }

    @Test func regexOnCanonicalAndBareLayers() throws {
        let s = try screener(#"""
            pack: t
            rules:
              - { id: account, category: scam, verdict: harmful, match: { regex: '\b\d{9,14}\b' } }
              - { id: bare, category: scam, verdict: harmful, match: { regex: 'chuyen khoan', layer: bare } }
              - { id: original, category: scam, verdict: harmful, match: { regex: 'ĐẢO', layer: original } }
            """#)
        let screening = s.screen(Post(id: "1", text: "STK 0123.456.789 CHUYỂN KHOẢN lừa ĐẢO"))
        #expect(screening.hits.map(\.rule) == ["account", "bare", "original"])
        #expect(screening.hits[0].matches.first?.text == "0123.456.789")
        #expect(screening.hits[1].matches.first?.text == "CHUYỂN KHOẢN")
        #expect(screening.hits[1].matches.first?.tier == .folded)
        #expect(screening.hits[2].matches.first?.range == 34..<37)
    }

    @Test func linkDomainIncludesSubdomainsAndPostLinks() throws {
        let s = try screener("""
            pack: t
            rules:
              - { id: trusted, category: source, verdict: verified, match: { link_domain: [vnexpress.net, gov.vn] } }
            """)
        #expect(firedRules(s, "đọc https://e.vnexpress.net/a") == ["trusted"])
        #expect(firedRules(s, "xem moh.gov.vn/tin") == ["trusted"])
        #expect(firedRules(s, "fake vnexpress.net.xyz/a") == [])
        #expect(firedRules(s, "notvnexpress.net") == [])
        let screening = s.screen(Post(id: "1", text: "ảnh", links: ["https://vnexpress.net/x"]))
        #expect(screening.hits.first?.matches.first?.field == "links")
        // Each link beside the text is a match with its own text, a link given twice twice; a
        // condition that merges evidence keeps one of each.
        let links = ["https://a.gov.vn/1", "https://vnexpress.net/x", "https://other.com", "https://a.gov.vn/1"]
        let twice = s.screen(Post(id: "2", text: "ảnh", links: links))
        #expect(twice.hits.first?.matches.map(\.text) == ["https://a.gov.vn/1", "https://vnexpress.net/x", "https://a.gov.vn/1"])
        let merged = try screener("""
            pack: t
            rules:
              - { id: trusted, category: source, verdict: verified, match: { any: [{ link_domain: [vnexpress.net] }, { link_domain: [gov.vn] }] } }
            """)
        #expect(merged.screen(Post(id: "3", text: "ảnh", links: links)).hits.first?.matches.map(\.text)
            == ["https://vnexpress.net/x", "https://a.gov.vn/1"])
    }

    @Test func nearWithinSyllables() throws {
        let s = try screener("""
            pack: t
            rules:
              - id: sale
                category: drugs
                verdict: harmful
                match: { near: { terms: [bán], with: [cỏ, kẹo], within: 3 } }
            """)
        #expect(firedRules(s, "bán cỏ ship toàn quốc") == ["sale"])
        #expect(firedRules(s, "cỏ, kẹo, đá bán nhé") == ["sale"])
        #expect(firedRules(s, "bán nhà ở quê có vườn rộng trồng cỏ") == [])
    }

    @Test func countAtLeast() throws {
        let s = try screener("""
            pack: t
            rules:
              - { id: many, category: x, verdict: harmful, match: { count: { at_least: 2, terms: [ngu, óc chó] } } }
            """)
        #expect(firedRules(s, "ngu thế") == [])
        #expect(firedRules(s, "ngu thế, óc chó") == ["many"])
        #expect(firedRules(s, "ngu ngu") == ["many"])
    }

    @Test func allAnyNot() throws {
        let s = try screener("""
            pack: t
            rules:
              - id: combo
                category: x
                verdict: harmful
                match:
                  all:
                    - any: [{ terms: [nạp] }, { terms: [rút] }]
                    - not: { terms: [hướng dẫn] }
            """)
        #expect(firedRules(s, "nạp rút nhanh") == ["combo"])
        #expect(firedRules(s, "hướng dẫn nạp tiền điện thoại") == [])
        #expect(firedRules(s, "chơi vui") == [])
    }

    /// The screening loop skips a rule whose condition needs something the post lacks; each
    /// kind of condition must still fire on exactly the posts it did.
    @Test func rulesFireWhateverPartOfTheirConditionThePostHas() throws {
        let s = try screener("""
            pack: t
            rules:
              - { id: either, category: x, verdict: harmful, match: { any: [{ terms: [nạp] }, { regex: 'rút\\s+\\d+' }] } }
              - { id: both, category: x, verdict: harmful, match: { all: [{ regex: 'rút\\s+\\d+' }, { terms: [nạp] }] } }
              - { id: lacking, category: x, verdict: harmful, match: { not: { terms: [nạp] } } }
              - { id: partly, category: x, verdict: harmful, match: { any: [{ terms: [nạp] }, { not: { terms: [rút] } }] } }
              - { id: twice, category: x, verdict: harmful, match: { count: { terms: [nạp, rút], at_least: 2 } } }
            """)
        #expect(firedRules(s, "nạp tiền") == ["either", "partly"])
        #expect(firedRules(s, "rút 500 nhé") == ["either", "lacking"])
        #expect(firedRules(s, "nạp rồi rút 500") == ["either", "both", "partly", "twice"])
        #expect(firedRules(s, "chơi vui") == ["lacking", "partly"])
    }

    @Test func unlessPostAndSentenceScopes() throws {
        let s = try screener("""
            pack: t
            rules:
              - id: post
                category: scam
                verdict: harmful
                match: { terms: [mã otp] }
                unless: { terms: [cảnh báo] }
              - id: sentence
                category: scam
                verdict: harmful
                match: { terms: [mã otp] }
                unless: [{ terms: [đừng cung cấp], scope: sentence }]
            """)
        #expect(firedRules(s, "Gửi mã OTP cho mình") == ["post", "sentence"])
        #expect(firedRules(s, "Cảnh báo: gửi mã OTP là mất tiền") == ["sentence"])
        #expect(firedRules(s, "Đừng cung cấp mã OTP. Nhưng mã OTP thì gửi đây") == ["post", "sentence"])
        #expect(firedRules(s, "Đừng cung cấp mã OTP cho ai.") == ["post"])
    }

    @Test func defaultTiersDoNotFoldSingleSyllables() throws {
        let s = try screener("""
            pack: t
            rules:
              - { id: single, category: x, verdict: harmful, match: { terms: [đảng] } }
              - { id: phrase, category: x, verdict: harmful, match: { terms: [lừa đảo] } }
              - { id: folding, category: x, verdict: harmful, tiers: [exact, folded], match: { terms: [cặc] } }
            """)
        #expect(firedRules(s, "toi dang di lam") == [])
        #expect(firedRules(s, "bi lua dao roi") == ["phrase"])
        #expect(firedRules(s, "thang cac nay") == ["folding"])
        #expect(firedRules(s, "các bạn ơi, cac ban") == [])  // an accented neighbour: not folded
    }

    @Test func authorAndPlatform() throws {
        let s = try screener("""
            pack: t
            rules:
              - { id: author, category: source, verdict: verified, match: { author: [Bộ Y tế] } }
              - { id: platform, category: x, verdict: unverified, match: { platform: [zalo] } }
            """)
        #expect(firedRules(s, "tin", author: "bộ y tế") == ["author"])
        #expect(firedRules(s, "tin", platform: "Zalo") == ["platform"])
        #expect(firedRules(s, "tin", author: "ai đó", platform: "facebook") == [])
    }

    @Test func postedAtAcrossMidnightInATimeZone() throws {
        let s = try screener("""
            pack: t
            rules:
              - id: night
                category: x
                verdict: unverified
                match: { posted_at: { weekdays: [fri], from: "22:00", to: "06:00", time_zone: Asia/Ho_Chi_Minh } }
            """)
        // 2026-11-27 is a Friday. 16:00 UTC = 23:00 in Hanoi (Friday night).
        let fridayNight = Date(timeIntervalSince1970: 1_795_795_200)  // 2026-11-27T16:00:00Z
        #expect(firedRules(s, "x", postedAt: fridayNight) == ["night"])
        // 21:00 UTC Friday = 04:00 Saturday in Hanoi: still Friday's window.
        #expect(firedRules(s, "x", postedAt: fridayNight.addingTimeInterval(5 * 3600)) == ["night"])
        // 00:00 UTC Saturday = 07:00 Saturday in Hanoi: window over.
        #expect(firedRules(s, "x", postedAt: fridayNight.addingTimeInterval(8 * 3600)) == [])
        // 16:00 UTC Thursday = 23:00 Thursday in Hanoi: wrong day.
        #expect(firedRules(s, "x", postedAt: fridayNight.addingTimeInterval(-86_400)) == [])
        #expect(firedRules(s, "x") == [])
    }
}

@Suite("Engine: policy")
struct EnginePolicyTests {
    static let pack = """
        pack: t
        rules:
          - { id: weak, category: scam, verdict: harmful, weight: 0.6, match: { terms: [chuyển khoản] } }
          - { id: strong, category: scam, verdict: harmful, weight: 0.6, match: { terms: [mã otp] } }
          - { id: rumor, category: rumor, verdict: unverified, weight: 0.5, match: { terms: [nghe nói] } }
          - { id: trusted, category: source, verdict: verified, weight: 1, match: { link_domain: [vnexpress.net] } }
        policy:
          thresholds: { harmful: 1.0, unverified: 0.5, verified: 0.5 }
          default: verified
        """

    @Test(arguments: [
        ("chuyển khoản cho mình", Verdict.unverified, Basis.belowThreshold, 0.6),
        ("chuyển khoản rồi gửi mã OTP", .harmful, .rules, 1.2),
        ("nghe nói mai nghỉ", .unverified, .rules, 0.5),
        ("nghe nói mai nghỉ vnexpress.net/a", .unverified, .rules, 0.5),
        ("đọc vnexpress.net/a", .verified, .rules, 1.0),
        ("chuyển khoản gửi mã OTP vnexpress.net/a", .harmful, .rules, 1.2),
        ("hôm nay trời đẹp", .verified, .noSignal, 0.0),
    ] as [(String, Verdict, Basis, Double)])
    func thresholdsAndOrder(_ text: String, _ verdict: Verdict, _ basis: Basis, _ score: Double) throws {
        let screening = try screener(Self.pack).screen(Post(id: "1", text: text))
        #expect(screening.verdict == verdict)
        #expect(screening.basis == basis)
        #expect(abs(screening.score - score) < 1e-9)
    }

    @Test func concurrentScreeningMatchesSequential() async throws {
        let s = try screener(Self.pack)
        let texts = (0..<200).map { i in ["chuyển khoản mã OTP \(i)", "nghe nói \(i)", "vnexpress.net/\(i)", "trời \(i)"][i % 4] }
        let sequential = texts.map { s.screen(Post(id: $0, text: $0)) }
        let concurrent = await withTaskGroup(of: (Int, Screening).self) { group in
            for (i, text) in texts.enumerated() { group.addTask { (i, s.screen(Post(id: text, text: text))) } }
            var out = [Screening?](repeating: nil, count: texts.count)
            for await (i, screening) in group { out[i] = screening }
            return out.compactMap { $0 }
        }
        #expect(concurrent == sequential)
    }

    @Test func belowThresholdVerdictIsAPolicyKey() throws {
        let old = try screener(Self.pack.replacingOccurrences(of: "default: verified", with: "default: verified\n  below_threshold: verified"))
        let screening = old.screen(Post(id: "1", text: "chuyển khoản cho mình"))
        #expect(screening.verdict == .verified)
        #expect(screening.basis == .belowThreshold)
    }

    @Test func reportOnlyHitsAreReportedAndVoteForNothing() throws {
        let s = try screener("""
            pack: t
            rules:
              - { id: intensifier, category: profanity, verdict: none, match: { terms: [vl] } }
              - { id: weak, category: scam, verdict: harmful, weight: 0.6, match: { terms: [chuyển khoản] } }
            """)
        let alone = s.screen(Post(id: "1", text: "đẹp vl"))
        #expect(alone.verdict == .verified)
        #expect(alone.basis == .belowThreshold)
        #expect(alone.score == 0)
        #expect(alone.hits.map(\.rule) == ["intensifier"])
        #expect(alone.hits.first?.verdict == nil)
        #expect(alone.categories == [])
        let record = ScreeningRecord.json(id: "1", screening: alone, source: nil)
        #expect(record.contains(#""rule":"intensifier","category":"profanity","verdict":"none""#))
        let withWeak = s.screen(Post(id: "2", text: "vl chuyển khoản cho mình"))
        #expect(withWeak.verdict == .unverified)
        #expect(abs(withWeak.score - 0.6) < 1e-9)
    }
}

@Suite("Engine: compile errors")
struct EngineCompileErrorTests {
    @Test func regexThatDoesNotCompile() throws {
        let pack = try RulePackLoader.load(yaml: """
            pack: t
            rules:
              - { id: bad, category: x, verdict: harmful, match: { regex: '(abc' } }
            """, name: "bad.yaml")
        #expect(throws: RuleCompileError.self) { try Screener(pack: pack) }
        do {
            _ = try Screener(pack: pack)
        } catch {
            #expect(error.description == "bad.yaml:3:56: regex '(abc' does not compile: missing closing parenthesis at character 5; fix the pattern (PCRE2 syntax)")
        }
    }

    @Test func termWithNothingToMatch() throws {
        let pack = try RulePackLoader.load(yaml: """
            pack: t
            rules:
              - { id: empty, category: x, verdict: harmful, match: { terms: ["!!!"] } }
            """, name: "t.yaml")
        do {
            _ = try Screener(pack: pack)
            Issue.record("compiled")
        } catch {
            #expect(error.description.hasSuffix("term '!!!' has no letters or digits to match; remove it or write the word itself"))
        }
    }

    /// A long list is normalized in slices on several cores before the rules are compiled:
    /// each term keeps its own forms and place (errors name the term, hits the right span).
    @Test func longListsCompileInTheirOrder() throws {
        let syllables = ["ba", "cá", "dê", "gà", "hổ", "kê", "lợn", "mèo", "nai", "ốc"]
        var terms: [String] = []
        for a in syllables { for b in syllables { for c in syllables { terms.append("\(a) \(b) \(c)") } } }
        terms.append("lừa đảo qua mạng")  // term 1,000, in the last slice
        let list = terms.map { "\"\($0)\"" }.joined(separator: ", ")
        let s = try screener("""
            pack: t
            lists:
              animals: [\(list)]
            rules:
              - { id: animals, category: x, verdict: harmful, match: { terms: animals } }
            """)
        let screening = s.screen(Post(id: "1", text: "Cảnh giác lừa đảo qua mạng nhé, hổ mèo ốc"))
        #expect(screening.hits.first?.matches.map(\.text) == ["lừa đảo qua mạng", "hổ mèo ốc"])

        let broken = try RulePackLoader.load(yaml: """
            pack: t
            lists:
              animals: [\(list), "!!!"]
            rules:
              - { id: animals, category: x, verdict: harmful, match: { terms: animals } }
            """, name: "t.yaml")
        do {
            _ = try Screener(pack: broken)
            Issue.record("compiled")
        } catch {
            #expect(error.description.hasPrefix("t.yaml:3:"))
            #expect(error.description.hasSuffix("term '!!!' has no letters or digits to match; remove it or write the word itself"))
        }
    }

    @Test func catastrophicRegexIsStoppedAndReported() throws {
        let s = try screener("""
            pack: t
            rules:
              - { id: slow, category: x, verdict: harmful, match: { regex: '(a+)+$', layer: original } }
              - { id: ok, category: x, verdict: harmful, match: { terms: [lừa đảo] } }
            """)
        let text = String(repeating: "a", count: 30_000) + "b lừa đảo"
        let screening = s.screen(Post(id: "1", text: text))
        #expect(screening.hits.map(\.rule) == ["ok"])
        #expect(screening.failures.map(\.rule) == ["slow"])
    }
}
