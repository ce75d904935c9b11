import VietText

/// One normalizer for the whole run, as `sangloc screen` shares one across posts.
let normalizer = Normalizer()

/// libFuzzer entry point: normalizes the input as UTF-8 and checks the normalizer's promise
/// that every token maps to a non-empty range of the text.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = UnsafeBufferPointer(start: data, count: size)
    let result = normalizer.normalize(utf8: bytes)
    let scalarCount = result.original.unicodeScalars.count
    let byteCount = result.original.utf8.count
    for token in result.tokens {
        precondition(!token.scalarRange.isEmpty, "empty token \(token)")
        precondition(token.scalarRange.upperBound <= scalarCount, "token past the end \(token)")
        precondition(token.utf8Range.upperBound <= byteCount, "token bytes past the end \(token)")
    }
    return 0
}
