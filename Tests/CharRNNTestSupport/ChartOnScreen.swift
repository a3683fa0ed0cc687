/// A braille line chart found on a screen by its axes: `└` where they meet,
/// `│`/`┤` up the y axis, the x labels on the row under the x axis.
public struct ChartOnScreen: CustomStringConvertible {
    /// The plot, right of the y axis and above the x axis (x, y, width, height).
    public let plot: (x: Int, y: Int, width: Int, height: Int)
    /// The row of x labels, trimmed.
    public let xLabels: String
    /// The y labels from top to bottom.
    public let yLabels: [String]
    /// The rows above the plot (the legend), trimmed.
    public let legend: [String]
    let rows: [[ScreenCell]]

    /// The chart whose axes lie in columns `x0..<x1`, rows `y0..<y1` of `rows`; nil when there is none.
    public init?(_ rows: [[ScreenCell]], columns x0: Int, _ x1: Int, rows y0: Int, _ y1: Int) {
        func at(_ x: Int, _ y: Int) -> Character { y < rows.count && x < rows[y].count ? rows[y][x].character : " " }
        guard let (axisX, axisRow) = (y0..<y1).lazy.compactMap({ y in (x0..<x1).first { at($0, y) == "└" }.map { ($0, y) } }).first
        else { return nil }
        var top = axisRow
        while top > y0, at(axisX, top - 1) == "│" || at(axisX, top - 1) == "┤" { top -= 1 }
        self.rows = rows
        plot = (axisX + 1, top, x1 - axisX - 1, axisRow - top)
        func text(_ y: Int, _ from: Int, _ to: Int) -> String {
            String((from..<to).map { at($0, y) }).trimmingSpaces
        }
        xLabels = axisRow + 1 < y1 ? text(axisRow + 1, x0, x1) : ""
        yLabels = (top..<axisRow).filter { at(axisX, $0) == "┤" }.map { text($0, x0, axisX) }
        legend = (y0..<top).map { text($0, x0, x1) }
    }

    public var description: String { "chart: plot \(plot), y labels \(yLabels), x labels '\(xLabels)', legend \(legend)" }

    /// The topmost and bottommost dot rows (0 at the plot's top, `4 × height − 1`
    /// at its bottom) of the braille cells drawn in `foreground`; nil when there are none.
    public func dotRows(foreground: Int?) -> (top: Int, bottom: Int)? {
        var top = Int.max, bottom = Int.min
        for y in plot.y..<(plot.y + plot.height) {
            for x in plot.x..<(plot.x + plot.width) where x < rows[y].count && rows[y][x].foreground == foreground {
                guard let scalar = rows[y][x].character.unicodeScalars.first, scalar.value > 0x2800, scalar.value <= 0x28FF else { continue }
                let mask = scalar.value - 0x2800
                // Dot rows of a braille cell: 0x01 0x08 | 0x02 0x10 | 0x04 0x20 | 0x40 0x80.
                let dotRows = [(0x09, 0), (0x12, 1), (0x24, 2), (0xC0, 3)].filter { mask & UInt32($0.0) != 0 }.map(\.1)
                top = min(top, 4 * (y - plot.y) + dotRows.min()!)
                bottom = max(bottom, 4 * (y - plot.y) + dotRows.max()!)
            }
        }
        return top <= bottom ? (top, bottom) : nil
    }

    /// Where the extremes of the series in `foreground` lie, as fractions of
    /// the plot's height from its top (0) to its bottom (1).
    public func extremes(foreground: Int?) -> (highest: Double, lowest: Double)? {
        guard let rows = dotRows(foreground: foreground) else { return nil }
        let last = Double(4 * plot.height - 1)
        return (Double(rows.top) / last, Double(rows.bottom) / last)
    }
}

extension String {
    var trimmingSpaces: String {
        var s = Substring(self)
        while s.first == " " { s.removeFirst() }
        while s.last == " " { s.removeLast() }
        return String(s)
    }

    /// The words of a status or key line: runs of characters between spaces, separators left out.
    public var statusWords: [String] {
        split(separator: " ").map(String.init).filter { $0 != "·" && $0 != "|" }
    }
}
