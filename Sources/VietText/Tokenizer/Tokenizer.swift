/// A token found by the tokenizer, before per-token normalization: a range of folded scalars.
struct RawToken {
    var kind: Token.Kind
    var lower: Int
    var upper: Int
    var sentence: Int
}

/// Step 3 of docs/design.md §2 and the segmentation into tokens, on folded scalars.
///
/// Protected tokens (URLs, e-mails, phone numbers, money, hashtags, mentions) are found
/// first so that no later letter surgery touches them. Hand-written rather than ICU's word
/// break iterator: that splits `l-ừ-a` but keeps `l.ừ.a` whole, splits words at zero-width
/// characters, and knows nothing of `500k`, `1tr2` or Vietnamese phone numbers.
struct Tokenizer {
    let s: [Unicode.Scalar]
    private let classOf = ScalarClass.lookup

    init(_ scalars: [Unicode.Scalar]) { self.s = scalars }

    @inline(__always) private func cls(_ i: Int) -> ScalarClass { classOf(s[i]) }
    @inline(__always) private func isAt(_ i: Int, _ c: Unicode.Scalar) -> Bool { i < s.count && s[i] == c }
    @inline(__always) private func isWordPart(_ i: Int) -> Bool {
        guard i < s.count else { return false }
        let c = cls(i)
        return c == .letter || c == .mark || c == .digit
    }
    @inline(__always) private func isASCIIAlnum(_ i: Int) -> Bool {
        guard i < s.count else { return false }
        let v = s[i].value
        return (v >= 0x61 && v <= 0x7A) || (v >= 0x30 && v <= 0x39)
    }
    @inline(__always) private func isBoundary(_ i: Int) -> Bool { !isWordPart(i) }

    func tokenize() -> [RawToken] {
        var tokens: [RawToken] = []
        tokens.reserveCapacity(s.count / 4 + 1)
        tokenize(into: &tokens)
        return tokens
    }

    /// The tokens, in `tokens` (emptied first; its storage is reused, as the chunk path does
    /// for every new chunk).
    func tokenize(into tokens: inout [RawToken]) {
        tokens.removeAll(keepingCapacity: true)
        var i = 0
        var sentence = 0
        var breakPending = false
        while i < s.count {
            let c = cls(i)
            if c == .space { i += 1; continue }
            if c == .newline {
                if !tokens.isEmpty { breakPending = true }
                i += 1
                continue
            }
            if c == .mark, let last = tokens.last, last.upper == i {
                // Combining marks after an emoji, a digit or punctuation belong to it: they came
                // from the same character of the original.
                var j = i
                while j < s.count, cls(j) == .mark { j += 1 }
                tokens[tokens.count - 1].upper = j
                if last.kind == .punctuation, endsSentence(last.lower..<last.upper), j == s.count || cls(j) == .space || cls(j) == .newline {
                    breakPending = true
                }
                i = j
                continue
            }
            if breakPending {
                sentence += 1
                breakPending = false
            }
            let (kind, end) = next(at: i, class: c)
            tokens.append(RawToken(kind: kind, lower: i, upper: end, sentence: sentence))
            if kind == .punctuation, endsSentence(i..<end), end == s.count || cls(end) == .space || cls(end) == .newline {
                breakPending = true
            }
            i = end
        }
    }

    private func endsSentence(_ range: Range<Int>) -> Bool {
        s[range].contains { $0 == "." || $0 == "!" || $0 == "?" || $0 == "…" || $0 == "。" }
    }

    private func next(at i: Int, class c: ScalarClass) -> (Token.Kind, Int) {
        if c == .letter || c == .digit {
            if let end = url(at: i) { return (.url, end) }
            if let end = email(at: i) { return (.email, end) }
        }
        switch c {
        case .digit:
            if let end = phone(at: i) { return (.phone, end) }
            if let (kind, end) = numberOrMoney(at: i) { return (kind, end) }
            return (.word, word(at: i))
        case .letter, .mark:
            return (.word, word(at: i))
        case .emoji:
            return (.emoji, emoji(at: i))
        default:
            break
        }
        if s[i] == "#", isWordPart(i + 1) {
            var j = i + 1
            while j < s.count, isWordPart(j) || s[j] == "_" { j += 1 }
            return (.hashtag, j)
        }
        if s[i] == "@", i + 1 < s.count, cls(i + 1) == .letter {
            var j = i + 1
            while j < s.count, isWordPart(j) || s[j] == "_" || s[j] == "." && isWordPart(j + 1) { j += 1 }
            return (.mention, j)
        }
        if s[i] == "+", isAt(i + 1, "8"), let end = phone(at: i) { return (.phone, end) }
        if s[i] == "$", i + 1 < s.count, cls(i + 1) == .digit, let (_, end) = numberOrMoney(at: i + 1) {
            return (.money, end)
        }
        // Punctuation: one scalar, or a run of the same one (`!!!`, `...`).
        var j = i + 1
        while j < s.count, s[j] == s[i] { j += 1 }
        return (.punctuation, j)
    }

