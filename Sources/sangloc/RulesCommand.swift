import ArgumentParser
import Foundation
import SangLoc

/// `sangloc rules lint|test|show [PACK]`, `sangloc rules suggest|calibrate LABELLED...`.
struct RulesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rules",
        abstract: "Check, test and show rule packs; suggest terms and calibrate weights from labelled posts.",
        subcommands: [Lint.self, Test.self, Show.self, Suggest.self, Calibrate.self]
    )

    struct Lint: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Load and compile a pack, and warn about rules likely to misfire.")
        @Argument(help: "Pack files ('default' for the embedded pack).") var packs: [String] = []
        @Flag(help: "Let a pack include files and wordlists outside its own folder.") var allowOutsideIncludes = false

        func run() throws {
            let screener = try PackOptions.screener(packs, allowOutsideIncludes: allowOutsideIncludes)
            let pack = screener.rules.pack
            let warnings = RuleLinter.warnings(for: pack, compiled: screener.rules)
            for warning in warnings { print(warning.description) }
            print("\(pack.name) \(pack.version): \(pack.rules.count) rules, \(screener.rules.termCount) terms, \(screener.rules.regexCount) regexes, \(warnings.count) warning\(warnings.count == 1 ? "" : "s")")
        }
    }

    struct Test: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Run every rule's examples; exit 1 naming the rule and example that failed.")
        @Argument(help: "Pack files ('default' for the embedded pack).") var packs: [String] = []
        @Flag(help: "Let a pack include files and wordlists outside its own folder.") var allowOutsideIncludes = false

        func run() throws {
            let screener = try PackOptions.screener(packs, allowOutsideIncludes: allowOutsideIncludes)
            let report = RuleTester.run(screener)
            for failure in report.failures { print(failure.description) }
            print("\(report.passed) passed, \(report.failures.count) failed")
            if !report.failures.isEmpty { throw ExitCode(1) }
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print the resolved pack: the policy (each part with the pack file that set it), time zone, categories, lists, rules.")
        @Argument(help: "Pack files ('default' for the embedded pack).") var packs: [String] = []
        @Flag(help: "Let a pack include files and wordlists outside its own folder.") var allowOutsideIncludes = false

        func run() throws {
            let pack = try PackOptions.loadPack(packs, allowOutsideIncludes: allowOutsideIncludes)
            print(RulePackDescription.render(pack))
        }
    }

    struct Suggest: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Propose terms for a pack from labelled posts: a draft wordlist ranked by support and precision.",
            discussion: """
                LABELLED files are read as by `sangloc eval` (JSON lines, ViHOS span CSV, labelled CSV). Terms are \
                syllable n-grams (1 to 4 syllables, inside one sentence, not across punctuation) counted on the \
                canonical layer the matcher uses, so đ.é.o, ĐÉO and đéo count as one.

                support: posts where the n-gram lies inside a gold span (for posts without span annotations: posts \
                labelled harmful that contain it). against: posts where it lies outside every span, or clean posts \
                that contain it; an n-gram partly inside a span counts for neither. precision = support / (support + \
                against); score = support × precision. N-grams below --min-support or --min-precision are dropped, and \
                so is a longer n-gram when a shorter one inside it is kept with at least its precision. The first \
                --top by score (then by text) are written.

                in pack: screening the term alone with the pack (--rules, default the embedded pack) gives a hit of a \
                harmful-voting rule.

                Output: comment lines, then one term a line, `term  # support N, precision P, in pack: yes|no`. \
                --json: {posts, span_posts, suggestions [{term, syllables, support, against, precision, score, in_pack}]}.
                """)

        @Argument(help: ArgumentHelp("Labelled posts (JSON lines, span CSV or labelled CSV).", valueName: "LABELLED"))
        var files: [String]

        @OptionGroup var pack: PackOptions

        @Option(help: ArgumentHelp("Write the draft to FILE instead of standard output.", valueName: "FILE"))
        var output: String?

        @Option(name: .customLong("min-support"), help: ArgumentHelp("Drop terms with less support.", valueName: "N"))
        var minSupport = 3

        @Option(name: .customLong("min-precision"), help: ArgumentHelp("Drop terms with a lower precision (0 to 1).", valueName: "P"))
        var minPrecision = 0.8

        @Option(help: ArgumentHelp("How many terms to write.", valueName: "N"))
        var top = 200

        @Flag(help: "Print the suggestions as one JSON object.")
        var json = false

        func validate() throws {
            if files.isEmpty { throw ValidationError("give at least one labelled file") }
            if minSupport < 1 { throw ValidationError("--min-support must be 1 or more") }
            if !(0...1).contains(minPrecision) { throw ValidationError("--min-precision must be between 0 and 1") }
            if top < 0 { throw ValidationError("--top must be 0 or more") }
        }

        func run() throws {
            let screener = try pack.screener()
            let posts = try EvalCommand.readLabelled(files)
            let suggester = TermSuggester(screener: screener, minSupport: minSupport, minPrecision: minPrecision, top: top)
            let suggestions = suggester.suggest(posts)
            let text = json
                ? TermSuggester.json(suggestions, posts: posts) + "\n"
                : TermSuggester.wordlist(suggestions, posts: posts, files: files)
            guard let output else {
                print(text, terminator: "")
                return
            }
            do {
                try text.write(toFile: output, atomically: true, encoding: .utf8)
            } catch {
                throw CLIError.usage("cannot write '\(output)': \(error.localizedDescription)")
            }
            StandardError.write("\(suggestions.count) terms written to \(output) (\(suggestions.filter { !$0.inPack }.count) not in the pack)")
        }
    }

    struct Calibrate: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Fit a pack's weights and harmful threshold to labelled posts; write them as an overlay pack.",
            discussion: """
                LABELLED files are read as by `sangloc eval` (JSON lines, ViHOS span CSV, labelled CSV); a post is \
                harmful or clean (unverified or verified). Every post is screened once with the pack (--rules, default \
                the embedded pack); the harmful-voting rules that fired, and the report-only ones (verdict: none) unless \
                --keep-report-only, are its features. Their weights are fitted by an L2-regularised logistic regression \
                pulled towards the pack's own weights and bounded to 0...--max-weight (a harmful rule never counts for \
                cleanliness); a report-only rule given weight votes harmful. The harmful threshold is then chosen for \
                the objective: --objective f1 (the default: highest harmful F1) or --target-precision P (highest harmful \
                recall at precision >= P). Rules that fired on fewer than --min-hits posts keep their weight.

                Precision, recall and F1 of the harmful verdict are reported before and after on held-out folds \
                (--folds, default 5): each fold is judged with weights fitted on the others. The output is the same for \
                the same input.

                OVERLAY is a rule pack with the new harmful threshold (policy:) and one override per changed rule, \
                commented with the rule's hit counts; apply it after the calibrated pack: \
                sangloc screen posts.jsonl --rules default --rules OVERLAY.yaml.

                --json prints {files, pack, version, posts, harmful_posts, clean_posts, objective {kind, target}, folds, \
                target_reached, before, after, fitted {precision, recall, f1, true_positives, false_positives, \
                false_negatives, true_negatives}, folds_f1, threshold {before, after}, rules [{rule, category, verdict, \
                weight, harmful, clean, calibrated, new_verdict, new_weight}]} instead of the report.
                """)

        @Argument(help: ArgumentHelp("Labelled posts (JSON lines, span CSV or labelled CSV).", valueName: "LABELLED"))
        var files: [String]

        @OptionGroup var pack: PackOptions

        @Option(help: ArgumentHelp("Write the overlay pack to FILE.", valueName: "OVERLAY.yaml"))
        var output: String

        @Option(help: ArgumentHelp("What the harmful threshold maximises: f1.", valueName: "f1"))
        var objective: String?

        @Option(name: .customLong("target-precision"), help: ArgumentHelp(
            "Maximise harmful recall at this precision or more (0 to 1) instead of F1.", valueName: "P"))
        var targetPrecision: Double?

        @Option(help: ArgumentHelp("Folds of the cross-validation.", valueName: "N"))
        var folds = 5

        @Option(name: .customLong("min-hits"), help: ArgumentHelp("Rules that fired on fewer posts keep their weight.", valueName: "N"))
        var minHits = 5

        @Option(name: .customLong("max-weight"), help: ArgumentHelp("The largest weight a rule can get.", valueName: "W"))
        var maxWeight = 3.0

        @Flag(name: .customLong("keep-report-only"), help: "Leave report-only rules (verdict: none) out: they never get a vote.")
        var keepReportOnly = false

        @Flag(help: "Print the report as one JSON object.")
        var json = false

        func validate() throws {
            if files.isEmpty { throw ValidationError("give at least one labelled file") }
            if let objective, objective != "f1" {
                throw ValidationError("unknown --objective '\(objective)': use f1, or --target-precision P")
            }
            if objective != nil, targetPrecision != nil {
                throw ValidationError("give --objective f1 or --target-precision P, not both")
            }
            if let targetPrecision, !(targetPrecision > 0 && targetPrecision <= 1) {
                throw ValidationError("--target-precision must be above 0 and at most 1")
            }
            if folds < 2 { throw ValidationError("--folds must be 2 or more") }
            if minHits < 1 { throw ValidationError("--min-hits must be 1 or more") }
            if !(maxWeight > 0 && maxWeight.isFinite) { throw ValidationError("--max-weight must be a number above 0") }
        }

        func run() throws {
            let screener = try pack.screener()
            let posts = try EvalCommand.readLabelled(files)
            let calibrator = PackCalibrator(
                screener: screener, objective: targetPrecision.map { CalibrationObjective.targetPrecision($0) } ?? .f1, folds: folds,
                minimumHits: minHits, maximumWeight: maxWeight, promotesReportOnly: !keepReportOnly)
            let progress = Terminal.isTerminal(2) && posts.count >= 10_000 ? CalibrationProgressLine() : nil
            let calibration: Calibration
            do {
                calibration = try calibrator.calibrate(posts, progress: progress.map { line in { line.update(screened: $0, total: $1) } })
                progress?.clear()
            } catch {
                progress?.clear()
                throw CLIError.usage("\(files.joined(separator: ", ")): \(error.description)")
            }
            let base = pack.packs.isEmpty ? ["default"] : pack.packs
            let overlay = calibration.overlay(files: files, base: base)
            do {
                try BatchOutputFile.replace(output, with: overlay)
            } catch {
                throw CLIError.usage(error.description)
            }
            print(json ? calibration.json(files: files) : calibration.report(files: files))
            if case .targetPrecision(let target) = calibration.objective, !calibration.targetReached {
                StandardError.write("warning: no threshold reaches precision \(target) on the labelled posts; the most precise one was taken")
            }
            let rulesOptions = base.map { "--rules \($0)" }.joined(separator: " ")
            StandardError.write(
                "\(calibration.changedRules.count) rules and the harmful threshold written to \(output); apply with \(rulesOptions) --rules \(output)")
        }
    }
}

/// The progress line of `rules calibrate` on a terminal: posts screened of all, redrawn at
/// most four times a second.
final class CalibrationProgressLine {
    private var lastDraw: ContinuousClock.Instant?

    func update(screened: Int, total: Int) {
        let now = ContinuousClock.now
        if let lastDraw, now - lastDraw < .milliseconds(250) { return }
        lastDraw = now
        FileOutput.stderr.write("\r\u{1B}[Kscreening \(screened) of \(total) posts")
    }

    func clear() {
        if lastDraw != nil { FileOutput.stderr.write("\r\u{1B}[K") }
    }
}
