import Testing
import TerminalKit

@Suite struct LineChartTests {
    /// A bare chart (no axes or legend) so the area is exactly the plot.
    func bare(_ series: [ChartSeries], x: ClosedRange<Double>, y: ClosedRange<Double>, log: Bool = false) -> LineChart {
        LineChart(series: series, xBounds: x, yBounds: y, logScaleY: log, showsAxes: false, showsLegend: false)
    }

    func scalar(_ c: Character) -> UInt32 { c.unicodeScalars.first!.value }

    // MARK: - Dots

    @Test func diagonalAcrossTwoCells() {
        // 2×1 cells = 4×4 dots; (0,0)→dot (0,3) and (3,3)→dot (3,0); Bresenham
        // adds (1,2) and (2,1). Cell 0: 0x40|0x20, cell 1: 0x02|0x08.
        let chart = bare([ChartSeries(name: "a", color: .red, points: [(x: 0, y: 0), (x: 3, y: 3)])], x: 0...3, y: 0...3)
        let buffer = rendered(chart, width: 2, height: 1)
        #expect(scalar(buffer[0, 0].character) == 0x2860)
        #expect(scalar(buffer[1, 0].character) == 0x280A)
        #expect(buffer[0, 0].style.foreground == .red)
    }

    @Test func verticalSegmentFillsLeftColumn() {
        let chart = bare([ChartSeries(name: "a", color: .red, points: [(x: 0, y: 1), (x: 0, y: 0)])], x: 0...1, y: 0...1)
        #expect(scalar(rendered(chart, width: 1, height: 1)[0, 0].character) == 0x2847)
    }

    @Test func sharedCellOrsDotsAndTheFirstSeriesIsOnTop() {
        let a = ChartSeries(name: "a", color: .red, points: [(x: 0, y: 1)])   // dot (0,0): 0x01
        let b = ChartSeries(name: "b", color: .blue, points: [(x: 1, y: 0)])  // dot (1,3): 0x80
        let buffer = rendered(bare([a, b], x: 0...1, y: 0...1), width: 1, height: 1)
        #expect(scalar(buffer[0, 0].character) == 0x2881)
        #expect(buffer[0, 0].style.foreground == .red)
        #expect(rendered(bare([b, a], x: 0...1, y: 0...1), width: 1, height: 1)[0, 0].style.foreground == .blue)
    }

    @Test func nonFiniteValuesBreakTheLine() {
        let points: [(x: Double, y: Double)] = [(0, 0), (1, .nan), (2, .infinity), (3, 3)]
        let buffer = rendered(bare([ChartSeries(name: "a", color: .red, points: points)], x: 0...3, y: 0...3), width: 2, height: 1)
        #expect(scalar(buffer[0, 0].character) == 0x2840)
        #expect(scalar(buffer[1, 0].character) == 0x2808)
    }

    @Test func pointsOutsideFixedBoundsAreClipped() {
        // From far below-left to far above-right through the middle of a 1×1 plot.
        let chart = bare([ChartSeries(name: "a", color: .red, points: [(x: -1e300, y: -1e300), (x: 1e300, y: 1e300)])], x: 0...1, y: 0...1)
        let buffer = rendered(chart, width: 3, height: 3, area: Rect(x: 1, y: 1, width: 1, height: 1))
        #expect(buffer[1, 1].character != " ")
        #expect(buffer.lines[0] == "   " && buffer.lines[2] == "   ")
    }

    @Test func asciiFallbackUsesHalfCellMarks() {
        let chart = bare([ChartSeries(name: "a", color: .red, points: [(x: 0, y: 0), (x: 3, y: 3)])], x: 0...3, y: 0...3)
        #expect(rendered(chart, width: 2, height: 1, theme: Theme(unicode: false)).line(0) == ".'")
        let tall = bare([ChartSeries(name: "a", color: .red, points: [(x: 0, y: 1), (x: 0, y: 0)])], x: 0...1, y: 0...1)
        #expect(rendered(tall, width: 1, height: 1, theme: Theme(unicode: false)).line(0) == ":")
    }

