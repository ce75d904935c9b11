import ArgumentParser
import Foundation
import SangLoc
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `sangloc screen [INPUT...|-]`: the batch job. Reads posts, screens them on several workers
/// and writes one output record per input record, in input order (docs/design.md §6–§7).
///
/// Exit codes: 0 done; 1 a `--fail-on` verdict occurred; 2 usage, rule-pack, unopenable input
/// or unwritable output; 3 no record could be screened, or a field was missing from every
/// record of an input, or (with `--strict`) any input error occurred (3 wins over 1);
/// 130/143 interrupted by SIGINT/SIGTERM (a temporary `--output` file is removed).
struct ScreenCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "screen",
        abstract: "Screen posts in bulk: one output record per input record, in input order, and a summary on stderr."
    )

    @Argument(help: ArgumentHelp("Input files, Facebook export folders, or '-' for standard input (the default).", valueName: "INPUT"))
    var inputs: [String] = []

    @OptionGroup var pack: PackOptions

    @Option(help: "Input layout: auto, jsonl, csv, facebook or text.")
    var format = "auto"
    @Option(help: "Field (JSON dotted path or CSV column) holding the post id.")
    var idField = "id"
    @Option(help: "Field holding the post's text.")
    var textField = "text"
    @Option(help: "Field holding links beside the text (a string or an array).")
    var linksField: String?
    @Option(help: "Field holding the author.")
    var authorField: String?
    @Option(help: "Field holding the publication time (Unix seconds or ISO 8601).")
    var timeField: String?
    @Option(help: ArgumentHelp(
        "Time zone (IANA name) of times written without one, such as '2026-11-20 08:15:00' (default: the rule pack's time_zone, else Asia/Ho_Chi_Minh).",
        valueName: "ZONE"))
    var timeZone: String?
    @Option(help: "Platform recorded on every post (zalo, facebook...).")
    var platform: String?
    @Option(help: "CSV delimiter: one character, or 'tab' (default: whichever of ',' ';' and tab the header line holds most).")
    var delimiter: String?
    @Flag(help: "Text input: the whole file is one post rather than one post per line.")
    var wholeFile = false
    @Option(help: "Largest record read, in bytes (a line, a whole-file post; a Facebook export file may be 64 times larger); a larger one is an error record naming its size.")
    var maxRecordBytes = InputOptions.defaultMaxRecordBytes

    @Option(help: "Write records to FILE (through a temporary file renamed at the end) instead of stdout.")
    var output: String?
    @Option(help: "Output layout: jsonl or csv (columns id,verdict,score,basis,categories,hits,source,error).")
    var outputFormat = "jsonl"
    @Option(help: "Write only posts with these verdicts (comma-separated); all are still counted, error records always written.")
    var only: String?
    @Flag(help: "Add the post's text as read (repairs applied) to each record.")
    var includeText = false
    @Option(help: ArgumentHelp("Workers screening concurrently (default: all cores).", valueName: "N"))
    var jobs: Int?
    @Option(help: ArgumentHelp("Exit 1 if a post gets one of these verdicts (comma-separated: harmful, unverified).", valueName: "VERDICTS"))
    var failOn: String?
    @Option(help: "Write the summary as JSON to FILE.")
    var summaryJson: String?
    @Flag(help: "Exit 3 when any record could not be read (a run that screened no record, or missed a field in every record, exits 3 anyway).")
    var strict = false
    @Option(help: "Write a self-contained HTML review page to FILE: charts and a filterable table of flagged posts with their matches highlighted.")
    var report: String?
    @Flag(help: "List verified posts in the --report page too.")
    var reportAll = false
    @Option(help: "Posts listed per category in the --report page at most; the page says how many were left out.")
    var reportLimit = 5_000

    func validate() throws {
        guard InputFormat(rawValue: format) != nil else {
            throw ValidationError("--format must be one of: auto, jsonl, csv, facebook, text (got '\(format)')")
        }
        guard BatchOutputFormat(rawValue: outputFormat) != nil else {
            throw ValidationError("--output-format must be jsonl or csv (got '\(outputFormat)')")
        }
        guard reportLimit >= 1 else { throw ValidationError("--report-limit must be at least 1 (got \(reportLimit))") }
        if report == nil, reportAll || reportLimit != 5_000 {
            throw ValidationError("--report-all and --report-limit need --report FILE")
        }
        guard maxRecordBytes >= 1 else { throw ValidationError("--max-record-bytes must be at least 1 (got \(maxRecordBytes))") }
        if let jobs, jobs < 1 { throw ValidationError("--jobs must be at least 1 (got \(jobs))") }
        if let timeZone, TimeZone(identifier: timeZone) == nil {
            throw ValidationError("--time-zone: unknown time zone '\(timeZone)'; use an IANA name such as Asia/Ho_Chi_Minh or UTC")
        }
        if let failOn, let verdicts = try Self.verdicts(failOn, option: "--fail-on"), verdicts.contains(.verified) {
            throw ValidationError("--fail-on: 'verified' cannot fail a run; use harmful, unverified or both (got '\(failOn)')")
        }
        _ = try delimiter.map(Self.delimiterByte)
        _ = try Self.verdicts(only, option: "--only")
        _ = try Self.verdicts(failOn, option: "--fail-on")
        if inputs.filter({ $0 == "-" }).count > 1 { throw ValidationError("standard input ('-') can be read only once") }
    }

    func run() throws {
        try checkOutputsAreDistinct()
        // The pack is read first, for its time zone; the inputs are opened and their first
        // records read while it compiles. A pack error is still reported first (the reading
        // thread is left to the exit).
        let (screener, readAhead) = try Screener.warmingUp {
            let rulePack = try pack.loadPack()
            let zone = TimeZone(identifier: timeZone ?? rulePack.effectiveTimeZone) ?? TimeZone(identifier: RulePack.defaultTimeZone)!
            let inputOptions = InputOptions(
                idField: idField, textField: textField, linksField: linksField, authorField: authorField,
                timeField: timeField, platform: platform, delimiter: try delimiter.map(Self.delimiterByte),
                wholeFile: wholeFile, format: InputFormat(rawValue: format)!, maxRecordBytes: maxRecordBytes, timeZone: zone)
            let readAhead = BatchInputReadAhead(paths: inputs.isEmpty ? ["-"] : inputs, options: inputOptions)
            return (try PackOptions.compile(rulePack), readAhead)
        }
        let input: BatchInput
        do {
            input = try readAhead.finish()
        } catch {
            throw CLIError.usage(error.description)
        }
        let options = BatchOptions(
            outputFormat: BatchOutputFormat(rawValue: outputFormat)!, only: try Self.verdicts(only, option: "--only"),
            includeText: includeText, jobs: jobs ?? ProcessInfo.processInfo.activeProcessorCount)
        let file: BatchOutputFile
        do {
            file = try output.map(BatchOutputFile.replacing) ?? .standardOutput()
        } catch {
            throw CLIError.usage(error.description)
        }
        file.removeOnInterrupt()

        let reviewReport = report.map { _ in
            ReviewReport(
                context: ReviewReportContext(
                    inputs: inputs.isEmpty ? ["-"] : inputs, packName: screener.rules.pack.name,
                    packVersion: screener.rules.pack.version),
                options: ReviewReportOptions(includeVerified: reportAll, limitPerCategory: reportLimit))
        }
        let progress = Terminal.takesEscapes(2) ? ProgressLine() : nil
        let summary: BatchSummary
        do {
            summary = try BatchScreener(screener: screener, options: options)
                .run(input, output: file, report: reviewReport, progress: progress.map { line in { line.update($0) } })
            progress?.clear()
            if let report, let reviewReport { try reviewReport.write(to: report, summary: summary) }
            try file.commit()
        } catch {
            progress?.clear()
            file.discard()
            throw CLIError.usage("\(error)")
        }

        StandardError.write(summary.renderText())
        if let summaryJson {
            // As `--output` and `--report`: a temporary file renamed over the target (a device
            // such as `/dev/null` written directly).
            do throws(BatchOutputError) {
                try BatchOutputFile.replace(summaryJson, with: summary.renderJSON())
            } catch {
                throw CLIError.usage(error.description)
            }
        }
        if let failure = summary.failure {
            // A missing field was told in the summary already.
            if !summary.missingFields.contains(failure) { StandardError.write("error: \(failure)") }
            throw ExitCode(3)
        }
        if strict, summary.errors > 0 || !summary.warnings.isEmpty { throw ExitCode(3) }
        let failing = try Self.verdicts(failOn, option: "--fail-on") ?? []
        if failing.contains(where: { (summary.verdicts[$0] ?? 0) > 0 }) { throw ExitCode(1) }
    }

    /// Refuses an `--output`, `--report` or `--summary-json` that is an input or another of
    /// them: the input would be replaced by the results, or one output by the other.
    private func checkOutputsAreDistinct() throws {
        var seen: [(identity: String, what: String)] = inputs.compactMap { path in
            path == "-" ? nil : Self.fileIdentity(path).map { ($0, "the input '\(path)'") }
        }
        for (option, path) in [("--output", output), ("--report", report), ("--summary-json", summaryJson)] {
            guard let path, let identity = Self.fileIdentity(path) else { continue }
            if let earlier = seen.first(where: { $0.identity == identity }) {
                throw CLIError.usage("\(option) '\(path)' is the same file as \(earlier.what); choose another file name")
            }
            seen.append((identity, "\(option) '\(path)'"))
        }
    }

    /// What a path names, for telling whether two paths are one file: device and inode of an
    /// existing regular file, the resolved path of one to be created; nil for a device or pipe,
    /// which several outputs may share (`/dev/null`).
    private static func fileIdentity(_ path: String) -> String? {
        var info = stat()
        if stat(path, &info) == 0 {
            guard info.st_mode & S_IFMT == S_IFREG else { return nil }
            return "\(info.st_dev):\(info.st_ino)"
        }
        let url = URL(fileURLWithPath: path).standardizedFileURL
        guard let resolved = realpath(url.deletingLastPathComponent().path, nil) else { return url.path }
        defer { free(resolved) }
        return String(cString: resolved) + "/" + url.lastPathComponent
    }

    private static func delimiterByte(_ name: String) throws -> UInt8 {
        do {
            return try InputOptions.delimiter(named: name)
        } catch {
            throw ValidationError("--delimiter \(error)")
        }
    }

    private static func verdicts(_ list: String?, option: String) throws -> Set<Verdict>? {
        do {
            return try list.map(Verdict.list)
        } catch {
            throw ValidationError("\(option): \(error)")
        }
    }
}

/// The progress line on a terminal: records, records per second and elapsed time, redrawn
/// at most four times a second with `\r`.
final class ProgressLine {
    private var lastDraw: ContinuousClock.Instant?

    func update(_ progress: BatchProgress) {
        let now = ContinuousClock.now
        if let lastDraw, now - lastDraw < .milliseconds(250) { return }
        lastDraw = now
        let seconds = Double(progress.elapsed.components.seconds) + Double(progress.elapsed.components.attoseconds) / 1e18
        FileOutput.stderr.write(
            "\r\u{1B}[K\(progress.records) posts  \(Int(progress.recordsPerSecond.rounded())) posts/s  \(String(format: "%.1f", seconds)) s")
    }

    func clear() {
        if lastDraw != nil { FileOutput.stderr.write("\r\u{1B}[K") }
    }
}
