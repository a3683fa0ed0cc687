import Foundation

/// Line charts of one or more series drawn with braille dots, with axes and a legend.
///
/// Layout, top to bottom: a legend row (`⠤⠤ name 7.36` per series, the value
/// being the series' latest raw y; up to `legendRows` rows when the entries
/// do not fit on one, each entry moving whole to the next row), the plot with the y axis and its tick
/// labels on the left, the x axis line, and a row of x tick labels ending with
/// `xLabel` at the right edge. Rows and columns the area lacks are given up in
/// this order: legend, then axes; the plot always takes what is left.
///
/// Each plot cell holds 2 × 4 dots (see `BrailleCanvas`); consecutive points
/// are joined by straight dot lines. Where series share a cell their dots are
/// OR-ed and the later series' style wins. Non-finite points, and on a log
/// scale non-positive y, are skipped and break the line.
///
/// Without colour (`theme.color == false`) series are told apart by style:
/// bold, dim, underline, plain, repeating. Without unicode the dots become
/// `'` (upper half of a cell), `.` (lower half) or `:` (both), and axes use `|-+`.
public struct LineChart: Widget, Hashable {
    public var series: [ChartSeries]
    /// The name of the x quantity, e.g. "epoch"; empty for none.
    public var xLabel: String
    /// Fixed x bounds, or nil for the data's range.
    public var xBounds: ClosedRange<Double>?
    /// Fixed y bounds, or nil for the data's range plus 5% padding.
    public var yBounds: ClosedRange<Double>?
    /// Draws y on a base-10 log scale; only positive y values are drawn.
    public var logScaleY: Bool
    /// EMA weight in 0...1 applied to each series' y before drawing (0: none).
    public var smoothing: Double
    public var showsAxes: Bool
    public var showsLegend: Bool
    /// The most rows the legend may wrap onto (at least 1).
    public var legendRows: Int

    public init(
        series: [ChartSeries], xLabel: String = "",
        xBounds: ClosedRange<Double>? = nil, yBounds: ClosedRange<Double>? = nil,
        logScaleY: Bool = false, smoothing: Double = 0,
        showsAxes: Bool = true, showsLegend: Bool = true, legendRows: Int = 1
    ) {
        self.legendRows = max(1, legendRows)
        self.series = series
        self.xLabel = xLabel
        self.xBounds = xBounds
        self.yBounds = yBounds
        self.logScaleY = logScaleY
        self.smoothing = smoothing
        self.showsAxes = showsAxes
        self.showsLegend = showsLegend
    }

    /// The style series `index` is drawn in: its colour, or without colour a
    /// repeating cycle of bold, dim, underline and plain.
    public static func seriesStyle(index: Int, color: Color, theme: Theme) -> Style {
        if theme.color { return Style(foreground: color) }
        switch index % 4 {
        case 0: return .bold
        case 1: return .dim
        case 2: return Style(underline: true)
        default: return .plain
        }
    }

    // MARK: - Data

    /// The points that are drawn: y smoothed, unusable points' y set to NaN.
    func drawnPoints() -> [[ChartPoint]] {
        series.map { s in
            var ys = s.points.map(\.y)
            if smoothing > 0 { ys = Smoothing.ema(ys, weight: smoothing) }
            return s.points.indices.map { i in
                let x = s.points[i].x, y = ys[i]
                let usable = x.isFinite && y.isFinite && (!logScaleY || y > 0)
                return ChartPoint(x: x, y: usable ? y : .nan)
            }
        }
    }

    /// The x and y ranges the plot spans (y in data units even on a log scale).
    ///
    /// Explicit bounds are used as given when finite and non-empty (on a log
    /// scale also positive). Automatic x bounds are the data's range; automatic
    /// y bounds add 5% of the range on each side (on a log scale, of the range
    /// in decades). A single value gets ±0.5 in x and ±10% (±1 at zero, ±0.1
    /// decade on a log scale) in y. Without data: x 0...1, y 0...1 (log 1...10).
    public func bounds() -> (x: ClosedRange<Double>, y: ClosedRange<Double>) {
        bounds(of: drawnPoints())
    }

