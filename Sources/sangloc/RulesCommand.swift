import ArgumentParser
import Foundation
import SangLoc

/// `sangloc rules lint|test|show [PACK]`, `sangloc rules suggest LABELLED...`.
struct RulesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rules",
        abstract: "Check, test and show rule packs; suggest terms from labelled posts.",
        subcommands: [Lint.self, Test.self, Show.self, Suggest.self]
    )

    struct Lint: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Load and compile a pack, and warn about rules likely to misfire.")
        @Argument(help: "Pack files ('default' for the embedded pack).") var packs: [String] = []

        func run() throws {
            let pack = try PackOptions.loadPack(packs)
            let screener = try PackOptions.compile(pack)
            let warnings = RuleLinter.warnings(for: pack, compiled: screener.rules)
            for warning in warnings { print(warning.description) }
            print("\(pack.name) \(pack.version): \(pack.rules.count) rules, \(screener.rules.termCount) terms, \(screener.rules.regexCount) regexes, \(warnings.count) warning\(warnings.count == 1 ? "" : "s")")
        }
    }

    struct Test: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Run every rule's examples; exit 1 naming the rule and example that failed.")
        @Argument(help: "Pack files ('default' for the embedded pack).") var packs: [String] = []

        func run() throws {
            let screener = try PackOptions.screener(packs)
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

        func run() throws {
            let pack = try PackOptions.loadPack(packs)
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
            var posts: [LabelledPost] = []
            for file in files {
                do {
                    posts += try LabelledPostReader.read(file: file)
                } catch {
                    throw CLIError.usage(error.description)
                }
            }
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
}