    // MARK: words

    /// Letters, marks and digits; `@` and `$` inside letters (`c@c`) and `!` between letters.
    private func word(at i: Int) -> Int {
        var j = i
        while j < s.count {
            if isWordPart(j) { j += 1; continue }
            let v = s[j]
            if (v == "@" || v == "$" || v == "!"), j > i, cls(j - 1) == .letter, j + 1 < s.count, cls(j + 1) == .letter {
                j += 1
                continue
            }
            break
        }
        return j
    }

    // MARK: emoji

    private func emoji(at i: Int) -> Int {
        var j = i + 1
        func isModifier(_ k: Int) -> Bool {
            let v = s[k].value
            return v == 0xFE0F || v == 0x20E3 || (v >= 0x1F3FB && v <= 0x1F3FF) || (v >= 0xE0020 && v <= 0xE007F)
        }
        let isFlag = (0x1F1E6...0x1F1FF).contains(s[i].value)
        if isFlag, j < s.count, (0x1F1E6...0x1F1FF).contains(s[j].value) { return j + 1 }
        while j < s.count {
            if isModifier(j) { j += 1; continue }
            if s[j].value == 0x200D, j + 1 < s.count, cls(j + 1) == .emoji { j += 2; continue }
            break
        }
        return j
    }

    // MARK: numbers, money, phones

    private static let moneyUnits: Set<String> = [
        "k", "tr", "triệu", "trieu", "củ", "cu", "m", "đ", "d", "vnd", "vnđ", "usd", "nghìn", "ngàn", "ngan", "nghin",
        "tỷ", "tỉ", "ty", "ti", "xu", "lít", "lit", "đô", "do", "bạc", "k/ngày",
    ]

    /// `500k`, `1tr2`, `2.000.000đ`, `15h`, `20h30`, `3,5`: a number, with a money unit → money.
    private func numberOrMoney(at i: Int) -> (Token.Kind, Int)? {
        var j = i
        while j < s.count, cls(j) == .digit { j += 1 }
        while j + 1 < s.count, s[j] == "." || s[j] == ",", cls(j + 1) == .digit {
            j += 1
            while j < s.count, cls(j) == .digit { j += 1 }
        }
        let numberEnd = j
        var k = j
        while k < s.count, cls(k) == .letter || cls(k) == .mark { k += 1 }
        if k == numberEnd {
            if isAt(k, "$") { return (.money, k + 1) }
            if isAt(k, "%") { return (.number, k) }
            return isWordPart(k) ? nil : (.number, numberEnd)
        }
        let unit = String(String.UnicodeScalarView(s[numberEnd..<k]))
        if Self.moneyUnits.contains(unit) {
            var end = k
            // `1tr2`, `1m5`, `2k5`: a digit run right after the unit.
            while end < s.count, cls(end) == .digit { end += 1 }
            return isWordPart(end) ? nil : (.money, end)
        }
        if unit == "h" || unit == "g" || unit == "p" || unit == "ph" {
            var end = k
            while end < s.count, cls(end) == .digit { end += 1 }
            if end < s.count, (s[end] == "p" || s[end] == "m"), !isWordPart(end + 1) { end += 1 }
            return isWordPart(end) ? nil : (.number, end)
        }
        return nil
    }