    private func bounds(of points: [[ChartPoint]]) -> (x: ClosedRange<Double>, y: ClosedRange<Double>) {
        var xLo = Double.infinity, xHi = -Double.infinity
        var yLo = Double.infinity, yHi = -Double.infinity
        for p in points.joined() where !p.y.isNaN {
            xLo = min(xLo, p.x); xHi = max(xHi, p.x)
            let y = logScaleY ? log10(p.y) : p.y
            yLo = min(yLo, y); yHi = max(yHi, y)
        }
        func usable(_ r: ClosedRange<Double>?, positive: Bool) -> ClosedRange<Double>? {
            guard let r, r.lowerBound.isFinite, r.upperBound.isFinite, r.upperBound > r.lowerBound,
                  !positive || r.lowerBound > 0 else { return nil }
            return r
        }

        let x: ClosedRange<Double>
        if let fixed = usable(xBounds, positive: false) {
            x = fixed
        } else if xLo > xHi {
            x = 0...1
        } else {
            x = xLo < xHi ? xLo...xHi : LineChart.range(around: xLo, padding: 0.5)
        }

        let y: ClosedRange<Double>
        if let fixed = usable(yBounds, positive: logScaleY) {
            y = fixed
        } else if yLo > yHi {
            y = logScaleY ? 1...10 : 0...1
        } else {
            let span = yHi - yLo
            let padded = span > 0
                ? (yLo - span * 0.05)...(yHi + span * 0.05)
                : LineChart.range(around: yLo, padding: logScaleY ? 0.1 : (yLo == 0 ? 1 : abs(yLo) * 0.1))
            y = logScaleY ? pow(10, padded.lowerBound)...pow(10, padded.upperBound) : padded
        }
        return (x, y)
    }

    /// `v ± padding`, or the neighbouring doubles of `v` where that is too small to be a range.
    private static func range(around v: Double, padding: Double) -> ClosedRange<Double> {
        let lo = v - padding, hi = v + padding
        return lo < hi ? lo...hi : v.nextDown...v.nextUp
    }

    // MARK: - Rendering

    public func render(into buffer: inout Buffer, area: Rect, theme: Theme) {
        let clip = area.intersection(buffer.area)
        guard !clip.isEmpty else { return }
        let points = drawnPoints()
        let (xRange, yRange) = bounds(of: points)

        var top = area.y
        let bottom = area.maxY
        var legendRow: Int? = nil
        var legendLines: [[Int]] = []
        if showsLegend, !series.isEmpty, area.height >= (showsAxes ? 5 : 3) {
            // Extra rows only while the plot keeps at least as many rows as the minimum leaves it.
            let extra = max(0, min(legendRows - 1, area.height - (showsAxes ? 5 : 3)))
            legendLines = legendLayout(width: area.width, rows: 1 + extra, unicode: theme.unicode)
            legendRow = top
            top += legendLines.count
        }

        var plot = Rect(x: area.x, y: top, width: area.width, height: bottom - top)
        var axes: (yAxisX: Int, xAxisRow: Int, yTicks: [Double], yLabels: [String])? = nil
        if showsAxes, plot.height >= 3 {
            let plotHeight = plot.height - 2
            let maxCount = plotHeight / 3 + 1
            let ticks = logScaleY
                ? AxisTicks.logarithmic(yRange, maxCount: maxCount) : AxisTicks.linear(yRange, maxCount: maxCount)
            let labels = AxisTicks.labels(for: ticks)
            let labelWidth = labels.map(\.count).max() ?? 0
            if area.width >= labelWidth + 3 {
                let yAxisX = area.x + labelWidth
                axes = (yAxisX, bottom - 2, ticks, labels)
                plot = Rect(x: yAxisX + 1, y: top, width: area.maxX - yAxisX - 1, height: plotHeight)
            }
        }
        guard !plot.isEmpty else { return }

        let mapping = DotMapping(
            x: xRange, y: yRange, logY: logScaleY, dotWidth: plot.width * 2, dotHeight: plot.height * 4
        )
        drawPlot(points, mapping: mapping, plot: plot, into: &buffer, clip: clip, theme: theme)
        if let axes {
            drawAxes(
                yAxisX: axes.yAxisX, xAxisRow: axes.xAxisRow, yTicks: axes.yTicks, yLabels: axes.yLabels,
                xRange: xRange, mapping: mapping, plot: plot, area: area,
                into: &buffer, clip: clip, theme: theme
            )
        }
        if let legendRow {
            drawLegend(lines: legendLines, firstRow: legendRow, area: area, into: &buffer, clip: clip, theme: theme)
        }
    }

