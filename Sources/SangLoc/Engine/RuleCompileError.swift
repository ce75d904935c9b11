/// A rule pack that loaded but cannot be compiled: a regex that does not compile, a term that
/// normalizes to nothing, an unknown time zone. Names the place in the pack and the fix.
public struct RuleCompileError: Error, Sendable, CustomStringConvertible {
    /// Where the failing rule, term or pattern is written.
    public var location: SourceLocation?
    /// What is wrong.
    public var message: String

    /// An error at `location`, told by `message`.
    public init(location: SourceLocation?, message: String) {
        self.location = location
        self.message = message
    }

    /// `file:line:col: message`.
    public var description: String {
        if let location { return "\(location): \(message)" }
        return message
    }
}
