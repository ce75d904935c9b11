import ArgumentParser
import SangLoc

/// `sangloc check TEXT`: screens one post and shows why.
struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Screen one post: the verdict, the text with matched spans highlighted, and the rules that fired."
    )

    @Argument(help: "The post's text.")
    var text: String

    @OptionGroup var pack: PackOptions

    @Option(name: .customLong("link"), help: "A link attached to the post (repeatable).")
    var links: [String] = []

    @Flag(help: "Print the output record of docs/design.md §6 as JSON.")
    var json = false

    func run() throws {
        let screener = try pack.screener()
        let post = Post(id: "1", text: text, links: links)
        let screening = screener.screen(post)
        if json {
            print(ScreeningRecord.json(id: post.id, screening: screening, source: nil))
        } else {
            print(ScreeningReport.render(text: text, screening: screening, style: Terminal.isTerminal(1) ? .ansi : .plain))
        }
    }
}
