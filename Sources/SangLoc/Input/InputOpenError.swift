/// An input that cannot be opened, or cannot be read any further, as a whole.
///
/// Problems with single records are not errors of this kind: they become
/// ``InputRecord/failure(_:_:)`` records and reading goes on.
public struct InputOpenError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The input as named by the caller (`-` for standard input).
    public var file: String
    /// The whole message, naming the file: `cannot open 'x.jsonl': No such file or directory`.
    public var message: String

    /// An input that cannot be opened; the message reads `cannot open '<file>': <reason>`.
    public init(file: String, reason: String) {
        self.file = file
        self.message = "cannot open '\(file)': \(reason)"
    }

    /// An opened input that failed while being read (an I/O error, corrupt gzip data);
    /// the message reads `cannot read '<file>': <reason>`.
    public static func readFailed(file: String, reason: String) -> InputOpenError {
        var error = InputOpenError(file: file, reason: reason)
        error.message = "cannot read '\(file)': \(reason)"
        return error
    }

    /// The message, naming the input.
    public var description: String { message }
}
