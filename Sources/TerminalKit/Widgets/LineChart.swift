import Foundation

/// Line charts of one or more series drawn with braille dots, with axes and a legend.
///
/// Layout, top to bottom: the legend (see `LineChart+Legend.swift`), the plot
/// with the y axis and its tick labels on the left, the x axis line, and a
/// row of x tick labels (see `LineChart+Axes.swift`). Rows and columns the
/// area lacks are given up in this order: legend, then axes; the plot always
/// takes what is left.
///
/// Without fixed `yBounds` the y axis hugs the data (`AxisFit`) of the
/// foreground series, or of all series when only background ones have data;
/// a background series running outside is clipped at the plot's edge.
///
/// Each plot cell holds 2 × 4 dots (see `BrailleCanvas`); consecutive points
/// are joined by straight dot lines. Where series share a cell their dots are
/// OR-ed and the cell takes the style of the series on top: the first one
/// listed (so the legend lists the curves from the top down), background
/// series beneath all others. Non-finite points, and on a log scale
/// non-positive y, are skipped and break the line.
///
/// Series are told apart by colour; background series are also dim. Without
/// colour (`theme.color == false`) background series are dim and the others
/// take bold, underline, plain, bold underline in turn. Without unicode the
/// dots become `'` (upper half of a cell), `.` (lower half) or `:` (both),
/// and axes use `|-+`.
public struct LineChart: Widget, Hashable {
    public var series: [ChartSeries]
    /// Drawn bold at the start of the legend, e.g. the chart's name and scale; empty for none.
    public var title: String
    /// The name of the x quantity, e.g. "epoch", written before the last x label; empty for none.
    public var xLabel: String
    /// Fixed x bounds, or nil for the data's range.
    public var xBounds: ClosedRange<Double>?
    /// Fixed y bounds, or nil to fit the axis to the data.
    public var yBounds: ClosedRange<Double>?
    /// Draws y on a base-10 log scale; only positive y values are drawn.
    public var logScaleY: Bool
    /// The least y the quantity can take (e.g. 1 for a perplexity): a fitted axis does not reach below it.
    public var yMinimum: Double
    /// EMA weight in 0...1 applied to each series' y before drawing (0: none).
    public var smoothing: Double
    public var showsAxes: Bool
    public var showsLegend: Bool
    /// The most rows the legend may wrap onto (at least 1).
    public var legendRows: Int

    public init(
        series: [ChartSeries], title: String = "", xLabel: String = "",
        xBounds: ClosedRange<Double>? = nil, yBounds: ClosedRange<Double>? = nil,
        logScaleY: Bool = false, yMinimum: Double = -.infinity, smoothing: Double = 0,
        showsAxes: Bool = true, showsLegend: Bool = true, legendRows: Int = 1
    ) {
        self.legendRows = max(1, legendRows)
        self.series = series
        self.title = title
        self.xLabel = xLabel
        self.xBounds = xBounds
        self.yBounds = yBounds
        self.logScaleY = logScaleY
        self.yMinimum = yMinimum
        self.smoothing = smoothing
        self.showsAxes = showsAxes
        self.showsLegend = showsLegend
    }

