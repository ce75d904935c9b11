import Dispatch
import SangLoc
import Synchronization
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Opens the inputs and reads their first records on another core while the command's thread
/// compiles the rule pack.
///
/// Compiling a pack keeps one core busy and the others mostly idle; reading and parsing input
/// is a twentieth of a batch's work, done on one thread. So the reading starts at once, and
/// the batch begins with chunks already read (`BatchInput.Budget.startUp` bounds them).
/// What is read, and every error and its order, stay as they were: a pack error is reported
/// before any input error, inputs are opened in order, and an error met while reading ahead
/// is thrown when the batch reaches it.
///
/// Only files and folders are read ahead. A pipe or a terminal may hold the reading thread
/// until its writer sends more, and the batch (which waits for the chunk being read) would
/// then wait with it before creating its output; such inputs are opened only, as before.
final class InputReadAhead: Sendable {
    private let stopping = Atomic<Bool>(false)
    private let done = DispatchGroup()
    /// Written by the reading thread before it leaves `done`, read after waiting for it.
    private nonisolated(unsafe) var opened: Result<BatchInput, InputOpenError>?

    /// Starts opening `paths` (`-` is standard input) and reading ahead.
    init(paths: [String], options: InputOptions, chunkSize: Int) {
        DispatchQueue.global(qos: .userInitiated).async(group: done) { [self] in
            var sources: [any RecordSource] = []
            for path in paths {
                do throws(InputOpenError) {
                    sources.append(try openRecordSource(path: path, options: options))
                } catch {
                    opened = .failure(error)
                    return
                }
            }
            let input = BatchInput(sources, chunkSize: chunkSize)
            if paths.allSatisfy(Self.isFileOrFolder) {
                input.readAhead(budget: .startUp) { stopping.load(ordering: .relaxed) }
            }
            opened = .success(input)
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
    func finish() throws(InputOpenError) -> BatchInput {
        stopping.store(true, ordering: .relaxed)
        done.wait()
        return try opened!.get()
    }
}
