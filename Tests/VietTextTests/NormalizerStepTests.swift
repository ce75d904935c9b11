import Testing
import VietText

/// A text and what its canonical layer must be.
struct LayerCase: CustomTestStringConvertible, Sendable {
    var input: String
    var canonical: String
    var note: String
    var testDescription: String { "\(note): \(input)" }
    init(_ input: String, _ canonical: String, _ note: String) {
        self.input = input
        self.canonical = canonical
        self.note = note
    }
}

@Suite("VietText normalization steps")
struct NormalizerStepTests {
    let normalizer = Normalizer()

    // Step 1: repair.
    @Test(arguments: [
        LayerCase("l\u{E1}\u{BB}\u{AB}a \u{C4}\u{91}\u{E1}\u{BA}\u{A3}o", "lừa đảo", "Facebook mojibake"),
        LayerCase("C\u{E1}\u{BA}\u{A3}nh b\u{C3}\u{A1}o", "cảnh báo", "mojibake, capital"),
        LayerCase("caf\u{E9} ngon", "café ngon", "Latin-1 that is not UTF-8 and no legacy encoding stays"),
        LayerCase("Vie^.t Nam", "việt nam", "VIQR"),
        LayerCase("Vieät Nam", "việt nam", "VNI read as Windows-1252"),
        LayerCase("Vieät Nam löøa ñaûo chuyeån khoaûn", "việt nam lừa đảo chuyển khoản", "VNI sentence"),
        LayerCase("Xin chaøo caùc baïn", "xin chào các bạn", "VNI, the vietnamese-conversion README example"),
        LayerCase("viÖt nam lõa ®¶o", "việt nam lừa đảo", "TCVN3 read as Windows-1252"),
        LayerCase("céng hßa x· héi chñ nghÜa viÖt nam", "cộng hòa xã hội chủ nghĩa việt nam", "TCVN3 sentence"),
        LayerCase("café ngon quá", "café ngon quá", "French: no legacy decoding"),
        LayerCase("Müller schön", "müller schön", "German: no legacy decoding"),
        LayerCase("hoà mà cá và mèo", "hòa mà cá và mèo", "Vietnamese written in Latin-1 letters is not VNI"),
        LayerCase("lu+`a dda?o", "lừa đảo", "VIQR horn, grave, dd, hook"),
        LayerCase("sao vay?", "sao vay?", "no VIQR evidence: question mark stays punctuation"),
        LayerCase("sao vậy?", "sao vậy?", "Unicode Vietnamese is never VIQR-decoded"),
        LayerCase("xem o day: tintuc-moi.xyz/abc", "xem o day: tintuc-moi.xyz/abc", "a dot in a link is not VIQR"),
    ])
    func repair(_ c: LayerCase) {
        #expect(normalizer.normalize(c.input).canonical == c.canonical)
    }

    @Test func mojibakeIsFlagged() {
        let text = normalizer.normalize("l\u{E1}\u{BB}\u{AB}a")
        #expect(text.flags.contains(.mojibakeRepaired))
        #expect(text.tokens.first?.scalarRange == 0..<5)  // `lá»«a`: the five byte-scalars of the original
    }

    @Test func invalidUTF8IsRepairedAndFlagged() {
        let text = normalizer.normalize(utf8: [0x6C, 0xFF, 0x61, 0xC3])
        #expect(text.flags.contains(.invalidUTF8Repaired))
        #expect(text.original == "l\u{FFFD}a\u{FFFD}")
    }

    // Step 2: invisible characters, odd spaces, emoji.
    @Test(arguments: [
        LayerCase("l\u{200B}ừ\u{AD}a đ\u{2060}ảo", "lừa đảo", "zero-width space, soft hyphen, word joiner"),
        LayerCase("lừa\u{00A0}đảo", "lừa đảo", "no-break space"),
        LayerCase("lừa\u{3000}đảo", "lừa đảo", "ideographic space"),
        LayerCase("\u{FEFF}chào", "chào", "byte order mark"),
        LayerCase("vui 👨‍👩‍👧 quá", "vui 👨‍👩‍👧 quá", "an emoji ZWJ sequence is one token"),
        LayerCase("lừa\u{202E}đảo", "lừa đảo", "bidi override between syllables: glued, then split"),
    ])
    func invisibles(_ c: LayerCase) {
        #expect(normalizer.normalize(c.input).canonical == c.canonical)
    }