    /// The style series `index` is drawn in under `theme`.
    public func style(ofSeries index: Int, theme: Theme) -> Style {
        let s = series[index]
        if s.background { return theme.color ? Style(foreground: s.color, dim: true) : .dim }
        if theme.color { return Style(foreground: s.color) }
        let rank = series[..<index].filter { !$0.background }.count
        switch rank % 4 {
        case 0: return .bold
        case 1: return Style(underline: true)
        case 2: return .plain
        default: return Style(bold: true, underline: true)
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

    /// The rows the plot keeps before the legend may take a second row.
    static let plotRowsBeforeWrapping = 4

    /// The most y tick labels a plot `rows` tall takes: one every three rows.
    static func maxTicks(plotRows rows: Int) -> Int { max(2, rows / 3 + 1) }

    /// The x range and the y axis of a plot `plotRows` rows tall.
    ///
    /// Explicit bounds are used as given when finite and non-empty (on a log
    /// scale also positive), with nice ticks inside. Automatic x bounds are
    /// the data's range, ±0.5 around a single value; the automatic y axis is
    /// `AxisFit`'s. Without data: x 0...1, y 0...1 (log 1...10).
    public func axes(plotRows: Int) -> (x: ClosedRange<Double>, y: AxisFit) {
        axes(of: drawnPoints(), plotRows: plotRows)
    }

    func axes(of points: [[ChartPoint]], plotRows: Int) -> (x: ClosedRange<Double>, y: AxisFit) {
        var xLo = Double.infinity, xHi = -Double.infinity
        var yLo = Double.infinity, yHi = -Double.infinity
        var foregroundLo = Double.infinity, foregroundHi = -Double.infinity
        for (s, line) in zip(series, points) {
            for p in line where !p.y.isNaN {
                xLo = min(xLo, p.x); xHi = max(xHi, p.x)
                yLo = min(yLo, p.y); yHi = max(yHi, p.y)
                if !s.background { foregroundLo = min(foregroundLo, p.y); foregroundHi = max(foregroundHi, p.y) }
            }
        }
        if foregroundLo <= foregroundHi { (yLo, yHi) = (foregroundLo, foregroundHi) }
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

        let count = LineChart.maxTicks(plotRows: plotRows)
        let fixed = usable(yBounds, positive: logScaleY) ?? (yLo > yHi ? (logScaleY ? 1...10 : 0...1) : nil)
        if let fixed {
            let ticks = logScaleY ? AxisTicks.logarithmic(fixed, maxCount: count) : AxisTicks.linear(fixed, maxCount: count)
            return (x, AxisFit(range: fixed, ticks: ticks))
        }
        let fit = logScaleY
            ? AxisFit.logarithmic(yLo, yHi, maxCount: count, minimum: yMinimum)
            : AxisFit.linear(yLo, yHi, maxCount: count, minimum: yMinimum)
        return (x, fit ?? AxisFit(range: LineChart.range(around: yLo, padding: 0), ticks: []))
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

        var top = area.y
        let bottom = area.maxY
        var legend: Legend? = nil
        if showsLegend, !series.isEmpty || !title.isEmpty, area.height >= (showsAxes ? 5 : 3) {
            let extra = max(0, min(legendRows - 1, area.height - (showsAxes ? 3 : 1) - LineChart.plotRowsBeforeWrapping))
            let fitted = legendLayout(width: area.width, rows: 1 + extra)
            legend = fitted
            top += fitted.lines.count
        }

        var plot = Rect(x: area.x, y: top, width: area.width, height: bottom - top)
        let withAxes = showsAxes && plot.height >= 3
        let (xRange, yAxis) = axes(of: points, plotRows: withAxes ? plot.height - 2 : plot.height)
        var yLabels: [String]? = nil
        if withAxes {
            let labels = AxisTicks.labels(for: yAxis.ticks)
            let labelWidth = labels.map(\.count).max() ?? 0
            if area.width >= labelWidth + 3 {
                yLabels = labels
                plot = Rect(x: area.x + labelWidth + 1, y: top, width: area.width - labelWidth - 1, height: plot.height - 2)
            }
        }
        guard !plot.isEmpty else { return }

        let mapping = DotMapping(
            x: xRange, y: yAxis.range, logY: logScaleY, dotWidth: plot.width * 2, dotHeight: plot.height * 4
        )
        drawPlot(points, mapping: mapping, plot: plot, into: &buffer, clip: clip, theme: theme)
        if let yLabels {
            drawAxes(yTicks: yAxis.ticks, yLabels: yLabels, xRange: xRange, mapping: mapping, plot: plot, area: area,
                     into: &buffer, clip: clip, theme: theme)
        }
        if let legend {
            drawLegend(legend, firstRow: area.y, area: area, into: &buffer, clip: clip, theme: theme)
        }
    }

    private func drawPlot(
        _ points: [[ChartPoint]], mapping: DotMapping, plot: Rect,
        into buffer: inout Buffer, clip: Rect, theme: Theme
    ) {
        var canvas = BrailleCanvas(width: plot.width, height: plot.height)
        // Bottom to top: the canvas keeps the last series drawn in a cell.
        let order = (series.indices.filter { series[$0].background } + series.indices.filter { !series[$0].background }.reversed())
        for index in order {
            var previous: (x: Double, y: Double)? = nil
            for p in points[index] {
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
        let styles = series.indices.map { style(ofSeries: $0, theme: theme) }
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
}
