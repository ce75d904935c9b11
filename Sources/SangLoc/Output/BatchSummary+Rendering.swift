import Foundation

extension BatchSummary {
    /// The summary for a terminal, several lines:
    ///
    /// ```
    /// 35 records: 35 posts screened, 0 errors in 0.12 s (291 posts/s)
    /// verdicts: harmful 16, unverified 5, verified 14
    /// categories: scam 6, gambling 3
    /// top rules: scam.otp-request 3, gambling.bookmaker 2
    /// ```
    public func renderText() -> String {
        var lines: [String] = []
        lines.append(
            "\(records) record\(records == 1 ? "" : "s"): \(posts) post\(posts == 1 ? "" : "s") screened, "
                + "\(errors) error\(errors == 1 ? "" : "s") in \(String(format: "%.2f", elapsed.seconds)) s "
                + "(\(Int(recordsPerSecond.rounded())) posts/s)")
        lines.append("verdicts: " + Verdict.allCases.map { "\($0) \(verdicts[$0] ?? 0)" }.joined(separator: ", "))
        if !categories.isEmpty {
            let sorted = categories.sorted { ($1.value, $0.key) < ($0.value, $1.key) }
            lines.append("categories: " + sorted.map { "\($0.key) \($0.value)" }.joined(separator: ", "))
        }
        let top = topRules()
        if !top.isEmpty { lines.append("top rules: " + top.map { "\($0.rule) \($0.posts)" }.joined(separator: ", ")) }
        if ruleFailures > 0 { lines.append("rule failures: \(ruleFailures) (see \"failures\" in the records)") }
        if repairedPosts > 0 { lines.append("repaired posts: \(repairedPosts)") }
        for warning in warnings {
            lines.append(missingFields.contains(warning) ? "error: \(warning)" : "warning: \(warning)")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// The summary as one JSON object (`--summary-json`), keys in this order:
    /// `records`, `posts`, `errors` (integers); `verdicts` (`harmful`, `unverified`, `verified`:
    /// posts each); `categories` (category → posts, most first); `top_rules` (up to 10
    /// `{"rule", "posts"}`, most first); `rule_failures`, `repaired_posts` (integers);
    /// `warnings` (strings); `elapsed_seconds`, `posts_per_second` (numbers; records per second).
    public func renderJSON() -> String {
        var json = JSONWriter()
        json.beginObject()
        json.field("records", records)
        json.field("posts", posts)
        json.field("errors", errors)
        json.key("verdicts")
        json.beginObject()
        for verdict in Verdict.allCases { json.field(verdict.rawValue, verdicts[verdict] ?? 0) }
        json.endObject()
        json.key("categories")
        json.beginObject()
        for (category, count) in categories.sorted(by: { ($1.value, $0.key) < ($0.value, $1.key) }) {
            json.field(category, count)
        }
        json.endObject()
        json.key("top_rules")
        json.beginArray()
        for (rule, posts) in topRules() {
            json.beginObject()
            json.field("rule", rule)
            json.field("posts", posts)
            json.endObject()
        }
        json.endArray()
        json.field("rule_failures", ruleFailures)
        json.field("repaired_posts", repairedPosts)
        json.key("warnings")
        json.beginArray()
        for warning in warnings { json.string(warning) }
        json.endArray()
        json.field("elapsed_seconds", (elapsed.seconds * 1000).rounded() / 1000)
        json.field("posts_per_second", recordsPerSecond.rounded())
        json.endObject()
        return json.output + "\n"
    }
}
