import ArgumentParser
#if canImport(Glibc)
import Glibc
#endif

/// `sangloc`: screens Vietnamese social-media posts. Only lists the subcommands.
@main
struct SanglocCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sangloc",
        abstract: "Screen Vietnamese social-media posts: harmful, unverified or verified, with the evidence.",
        version: "0.1.0",
        subcommands: [ScreenCommand.self, CheckCommand.self, NormalizeCommand.self, RulesCommand.self, EvalCommand.self]
    )

    /// Runs the command; usage and rule-pack errors exit with code 2 (docs/design.md §6).
    static func main() {
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch let error as CLIError {
            StandardError.write(error.description)
            _exit(2)
        } catch {
            let code = exitCode(for: error)
            if code == .validationFailure {
                StandardError.write(fullMessage(for: error))
                _exit(2)
            }
            exit(withError: error)
        }
    }
}
