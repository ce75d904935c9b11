import Foundation
import SangLoc
import Testing

/// A small pack: two scam rules that need each other to reach the threshold, a rule that fires
/// on clean posts, a rare rule, a report-only intensifier and an unverified marker.
private let tinyPackYAML = """
    pack: tiny
    version: 3
    rules:
      - id: scam.fee
        category: scam
        verdict: harmful
        weight: 0.5
        match: { terms: ["đóng phí"] }
      - id: scam.transfer
        category: scam
        verdict: harmful
        weight: 0.5
        match: { terms: ["chuyển khoản"] }
      - id: noise.today
        category: noise
        verdict: harmful
        weight: 1
        match: { terms: ["hôm nay"] }
      - id: rare.word
        category: rare
        verdict: harmful
        weight: 0.7
        match: { terms: ["hiếm có"] }
      - id: profanity.intensifier
        category: profanity
        verdict: none
        match: { terms: ["vl"] }
      - id: rumor.heard
        category: rumor
        verdict: unverified
        weight: 0.5
        match: { terms: ["nghe nói"] }
    policy:
      thresholds: { harmful: 1.0 }
    """

private func tinyScreener() throws -> Screener {
    try Screener(pack: RulePackLoader.load(yaml: tinyPackYAML, name: "tiny.yaml"))
}

/// Labelled posts for the tiny pack: fee alone is harmful (the pack misses it), `hôm nay` is
/// clean (the pack flags it), `vl` is harmful (the pack reports it only).
private func tinyPosts() -> [LabelledPost] {
    var posts: [LabelledPost] = []
    func add(_ text: String, _ expected: Verdict) {
        posts.append(LabelledPost(post: Post(id: "\(posts.count + 1)", text: text), expected: expected, line: posts.count + 1))
    }
    for index in 1...10 {
        add("đóng phí rồi chuyển khoản \(index)", .harmful)
        add("anh đóng phí trước \(index) triệu", .harmful)
        add("hôm nay trời đẹp \(index)", .verified)
        add("hay vl \(index)", .harmful)
        add("trời mưa \(index)", .verified)
        add("nghe nói mai nghỉ \(index)", .unverified)
    }
    add("hôm nay đóng phí \(0)", .harmful)
    add("hiếm có khó tìm", .harmful)
    return posts
}

@Suite("rules calibrate: weights and threshold from labelled posts")
struct PackCalibratorTests {
    @Test("the overlay loads after the pack, changes only weights and the threshold, and judges as the fit did")
    func overlayFormat() throws {
        let screener = try tinyScreener()
        let posts = tinyPosts()
        let calibration = try PackCalibrator(screener: screener, minimumHits: 3).calibrate(posts)
        let overlay = calibration.overlay(files: ["tiny.jsonl"], base: ["tiny.yaml"])
        let lines = overlay.split(separator: "\n").map(String.init)
        #expect(lines.first == "# Calibrated by `sangloc rules calibrate` from tiny.jsonl: 62 posts, 32 harmful, 30 clean.")
        #expect(lines.contains("# Calibrates tiny 3; use: sangloc screen POSTS --rules tiny.yaml --rules THIS.yaml"))
        #expect(lines.contains("pack: tiny-calibrated"))

        let fee = try #require(calibration.rules.first { $0.rule == "scam.fee" })
        #expect((fee.harmfulPosts, fee.cleanPosts) == (21, 0))
        let feeIndex = try #require(lines.firstIndex(of: "  scam.fee: { weight: \(JSONWriter.format(fee.newWeight)) }"))
        #expect(lines[feeIndex - 1] == "  # fired on 21 posts (21 harmful, 0 clean); weight 0.5 → \(JSONWriter.format(fee.newWeight))")
        let intensifier = try #require(calibration.rules.first { $0.rule == "profanity.intensifier" })
        #expect(intensifier.newVerdict == .harmful)
        #expect(lines.contains("  profanity.intensifier: { verdict: harmful, weight: \(JSONWriter.format(intensifier.newWeight)) }"))
        #expect(lines.contains("#   rare.word: fired on 1 post (1 harmful, 0 clean)"))
        #expect(!calibration.rules.contains { $0.rule == "rumor.heard" })

        // Applied as `--rules tiny.yaml --rules overlay.yaml`.
        let base = try RulePackLoader.load(yaml: tinyPackYAML, name: "tiny.yaml")
        let merged = try RulePack.merging([base, try RulePackLoader.load(yaml: overlay, name: "overlay.yaml")])
        #expect(merged.rules.map(\.id) == base.rules.map(\.id))
        #expect(merged.policy.harmful == calibration.threshold)
        #expect(merged.policy.unverified == base.policy.unverified)
        for rule in merged.rules {
            let expected = calibration.rules.first { $0.rule == rule.id }
            #expect(rule.weight == expected?.newWeight ?? base.rules.first { $0.id == rule.id }!.weight, "\(rule.id)")
            #expect(rule.verdict == expected.map(\.newVerdict) ?? rule.verdict)
        }
        #expect(merged.rules.first { $0.id == "rare.word" }?.weight == 0.7)
        let calibrated = try Screener(pack: merged)
        var judged = HarmfulScores()
        for post in posts {
            judged.add(labelledHarmful: post.expected == .harmful, judgedHarmful: calibrated.screen(post.post).verdict == .harmful)
        }
        #expect(judged == calibration.fitted)
        #expect(calibration.fitted.f1! > calibration.before.f1!)
    }

