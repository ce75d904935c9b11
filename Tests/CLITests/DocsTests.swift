import Foundation
import Testing

/// The documents a new user reads: every reference in them leads somewhere in this repository.
@Suite("documentation")
struct DocsTests {
    typealias Run = SanglocProcess

    /// README, CONTRIBUTING, CHANGELOG, docs/ and the DocC articles.
    static func documents() throws -> [(path: String, text: String)] {
        let root = Run.packageRoot
        var paths = ["README.md", "CONTRIBUTING.md", "CHANGELOG.md"]
        for folder in ["docs", "Sources/SangLoc/SangLoc.docc", "Sources/VietText/VietText.docc"] {
            let names = try FileManager.default.contentsOfDirectory(atPath: root.appendingPathComponent(folder).path)
            paths += names.filter { $0.hasSuffix(".md") }.sorted().map { "\(folder)/\($0)" }
        }
        return try paths.map { ($0, try String(contentsOf: root.appendingPathComponent($0), encoding: .utf8)) }
    }

    @Test("links and design.md sections cited in the documents exist; nothing points outside the repository")
    func referencesResolve() throws {
        let root = Run.packageRoot
        let design = try String(contentsOf: root.appendingPathComponent("docs/design.md"), encoding: .utf8)
        let sections = Set(design.matches(of: /\n## (\d+)\./).map { String($0.output.1) })
        for (path, text) in try Self.documents() {
            // Links outside code: fenced blocks and inline code are Swift or shell, not links.
            let prose = text.replacing(/```[\s\S]*?```/, with: "").replacing(/`[^`\n]*`/, with: "")
            for link in prose.matches(of: /\]\(([^)#\s]+)[^)]*\)/) {
                let target = String(link.output.1)
                if target.hasPrefix("http") || target.hasPrefix("doc:") { continue }
                let folder = URL(fileURLWithPath: path).deletingLastPathComponent().relativePath
                let resolved = root.appendingPathComponent(folder == "." ? target : "\(folder)/\(target)")
                #expect(FileManager.default.fileExists(atPath: resolved.path), "\(path): link to \(target) leads nowhere")
            }
            for cited in text.matches(of: /design\.md`? §(\d+)/) {
                #expect(sections.contains(String(cited.output.1)), "\(path): docs/design.md has no §\(cited.output.1)")
            }
            #expect(!text.contains("DESIGN.md"), "\(path) cites DESIGN.md, which is not in the repository")
            // A pattern, not the path written out: this file itself points nowhere.
            #expect(!text.contains(/\.\.\/shared/) && !text.contains("/work/"), "\(path) points outside the repository")
        }
    }

    @Test("the README says how to depend on the package, with the version sangloc reports")
    func packageLine() throws {
        let readme = try String(contentsOf: Run.packageRoot.appendingPathComponent("README.md"), encoding: .utf8)
        let version = try Run.run(["--version"]).stdoutText.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(readme.contains(#".package(path: "../sangloc")"#), "no .package(path:) line that works on a checkout today")
        #expect(readme.contains(#".package(url: "#), "no .package(url:) line to copy")
        #expect(readme.contains(#"from: "\#(version)")"#), "the README's version is not sangloc's \(version)")
        #expect(readme.contains(#".product(name: "SangLoc", package: "sangloc")"#))
        #expect(readme.contains("Scripts/install --prefix"))
    }

    @Test("Scripts/install refuses what it does not know, and says how to use it")
    func installUsage() throws {
        let script = Run.packageRoot.appendingPathComponent("Scripts/install")
        let process = Process()
        process.executableURL = script
        process.arguments = ["--help"]
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let help = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        #expect(help.contains("--prefix DIR") && help.contains("share/man/man1/sangloc.1"), "\(help)")
    }
}
