import Foundation
public import SangLoc

/// Runs one reader over fuzzer bytes written to a file, checking the reader's contract.
///
/// The bytes go to a file in `/dev/shm` (or the temporary folder) named for this process, so
/// the reader is exercised the way `sangloc screen` uses it: through `openRecordSource`.
public enum ReaderFuzzing {
    /// One scratch file per process: libFuzzer runs inputs one after the other.
    static let scratchPath: String = {
        let folder = FileManager.default.fileExists(atPath: "/dev/shm") ? "/dev/shm" : NSTemporaryDirectory()
        return "\(folder)/sangloc-fuzz-\(getpid())"
    }()

    /// Reads every record of `bytes` in `format`; traps when the reader breaks its contract
    /// (a record without a source or an error without a message, more records than the input
    /// could hold).
    public static func readAll(_ bytes: UnsafeRawBufferPointer, format: InputFormat, suffix: String) {
        let path = scratchPath + suffix
        let data = Data(bytes)
        guard FileManager.default.createFile(atPath: path, contents: data) else { fatalError("cannot write \(path)") }
        defer { unlink(path) }
        var options = InputOptions(format: format)
        options.linksField = "links"
        options.authorField = "author"
        options.timeField = "time"
        let source: any RecordSource
        do {
            source = try openRecordSource(path: path, options: options)
        } catch {
            return  // A file that cannot be opened as this format is an error message, not a crash.
        }
        var reader = source
        var count = 0
        // Every record uses at least one byte of input (a line, a row, an entry), plus slack
        // for an empty file's single record.
        let bound = bytes.count + 2
        while true {
            let record: InputRecord?
            do {
                record = try reader.next()
            } catch {
                return
            }
            guard let record else { break }
            count += 1
            precondition(count <= bound, "\(count) records from \(bytes.count) bytes")
            precondition(!record.source.file.isEmpty, "a record without a source file")
            if case .failure(let error, _) = record {
                precondition(!error.message.isEmpty, "an error record without a message")
            }
        }
        _ = reader.fieldStatistics
    }
}
