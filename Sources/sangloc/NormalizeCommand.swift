import ArgumentParser
import SangLoc

/// `sangloc normalize TEXT`: shows each layer of VietText's normalization and the tokens.
struct NormalizeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "normalize",
        abstract: "Show how VietText normalizes a text: layers and tokens with their original spans."
    )

    @Argument(help: "The text to normalize.")
    var text: String

    @Flag(help: "Print JSON: {canonical, bare, tokens: [{kind, text, canonical, bare, start, end, diacritics, alternatives}]}.")
    var json = false

    func run() throws {
        let normalized = Normalizer().normalize(text)
        print(json ? NormalizedTextJSON.render(normalized) : NormalizedTextReport.render(normalized))
    }
}