    @Test func withoutColourSeriesDifferByStyle() {
        let a = ChartSeries(name: "a", color: .red, points: [(x: 0, y: 0)])
        let b = ChartSeries(name: "b", color: .blue, points: [(x: 1, y: 0)])
        let buffer = rendered(bare([a, b], x: 0...1, y: 0...1), width: 1, height: 1, area: nil, theme: Theme(color: false))
        // Both dots land in the one cell: the first series is on top.
        #expect(buffer[0, 0].style == .bold)
        let split = rendered(bare([a, b], x: 0...1, y: 0...1), width: 2, height: 1, theme: Theme(color: false))
        #expect(split[0, 0].style == .bold)
        #expect(split[1, 0].style == Style(underline: true))
        #expect(split[0, 0].style.foreground == .default)
    }

    @Test func backgroundSeriesAreDimAndBeneathTheOthers() {
        // Listed first or last, the background series is beneath: the shared cell takes the other's colour.
        let front = ChartSeries(name: "train", color: .cyan, points: [(x: 0, y: 0)])
        let back = ChartSeries(name: "step", color: .grey(12), points: [(x: 0, y: 1), (x: 2, y: 1)], background: true)
        let buffer = rendered(bare([front, back], x: 0...2, y: 0...1), width: 2, height: 1)
        #expect(scalar(buffer[0, 0].character) == 0x2849, "both series' dots in the first cell")
        #expect(buffer[0, 0].style == Style(foreground: .cyan))
        #expect(buffer[1, 0].style == Style(foreground: .grey(12), dim: true))
        let plain = rendered(bare([back, front], x: 0...2, y: 0...1), width: 2, height: 1, theme: Theme(color: false))
        #expect(plain[0, 0].style == .bold, "the first foreground series is bold whatever comes before it")
        #expect(plain[1, 0].style == .dim)
    }

    // MARK: - Bounds

    @Test func theYAxisHugsTheData() {
        let chart = LineChart(series: [ChartSeries(name: "a", color: .red, values: [1, 3, 2])])
        let axes = chart.axes(plotRows: 12)
        #expect(axes.x == 0...2)
        #expect(axes.y == AxisFit(range: 1...3, ticks: [1, 1.5, 2, 2.5, 3]))
        let loss = LineChart(series: [ChartSeries(name: "loss", color: .red, values: [3.27, 2.4, 1.77])], yMinimum: 0)
        #expect(loss.axes(plotRows: 5).y.ticks == [1.8, 3.3], "two labels: the data's ends")
        #expect(loss.axes(plotRows: 12).y == AxisFit(range: 1.5...3.5, ticks: [1.5, 2, 2.5, 3, 3.5]))
    }

    @Test func backgroundSeriesDoNotWidenTheYAxis() {
        let epochs = ChartSeries(name: "train", color: .cyan, values: [3, 2])
        let steps = ChartSeries(name: "step", color: .grey(12), values: [3.6, 2.5, 1.9], background: true)
        #expect(LineChart(series: [epochs, steps]).axes(plotRows: 12).y.range == 2...3)
        #expect(LineChart(series: [steps]).axes(plotRows: 12).y.range.contains(3.6), "alone, a background series sets the axis")
    }

    @Test func constantSeriesGetsANonEmptyRange() {
        #expect(LineChart(series: [ChartSeries(name: "a", color: .red, values: [5, 5, 5])]).axes(plotRows: 12).y.range == 4.5...5.5)
        let zero = LineChart(series: [ChartSeries(name: "a", color: .red, values: [0])]).axes(plotRows: 12)
        #expect(zero.x == -0.5...0.5 && zero.y.range == -1...1)
        let extreme = LineChart(series: [ChartSeries(name: "a", color: .red, points: [(x: 1e300, y: .leastNonzeroMagnitude)])]).axes(plotRows: 12)
        #expect(extreme.x.lowerBound < extreme.x.upperBound && extreme.y.range.lowerBound < extreme.y.range.upperBound)
        let buffer = rendered(LineChart(series: [ChartSeries(name: "a", color: .red, values: [5, 5, 5])], showsAxes: false, showsLegend: false), width: 4, height: 2)
        #expect(buffer.cells.contains { $0.character != " " })
    }

    @Test func emptyOrUnusableDataUsesDefaultBounds() {
        let empty = LineChart(series: []).axes(plotRows: 12)
        #expect(empty.x == 0...1 && empty.y.range == 0...1)
        let negative = LineChart(series: [ChartSeries(name: "a", color: .red, values: [-1, 0])], logScaleY: true)
        #expect(negative.axes(plotRows: 12).y.range == 1...10)
    }

