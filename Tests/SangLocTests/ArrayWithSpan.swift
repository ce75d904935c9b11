/// Runs `body` on the array's elements as a span: the shape of `withUnsafeBufferPointer`, for
/// tests that call the span-taking matchers and parsers.
extension Array where Element: BitwiseCopyable {
    func withSpan<Result, Failure: Error>(_ body: (Span<Element>) throws(Failure) -> Result) throws(Failure) -> Result {
        try body(span)
    }
}
