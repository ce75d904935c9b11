import Dispatch
import Foundation

/// Screens whole inputs: reads records, screens them on several workers, writes one output
/// record per input record in input order, and counts what it found (`sangloc screen`).
///
/// The calling thread reads records in chunks (``BatchInput``) and queues them;
/// `jobs` workers, each with its own ``ScreeningScratch``, take the next queued chunk as soon as
/// they finish one and render its records into a byte buffer; the calling thread writes the
/// finished chunks in input order while it reads on. No worker waits for a slower one: the
/// only limit is that at most `4 × jobs` chunks are read and not yet written, so memory stays
/// flat on inputs of any size, and the output is byte for byte the same for any number of jobs.
public struct BatchScreener: Sendable {
    /// The compiled pack every worker screens with.
    public let screener: Screener
    /// Output layout, filters and workers.
    public let options: BatchOptions

    /// A batch screener of `screener` with `options`.
    public init(screener: Screener, options: BatchOptions = BatchOptions()) {
        self.screener = screener
        self.options = options
    }

    /// Screens every record of `sources`, one after the other, writing records to `output` and,
    /// when given, feeding `report` the listed posts in input order (their rows are rendered by
    /// the workers; the report keeps what its page shows).
    ///
    /// `progress` is called on the calling thread after finished chunks are written. The output
    /// is flushed but not committed: call ``BatchOutputFile/commit()`` when the batch succeeded.
    /// - Returns: the counts, with a warning for each input whose text field was never found.
    /// - Throws: ``InputOpenError`` when an input cannot be read any further,
    ///   ``BatchOutputError`` when the output cannot be written.
    public func run(
        _ sources: [any RecordSource], output: BatchOutputFile, report: ReviewReport? = nil,
        progress: ((BatchProgress) -> Void)? = nil
    ) throws -> BatchSummary {
        try run(BatchInput(sources, chunkSize: options.chunkSize), output: output, report: report, progress: progress)
    }

    /// Screens every record of `input` (which may have read some chunks ahead), as the `run`
    /// above does with its sources; the chunks are `input`'s.
    ///
    /// When the input stalls (a pipe whose writer waits), every record read so far is written
    /// and the output flushed before reading on.
    public func run(
        _ input: BatchInput, output: BatchOutputFile, report: ReviewReport? = nil,
        progress: ((BatchProgress) -> Void)? = nil
    ) throws -> BatchSummary {
        switch options.outputFormat {
        case .jsonl: try run(input, as: JSONLinesRecordWriter.self, output: output, report: report, progress: progress)
        case .csv: try run(input, as: CSVRecordWriter.self, output: output, report: report, progress: progress)
        }
    }

    private func run<Writer: ChunkRecordWriter>(
        _ input: BatchInput, as writer: Writer.Type, output: BatchOutputFile, report: ReviewReport?,
        progress: ((BatchProgress) -> Void)?
    ) throws -> BatchSummary {
        let reportVerdicts = report?.listedVerdicts
        let clock = ContinuousClock()
        let start = clock.now
        var summary = BatchSummary()
        try output.write(Writer.header(includeText: options.includeText))

        let queue = OrderedChunkQueue(window: options.jobs * 4)
        let workers = DispatchGroup()
        for _ in 0..<options.jobs {
            DispatchQueue.global().async(group: workers) { [self] in
                let scratch = ScreeningScratch()
                while let (sequence, records, buffer) = queue.nextChunk() {
                    let result = screenChunk(
                        records, as: Writer.self, into: buffer, scratch: scratch, reportVerdicts: reportVerdicts)
                    queue.finish(result, sequence: sequence)
                }
            }
        }
        defer {
            // On success the queue is already empty; after an error, the workers drop what is left.
            queue.cancel()
            workers.wait()
        }

        func write(_ result: ChunkResult) throws(BatchOutputError) {
            try output.write(result.bytes)
            summary.merge(result.summary)
            for entry in result.reportEntries { report?.add(entry) }
            queue.recycle(result.bytes)
        }

        while true {
            let chunk = try input.readChunk(untilStall: true)
            if !chunk.isEmpty {
                let finished = queue.submit(chunk)
                for result in finished { try write(result) }
                if !finished.isEmpty { progress?(BatchProgress(records: summary.records, elapsed: clock.now - start)) }
            }
            if input.stalled {
                // The input waits for its writer, who may wait for these records: write them all.
                while let result = queue.nextFinished() { try write(result) }
                try output.flush()
                progress?(BatchProgress(records: summary.records, elapsed: clock.now - start))
            } else if chunk.isEmpty {
                break
            }
        }
        queue.close()
        while let result = queue.nextFinished() {
            try write(result)
            progress?(BatchProgress(records: summary.records, elapsed: clock.now - start))
        }
        try output.flush()
        summary.warnings += input.warnings
        summary.missingFields += input.missingFields
        summary.elapsed = clock.now - start
        return summary
    }

