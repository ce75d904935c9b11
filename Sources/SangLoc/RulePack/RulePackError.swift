/// A problem in a rule pack: where it is, what is wrong, and what to do about it.
///
/// Its description is one line in the form editors and terminals recognise:
/// `rules.yaml:12:5: unknown key 'wieght' in rule 'scam.x'; did you mean 'weight'?`
public struct RulePackError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The file, line and column the problem is at; nil when no file is involved.
    public var location: SourceLocation?
    /// What is wrong, naming the offending key or value.
    public var message: String
    /// What to do: a suggested spelling, the allowed values, or the fix.
    public var hint: String?

    /// An error at `location`, told by `message`, with a `hint` on how to fix it.
    public init(_ message: String, at location: SourceLocation?, hint: String? = nil) {
        self.location = location
        self.message = message
        self.hint = hint
    }

    /// `file:line:col: message; hint`.
    public var description: String {
        var text = location.map { "\($0): " } ?? ""
        text += message
        if let hint { text += "; \(hint)" }
        return text
    }
}