    @Test func logScaleIgnoresNonPositiveValues() {
        let chart = LineChart(series: [ChartSeries(name: "a", color: .red, values: [-1, 0, 10, 100])], logScaleY: true)
        #expect(chart.axes(plotRows: 12).y == AxisFit(range: 10...100, ticks: [10, 20, 30, 50, 100]))
    }

    @Test func smoothingIsAppliedBeforeBounds() {
        let chart = LineChart(series: [ChartSeries(name: "a", color: .red, values: [0, 10])], smoothing: 0.5)
        #expect(chart.axes(plotRows: 15).y.range == 0...5)
    }

    // MARK: - Axes and legend

    @Test func logScaleTickLabels() {
        let chart = LineChart(
            series: [ChartSeries(name: "a", color: .red, values: [0.01, 100])],
            yBounds: 0.01...100, logScaleY: true, showsLegend: false
        )
        let buffer = rendered(chart, width: 30, height: 20)
        let labels = buffer.lines.compactMap { line -> String? in
            guard let tick = line.firstIndex(of: "┤") else { return nil }
            return String(line[..<tick].filter { $0 != " " })
        }
        #expect(labels == ["100", "10", "1", "0.1", "0.01"])
        #expect(buffer.line(0).hasPrefix(" 100┤"))
        #expect(buffer.line(17).hasPrefix("0.01┤"))
    }

    @Test func linearAxesWithXLabel() {
        let chart = LineChart(
            series: [ChartSeries(name: "a", color: .red, values: Array(repeating: 0.5, count: 11))],
            xLabel: "epoch", yBounds: 0...1, showsLegend: false
        )
        let buffer = rendered(chart, width: 40, height: 10)
        #expect(buffer.line(0).hasPrefix("  1┤"))
        #expect(buffer.line(7).hasPrefix("  0┤"))
        #expect(buffer.line(8) == "   └┬─────────────────┬────────────────┬")
        #expect(buffer.line(9) == "    0                 5         epoch 10", "the name of x reads with the last label")
        // The flat line at 0.5 sits on the 0.5 tick's row.
        #expect(buffer.line(4).hasPrefix("0.5┤⠉⠉⠉"))
    }

    @Test func legendShowsNamesAndLatestValues() {
        let train = ChartSeries(name: "train", color: .yellow, values: [9, 8.1, 7.3612])
        let valid = ChartSeries(name: "valid", color: .cyan, values: [20, 12.5, .nan])
        let buffer = rendered(LineChart(series: [train, valid]), width: 60, height: 12)
        #expect(trimmedLine(buffer, 0) == "⠤⠤ train 7.36  ⠤⠤ valid 12.5")
        #expect(buffer[0, 0].style.foreground == .yellow)
        #expect(buffer[15, 0].style.foreground == .cyan)
        #expect(buffer[3, 0].style == .plain)
        let ascii = rendered(LineChart(series: [train]), width: 30, height: 12, theme: Theme(color: false, unicode: false))
        #expect(trimmedLine(ascii, 0) == "-- train 7.36")
        #expect(ascii[0, 0].style == .bold)
    }

    @Test func legendWrapsWholeEntriesOntoItsRowsAndThePlotShrinks() {
        let series = [
            ChartSeries(name: "train", color: .yellow, values: [9, 7.36]),
            ChartSeries(name: "val", color: .cyan, values: [9, 8]),
            ChartSeries(name: "base: val", color: .magenta, values: [10, 9]),
        ]
        let one = rendered(LineChart(series: series), width: 24, height: 12)
        #expect(trimmedLine(one, 0) == "⠤⠤ train ⠤⠤ val", "one row leaves out the values, then what does not fit")
        let two = rendered(LineChart(series: series, legendRows: 2), width: 24, height: 12)
        #expect(trimmedLine(two, 0) == "⠤⠤ train 7.36  ⠤⠤ val 8")
        #expect(trimmedLine(two, 1) == "⠤⠤ base: val 9")
        #expect(two[0, 1].style.foreground == .magenta)
        #expect(two.line(2).contains("┤"), "the plot starts under the legend")
        let wide = rendered(LineChart(series: series, legendRows: 2), width: 30, height: 12)
        #expect(trimmedLine(wide, 0) == "⠤⠤ train  ⠤⠤ val  ⠤⠤ base: val", "a second row only when one row cannot show every entry")
        let short = rendered(LineChart(series: series, legendRows: 2), width: 24, height: 6)
        #expect(trimmedLine(short, 0) == "⠤⠤ train ⠤⠤ val", "no second row unless the plot keeps 4 rows")
        #expect(short.line(1).contains("┤"))
        #expect(cellsDrawnOutside(LineChart(series: series, legendRows: 3)).isEmpty)
    }

