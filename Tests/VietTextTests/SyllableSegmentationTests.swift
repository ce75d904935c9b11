import Testing
import VietText

/// Splitting runs of letters written without spaces into syllables.
@Suite struct SyllableSegmentationTests {
    private func segments(_ text: String, bare: Bool = false) -> [String]? {
        let scalars = Array(text.unicodeScalars)
        return VietSyllables.segment(scalars, bare: bare)?.map {
            String(String.UnicodeScalarView(scalars[$0]))
        }
    }

    @Test(arguments: [
        ("cáđộ", false, ["cá", "độ"]), ("lừađảo", false, ["lừa", "đảo"]), ("luadao", true, ["lua", "dao"]),
        ("chuyenkhoan", true, ["chuyen", "khoan"]), ("rip", true, ["rip"]),
        ("lừađảochuyểnkhoản", false, ["lừa", "đảo", "chuyển", "khoản"]), ("hoàng", false, ["hoàng"]),
        ("ngoằnngoèo", false, ["ngoằn", "ngoèo"]), ("tàikhoản", false, ["tài", "khoản"]),
        // Syllables after the first prefer an onset: "than" + "hoa", not "thanh" + "oa";
        // "số" + "tài" + "khoản", not "sốt" + "ài" + "khoản".
        ("thanhoa", true, ["than", "hoa"]), ("sốtàikhoản", false, ["số", "tài", "khoản"]),
        // Purely phonotactic: English words can split into syllables; callers gate on context.
        ("online", true, ["on", "li", "ne"]),
    ])
    func segmentable(input: String, bare: Bool, expected: [String]) {
        #expect(segments(input, bare: bare) == expected)
    }

    @Test(arguments: [("rip", false), ("hello", false), ("hello", true), ("xyz", true), ("", false), ("lừa đảo", false)])
    func notSegmentable(input: String, bare: Bool) {
        #expect(segments(input, bare: bare) == nil)
    }

    @Test func rangesAreOffsetsIntoTheInput() {
        let scalars = Array("cáđộ".unicodeScalars)
        #expect(VietSyllables.segment(scalars) == [0..<2, 2..<4])
    }
}
