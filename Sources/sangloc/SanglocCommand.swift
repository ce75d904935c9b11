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
        discussion: """
            Quick start: sangloc screen posts.jsonl (one JSON record per post on standard output, a summary on \
            standard error); sangloc check "ck 500k vào stk 0123456789" (one post, and why).

            Exit status: 0 done (records that could not be read become error records); 1 a post got a --fail-on \
            verdict; 2 usage or rule-pack error, an input that cannot be opened, an output that cannot be written; \
            3 no record could be screened, or a field was missing from every record of an input, or --strict and \
            some record could not be read (3 wins over 1); 130 / 143 interrupted by SIGINT / SIGTERM.

            Environment: NO_COLOR (set and not empty) and TERM=dumb turn colours off where --color is auto; on a \
            terminal, TERM=dumb also turns off the progress line of screen.

            Rule packs: --rules PACK replaces the embedded default pack; --rules default --rules extra.yaml combines \
            them (each policy part and time_zone from the last pack that writes it, announced on standard error). \
            The pack format is docs/rule-packs.md, every option docs/cli.md, in the source repository.
            """,
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
