import ArgumentParser
import SangLoc

/// `--rules PACK`, repeatable; `default` is the embedded pack.
struct PackOptions: ParsableArguments {
    @Option(name: .customLong("rules"), help: ArgumentHelp(
        "A rule pack file, or 'default' for the embedded pack. Repeat to combine packs (--rules default --rules extra.yaml).",
        valueName: "PACK"))
    var packs: [String] = []
    @Flag(help: "Let a pack include files and wordlists outside its own folder.")
    var allowOutsideIncludes = false

    /// Loads and compiles the packs; a problem is reported and exits with code 2.
    func screener() throws -> Screener { try Self.screener(packs, allowOutsideIncludes: allowOutsideIncludes) }

    func loadPack() throws -> RulePack { try Self.loadPack(packs, allowOutsideIncludes: allowOutsideIncludes) }

    static func screener(_ packs: [String], allowOutsideIncludes: Bool = false) throws -> Screener {
        try Screener.warmingUp { try compile(try loadPack(packs, allowOutsideIncludes: allowOutsideIncludes)) }
    }

    /// Compiles a loaded pack; a problem is reported and exits with code 2.
    static func compile(_ pack: RulePack) throws -> Screener {
        do {
            return try Screener(pack: pack)
        } catch {
            throw CLIError.rulePack(error.description)
        }
    }

    /// Loads and merges the packs; what merging changed (a later pack's policy replacing an
    /// earlier one's) is written to stderr as warnings.
    static func loadPack(_ packs: [String], allowOutsideIncludes: Bool = false) throws -> RulePack {
        let pack: RulePack
        do {
            pack = try RulePackLoader.load(packs: packs, allowOutsideIncludes: allowOutsideIncludes)
        } catch {
            throw CLIError.rulePack(error.description)
        }
        for notice in pack.notices { StandardError.write("warning: \(notice)") }
        return pack
    }
}

/// Errors that end a command with the exit codes of docs/design.md §6.
enum CLIError: Error, CustomStringConvertible {
    /// A usage or rule-pack problem: exit 2.
    case rulePack(String)
    case usage(String)

    var description: String {
        switch self {
        case .rulePack(let message): "error: \(message)"
        case .usage(let message): "error: \(message)"
        }
    }
}

/// Standard error, for messages and the summary.
enum StandardError {
    static func write(_ text: String) {
        var text = text
        if !text.hasSuffix("\n") { text += "\n" }
        FileOutput.stderr.write(text)
    }
}