    @Test func emojiAreTokens() {
        let tokens = normalizer.normalize("vui 👨‍👩‍👧 quá🔥").tokens
        #expect(tokens.map(\.kind) == [.word, .emoji, .word, .emoji])
        #expect(tokens[1].canonical == "👨‍👩‍👧")
    }

    // Step 3: protected tokens.
    @Test(arguments: [
        ("vào https://vnexpress.net/a-b.html nhé", Token.Kind.url, "https://vnexpress.net/a-b.html"),
        ("link bit.ly/abc123 nè", .url, "bit.ly/abc123"),
        ("gửi về abc.def@gmail.com", .email, "abc.def@gmail.com"),
        ("gọi 0912.345.678 ngay", .phone, "0912345678"),
        ("gọi +84 912 345 678", .phone, "0912345678"),
        ("ck 500k", .money, "500k"),
        ("lương 1tr2", .money, "1tr2"),
        ("giá 2.000.000đ", .money, "2000000đ"),
        ("theo dõi #tinnong", .hashtag, "tin"),
        ("hỏi @nguyenvana nhé", .mention, "@nguyenvana"),
        ("họp lúc 20h30", .number, "20h30"),
    ] as [(String, Token.Kind, String)])
    func protectedTokens(_ input: String, _ kind: Token.Kind, _ canonical: String) {
        let tokens = normalizer.normalize(input).tokens
        #expect(tokens.contains { $0.kind == kind && $0.canonical == canonical }, "\(tokens.map { "\($0.kind):\($0.canonical)" })")
    }

    // Steps 4–6: tone look-alikes, NFKC, NFC, look-alike letters, case folding.
    @Test(arguments: [
        LayerCase("to\u{00B4}n", "tón", "acute accent as a spacing character"),
        LayerCase("to\u{02CA}n", "tón", "modifier letter acute"),
        LayerCase("to\u{02CB}n", "tòn", "modifier letter grave"),
        LayerCase("\u{01CE}n", "ăn", "a with caron for ă"),
        LayerCase("Chi\u{0309} 3 va\u{0300}ng", "chỉ 3 vàng", "NFD input"),
        LayerCase("𝗤𝘂𝗮̉𝗻 𝗹𝗶́", "quản lí", "mathematical bold with combining marks"),
        LayerCase("ｌừａ", "lừa", "fullwidth"),
        LayerCase("ⓛừⓐ", "lừa", "circled letters"),
        LayerCase("ĐẢNG VIÊN", "đảng viên", "upper case"),
        LayerCase("Ðảng", "đảng", "eth for Đ"),
        LayerCase("Ɖảng", "đảng", "African D for Đ"),
        LayerCase("lừа đảσ", "lừa đảo", "Cyrillic а and Greek σ inside Vietnamese words"),
        LayerCase("đấυ", "đấu", "Greek upsilon"),
        LayerCase("ʟừᴀ", "lừa", "small capitals"),
        LayerCase("привет", "привет", "a Russian word stays Russian"),
    ])
    func letterForms(_ c: LayerCase) {
        #expect(normalizer.normalize(c.input).canonical == c.canonical)
    }

    // Step 7: tone placement.
    @Test(arguments: [
        LayerCase("hoà", "hòa", "old style for open oa"),
        LayerCase("thuỷ", "thủy", "old style for open uy"),
        LayerCase("khoẻ", "khỏe", "old style for open oe"),
        LayerCase("baỏ", "bảo", "misplaced mark"),
        LayerCase("lựơng", "lượng", "missing horn"),
        LayerCase("quý", "quý", "qu is an onset"),
        LayerCase("già", "già", "gi is an onset"),
        LayerCase("hoàng", "hoàng", "closed syllable unchanged"),
        LayerCase("thuở", "thuở", "ơ takes the tone"),
    ])
    func tonePlacement(_ c: LayerCase) {
        #expect(normalizer.normalize(c.input).canonical == c.canonical)
    }

