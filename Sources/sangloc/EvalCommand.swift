import ArgumentParser
import SangLoc

/// `sangloc eval LABELLED.jsonl`: measures a rule pack against labelled posts.
///
/// Prints accuracy, precision/recall/F1 per verdict, the confusion matrix, the wrong posts
/// with the hits that decided them, robustness (share of harmful verdicts kept when the
/// evidence is obfuscated by each `ObfuscationTransform`) and the false harmful verdicts
/// added by stripping diacritics from clean posts. `--json` prints one object whose keys are
/// documented on `Evaluation.json(file:showErrors:)`: `file`, `posts`, `correct`, `accuracy`,
/// `verdicts`, `confusion`, `errors_total`, `errors`, `robustness`, `folded_false_positives`.
struct EvalCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "eval",
        abstract: "Measure a rule pack on labelled posts: accuracy, per-verdict scores, errors, robustness to obfuscation.",
        discussion: """
            LABELLED.jsonl holds one object a line: {"id": ..., "text": ..., "expected": "harmful"|"unverified"|"verified"}, \
            optionally "links"; other keys are ignored.

            Robustness: every post labelled and judged harmful has the spans of its harmful hits rewritten by each \
            transform (dots, lookalikes, zero-width, repeated-letters, fullwidth, nfd, strip-diacritics) and is \
            screened again (links, e-mail addresses, phone numbers and mentions are left as written); \
            the share still judged harmful is reported. Folding: clean posts (verified or \
            unverified) are screened again with all diacritics stripped; the rise in harmful verdicts is reported \
            in percentage points.

            --json keys: file, posts, correct, accuracy, verdicts {VERDICT: {precision, recall, f1, labelled, \
            judged}}, confusion {LABELLED: {JUDGED: count}}, errors_total, errors [{id, line, expected, got, basis, \
            text, hits}], robustness [{transform, tested, still_harmful, share, lost}], folded_false_positives \
            {clean, harmful_before, harmful_after, share_before, share_after, increase_pp, turned_harmful}.
            """
    )

    @Argument(help: ArgumentHelp("The labelled posts (JSONL).", valueName: "LABELLED.jsonl"))
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
        let posts: [LabelledPost]
        do {
            posts = try LabelledPostReader.read(file: file)
        } catch {
            throw CLIError.usage(error.description)
        }
        let evaluation = Evaluator(screener: screener).evaluate(posts)
        if json {
            print(evaluation.json(file: file, showErrors: showErrors))
        } else {
            print(evaluation.report(file: file, showErrors: showErrors ?? 20))
        }
    }
}
