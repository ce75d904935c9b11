// `sangloc-measure`: release-mode measurements of SangLoc on the benchmark workload, one thread,
// one JSON line per measurement on standard output (the fields of the peers'
// `bench_icu`: tool, variant, reps, median_s, bytes, posts, MBps, posts_per_s, check).
//
//   sangloc-measure normalize [--reps N]      VietText Normalizer().normalize over texts.bin
//   sangloc-measure normalize-cold [--reps N] the same, a fresh Normalizer (empty chunk cache) per rep:
//                                             the first pass, where every new word is normalized
//   sangloc-measure match [--reps N]          screening of pre-normalized posts: 10k terms
//   sangloc-measure match-regex [--reps N]    the same with the 50 regexes
//   sangloc-measure screen [--reps N]         normalize + screen (10k terms + 50 regexes), texts in memory
//   sangloc-measure screen-jsonl [FILE]       reads posts.jsonl with openRecordSource, screens one post
//                                             at a time and writes one result line per post on
//                                             stdout: the stand-in for `sangloc screen`, timed from outside
//
// The workload directory comes from SANGLOC_BENCH_DIR.
import BenchSupport
import Foundation
import SangLoc
import VietText

func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data("sangloc-measure: \(message)\n".utf8))
    exit(2)
}

func report(_ tool: String, _ variant: String, times: [Double], bytes: Int, posts: Int, check: Int, notes: String = "") {
    let median = Stopwatch.median(times)
    let line = String(
        format: "{\"tool\": \"%@\", \"variant\": \"%@\", \"reps\": %d, \"median_s\": %.5f, \"bytes\": %d, \"posts\": %d, \"MBps\": %.3f, \"posts_per_s\": %.0f, \"check\": %d, \"notes\": \"%@\"}",
        tool, variant, times.count, median, bytes, posts, Double(bytes) / median / 1e6, Double(posts) / median, check, notes)
    FileHandle.standardOutput.write(Data((line + "\n").utf8))
}

var arguments = Array(CommandLine.arguments.dropFirst())
guard let mode = arguments.first else {
    fail("usage: sangloc-measure normalize|normalize-cold|match|match-regex|screen|screen-jsonl [--reps N] [FILE]")
}
arguments.removeFirst()
var reps = 5
if let flag = arguments.firstIndex(of: "--reps") {
    guard flag + 1 < arguments.count, let value = Int(arguments[flag + 1]), value > 0 else { fail("--reps needs a positive number") }
    reps = value
    arguments.removeSubrange(flag...(flag + 1))
}

/// Screens every line of a JSONL file one post at a time and writes `{"id","verdict","rules"}` lines.
func screenJSONL(path: String, screener: Screener) throws {
    var source = try openRecordSource(path: path, options: InputOptions(format: .jsonl))
    let scratch = ScreeningScratch()
    var out: [UInt8] = []
    out.reserveCapacity(1 << 16)
    func appendEscaped(_ text: String) {
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"):
                out.append(UInt8(ascii: "\\"))
                out.append(byte)
            case 0..<0x20:
                out.append(contentsOf: Array(String(format: "\\u%04x", byte).utf8))
            default:
                out.append(byte)
            }
        }
    }
    func flush() {
        out.withUnsafeBufferPointer { buffer in
            var offset = 0
            while offset < buffer.count {
                let written = write(STDOUT_FILENO, buffer.baseAddress! + offset, buffer.count - offset)
                if written <= 0 { fail("cannot write the results: \(String(cString: strerror(errno)))") }
                offset += written
            }
        }
        out.removeAll(keepingCapacity: true)
    }
    while let record = try source.next() {
        switch record {
        case .post(let post, _, _):
            let screening = screener.screen(post, scratch: scratch)
            out.append(contentsOf: Array("{\"id\":\"".utf8))
            appendEscaped(post.id)
            out.append(contentsOf: Array("\",\"verdict\":\"\(screening.verdict.rawValue)\",\"rules\":[".utf8))
            for (index, hit) in screening.hits.enumerated() {
                if index > 0 { out.append(UInt8(ascii: ",")) }
                out.append(UInt8(ascii: "\""))
                appendEscaped(hit.rule)
                out.append(UInt8(ascii: "\""))
            }
            out.append(contentsOf: Array("]}\n".utf8))
        case .failure(let error, let position):
            out.append(contentsOf: Array("{\"error\":\"line \(position.line ?? 0): ".utf8))
            appendEscaped(error.message)
            out.append(contentsOf: Array("\"}\n".utf8))
        }
        if out.count >= 1 << 16 { flush() }
    }
    flush()
}

