import ArgumentParser
import SangLoc

/// `sangloc rules lint|test|show [PACK]`.
struct RulesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rules",
        abstract: "Check, test and show rule packs.",
        subcommands: [Lint.self, Test.self, Show.self]
    )

    struct Lint: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Load and compile a pack, and warn about rules likely to misfire.")
        @Argument(help: "Pack files ('default' for the embedded pack).") var packs: [String] = []

        func run() throws {
            let pack = try PackOptions.loadPack(packs)
            let screener = try PackOptions.screener(packs)
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
        static let configuration = CommandConfiguration(abstract: "Print the resolved pack: rules, lists, policy.")
        @Argument(help: "Pack files ('default' for the embedded pack).") var packs: [String] = []

        func run() throws {
            let pack = try PackOptions.loadPack(packs)
            print(RulePackDescription.render(pack))
        }
    }
}
