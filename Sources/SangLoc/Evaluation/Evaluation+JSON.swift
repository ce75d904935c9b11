extension Evaluation {
    /// The evaluation as one JSON object, keys in this order:
    ///
    /// - `file`, `posts`, `correct`, `accuracy`;
    /// - `verdicts`: per verdict `{precision, recall, f1, labelled, judged}` (a ratio is `null`
    ///   when its denominator is 0);
    /// - `confusion`: `{labelled: {judged: count}}` for all nine pairs;
    /// - `errors_total` and `errors`: the first `showErrors` wrong posts (all when nil), each
    ///   `{id, line, expected, got, basis, text, hits}` with hits as in the output record
    ///   (`rule`, `category`, `verdict`, `weight`, `matches` of `start`, `end`, `text`, `tier`);
    /// - `robustness`: per transform `{transform, tested, still_harmful, share, lost}`;
    /// - `folded_false_positives`: `{clean, harmful_before, harmful_after, share_before,
    ///   share_after, increase_pp, turned_harmful}`;
    /// - `clean_flagged_harmful`: `{clean, harmful, share}`, posts labelled unverified or
    ///   verified and how many of them were judged harmful (`share` is `null` with no clean post);
    /// - `span_f1`: `{f1, precision, recall, posts}` over the posts with span annotations, or
    ///   `null` when the file has none (`f1` is the mean per-post F1, precision and recall are
    ///   over all character offsets);
    /// - `rules`: every rule that fired, most clean posts first, each `{rule, category, verdict,
    ///   harmful, clean, precision, clean_ids}`;
    /// - `uncovered_spans`: up to `uncoveredLimit` `{text, count}`, gold span texts no harmful
    ///   match overlaps, most frequent first (`[]` without span annotations).
    public func json(file: String, showErrors: Int?, uncoveredLimit: Int = 200) -> String {
        var json = JSONWriter()
        json.beginObject()
        json.field("file", file)
        json.field("posts", total)
        json.field("correct", correct)
        json.field("accuracy", accuracy)
        json.key("verdicts")
        json.beginObject()
        for verdict in Verdict.allCases {
            let s = scores(for: verdict)
            json.key(verdict.rawValue)
            json.beginObject()
            json.key("precision"); json.numberOrNull(s.precision)
            json.key("recall"); json.numberOrNull(s.recall)
            json.key("f1"); json.numberOrNull(s.f1)
            json.field("labelled", s.actual)
            json.field("judged", s.predicted)
            json.endObject()
        }
        json.endObject()
        json.key("confusion")
        json.beginObject()
        for expected in Verdict.allCases {
            json.key(expected.rawValue)
            json.beginObject()
            for got in Verdict.allCases { json.field(got.rawValue, count(expected: expected, got: got)) }
            json.endObject()
        }
        json.endObject()
        json.field("errors_total", errors.count)
        json.key("errors")
        json.beginArray()
        for error in errors.prefix(showErrors.map { max(0, $0) } ?? errors.count) {
            json.beginObject()
            json.field("id", error.id)
            json.field("line", error.line)
            json.field("expected", error.expected.rawValue)
            json.field("got", error.got.rawValue)
            json.field("basis", error.basis.rawValue)
            json.field("text", error.text)
            json.key("hits")
            ScreeningRecord.writeHits(error.decidingHits, to: &json)
            json.endObject()
        }
        json.endArray()
        json.key("robustness")
        json.beginArray()
        for entry in robustness {
            json.beginObject()
            json.field("transform", entry.transform.rawValue)
            json.field("tested", entry.tested)
            json.field("still_harmful", entry.stillHarmful)
            json.key("share"); json.numberOrNull(entry.share)
            Self.strings("lost", entry.lost, &json)
            json.endObject()
        }
        json.endArray()
        let folded = foldedFalsePositives
        json.key("folded_false_positives")
        json.beginObject()
        json.field("clean", folded.clean)
        json.field("harmful_before", folded.harmfulBefore)
        json.field("harmful_after", folded.harmfulAfter)
        json.field("share_before", folded.shareBefore)
        json.field("share_after", folded.shareAfter)
        json.field("increase_pp", folded.increasePercentagePoints)
        Self.strings("turned_harmful", folded.turnedHarmful, &json)
        json.endObject()
        json.key("clean_flagged_harmful")
        json.beginObject()
        json.field("clean", cleanPosts)
        json.field("harmful", cleanJudgedHarmful)
        json.key("share"); json.numberOrNull(cleanFlaggedHarmful)
        json.endObject()
        json.key("span_f1")
        if let spans = spanScores {
            json.beginObject()
            json.field("f1", spans.f1)
            json.key("precision"); json.numberOrNull(spans.precision)
            json.key("recall"); json.numberOrNull(spans.recall)
            json.field("posts", spans.posts)
            json.endObject()
        } else {
            json.null()
        }
        json.key("rules")
        json.beginArray()
        for entry in rules {
            json.beginObject()
            json.field("rule", entry.rule)
            json.field("category", entry.category)
            json.field("verdict", entry.verdict.voteName)
            json.field("harmful", entry.harmfulPosts)
            json.field("clean", entry.cleanPosts)
            json.field("precision", entry.precision)
            Self.strings("clean_ids", entry.cleanIDs, &json)
            json.endObject()
        }
        json.endArray()
        json.key("uncovered_spans")
        json.beginArray()
        for entry in uncoveredSpans.prefix(max(0, uncoveredLimit)) {
            json.beginObject()
            json.field("text", entry.text)
            json.field("count", entry.count)
            json.endObject()
        }
        json.endArray()
        json.endObject()
        return json.output
    }

    private static func strings(_ key: String, _ values: [String], _ json: inout JSONWriter) {
        json.key(key)
        json.beginArray()
        for value in values { json.string(value) }
        json.endArray()
    }
}