    /// Screens one chunk: its records rendered by a `Writer` into `buffer` (whose storage is
    /// reused), its counts, and the report rows of posts whose verdict is in `reportVerdicts`.
    func screenChunk<Writer: ChunkRecordWriter>(
        _ records: [InputRecord], as writer: Writer.Type, into buffer: [UInt8] = [], scratch: ScreeningScratch,
        reportVerdicts: Set<Verdict>? = nil
    ) -> ChunkResult {
        var writer = Writer(includeText: options.includeText, reusing: buffer)
        var reportRows = reportVerdicts.map(ReviewReportRows.init)
        var summary = BatchSummary()
        // By index, the array borrowed: `for record in records` copied every record out of it
        // (a retain and release of each of its strings per post).
        for index in records.indices {
            switch records[index] {
            case .post(let post, let source, let flags):
                let screening = screener.screen(post, scratch: scratch)
                summary.count(screening, flags: flags)
                reportRows?.add(post: post, screening: screening, source: source, flags: flags)
                if let only = options.only, !only.contains(screening.verdict) { continue }
                writer.add(post: post, screening: screening, source: source, flags: flags)
            case .failure(let error, let source):
                summary.countError()
                writer.add(error: error, source: source)
            }
        }
        return ChunkResult(bytes: writer.bytes, summary: summary, reportEntries: reportRows?.entries ?? [])
    }
}

/// The output bytes and counts of one chunk.
struct ChunkResult: Sendable {
    var bytes: [UInt8]
    var summary: BatchSummary
    var reportEntries: [ReviewReportEntry] = []
}

/// The chunks between the reading thread and the workers, and their results on the way back,
/// kept in input order.
///
/// Chunks get sequence numbers as they are submitted; workers take them in that order and
/// finish them in any order; the reading thread takes results strictly in sequence order. At
/// most `window` chunks are submitted and not yet taken back: ``submit(_:)`` waits for the
/// oldest one when the window is full. Output buffers that were written go back to a spare
/// list so the workers reuse their storage. One lock and one condition for everything: they
/// are taken a few times per chunk of hundreds of posts.
final class OrderedChunkQueue: @unchecked Sendable {
    private let condition = NSCondition()
    private let window: Int
    /// Submitted chunks no worker has taken yet, oldest first, from `pendingStart`.
    private var pending: [(sequence: Int, records: [InputRecord])] = []
    private var pendingStart = 0
    /// Finished results by `sequence % window`.
    private var finished: [ChunkResult?]
    private var submitted = 0
    private var taken = 0
    private var closed = false
    private var spareBuffers: [[UInt8]] = []

    init(window: Int) {
        self.window = max(1, window)
        finished = Array(repeating: nil, count: self.window)
    }

    /// Queues a chunk for the workers (waiting while the window is full) and returns the
    /// results that are ready, in order, to be written.
    func submit(_ records: [InputRecord]) -> [ChunkResult] {
        condition.lock()
        defer { condition.unlock() }
        while submitted - taken >= window && finished[taken % window] == nil { condition.wait() }
        var ready: [ChunkResult] = []
        while let result = finished[taken % window] {
            ready.append(result)
            finished[taken % window] = nil
            taken += 1
        }
        if pendingStart == pending.count {
            pending.removeAll(keepingCapacity: true)
            pendingStart = 0
        }
        pending.append((submitted, records))
        submitted += 1
        condition.broadcast()
        return ready
    }

    /// The next result in order, waiting for it; `nil` once every submitted chunk was taken.
    func nextFinished() -> ChunkResult? {
        condition.lock()
        defer { condition.unlock() }
        guard taken < submitted else { return nil }
        while finished[taken % window] == nil { condition.wait() }
        let result = finished[taken % window]
        finished[taken % window] = nil
        taken += 1
        return result
    }

    /// No more chunks will be submitted: workers stop once the queue is empty.
    func close() {
        condition.lock()
        closed = true
        condition.broadcast()
        condition.unlock()
    }

    /// Closes the queue and drops the chunks no worker has taken (the batch failed).
    func cancel() {
        condition.lock()
        closed = true
        pending.removeAll()
        pendingStart = 0
        condition.broadcast()
        condition.unlock()
    }

    /// For a worker: the oldest chunk no worker has taken, its sequence number and a spare
    /// output buffer; waits for one, and returns `nil` once the queue is closed and empty.
    func nextChunk() -> (sequence: Int, records: [InputRecord], buffer: [UInt8])? {
        condition.lock()
        defer { condition.unlock() }
        while pendingStart == pending.count && !closed { condition.wait() }
        guard pendingStart < pending.count else { return nil }
        let (sequence, records) = pending[pendingStart]
        pending[pendingStart].records = []
        pendingStart += 1
        return (sequence, records, spareBuffers.popLast() ?? [])
    }

    /// For a worker: hands back the result of the chunk it took last.
    func finish(_ result: ChunkResult, sequence: Int) {
        condition.lock()
        finished[sequence % window] = result
        condition.broadcast()
        condition.unlock()
    }

    /// Gives back an output buffer once written, for a worker to reuse.
    func recycle(_ buffer: [UInt8]) {
        condition.lock()
        if spareBuffers.count < window { spareBuffers.append(buffer) }
        condition.unlock()
    }
}
