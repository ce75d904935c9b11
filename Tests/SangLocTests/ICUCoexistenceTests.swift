import Foundation
import SangLoc
import Testing

/// Foundation on Linux carries its own ICU; ours is the system's, behind the C shim. Both must
/// work in one process (docs/design.md §1).
@Suite("ICU and Foundation in one process")
struct ICUCoexistenceTests {
    @Test func bothICUsWork() {
        let normalized = Normalizer().normalize("Lừa đảo")  // NFD input through our ICU
        #expect(normalized.canonical == "lừa đảo")
        // Foundation's ICU-backed calls in the same process.
        #expect("Lừa đảo".precomposedStringWithCanonicalMapping == "Lừa đảo")
        #expect("ĐẢNG".lowercased() == "đảng")
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "vi_VN")
        formatter.timeZone = TimeZone(identifier: "Asia/Ho_Chi_Minh")
        formatter.dateFormat = "yyyy-MM-dd HH:mm"
        #expect(formatter.string(from: Date(timeIntervalSince1970: 1_577_836_800)) == "2020-01-01 07:00")
        #expect(Normalizer().normalize("ĐẢNG").canonical == "đảng")
    }
}