    @Test func legendGivesUpValuesThenGapsThenWholeEntries() {
        let series = [
            ChartSeries(name: "train", color: .cyan, values: [9, 5.9]),
            ChartSeries(name: "val", color: .yellow, values: [9, 7.37]),
            ChartSeries(name: "step (dim)", color: .grey(12), values: [9, 5.5], background: true),
        ]
        func legend(_ width: Int) -> String {
            trimmedLine(rendered(LineChart(series: series, title: "ppl · log y"), width: width, height: 8), 0)
        }
        #expect(legend(60) == "ppl · log y  ⠤⠤ train 5.9  ⠤⠤ val 7.37  ⠤⠤ step (dim) 5.5")
        #expect(legend(44) == "ppl · log y  ⠤⠤ train  ⠤⠤ val  ⠤⠤ step (dim)")
        #expect(legend(42) == "ppl · log y ⠤⠤ train ⠤⠤ val ⠤⠤ step (dim)")
        #expect(legend(30) == "ppl · log y ⠤⠤ train ⠤⠤ val", "an entry that does not fit is left out, not cut")
        let buffer = rendered(LineChart(series: series, title: "ppl · log y"), width: 60, height: 8)
        #expect(buffer[0, 0].style == .bold)
        #expect(buffer[40, 0].style == Style(foreground: .grey(12), dim: true) && buffer[43, 0].style == .dim, "the background entry is dim")
    }

    @Test func theXAxisLabelsItsFirstAndLastValueAtEveryWidth() {
        let values = (0...100).map { 3 - Double($0) / 50 }
        for width in 12...160 {
            for (xBounds, last) in [(0.0...100.0, "100"), (0.0...37.0, "37")] {
                let chart = LineChart(series: [ChartSeries(name: "train", color: .cyan, values: values)], xLabel: "epoch", xBounds: xBounds)
                let row = trimmedLine(rendered(chart, width: width, height: 10), 9)
                let words = row.split(separator: " ")
                #expect(words.first == "0" && words.last.map(String.init) == last, "\(width) columns: \(row)")
                #expect(row.count == width, "the last label ends at the right edge: \(row)")
            }
        }
    }

    // MARK: - Robustness

    @Test func staysInsideItsAreaWithAwkwardData() {
        let awkward: [ChartSeries] = [
            ChartSeries(name: "nan", color: .red, values: [.nan, .infinity, -.infinity, 1, .nan, 2]),
            ChartSeries(name: "const", color: .green, values: [3, 3, 3]),
            ChartSeries(name: "empty", color: .blue, values: []),
            ChartSeries(name: "huge", color: .magenta, points: [(x: -1e308, y: 1e308), (x: 1e308, y: -1e308)]),
            ChartSeries(name: "one", color: .cyan, values: [0]),
        ]
        let charts = [
            LineChart(series: awkward, xLabel: "epoch"),
            LineChart(series: awkward, xLabel: "step", logScaleY: true, smoothing: 0.9),
            LineChart(series: [], xLabel: "epoch"),
            LineChart(series: awkward, xBounds: 5...5, yBounds: .infinity ... .infinity),
            LineChart(series: [ChartSeries(name: "tiny", color: .red, values: [1, 1 + 1e-15])]),
        ]
        for chart in charts {
            #expect(cellsDrawnOutside(chart).isEmpty)
        }
        #expect(cellsDrawn(charts[0]) > 80)
    }

    @Test func onlyTheLabelRowInsideTheBuffer() {
        // The area hangs over the top edge so that only its last row, the x labels, is visible.
        let chart = LineChart(series: [ChartSeries(name: "a", color: .red, values: [1, 2, 3])], xLabel: "epoch")
        let buffer = rendered(chart, width: 20, height: 3, area: Rect(x: 0, y: -9, width: 20, height: 10))
        #expect(trimmedLine(buffer, 0) == "  0          epoch 2")
        #expect(trimmedLine(buffer, 1).isEmpty && trimmedLine(buffer, 2).isEmpty)
    }
}
