import ArgumentParser
import SangLoc

/// `sangloc eval LABELLED`: measures a rule pack against labelled posts (JSON lines, a ViHOS
/// span CSV or a labelled CSV; see `LabelledPostReader`).
///
/// Prints accuracy, precision/recall/F1 per verdict, the confusion matrix, the wrong posts
/// with the hits that decided them, robustness (share of harmful verdicts kept when the
/// evidence is obfuscated by each `ObfuscationTransform`) and the false harmful verdicts
/// added by stripping diacritics from clean posts. `--json` prints one object whose keys are
/// documented on `Evaluation.json(file:showErrors:)`: `file`, `posts`, `correct`, `accuracy`,
/// `verdicts`, `confusion`, `errors_total`, `errors`, `robustness`, `folded_false_positives`,
/// `clean_flagged_harmful`, `span_f1`, `rules`, `uncovered_spans`.
struct EvalCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "eval",
        abstract: "Measure a rule pack on labelled posts: accuracy, per-verdict scores, errors, robustness to obfuscation.",
        discussion: """
            LABELLED is read by its extension (.jsonl/.ndjson/.json, .csv/.tsv), else by its first character \
            ({ or [: JSON lines, anything else: CSV with a header):
              JSON lines: one object a line, {"id": ..., "text": ..., "expected": "harmful"|"unverified"|"verified"}, \
            optionally "links" and "spans": [[start, end], ...] (Unicode scalar offsets, end exclusive); without \
            "expected" a post is harmful when it has spans. Other keys are ignored.
              Span CSV (ViHOS, header ",content,index_spans"): a text column (content or text), a span column \
            (index_spans or spans) listing every character index inside a harmful span ([9, 10, 11]) or [start, end] \
            pairs, [] for a clean post; id from the id column or the first column; harmful when it has spans, else \
            verified.
              Labelled CSV: id, text (or content) and expected (or label) columns.
            A row that cannot be read stops the evaluation with file:line and what to do.

            Clean flagged harmful: the share of posts labelled unverified or verified judged harmful.

            Span F1 (only when the file has span annotations; SemEval-2021 toxic spans): per annotated post, the F1 \
            between the gold character offsets and those covered by the text matches of harmful-voting hits (1 when \
            both are empty, 0 when only one is), averaged over posts; precision and recall are over all offsets. The \
            gold span texts no harmful match overlaps are listed, most frequent first (top 30; 200 with --json).

            Rules: every rule that fired, with the posts labelled harmful and clean (unverified or verified) it fired \
            on, its precision (harmful / all) and the first clean posts' ids, most clean posts first: the false \
            positives to work on.

            Robustness: every post labelled and judged harmful has the spans of its harmful hits rewritten by each \
            transform (dots, lookalikes, zero-width, repeated-letters, fullwidth, nfd, strip-diacritics) and is \
            screened again (links, e-mail addresses, phone numbers and mentions are left as written); \
            the share still judged harmful is reported. Folding: clean posts (verified or \
            unverified) are screened again with all diacritics stripped; the rise in harmful verdicts is reported \
            in percentage points.

            --json keys: file, posts, correct, accuracy, verdicts {VERDICT: {precision, recall, f1, labelled, \
            judged}}, confusion {LABELLED: {JUDGED: count}}, errors_total, errors [{id, line, expected, got, basis, \
            text, hits}], robustness [{transform, tested, still_harmful, share, lost}], folded_false_positives \
            {clean, harmful_before, harmful_after, share_before, share_after, increase_pp, turned_harmful}, \
            clean_flagged_harmful {clean, harmful, share}, span_f1 {f1, precision, recall, posts} (null without \
            spans), rules [{rule, category, verdict, harmful, clean, precision, clean_ids}], uncovered_spans \
            [{text, count}].
            """
    )

    @Argument(help: ArgumentHelp("The labelled posts (JSON lines, span CSV or labelled CSV).", valueName: "LABELLED"))
    var file: String

    @OptionGroup var pack: PackOptions

    @Flag(help: "Print the evaluation as one JSON object.")
    var json = false

    @Option(name: .customLong("show-errors"), help: ArgumentHelp(
        "How many wrong posts to show (default 20 in the report, all with --json).", valueName: "N"))
    var showErrors: Int?

    func validate() throws {
        if let showErrors, showErrors < 0 { throw ValidationError("--show-errors must be 0 or more") }
    }

    func run() throws {
        let screener = try pack.screener()
        let posts = try EvalCommand.readLabelled([file])
        let evaluation = Evaluator(screener: screener).evaluate(posts)
        if json {
            print(evaluation.json(file: file, showErrors: showErrors))
        } else {
            print(evaluation.report(file: file, showErrors: showErrors ?? 20))
        }
    }
}

extension EvalCommand {
    /// The labelled posts of `files`, in order (the formats `sangloc eval` reads); a file that
    /// cannot be read ends the command with its `file:line` message (exit 2).
    static func readLabelled(_ files: [String]) throws -> [LabelledPost] {
        do {
            var posts: [LabelledPost] = []
            for file in files { posts += try LabelledPostReader.read(file: file) }
            return posts
        } catch {
            throw CLIError.usage(error.description)
        }
    }
}