    @Test("weights stay within 0 and the maximum: a rule firing on clean posts goes to 0, never below")
    func bounds() throws {
        let calibration = try PackCalibrator(screener: try tinyScreener(), minimumHits: 3, maximumWeight: 0.8).calibrate(tinyPosts())
        for rule in calibration.rules {
            #expect((0...0.8).contains(rule.newWeight) || !rule.calibrated, "\(rule.rule): \(rule.newWeight)")
        }
        let noise = try #require(calibration.rules.first { $0.rule == "noise.today" })
        #expect(noise.newWeight == 0)
        #expect(noise.newVerdict == .harmful)
        #expect(calibration.rules.first { $0.rule == "scam.fee" }?.newWeight == 0.8)
        let rare = try #require(calibration.rules.first { $0.rule == "rare.word" })
        #expect(!rare.calibrated)
        #expect(rare.newWeight == 0.7)
    }

    @Test("the same posts give the same overlay and report, byte for byte")
    func determinism() throws {
        let posts = tinyPosts()
        let first = try PackCalibrator(screener: try tinyScreener(), minimumHits: 3).calibrate(posts)
        let second = try PackCalibrator(screener: try tinyScreener(), minimumHits: 3).calibrate(posts)
        #expect(first.overlay(files: ["a"], base: ["default"]) == second.overlay(files: ["a"], base: ["default"]))
        #expect(first.json(files: ["a"]) == second.json(files: ["a"]))
        #expect(first.report(files: ["a"]) == second.report(files: ["a"]))
    }

    @Test("a target precision is met on the posts it was fitted on; the report says when it cannot be")
    func targetPrecision() throws {
        let calibration = try PackCalibrator(screener: try tinyScreener(), objective: .targetPrecision(0.95), minimumHits: 3)
            .calibrate(tinyPosts())
        #expect(calibration.targetReached)
        #expect(calibration.fitted.precision! >= 0.95)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(calibration.json(files: ["t"]).utf8)) as? [String: Any])
        #expect((json["objective"] as? [String: Any])?["target"] as? Double == 0.95)
        #expect((json["threshold"] as? [String: Any])?["after"] as? Double == calibration.threshold)
        #expect((json["rules"] as? [[String: Any]])?.count == calibration.rules.count)
    }

    @Test("posts of one class only are a clear error")
    func oneClass() throws {
        let harmful = tinyPosts().filter { $0.expected == .harmful }
        #expect(throws: CalibrationError(
            "all 32 posts are labelled harmful; calibration needs both harmful and clean posts to learn where the line is: "
                + "add posts labelled verified or unverified")) {
            try PackCalibrator(screener: try tinyScreener()).calibrate(harmful)
        }
        let clean = tinyPosts().filter { $0.expected != .harmful }
        #expect(throws: CalibrationError(
            "all 30 posts are labelled clean (unverified or verified); calibration needs both harmful and clean posts to learn "
                + "where the line is: add posts labelled harmful")) {
            try PackCalibrator(screener: try tinyScreener()).calibrate(clean)
        }
    }

    /// Intensifier profanity (`hay vl`, `vãi lồn thật`) labelled `intensifier`, beside insults
    /// (harmful) and everyday posts (clean).
    private func profanityPosts(intensifier: Verdict) -> [LabelledPost] {
        let intensifiers = ["phim này hay vl", "đẹp trai vcl", "đéo biết luôn", "đỉnh vãi", "vãi lồn thật", "hay vãi lồn"]
        let insults = ["đm mày ngu thế", "thằng chó này"]
        let everyday = ["hôm nay trời đẹp", "ăn cơm chưa", "nó đi học rồi"]
        var posts: [LabelledPost] = []
        for round in 1...4 {
            for (texts, verdict) in [(intensifiers, intensifier), (insults, .harmful), (everyday, .verified)] {
                for text in texts {
                    posts.append(LabelledPost(post: Post(id: "\(posts.count + 1)", text: "\(text) \(round)"), expected: verdict))
                }
            }
        }
        return posts
    }

    @Test("labels calling intensifier profanity clean or harmful move the profanity rules' weights in opposite directions")
    func profanityDirections() throws {
        let screener = try Screener(pack: DefaultPack.load())
        let calibrator = PackCalibrator(screener: screener, minimumHits: 3)
        let clean = try calibrator.calibrate(profanityPosts(intensifier: .verified))
        let harmful = try calibrator.calibrate(profanityPosts(intensifier: .harmful))
        // The profanity rules that fired on the intensifier posts: their counts differ between the two files.
        let moved = clean.rules.filter { rule in
            rule.rule.hasPrefix("profanity.") && rule.calibrated
                && harmful.rules.first { $0.rule == rule.rule }?.harmfulPosts != rule.harmfulPosts
        }
        #expect(Set(moved.map(\.rule)) == ["profanity.intensifier", "profanity.repeated"])
        for rule in moved {
            let other = try #require(harmful.rules.first { $0.rule == rule.rule })
            // Clean labels: down, or at 0 already; harmful labels: up.
            #expect(rule.newHarmfulWeight <= rule.harmfulWeight, "\(rule.rule)")
            #expect(rule.newHarmfulWeight < rule.harmfulWeight || rule.harmfulWeight == 0, "\(rule.rule)")
            #expect(other.newHarmfulWeight > other.harmfulWeight, "\(rule.rule)")
        }
        #expect(clean.rules.first { $0.rule == "profanity.intensifier" }?.newVerdict == nil)
        #expect(harmful.rules.first { $0.rule == "profanity.intensifier" }?.newVerdict == .harmful)
    }
}
