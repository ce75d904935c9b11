/// A rule pack that loaded but cannot be compiled: a regex that does not compile, a term that
/// normalizes to nothing, an unknown time zone. Names the place in the pack and the fix.
public struct RuleCompileError: Error, Sendable, CustomStringConvertible {
    public var location: SourceLocation?
    public var message: String

    public init(location: SourceLocation?, message: String) {
        self.location = location
        self.message = message
    }

    public var description: String {
        if let location { return "\(location): \(message)" }
        return message
    }
}
