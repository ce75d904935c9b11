public import Foundation

/// The layout of a batch's output records.
public enum BatchOutputFormat: String, Sendable, CaseIterable {
    /// One JSON object per line: the output record of docs/design.md §6.
    case jsonl
    /// RFC 4180 CSV, one row per record; see ``CSVRecordWriter`` for the columns.
    case csv
}

/// What a batch writes and how many workers screen it.
public struct BatchOptions: Sendable {
    /// The layout of the output.
    public var outputFormat: BatchOutputFormat
    /// Verdicts whose records are written; `nil` writes all. Every post is still counted in the
    /// summary, and records of unreadable input are always written.
    public var only: Set<Verdict>?
    /// Adds the post's text as read (after repairs) to each record.
    public var includeText: Bool
    /// Workers screening concurrently (at least 1). The output is the same for any number.
    public var jobs: Int
    /// Records per unit of work handed to a worker.
    public var chunkSize: Int

    /// The default `chunkSize`: enough records to outweigh handing them to a worker.
    public static let defaultChunkSize = 256

    /// Options; by default JSONL of every record, no text, all cores.
    public init(
        outputFormat: BatchOutputFormat = .jsonl, only: Set<Verdict>? = nil, includeText: Bool = false,
        jobs: Int = ProcessInfo.processInfo.activeProcessorCount, chunkSize: Int = BatchOptions.defaultChunkSize
    ) {
        self.outputFormat = outputFormat
        self.only = only
        self.includeText = includeText
        self.jobs = max(1, jobs)
        self.chunkSize = max(1, chunkSize)
    }
}

/// How far a batch has got, for a progress line.
public struct BatchProgress: Sendable {
    /// Records read and written so far (posts and unreadable records).
    public var records: Int
    /// Time since the batch started.
    public var elapsed: Duration

    /// Records per second so far.
    public var recordsPerSecond: Double {
        let seconds = elapsed.seconds
        return seconds > 0 ? Double(records) / seconds : 0
    }
}

extension Verdict {
    /// The verdicts of a comma-separated list such as `harmful, unverified` (`--only`, `--fail-on`).
    /// - Throws: ``InvalidOptionValue`` naming an unknown verdict.
    public static func list(_ text: String) throws(InvalidOptionValue) -> Set<Verdict> {
        var verdicts = Set<Verdict>()
        for name in text.split(separator: ",") {
            let name = name.trimmingCharacters(in: .whitespaces)
            guard let verdict = Verdict(rawValue: name) else {
                throw InvalidOptionValue("unknown verdict '\(name)'; use harmful, unverified or verified")
            }
            verdicts.insert(verdict)
        }
        return verdicts
    }
}