    private func drawPlot(
        _ points: [[ChartPoint]], mapping: DotMapping, plot: Rect,
        into buffer: inout Buffer, clip: Rect, theme: Theme
    ) {
        var canvas = BrailleCanvas(width: plot.width, height: plot.height)
        for (index, line) in points.enumerated() {
            var previous: (x: Double, y: Double)? = nil
            for p in line {
                guard !p.y.isNaN else { previous = nil; continue }
                let dot = (x: mapping.dotX(p.x), y: mapping.dotY(p.y))
                if let previous {
                    canvas.line(previous.x, previous.y, dot.x, dot.y, series: index)
                } else {
                    canvas.point(dot.x, dot.y, series: index)
                }
                previous = dot
            }
        }
        let styles = series.indices.map { LineChart.seriesStyle(index: $0, color: series[$0].color, theme: theme) }
        let visible = plot.intersection(clip)
        guard !visible.isEmpty else { return }
        for y in visible.y..<visible.maxY {
            for x in visible.x..<visible.maxX {
                let index = (y - plot.y) * plot.width + (x - plot.x)
                guard let glyph = canvas.glyph(at: index, unicode: theme.unicode) else { continue }
                buffer[x, y] = Cell(glyph, style: styles[Int(canvas.owners[index])])
            }
        }
    }

    private func drawAxes(
        yAxisX: Int, xAxisRow: Int, yTicks: [Double], yLabels: [String],
        xRange: ClosedRange<Double>, mapping: DotMapping, plot: Rect, area: Rect,
        into buffer: inout Buffer, clip: Rect, theme: Theme
    ) {
        let u = theme.unicode
        let axisStyle = Style.dim
        for y in plot.y..<plot.maxY { buffer.put(yAxisX, y, u ? "│" : "|", axisStyle, clip: clip) }
        buffer.put(yAxisX, xAxisRow, u ? "└" : "+", axisStyle, clip: clip)
        for x in plot.x..<plot.maxX { buffer.put(x, xAxisRow, u ? "─" : "-", axisStyle, clip: clip) }

        var usedRows = Set<Int>()
        for (value, label) in zip(yTicks, yLabels) {
            guard let row = mapping.cellRow(value), usedRows.insert(row).inserted else { continue }
            buffer.put(yAxisX, plot.y + row, u ? "┤" : "+", axisStyle, clip: clip)
            buffer.write(label, x: yAxisX - label.count, y: plot.y + row, style: .plain, clip: clip)
        }

        // The x label takes the right end of the label row; tick labels fill in
        // from the left without touching each other or it.
        let labelRow = xAxisRow + 1
        var limit = area.maxX
        if !xLabel.isEmpty {
            let text = TextFit.truncate(xLabel, to: area.width / 2, unicode: u)
            limit = area.maxX - text.count
            buffer.write(text, x: limit, y: labelRow, style: .dim, clip: clip)
            limit -= 1
        }
        let xTicks = AxisTicks.linear(xRange, maxCount: max(2, plot.width / 10))
        var nextFree = area.x
        for (value, label) in zip(xTicks, AxisTicks.labels(for: xTicks)) {
            guard let column = mapping.cellColumn(value) else { continue }
            let x = plot.x + column
            buffer.put(x, xAxisRow, u ? "┬" : "+", axisStyle, clip: clip)
            let start = max(x - label.count / 2, nextFree)
            guard start + label.count <= limit, start <= x else { continue }
            buffer.write(label, x: start, y: labelRow, style: .plain, clip: clip)
            nextFree = start + label.count + 1
        }
    }

    /// The legend text of series `index` after its marker: ` name 7.36`.
    private func legendText(_ index: Int) -> String {
        let s = series[index]
        let value = s.latestValue.map { NumberFormat.compact($0) } ?? "-"
        return s.name.isEmpty ? " " + value : " " + s.name + " " + value
    }

    /// The series on each legend row: in order, two cells apart, an entry that
    /// does not fit moving to the next row while there is one (else it is cut).
    func legendLayout(width: Int, rows: Int, unicode: Bool) -> [[Int]] {
        var lines: [[Int]] = [[]]
        var used = 0
        for index in series.indices {
            let entry = 2 + legendText(index).count
            let needed = lines[lines.count - 1].isEmpty ? entry : used + 2 + entry
            if needed > width, !lines[lines.count - 1].isEmpty, lines.count < rows {
                lines.append([index])
                used = entry
            } else {
                lines[lines.count - 1].append(index)
                used = needed
            }
        }
        return lines
    }

    private func drawLegend(lines: [[Int]], firstRow: Int, area: Rect, into buffer: inout Buffer, clip: Rect, theme: Theme) {
        let marker = theme.unicode ? "⠤⠤" : "--"
        for (row, line) in lines.enumerated() {
            var x = area.x
            for (position, index) in line.enumerated() {
                if x >= area.maxX { break }
                if position > 0 { x += 2 }
                let style = LineChart.seriesStyle(index: index, color: series[index].color, theme: theme)
                x += buffer.write(marker, x: x, y: firstRow + row, style: style, clip: clip)
                x += buffer.write(legendText(index), x: x, y: firstRow + row, style: .plain, clip: clip)
            }
        }
    }
}
