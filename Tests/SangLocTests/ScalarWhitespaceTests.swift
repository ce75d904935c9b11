@testable import SangLoc
import Testing

/// The loader's white-space test answers ASCII itself: it must agree with Unicode's
/// White_Space everywhere (wordlists and YAML values are trimmed with it).
@Suite("Unicode.Scalar.isWhitespace")
struct ScalarWhitespaceTests {
    @Test func agreesWithTheUnicodeProperty() {
        for value in UInt32(0)...0x3000 {
            guard let scalar = Unicode.Scalar(value) else { continue }
            #expect(scalar.isWhitespace == scalar.properties.isWhitespace, "U+\(String(value, radix: 16))")
        }
    }
}
