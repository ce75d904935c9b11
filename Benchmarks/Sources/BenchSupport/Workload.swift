import Foundation
public import SangLoc

/// The benchmark workload made by the peers' `gen_workload.py`, read from the directory
/// named by `SANGLOC_BENCH_DIR`.
public struct Workload: Sendable {
    /// The environment variable that names the workload directory.
    public static let environmentVariable = "SANGLOC_BENCH_DIR"

    public let directory: String
    /// The post texts of `texts.bin`, in order (the same texts as `posts.jsonl`).
    public let texts: [String]
    /// UTF-8 bytes of all texts: the byte count every MB/s figure divides by.
    public let utf8Bytes: Int
    /// The keyword phrases of `dict_10k.txt`.
    public let keywords: [String]
    /// The regexes of `regexes.txt`.
    public let regexes: [String]

    /// Reads the workload in `directory`, or in `$SANGLOC_BENCH_DIR` when nil.
    ///
    /// - Throws: `WorkloadError` naming the missing variable or file and how to make it.
    public init(directory: String? = nil) throws(WorkloadError) {
        guard let directory = directory ?? ProcessInfo.processInfo.environment[Self.environmentVariable],
              !directory.isEmpty
        else {
            throw WorkloadError(
                "\(Self.environmentVariable) is not set. Make a workload and point it there:\n"
                    + "  python3 PEERS/gen_workload.py --posts 50000 --out /tmp/sangloc-bench\n"
                    + "  export \(Self.environmentVariable)=/tmp/sangloc-bench")
        }
        self.directory = directory
        let textsData = try Self.read(directory, "texts.bin")
        var texts: [String] = []
        var bytes = 0
        textsData.withUnsafeBytes { (raw: UnsafeRawBufferPointer) in
            var offset = 0
            while offset + 4 <= raw.count {
                let length = Int(raw.loadUnaligned(fromByteOffset: offset, as: UInt32.self).littleEndian)
                offset += 4
                let end = min(offset + length, raw.count)
                texts.append(String(decoding: UnsafeRawBufferPointer(rebasing: raw[offset..<end]), as: UTF8.self))
                bytes += end - offset
                offset = end
            }
        }
        self.texts = texts
        self.utf8Bytes = bytes
        self.keywords = try Self.lines(directory, "dict_10k.txt")
        self.regexes = try Self.lines(directory, "regexes.txt")
    }

    private static func read(_ directory: String, _ name: String) throws(WorkloadError) -> Data {
        let path = (directory as NSString).appendingPathComponent(name)
        guard let data = FileManager.default.contents(atPath: path) else {
            throw WorkloadError(
                "\(path): cannot read it. Is \(environmentVariable) a directory made by "
                    + "PEERS/gen_workload.py --out DIR?")
        }
        return data
    }

    private static func lines(_ directory: String, _ name: String) throws(WorkloadError) -> [String] {
        String(decoding: try read(directory, name), as: UTF8.self)
            .split(separator: "\n", omittingEmptySubsequences: true)
            .map(String.init)
            .filter { !$0.trimmingCharacters(in: .whitespaces).isEmpty }
    }

    /// The path of `posts.jsonl`.
    public var postsPath: String { (directory as NSString).appendingPathComponent("posts.jsonl") }

    /// A rule pack of the workload: one rule over the 10,000 keyword phrases (default tiers:
    /// exact, de-obfuscated, folded for 2+ syllables, teencode) and, with `regexes`, one rule per
    /// regex on the canonical layer.
    public func rulePack(regexes includeRegexes: Bool) -> RulePack {
        let file = (directory as NSString).appendingPathComponent("dict_10k.txt")
        let terms = keywords.enumerated().map { index, text in
            Term(text, location: SourceLocation(file: file, line: index + 1, column: 1))
        }
        let packFile = "<benchmark pack>"
        let here = SourceLocation(file: packFile, line: 1, column: 1)
        var rules = [
            Rule(
                id: "keywords", category: "bench", verdict: .harmful,
                match: Condition(.terms(.list("dict_10k", location: here)), location: here), location: here)
        ]
        if includeRegexes {
            let regexFile = (directory as NSString).appendingPathComponent("regexes.txt")
            for (index, pattern) in regexes.enumerated() {
                let location = SourceLocation(file: regexFile, line: index + 1, column: 1)
                rules.append(Rule(
                    id: "regex-\(index + 1)", category: "bench", verdict: .unverified, weight: 0.5,
                    match: Condition(.regex(pattern: pattern, layer: .canonical), location: location),
                    location: location))
            }
        }
        return RulePack(
            name: includeRegexes ? "bench-10k-terms-50-regexes" : "bench-10k-terms",
            lists: ["dict_10k": TermList(name: "dict_10k", terms: terms, file: file, location: here)],
            categories: ["bench": Category(id: "bench", description: "benchmark workload")],
            rules: rules, files: [packFile])
    }
}

/// A workload that cannot be read, with what to do about it.
public struct WorkloadError: Error, CustomStringConvertible {
    public let description: String

    init(_ description: String) { self.description = description }
}
