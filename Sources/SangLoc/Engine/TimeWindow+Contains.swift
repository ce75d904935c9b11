import Foundation

extension TimeWindow {
    /// Whether `date` falls in this `posted_at` window, read in `zone`: weekday and time of day;
    /// `from` > `to` crosses midnight (the weekday is the one on which the window started).
    func contains(_ date: Date, in zone: TimeZone) -> Bool {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        let parts = calendar.dateComponents([.weekday, .hour, .minute], from: date)
        let minute = (parts.hour ?? 0) * 60 + (parts.minute ?? 0)
        let isoWeekday = ((parts.weekday ?? 1) + 5) % 7 + 1  // Calendar: 1 = Sunday → ISO: 7
        let from = self.from ?? 0
        let to = self.to ?? 24 * 60
        let previousDay = isoWeekday == 1 ? 7 : isoWeekday - 1
        func dayAllowed(_ day: Int) -> Bool { weekdays.isEmpty || weekdays.contains(day) }
        if from <= to {
            return minute >= from && minute < to && dayAllowed(isoWeekday)
        }
        // Crosses midnight: the evening part belongs to today, the morning part to yesterday's window.
        if minute >= from { return dayAllowed(isoWeekday) }
        if minute < to { return dayAllowed(previousDay) }
        return false
    }
}
