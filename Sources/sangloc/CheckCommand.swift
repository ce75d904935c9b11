import ArgumentParser
import Foundation
import SangLoc

/// `sangloc check TEXT|-`: screens one post and shows why.
struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Screen one post: the verdict, the text with matched spans highlighted, and the rules that fired."
    )

    @Argument(help: "The post's text, or '-' to read it from standard input.")
    var text: String

    @OptionGroup var pack: PackOptions

    @Option(name: .customLong("link"), help: "A link attached to the post (repeatable).")
    var links: [String] = []

    @Option(help: "The post's author, for rules with an 'author' condition.")
    var author: String?

    @Option(help: "The post's platform (zalo, facebook...), for rules with a 'platform' condition.")
    var platform: String?

    @Option(help: ArgumentHelp(
        "When the post was published (Unix seconds or ISO 8601), for rules with a 'posted_at' condition.",
        valueName: "TIME"))
    var time: String?

    @Option(help: ArgumentHelp(
        "Time zone (IANA name) of a --time without one (default: the rule pack's time_zone, else Asia/Ho_Chi_Minh).",
        valueName: "ZONE"))
    var timeZone: String?

    @Option(help: "Colours: auto (on a terminal, unless NO_COLOR is set or TERM=dumb), always or never.")
    var color: ColorChoice = .auto

    @Flag(help: "Print the output record of docs/design.md §6 as JSON.")
    var json = false

    func validate() throws {
        if let timeZone, TimeZone(identifier: timeZone) == nil {
            throw ValidationError("--time-zone: unknown time zone '\(timeZone)'; use an IANA name such as Asia/Ho_Chi_Minh or UTC")
        }
        if let time, InputTimestamp.date(from: time) == nil {
            throw ValidationError("--time: '\(time)' is neither Unix seconds nor ISO 8601 (such as 2026-11-20T08:15:00+07:00)")
        }
    }

    func run() throws {
        let screener = try pack.screener()
        let rulePack = screener.rules.pack
        var postText = text
        if text == "-" {
            // The whole of standard input is the post; one final line break is not part of it.
            postText = String(decoding: FileHandle.standardInput.readDataToEndOfFile(), as: UTF8.self)
            if postText.hasSuffix("\r\n") { postText.removeLast() } else if postText.hasSuffix("\n") { postText.removeLast() }
        }
        var post = Post(id: "1", text: postText, links: links, author: author, platform: platform)
        if let time {
            let zone = TimeZone(identifier: timeZone ?? rulePack.effectiveTimeZone)
            post.postedAt = InputTimestamp.date(from: time, timeZone: zone)
        }
        let screening = screener.screen(post)
        if json {
            print(ScreeningRecord.json(id: post.id, screening: screening, source: nil))
        } else {
            print(ScreeningReport.render(text: postText, screening: screening, style: color.colors(1) ? .ansi : .plain))
        }
    }
}
