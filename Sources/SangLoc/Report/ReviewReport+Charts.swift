/// The report's charts, as inline SVG coloured by the page's CSS (`.v-harmful` and so on).
extension ReviewReport {
    /// One bar of a chart: a label and its stacked parts, one per verdict.
    struct Bar {
        var label: String
        var parts: [(verdict: Verdict?, value: Int)]
        /// The category a click on the bar filters the table by.
        var category: String?
        var total: Int { parts.reduce(0) { $0 + $1.value } }
    }

    /// Horizontal bars with the label on the left and the total on the right.
    static func horizontalBarChart(_ bars: [Bar], title: String) -> String {
        let width = 600, labelWidth = 200, valueWidth = 64, rowHeight = 28, barHeight = 18
        let plotWidth = width - labelWidth - valueWidth
        let height = max(1, bars.count) * rowHeight + 8
        let maximum = max(1, bars.map(\.total).max() ?? 1)
        var svg = "<svg class=\"chart\" role=\"img\" viewBox=\"0 0 \(width) \(height)\" width=\"\(width)\" "
        svg += "height=\"\(height)\" aria-label=\"" + HTMLText.escape(title) + "\">"
        svg += "<title>" + HTMLText.escape(title) + "</title>"
        for (row, bar) in bars.enumerated() {
            let y = 4 + row * rowHeight
            svg += "<g class=\"row\(bar.category == nil ? "" : " clickable")\""
            if let category = bar.category { svg += " data-category=\"" + HTMLText.escape(category) + "\"" }
            svg += "><title>" + HTMLText.escape(bar.label) + ": " + HTMLText.count(bar.total)
            if bar.parts.count > 1 {
                svg += " (" + bar.parts.filter { $0.value > 0 }.map { "\($0.verdict?.rawValue ?? "other") \(HTMLText.count($0.value))" }
                    .joined(separator: ", ") + ")"
            }
            svg += "</title>"
            svg += "<text class=\"label\" x=\"\(labelWidth - 10)\" y=\"\(y + barHeight - 4)\" text-anchor=\"end\">"
                + HTMLText.escape(bar.label) + "</text>"
            svg += "<rect class=\"track\" x=\"\(labelWidth)\" y=\"\(y)\" width=\"\(plotWidth)\" height=\"\(barHeight)\" rx=\"3\"/>"
            var x = Double(labelWidth)
            for part in bar.parts where part.value > 0 {
                let partWidth = max(2, Double(plotWidth) * Double(part.value) / Double(maximum))
                svg += "<rect class=\"bar v-\(part.verdict.voteName)\" x=\"\(format(x))\" y=\"\(y)\" "
                    + "width=\"\(format(partWidth))\" height=\"\(barHeight)\" rx=\"3\"/>"
                x += partWidth
            }
            svg += "<text class=\"value\" x=\"\(format(x + 8))\" y=\"\(y + barHeight - 4)\">" + HTMLText.count(bar.total) + "</text>"
            svg += "</g>"
        }
        return svg + "</svg>"
    }

    /// Vertical stacked bars of flagged posts per day, days without posts included (up to a year
    /// between the first and the last day; beyond that only days with posts).
    static func dailyChart(_ perDay: [Int: [Verdict: Int]]) -> String {
        guard let first = perDay.keys.min(), let last = perDay.keys.max() else { return "" }
        let days = last - first <= 366 ? Array(first...last) : perDay.keys.sorted()
        let width = 1100, height = 220, left = 44, bottom = 34, top = 12
        let plotWidth = width - left - 12, plotHeight = height - bottom - top
        let axis = countAxis(days.map { perDay[$0]?.values.reduce(0, +) ?? 0 }.max() ?? 0)
        let maximum = axis.top
        let slot = Double(plotWidth) / Double(days.count)
        let barWidth = max(1, slot * 0.72)
        let labelEvery = max(1, Int((Double(days.count) / (Double(plotWidth) / 78)).rounded(.up)))
        var svg = "<svg class=\"chart daily\" role=\"img\" viewBox=\"0 0 \(width) \(height)\" width=\"100%\" "
        svg += "aria-label=\"Flagged posts per day\"><title>Flagged posts per day (UTC)</title>"
        for value in stride(from: 0, through: axis.top, by: axis.step) {
            let y = Double(top + plotHeight) - Double(plotHeight) * Double(value) / Double(axis.top)
            svg += "<line class=\"grid\" x1=\"\(left)\" x2=\"\(width - 12)\" y1=\"\(format(y))\" y2=\"\(format(y))\"/>"
            svg += "<text class=\"axis\" x=\"\(left - 6)\" y=\"\(format(y + 4))\" text-anchor=\"end\">"
                + HTMLText.count(value) + "</text>"
        }
        for (index, day) in days.enumerated() {
            let counts = perDay[day] ?? [:]
            let x = Double(left) + Double(index) * slot + (slot - barWidth) / 2
            var y = Double(top + plotHeight)
            let label = dayLabel(day)
            svg += "<g><title>\(label): \(HTMLText.count(counts[.harmful] ?? 0)) harmful, "
                + "\(HTMLText.count(counts[.unverified] ?? 0)) unverified</title>"
            for verdict in [Verdict.harmful, .unverified] {
                let value = counts[verdict] ?? 0
                guard value > 0 else { continue }
                let barHeight = Double(plotHeight) * Double(value) / Double(maximum)
                y -= barHeight
                svg += "<rect class=\"bar v-\(verdict.rawValue)\" x=\"\(format(x))\" y=\"\(format(y))\" "
                    + "width=\"\(format(barWidth))\" height=\"\(format(barHeight))\"/>"
            }
            svg += "</g>"
            if index % labelEvery == 0 {
                svg += "<text class=\"axis\" x=\"\(format(x + barWidth / 2))\" y=\"\(height - bottom + 18)\" "
                    + "text-anchor=\"middle\">\(label)</text>"
            }
        }
        return svg + "</svg>"
    }

    /// The ticks of an axis of counts up to `maximum`: a whole step of 1, 2 or 5 times a power
    /// of ten giving at most five intervals, and the top tick, a multiple of it at or above
    /// `maximum` (at least 1). Counts are whole, so ticks are too.
    static func countAxis(_ maximum: Int) -> (step: Int, top: Int) {
        let maximum = max(1, maximum)
        var power = 1
        while true {
            for factor in [1, 2, 5] {
                let step = factor * power
                if (maximum + step - 1) / step <= 5 { return (step, (maximum + step - 1) / step * step) }
            }
            power *= 10
        }
    }

    /// A coordinate with at most one decimal.
    private static func format(_ value: Double) -> String {
        let rounded = (value * 10).rounded() / 10
        return rounded == rounded.rounded() ? String(Int(rounded)) : String(rounded)
    }
}