do {
    let workload = try Workload()
    switch mode {
    case "normalize":
        let normalizer = Normalizer()
        var check = 0
        let times = (0..<reps).map { _ in
            check = 0
            return Stopwatch.seconds {
                for text in workload.texts { check &+= normalizer.normalize(text).tokens.count }
            }
        }
        report("SangLoc VietText Normalizer.normalize", "UTF-8 String in, NormalizedText out (all layers, tokens)",
               times: times, bytes: workload.utf8Bytes, posts: workload.texts.count, check: check, notes: "check = tokens")
    case "normalize-cold":
        var check = 0
        let times = (0..<reps).map { _ in
            check = 0
            return Stopwatch.seconds {
                let normalizer = Normalizer()
                for text in workload.texts { check &+= normalizer.normalize(text).tokens.count }
            }
        }
        report("SangLoc VietText Normalizer.normalize, cold", "a fresh Normalizer per rep: every chunk normalized once, then cached",
               times: times, bytes: workload.utf8Bytes, posts: workload.texts.count, check: check, notes: "check = tokens")
    case "match", "match-regex":
        let withRegexes = mode == "match-regex"
        var compiled: Screener!
        let compileSeconds = try Stopwatch.seconds { compiled = try Screener(pack: workload.rulePack(regexes: withRegexes)) }
        let screener = compiled!
        let posts = workload.texts.enumerated().map { Post(id: String($0.offset), text: $0.element) }
        let normalized = posts.map { screener.rules.normalizer.normalize($0.text) }
        let scratch = ScreeningScratch()
        var check = 0
        let times = (0..<reps).map { _ in
            check = 0
            return Stopwatch.seconds {
                for index in posts.indices {
                    let screening = screener.screen(posts[index], normalized: normalized[index], scratch: scratch)
                    for hit in screening.hits { check &+= hit.matches.count }
                }
            }
        }
        report(
            "SangLoc Screener.screen(normalized:)",
            withRegexes ? "10k terms (all tiers) + 50 regexes, pre-normalized posts" : "10k terms (all tiers), pre-normalized posts",
            times: times, bytes: workload.utf8Bytes, posts: posts.count, check: check,
            notes: String(format: "check = matches; compile %.3f s, %d terms, %d regexes", compileSeconds,
                          screener.rules.termCount, screener.rules.regexCount))
    case "screen":
        let screener = try Screener(pack: workload.rulePack(regexes: true))
        let posts = workload.texts.enumerated().map { Post(id: String($0.offset), text: $0.element) }
        let scratch = ScreeningScratch()
        var check = 0
        let times = (0..<reps).map { _ in
            check = 0
            return Stopwatch.seconds {
                for post in posts { check &+= screener.screen(post, scratch: scratch).hits.count }
            }
        }
        report("SangLoc Screener.screen", "normalize + 10k terms + 50 regexes, texts in memory",
               times: times, bytes: workload.utf8Bytes, posts: posts.count, check: check, notes: "check = rule hits")
    case "screen-jsonl":
        let screener = try Screener(pack: workload.rulePack(regexes: true))
        try screenJSONL(path: arguments.first ?? workload.postsPath, screener: screener)
    default:
        fail("unknown mode '\(mode)'; use normalize, normalize-cold, match, match-regex, screen or screen-jsonl")
    }
} catch {
    fail("\(error)")
}