    /// Vietnamese phone numbers: `0912345678`, `0912.345.678`, `0912 345 678`, `+84 912 345 678`.
    private func phone(at i: Int) -> Int? {
        var j = i
        var digits = 0
        var leadingZero = false
        if s[j] == "+" {
            guard isAt(j + 1, "8"), isAt(j + 2, "4") else { return nil }
            j += 3
            digits = 1  // counts as the leading 0
            leadingZero = true
            if isAt(j, " ") || isAt(j, ".") || isAt(j, "-") { j += 1 }
        } else {
            leadingZero = s[j] == "0"
        }
        guard leadingZero else { return nil }
        var end = j
        var groupLength = 0
        while j < s.count {
            if cls(j) == .digit {
                digits += 1
                groupLength += 1
                j += 1
                end = j
                continue
            }
            if (s[j] == "." || s[j] == " " || s[j] == "-"), groupLength >= 2, j + 1 < s.count, cls(j + 1) == .digit, digits < 11 {
                groupLength = 0
                j += 1
                continue
            }
            break
        }
        guard (10...11).contains(digits), !isWordPart(end) else { return nil }
        return end
    }

    // MARK: links

    static let topLevelDomains: Set<String> = [
        "com", "net", "org", "info", "biz", "xyz", "top", "site", "online", "club", "vip", "shop", "store", "live",
        "life", "app", "io", "co", "me", "tv", "cc", "ly", "gl", "gd", "to", "ws", "pw", "tk", "ml", "ga", "cf", "gq",
        "vn", "edu", "gov", "int", "mobi", "asia", "fun", "space", "website", "link", "click", "win", "bet", "cloud",
        "tech", "news", "today", "one", "pro", "dev", "icu", "cyou", "buzz", "work", "bid", "loan", "money", "cash",
        "casino", "games", "game", "uk", "us", "jp", "cn", "ru", "kr", "sg", "th", "la", "kh", "de", "fr", "tw",
        "hk", "au", "ca", "in", "id", "ph", "my", "eu", "be", "nl", "it", "es", "ch", "se", "no", "fi", "pl", "cz",
        "br", "mx", "ar", "za", "ng", "ae", "sa", "tr", "ir", "pk", "bd", "lk", "np", "mm", "nz", "ie", "at", "dk",
        "pt", "gr", "hu", "ro", "ua", "by", "kz", "uz", "su", "ai", "gg", "tel", "name", "red", "blue", "vin",
    ]

    /// `https://…`, `www.…`, or `host.tld[/path]` with a known top-level domain.
    private func url(at i: Int) -> Int? {
        var end: Int
        if (s[i] == "h" || s[i] == "w"), hasPrefix("http://", at: i) || hasPrefix("https://", at: i) || hasPrefix("www.", at: i) {
            end = i
            while end < s.count, cls(end) != .space, cls(end) != .newline, cls(end) != .emoji { end += 1 }
        } else {
            guard let hostEnd = host(at: i) else { return nil }
            end = hostEnd
            if end < s.count, s[end] == "/" || s[end] == ":" || s[end] == "?" || s[end] == "#" {
                while end < s.count, cls(end) != .space, cls(end) != .newline, cls(end) != .emoji { end += 1 }
            }
        }
        while end > i + 1, ".,;:!?)]}'\"»…".unicodeScalars.contains(s[end - 1]) { end -= 1 }
        return end
    }

    /// `label(.label)+` in ASCII letters, digits and hyphens, ending in a known top-level
    /// domain and not followed by a letter or digit.
    private func host(at i: Int) -> Int? {
        var j = i
        var labels = 0
        var lastLabelStart = i
        while true {
            let labelStart = j
            while j < s.count, isASCIIAlnum(j) || (s[j] == "-" && j > labelStart) { j += 1 }
            guard j > labelStart else { return nil }
            labels += 1
            lastLabelStart = labelStart
            if j + 1 < s.count, s[j] == ".", isASCIIAlnum(j + 1) { j += 1; continue }
            break
        }
        guard labels >= 2, !isWordPart(j) else { return nil }
        let tld = String(String.UnicodeScalarView(s[lastLabelStart..<j]))
        return Self.topLevelDomains.contains(tld) ? j : nil
    }

    private func email(at i: Int) -> Int? {
        var j = i
        while j < s.count, isASCIIAlnum(j) || s[j] == "." || s[j] == "_" || s[j] == "%" || s[j] == "+" || s[j] == "-" { j += 1 }
        guard j > i, isAt(j, "@"), let end = host(at: j + 1) else { return nil }
        return end
    }

    private func hasPrefix(_ prefix: String, at i: Int) -> Bool {
        var j = i
        for p in prefix.unicodeScalars {
            guard j < s.count, s[j] == p else { return false }
            j += 1
        }
        return true
    }
}
