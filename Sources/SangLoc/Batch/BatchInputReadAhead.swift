import Dispatch
import Synchronization
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Opens a batch's inputs and reads their first records on another core while the caller does
/// something else (`sangloc screen` compiles the rule pack, which leaves the other cores idle).
///
/// What is read, and every error and its order, stay as without it: inputs are opened in order,
/// an error met while reading ahead is thrown when the batch reaches it, and the chunks read
/// ahead are bounded (``BatchInput/Budget/startUp``). Only files and folders are read ahead: a
/// pipe or a terminal may hold the reading thread until its writer sends more, and the batch
/// would wait with it; such inputs are opened only.
public final class BatchInputReadAhead: Sendable {
    private let stopping = Atomic<Bool>(false)
    private let done = DispatchGroup()
    /// Written by the reading thread before it leaves `done`, read after waiting for it.
    private let opened = Mutex<Result<BatchInput, InputOpenError>?>(nil)

    /// Starts opening `paths` (`-` is standard input) and reading ahead in chunks of `chunkSize`.
    public init(paths: [String], options: InputOptions, chunkSize: Int = BatchOptions.defaultChunkSize) {
        DispatchQueue.global(qos: .userInitiated).async(group: done) { [self] in
            var sources: [any RecordSource] = []
            for path in paths {
                do throws(InputOpenError) {
                    sources.append(try openRecordSource(path: path, options: options))
                } catch {
                    opened.withLock { $0 = .failure(error) }
                    return
                }
            }
            let input = BatchInput(sources, chunkSize: chunkSize)
            if paths.allSatisfy(Self.isFileOrFolder) {
                input.readAhead(budget: .startUp) { stopping.load(ordering: .relaxed) }
            }
            opened.withLock { $0 = .success(input) }
        }
    }

    /// Whether `path` (`-`: standard input) is a regular file or a folder, which reading never
    /// waits on for long.
    static func isFileOrFolder(_ path: String) -> Bool {
        var status = stat()
        guard (path == "-" ? fstat(0, &status) : stat(path, &status)) == 0 else { return false }
        let type = status.st_mode & S_IFMT
        return type == S_IFREG || type == S_IFDIR
    }

    /// Stops reading ahead (after the chunk being read) and returns the opened inputs.
    /// - Throws: the error of the first input that could not be opened.
    public func finish() throws(InputOpenError) -> BatchInput {
        stopping.store(true, ordering: .relaxed)
        done.wait()
        return try opened.withLock { $0! }.get()
    }
}