    // Step 8: de-obfuscation.
    @Test(arguments: [
        LayerCase("l.ừ.a đ.ả.o", "lừa đảo", "dots"),
        LayerCase("l-ừ-a", "lừa", "hyphens"),
        LayerCase("l ừ a đ ả o", "lừa đảo", "spaces"),
        LayerCase("R.I.P", "r.i.p", "not a syllable: untouched"),
        LayerCase("0912.345.678", "0912345678", "a phone number, not letters"),
        LayerCase("ừ a", "ừ a", "two single-letter words stay"),
        LayerCase("l0n", "lon", "leet zero"),
        LayerCase("đả0", "đảo", "leet zero after a tone"),
        LayerCase("c@c", "cac", "at sign for a"),
        LayerCase("lừaaaa", "lừa", "repeated letters"),
        LayerCase("quáaaa", "quá", "repeats after the toned vowel"),
        LayerCase("xoong", "xoong", "a real double letter stays"),
        LayerCase("cccd", "cccd", "consonants opening a word are never squeezed"),
        LayerCase("vlll", "vl", "a run of three that ends a vowel-less word squeezes"),
        LayerCase("đmmm", "đm", "a run of three that ends a vowel-less word squeezes"),
        LayerCase("cmnrrr", "cmnr", "a run of three that ends a vowel-less word squeezes"),
        LayerCase("xoong", "xoong", "a legitimate double stays"),
        LayerCase("ngonnnn", "ngon", "a repeated final consonant"),
        LayerCase("OOOTP", "otp", "three or more repeats squeeze outside syllables too"),
        LayerCase("đii", "đi", "a double letter squeezes when that makes a syllable"),
        LayerCase("lừaaaađảo", "lừa đảo", "squeezed, then glued syllables split"),
        LayerCase("ӑn", "ăn", "Cyrillic a with breve"),
        LayerCase("v.a.y t.i.ề.n", "vay tiền", "dotted words joined one by one"),
        LayerCase("m.ã O.T.P", "mã otp", "a known abbreviation spelled out"),
        LayerCase("o.n.l.i.n.e", "online", "a dotted foreign word"),
        LayerCase("k.h.o.n.g c.a.n t.h.e c.h.a.p", "khong can the chap", "dotted words typed without diacritics"),
        LayerCase("s.ố t.h.ẻ", "số thẻ", "dotted words never segment across the space"),
        LayerCase("C.A.N.H C.A.O", "canh cao", "capitals without diacritics"),
        LayerCase("d.i.t", "dit", "a known abbreviation with a stop ending"),
        LayerCase("d.o m.a.t d.a.y", "do mat day", "a stop ending inside a dotted phrase"),
        LayerCase("kkkkk", "kkkkk", "laughter stays"),
        LayerCase("cáđộ", "cá độ", "glued syllables"),
        LayerCase("iphone15", "iphone15", "foreign word with digits stays"),
        LayerCase("online", "online", "unaccented foreign word is not split"),
    ])
    func deobfuscation(_ c: LayerCase) {
        #expect(normalizer.normalize(c.input).canonical == c.canonical)
    }

    @Test func spelledOutWordsOfTheConfigurationJoin() {
        let plain = normalizer.normalize("Trùm cuối c.m.n hú vía, l.o.l")
        #expect(plain.canonical == "trùm cuối c.m.n hú vía, l.o.l")
        let knowing = Normalizer(configuration: .init(spelledOutWords: ["cmn", "lol"]))
        #expect(knowing.normalize("Trùm cuối c.m.n hú vía, l.o.l").canonical == "trùm cuối cmn hú vía, lol")
        #expect(knowing.normalize("R.I.P").canonical == "r.i.p")
    }

    @Test func laughterIsItsOwnKind() {
        #expect(normalizer.normalize("kkkkk").tokens.first?.kind == .laughter)
        #expect(normalizer.normalize("hahaha").tokens.first?.kind == .laughter)
    }

    @Test func teencodeIsAnAlternativeNotARewrite() {
        let tokens = normalizer.normalize("ck 500k vào stk").tokens
        #expect(tokens[0].canonical == "ck")
        #expect(tokens[0].alternatives.map(\.text) == ["chồng", "chuyển khoản"])
        #expect(tokens[3].alternatives.map(\.text) == ["số tài khoản"])
        // Without an amount nearby, ck is only chồng.
        #expect(normalizer.normalize("ck mình đi làm rồi").tokens[0].alternatives.map(\.text) == ["chồng"])
    }

    // Step 9: bare layer and the diacritics flag.
    @Test func bareLayerAndDiacriticsFlag() {
        let text = normalizer.normalize("Đảng lua dao")
        #expect(text.bare == "dang lua dao")
        #expect(text.tokens.map(\.hasDiacritics) == [true, false, false])
    }
}
