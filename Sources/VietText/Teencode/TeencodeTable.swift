/// Teencode and chat shorthand read as ALTERNATIVES, never as a rewrite (step 8 of docs/design.md §2).
///
/// Ambiguous forms keep every reading (`ck` = chồng | chuyển khoản); readings that only make
/// sense in a context say so (`chuyển khoản` needs an amount or account nearby).
public struct TeencodeTable: Sendable {
    /// One reading of a form.
    public struct Reading: Sendable, Hashable {
        /// Canonical syllables.
        public var syllables: [String]
        /// The reading applies only when a number, amount, phone or account word is within
        /// `TeencodeTable.contextWindow` tokens.
        public var needsAmountNearby: Bool

        /// A reading of `syllables`, kept only near an amount when `needsAmountNearby`.
        public init(syllables: [String], needsAmountNearby: Bool = false) {
            self.syllables = syllables
            self.needsAmountNearby = needsAmountNearby
        }
    }

    /// Tokens on each side searched for an amount.
    public static let contextWindow = 5

    /// The readings of each form, by the form's canonical text.
    public private(set) var readings: [String: [Reading]]

    /// A bit per `formFilterSize`-th of the `ByteHash` range, set when some form hashes there:
    /// most words are not forms, and a clear bit says so without hashing a `String` for the
    /// dictionary.
    private var formFilter = [UInt64](repeating: 0, count: TeencodeTable.formFilterSize / 64)
    private static let formFilterSize = 4096

    /// An empty table.
    public init() { readings = [:] }

    /// Adds readings for a form (both canonical, syllables separated by spaces).
    public mutating func add(_ form: String, _ reading: String, needsAmountNearby: Bool = false) {
        let bit = Int(ByteHash.of(form) % UInt64(Self.formFilterSize))
        formFilter[bit / 64] |= 1 << UInt64(bit % 64)
        let syllables = reading.split(separator: " ").map(String.init)
        let entry = Reading(syllables: syllables, needsAmountNearby: needsAmountNearby)
        if readings[form, default: []].contains(entry) { return }
        readings[form, default: []].append(entry)
    }

    /// The readings of a canonical token, if any.
    @inline(__always)
    public func lookup(_ canonical: String) -> [Reading]? { readings[canonical] }

    /// The readings of a canonical token whose `ByteHash` is `hash`, if any.
    @inline(__always)
    func lookup(_ canonical: String, hash: UInt64) -> [Reading]? {
        let bit = Int(hash % UInt64(Self.formFilterSize))
        guard formFilter[bit / 64] & (1 << UInt64(bit % 64)) != 0 else { return nil }
        return readings[canonical]
    }

    /// The readings of a canonical token given as UTF-8 whose `ByteHash` is `hash`, if any: the
    /// string is made only when the filter lets the form through.
    @inline(__always)
    func lookup(utf8 canonical: ArraySlice<UInt8>, hash: UInt64) -> [Reading]? {
        let bit = Int(hash % UInt64(Self.formFilterSize))
        guard formFilter[bit / 64] & (1 << UInt64(bit % 64)) != 0 else { return nil }
        return readings[String(decoding: canonical, as: UTF8.self)]
    }

    /// The built-in table: common chat shorthand and the profanity abbreviations that filters
    /// must see through. Sources: the forms listed in the ViLexNorm-derived dictionaries
    /// (notes/vietnamese-text.md §1), written here from general knowledge of the forms, not
    /// copied from those NC-licensed files.
    public static let builtIn: TeencodeTable = {
        var table = TeencodeTable()
        let plain: [(String, [String])] = [
            ("ko", ["không"]), ("k", ["không"]), ("kh", ["không"]), ("khong", ["không"]), ("hok", ["không", "học"]),
            ("hông", ["không"]), ("hong", ["không"]), ("khum", ["không"]), ("hem", ["không"]), ("kg", ["không"]),
            ("dc", ["được"]), ("đc", ["được"]), ("dk", ["được", "đăng ký"]), ("đk", ["đăng ký", "được", "điều kiện"]),
            ("vs", ["với"]), ("j", ["gì"]), ("r", ["rồi"]), ("z", ["vậy"]), ("v", ["vậy"]), ("cx", ["cũng"]),
            ("ms", ["mới"]), ("iu", ["yêu"]), ("wá", ["quá"]), ("wa", ["quá"]), ("nc", ["nước", "nói chuyện"]),
            ("bn", ["bạn", "bao nhiêu"]), ("mk", ["mình", "mật khẩu"]), ("mik", ["mình"]), ("vk", ["vợ"]),
            ("stk", ["số tài khoản"]), ("tk", ["tài khoản"]), ("t", ["tôi", "tao"]), ("m", ["mày"]),
            ("mn", ["mọi người"]), ("mng", ["mọi người"]), ("ntn", ["như thế nào"]), ("bik", ["biết"]),
            ("bít", ["biết"]), ("bjo", ["bây giờ"]), ("bh", ["bây giờ"]), ("h", ["giờ"]), ("ng", ["người"]),
            ("trc", ["trước"]), ("ib", ["nhắn tin"]), ("inbox", ["nhắn tin"]), ("sdt", ["số điện thoại"]),
            ("sđt", ["số điện thoại"]), ("cmnd", ["chứng minh nhân dân"]), ("cccd", ["căn cước công dân"]),
            ("ns", ["nói"]), ("lm", ["làm"]), ("dg", ["đang"]), ("đg", ["đang"]), ("thik", ["thích"]),
            ("ngta", ["người ta"]), ("kq", ["kết quả"]), ("uk", ["ừ"]), ("uh", ["ừ"]), ("e", ["em"]), ("a", ["anh"]), ("c", ["chị"]), ("ctv", ["cộng tác viên"]),
            ("sp", ["sản phẩm"]), ("tt", ["thông tin"]), ("nv", ["nhân viên"]), ("qc", ["quảng cáo"]),
            ("ae", ["anh em"]), ("a/e", ["anh em"]), ("dt", ["điện thoại"]), ("đt", ["điện thoại"]),
            ("zalo", ["zalo"]), ("fb", ["facebook"]), ("đm", ["địt mẹ"]), ("dm", ["địt mẹ"]),
            ("đmm", ["địt mẹ mày"]), ("dmm", ["địt mẹ mày"]), ("đcm", ["địt con mẹ"]), ("dcm", ["địt con mẹ"]),
            ("đkm", ["địt con mẹ"]), ("dkm", ["địt con mẹ"]), ("vl", ["vãi lồn"]), ("vkl", ["vãi lồn"]),
            ("vcl", ["vãi cả lồn"]), ("vcc", ["vãi con cặc"]), ("cc", ["con cặc"]), ("cl", ["cái lồn"]),
            ("clgt", ["cái lồn gì thế"]), ("cmm", ["con mẹ mày"]), ("đjt", ["địt"]), ("djt", ["địt"]), ("dit", ["địt"]),
            ("loz", ["lồn"]), ("cak", ["cặc"]), 
        ]
        for (form, readings) in plain {
            for reading in readings { table.add(form, reading) }
        }
        table.add("ck", "chồng")
        table.add("ck", "chuyển khoản", needsAmountNearby: true)
        return table
    }()
}
