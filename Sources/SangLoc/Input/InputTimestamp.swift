public import Foundation

/// Reading publication times as inputs write them.
public enum InputTimestamp {
    /// Parses Unix seconds (`1764000000`, `1764000000.5`) or an ISO 8601 date or date-time.
    ///
    /// Numbers above 10^11 are taken as milliseconds (as JavaScript writes them), since as
    /// seconds they would lie beyond the year 5000. Accepted ISO 8601 forms: `2025-11-24`,
    /// `2025-11-24T16:00`, `2025-11-24T16:00:00`, with optional fraction, with `T` or a space,
    /// and with `Z`, `+07:00`, `+0700` or `+07`; a date or time without zone is read in
    /// `timeZone` (UTC when nil). Returns `nil` for anything else.
    public static func date(from text: String, timeZone: TimeZone? = nil) -> Date? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if let seconds = Double(trimmed), seconds.isFinite {
            return date(fromUnixNumber: seconds)
        }
        guard let (date, zoned) = date(fromISO8601: Array(trimmed.utf8)) else { return nil }
        guard !zoned, let timeZone else { return date }
        // A wall-clock time in `timeZone`: its offset at the instant, checked once more for
        // the hour around a change of offset.
        let first = date.addingTimeInterval(-Double(timeZone.secondsFromGMT(for: date)))
        return date.addingTimeInterval(-Double(timeZone.secondsFromGMT(for: first)))
    }

    /// The date for a Unix time number (seconds, or milliseconds above 10^11).
    static func date(fromUnixNumber value: Double) -> Date {
        Date(timeIntervalSince1970: abs(value) > 1e11 ? value / 1000 : value)
    }

    /// The date, and whether the text gave its zone (without one: read as UTC here).
    private static func date(fromISO8601 bytes: [UInt8]) -> (Date, zoned: Bool)? {
        var position = 0
        func number(digits: Int) -> Int? {
            guard position + digits <= bytes.count else { return nil }
            var value = 0
            for offset in 0..<digits {
                let byte = bytes[position + offset]
                guard byte >= 0x30 && byte <= 0x39 else { return nil }
                value = value * 10 + Int(byte - 0x30)
            }
            position += digits
            return value
        }
        func skip(_ byte: UInt8) -> Bool {
            guard position < bytes.count, bytes[position] == byte else { return false }
            position += 1
            return true
        }
        guard let year = number(digits: 4), skip(UInt8(ascii: "-")), let month = number(digits: 2),
            skip(UInt8(ascii: "-")), let day = number(digits: 2),
            (1...12).contains(month), (1...31).contains(day)
        else { return nil }
        var seconds = Double(daysFromCivil(year: year, month: month, day: day) * 86_400)
        guard position < bytes.count else { return (Date(timeIntervalSince1970: seconds), false) }
        guard skip(UInt8(ascii: "T")) || skip(UInt8(ascii: "t")) || skip(UInt8(ascii: " ")),
            let hour = number(digits: 2), skip(UInt8(ascii: ":")), let minute = number(digits: 2),
            hour < 24, minute < 60
        else { return nil }
        seconds += Double(hour * 3600 + minute * 60)
        if skip(UInt8(ascii: ":")) {
            guard let second = number(digits: 2), second <= 60 else { return nil }
            seconds += Double(second)
            if skip(UInt8(ascii: ".")) || skip(UInt8(ascii: ",")) {
                var scale = 0.1
                var sawDigit = false
                while position < bytes.count, bytes[position] >= 0x30, bytes[position] <= 0x39 {
                    seconds += Double(bytes[position] - 0x30) * scale
                    scale /= 10
                    position += 1
                    sawDigit = true
                }
                guard sawDigit else { return nil }
            }
        }
        if position == bytes.count { return (Date(timeIntervalSince1970: seconds), false) }
        if skip(UInt8(ascii: "Z")) || skip(UInt8(ascii: "z")) {
            return position == bytes.count ? (Date(timeIntervalSince1970: seconds), true) : nil
        }
        let sign: Double
        if skip(UInt8(ascii: "+")) {
            sign = 1
        } else if skip(UInt8(ascii: "-")) {
            sign = -1
        } else {
            return nil
        }
        guard let offsetHours = number(digits: 2), offsetHours < 24 else { return nil }
        var offsetMinutes = 0
        if position < bytes.count {
            _ = skip(UInt8(ascii: ":"))
            guard let minutes = number(digits: 2), minutes < 60 else { return nil }
            offsetMinutes = minutes
        }
        guard position == bytes.count else { return nil }
        seconds -= sign * Double(offsetHours * 3600 + offsetMinutes * 60)
        return (Date(timeIntervalSince1970: seconds), true)
    }

    /// Days since 1970-01-01 for a proleptic Gregorian date (Howard Hinnant's `days_from_civil`).
    private static func daysFromCivil(year: Int, month: Int, day: Int) -> Int {
        let shiftedYear = month <= 2 ? year - 1 : year
        let era = (shiftedYear >= 0 ? shiftedYear : shiftedYear - 399) / 400
        let yearOfEra = shiftedYear - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }
}
