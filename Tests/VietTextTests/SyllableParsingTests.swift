import Testing
import VietText

private func scalars(_ text: String) -> [Unicode.Scalar] { Array(text.unicodeScalars) }
private func text(_ scalars: [Unicode.Scalar]?) -> String? { scalars.map { String(String.UnicodeScalarView($0)) } }

/// Syllable validity, structure and canonical old-style tone placement.
@Suite struct SyllableParsingTests {
    @Test("Tone placement and horn repair", arguments: [
        ("hoà", "hòa"), ("thuỷ", "thủy"), ("khoẻ", "khỏe"), ("baỏ", "bảo"), ("quý", "quý"), ("già", "già"),
        ("thuở", "thuở"), ("lựơng", "lượng"), ("luợng", "lượng"), ("nguyễn", "nguyễn"), ("khuya", "khuya"),
        ("giường", "giường"), ("quyển", "quyển"), ("ngoằn", "ngoằn"), ("chuyển", "chuyển"), ("khoản", "khoản"),
        ("toán", "toán"), ("hoạch", "hoạch"), ("oà", "òa"), ("gía", "giá"), ("qủa", "quả"), ("uỷ", "ủy"),
        ("ngòai", "ngoài"), ("xóay", "xoáy"), ("khủyu", "khuỷu"), ("tuơi", "tươi"), ("nghiêng", "nghiêng"),
        ("giếng", "giếng"), ("gì", "gì"), ("xoong", "xoong"), ("mía", "mía"), ("muá", "múa"), ("yêu", "yêu"),
        ("hòa", "hòa"), ("quặp", "quặp"), ("ừm", "ừm"), ("khuấy", "khuấy"), ("lừa", "lừa"), ("đảo", "đảo"), ("kìa", "kìa"), ("ngoẹo", "ngoẹo"),
    ])
    func canonicalize(input: String, expected: String) {
        #expect(text(VietSyllables.canonicalize(scalars(input))) == expected)
        #expect(text(VietSyllable(scalars(input))?.canonical) == expected)
        #expect(VietSyllables.needsCanonicalization(scalars(input)) == (input != expected))
    }

    @Test("Syllable structure", arguments: [
        ("quyển", "qu", "", "yê", "n", VietTone.dipping), ("hoạch", "h", "o", "a", "ch", .heavy),
        ("giếng", "gi", "", "ê", "ng", .rising), ("gì", "g", "", "i", "", .falling),
        ("thuở", "th", "u", "ơ", "", .dipping), ("nguyễn", "ng", "u", "yê", "n", .tumbling),
        ("oà", "", "o", "a", "", .falling), ("lựơng", "l", "", "ươ", "ng", .heavy),
        ("baỏ", "b", "", "a", "o", .dipping), ("nghiêng", "ngh", "", "iê", "ng", .level),
    ])
    func structure(input: String, onset: String, glide: String, nucleus: String, coda: String, tone: VietTone) throws {
        let syllable = try #require(VietSyllable(scalars(input)))
        #expect(syllable == VietSyllable(onset: onset, glide: glide, nucleus: nucleus, coda: coda, tone: tone))
    }

    @Test("Not syllables", arguments: [
        "lonely", "rip", "abc", "ngha", "nghà", "ka", "hello", "online", "xyz", "q", "qa", "ci", "ge", "ngê", "ă",
        "hòà", "", "a1", "Hòa", "hoa\u{0300}", "ngoằnngoèo", "cuy", "iên", "kyên", "cac", "nguoi", "duoc", "được\u{200B}",
        "bâ", "ap", "ưp", "gii", "ưo", "thưo",
    ])
    func invalid(input: String) {
        #expect(!VietSyllables.isSyllable(scalars(input)))
        #expect(VietSyllables.canonicalize(scalars(input)) == nil)
        #expect(VietSyllable(scalars(input)) == nil)
    }

    @Test("Stop codas take only the rising or heavy tone when strict")
    func stopCodaTone() {
        #expect(VietSyllable(scalars("rip"), strict: false)?.coda == "p")
        #expect(VietSyllable(scalars("ríp")) != nil && VietSyllable(scalars("rịp")) != nil)
        for tone in ["rìp", "rỉp", "rĩp"] { #expect(VietSyllable(scalars(tone)) == nil, "\(tone)") }
        #expect(VietSyllables.isSyllable(scalars("ách")) && !VietSyllables.isSyllable(scalars("àch")))
    }

    @Test("Bare text typed without diacritics", arguments: [
        "cac", "lon", "dang", "nguoi", "duoc", "lua", "dao", "chuyen", "khoan", "rip", "thuo", "giuong", "nghieng",
        "khuya", "quyen", "tien",
    ])
    func bareValid(input: String) {
        #expect(VietSyllables.isSyllable(scalars(input), bare: true))
    }

    @Test("Not syllables even without diacritics", arguments: ["hello", "online", "xyz", "ka", "ngha", "abc", "lonely"])
    func bareInvalid(input: String) {
        #expect(!VietSyllables.isSyllable(scalars(input), bare: true))
    }

    @Test func markedLettersStayMarkedInBareMode() {
        // "â" is explicit, so "lân" cannot stand for "lon".
        #expect(VietSyllables.isSyllable(scalars("lân"), bare: true))
        #expect(!VietSyllables.isSyllable(scalars("âp"), bare: true) || VietSyllables.isSyllable(scalars("ấp")))
        #expect(!VietSyllables.isSyllable(scalars("lâi"), bare: true))
    }

    @Test func appendCanonicalAppendsOrLeavesBufferUntouched() {
        var output = scalars("x ")
        #expect(VietSyllables.appendCanonical(of: scalars("hoà"), to: &output))
        #expect(text(output) == "x hòa")
        #expect(!VietSyllables.appendCanonical(of: scalars("hello"), to: &output))
        #expect(text(output) == "x hòa")
    }

    @Test func descriptionIsCanonicalSpelling() {
        #expect(VietSyllable(scalars("thuỷ"))?.description == "thủy")
    }
}
