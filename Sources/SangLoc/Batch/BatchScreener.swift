import Dispatch
import Synchronization

/// Screens whole inputs: reads records, screens them on several workers, writes one output
/// record per input record in input order, and counts what it found (`sangloc screen`).
///
/// The calling thread reads records in chunks of ``BatchOptions/chunkSize``; a round of
/// `4 × jobs` chunks is screened by `jobs` workers, each with its own ``ScreeningScratch``,
/// while the calling thread reads the next round; then the round's records are written in
/// order. At most two rounds are in memory, so memory stays flat on inputs of any size, and
/// the output is byte for byte the same for any number of jobs.
public struct BatchScreener: Sendable {
    public let screener: Screener
    public let options: BatchOptions

    public init(screener: Screener, options: BatchOptions = BatchOptions()) {
        self.screener = screener
        self.options = options
    }

    /// Screens every record of `sources`, one after the other, writing records to `output` and,
    /// when given, feeding `report` the listed posts in input order (their rows are rendered by
    /// the workers; the report keeps what its page shows).
    ///
    /// `progress` is called on the calling thread after each round is written. The output is
    /// flushed but not committed: call ``BatchOutputFile/commit()`` when the batch succeeded.
    /// - Returns: the counts, with a warning for each input whose text field was never found.
    /// - Throws: ``InputOpenError`` when an input cannot be read any further,
    ///   ``BatchOutputError`` when the output cannot be written.
    public func run(
        _ sources: [any RecordSource], output: BatchOutputFile, report: ReviewReport? = nil,
        progress: ((BatchProgress) -> Void)? = nil
    ) throws -> BatchSummary {
        let reportVerdicts = report?.listedVerdicts
        let clock = ContinuousClock()
        let start = clock.now
        var summary = BatchSummary()
        let workers = WorkerScratches(count: options.jobs)
        if options.outputFormat == .csv { try output.write(CSVRecordWriter.header(includeText: options.includeText)) }

        var sources = sources
        var sourceIndex = 0
        /// Reads the next round of chunks across inputs; empty at the end.
        func readRound() throws(InputOpenError) -> [[InputRecord]] {
            var chunks: [[InputRecord]] = []
            var chunk: [InputRecord] = []
            chunk.reserveCapacity(options.chunkSize)
            while sourceIndex < sources.count, chunks.count < options.jobs * 4 {
                if let record = try sources[sourceIndex].next() {
                    chunk.append(record)
                    if chunk.count == options.chunkSize {
                        chunks.append(chunk)
                        chunk = []
                        chunk.reserveCapacity(options.chunkSize)
                    }
                } else {
                    if let warning = sources[sourceIndex].fieldStatistics.missingTextFieldWarning {
                        summary.warnings.append(warning)
                    }
                    sourceIndex += 1
                }
            }
            if !chunk.isEmpty { chunks.append(chunk) }
            return chunks
        }

        var round = try readRound()
        while !round.isEmpty {
            let work = RoundWork(chunks: round)
            let group = DispatchGroup()
            for worker in 0..<min(options.jobs, round.count) {
                DispatchQueue.global().async(group: group) { [self] in
                    let scratch = workers.scratches[worker]
                    while true {
                        let index = work.next.wrappingAdd(1, ordering: .relaxed).oldValue
                        guard index < work.chunks.count else { break }
                        work.results[index] = screenChunk(
                            work.chunks[index], scratch: scratch, reportVerdicts: reportVerdicts)
                    }
                }
            }
            let next = try readRound()
            group.wait()
            for result in work.results {
                guard let result else { continue }
                try output.write(result.text)
                summary.merge(result.summary)
                for entry in result.reportEntries { report?.add(entry) }
            }
            progress?(BatchProgress(records: summary.records, elapsed: clock.now - start))
            round = next
        }
        try output.flush()
        summary.elapsed = clock.now - start
        return summary
    }

    /// Screens one chunk: its output text, its counts, and the report rows of posts whose
    /// verdict is in `reportVerdicts`.
    func screenChunk(
        _ records: [InputRecord], scratch: ScreeningScratch, reportVerdicts: Set<Verdict>? = nil
    ) -> ChunkResult {
        var text = ""
        var summary = BatchSummary()
        var reportEntries: [ReviewReportEntry] = []
        for record in records {
            switch record {
            case .post(let post, let source, let flags):
                let screening = screener.screen(post, scratch: scratch)
                summary.count(screening, flags: flags)
                if let reportVerdicts, reportVerdicts.contains(screening.verdict) {
                    reportEntries.append(ReviewReportEntry(post: post, screening: screening, source: source))
                }
                if let only = options.only, !only.contains(screening.verdict) { continue }
                let postText = options.includeText ? post.text : nil
                switch options.outputFormat {
                case .jsonl:
                    text += ScreeningRecord.json(
                        id: post.id, screening: screening, source: source, repairs: flags.repairNames, text: postText)
                    text += "\n"
                case .csv:
                    text += CSVRecordWriter.row(id: post.id, screening: screening, source: source, text: postText)
                }
            case .failure(let error, let source):
                summary.countError()
                switch options.outputFormat {
                case .jsonl: text += ScreeningRecord.errorJSON(error, source: source) + "\n"
                case .csv: text += CSVRecordWriter.errorRow(error, source: source, includeText: options.includeText)
                }
            }
        }
        return ChunkResult(text: text, summary: summary, reportEntries: reportEntries)
    }
}

/// The output text and counts of one chunk.
struct ChunkResult: Sendable {
    var text: String
    var summary: BatchSummary
    var reportEntries: [ReviewReportEntry] = []
}

/// One round of chunks shared by the workers: each takes the next chunk index from `next` and
/// writes only its own slot of `results`; the reader reads `results` after the group is done.
private final class RoundWork: @unchecked Sendable {
    let chunks: [[InputRecord]]
    let next = Atomic<Int>(0)
    /// Slots written concurrently (each by one worker), so raw memory rather than an `Array`,
    /// whose copy-on-write check is not safe under concurrent writes.
    let results: UnsafeMutableBufferPointer<ChunkResult?>

    init(chunks: [[InputRecord]]) {
        self.chunks = chunks
        results = .allocate(capacity: chunks.count)
        results.initialize(repeating: nil)
    }

    deinit {
        results.deinitialize()
        results.deallocate()
    }
}

/// One ``ScreeningScratch`` per worker; worker `i` only ever uses `scratches[i]`.
private final class WorkerScratches: @unchecked Sendable {
    let scratches: [ScreeningScratch]

    init(count: Int) {
        scratches = (0..<count).map { _ in ScreeningScratch() }
    }
}
