import Foundation
import Testing

@testable import SangLoc

@Suite("Input timestamps")
struct InputTimestampTests {
    @Test(
        "Unix seconds and ISO 8601 become dates",
        arguments: [
            ("1764000000", 1_764_000_000.0),
            ("1764000000.5", 1_764_000_000.5),
            ("1764000000000", 1_764_000_000.0),  // milliseconds
            ("2025-11-24T16:00:00Z", 1_764_000_000.0),
            ("2025-11-24 23:00:00+07:00", 1_764_000_000.0),
            ("2025-11-24T23:00+0700", 1_764_000_000.0),
            ("2025-11-24T16:00:00.250Z", 1_764_000_000.25),
            ("2025-11-24T16:00:00", 1_764_000_000.0),  // no zone: UTC
            ("2025-11-24", 1_763_942_400.0),
            ("1969-12-31T23:59:59Z", -1.0),
        ])
    func parses(text: String, seconds: Double) {
        #expect(InputTimestamp.date(from: text) == Date(timeIntervalSince1970: seconds))
    }

    @Test("other text is no date", arguments: ["", "hôm qua", "2025-13-01", "2025-11-24T25:00Z", "2025-11-24T16:00:00+7"])
    func rejects(text: String) {
        #expect(InputTimestamp.date(from: text) == nil)
    }
}
