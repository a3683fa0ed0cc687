/// The axes of a `LineChart`.
///
/// The y axis is a line left of the plot with `┤` at each tick and its label
/// right-aligned before it (a tick whose row already has a label is skipped).
/// The x axis is a line under the plot with `┬` at each tick, and under it a
/// row of labels: the first and last x always, `xLabel` just before the last
/// (so it reads `epoch 100`) when it fits, then the ticks between wherever
/// they keep a blank cell from every other label.
extension LineChart {
    func drawAxes(
        yTicks: [Double], yLabels: [String], xRange: ClosedRange<Double>, mapping: DotMapping, plot: Rect, area: Rect,
        into buffer: inout Buffer, clip: Rect, theme: Theme
    ) {
        let u = theme.unicode
        let axisStyle = Style.dim
        let yAxisX = plot.x - 1, xAxisRow = plot.maxY
        for y in plot.y..<plot.maxY { buffer.put(yAxisX, y, u ? "│" : "|", axisStyle, clip: clip) }
        buffer.put(yAxisX, xAxisRow, u ? "└" : "+", axisStyle, clip: clip)
        for x in plot.x..<plot.maxX { buffer.put(x, xAxisRow, u ? "─" : "-", axisStyle, clip: clip) }

        var usedRows = Set<Int>()
        for (value, label) in zip(yTicks, yLabels) {
            guard let row = mapping.cellRow(value), usedRows.insert(row).inserted else { continue }
            buffer.put(yAxisX, plot.y + row, u ? "┤" : "+", axisStyle, clip: clip)
            buffer.write(label, x: yAxisX - label.count, y: plot.y + row, style: .plain, clip: clip)
        }

        let ticks = xTicks(xRange, columns: plot.width)
        for tick in ticks {
            guard let column = mapping.cellColumn(tick) else { continue }
            buffer.put(plot.x + column, xAxisRow, u ? "┬" : "+", axisStyle, clip: clip)
        }
        for label in xLabels(ticks, mapping: mapping, plot: plot, area: area) {
            buffer.write(label.text, x: label.x, y: xAxisRow + 1, style: label.isTick ? .plain : .dim, clip: clip)
        }
    }

    /// Nice values across `range`, about one per ten of `columns`, with both ends.
    func xTicks(_ range: ClosedRange<Double>, columns: Int) -> [Double] {
        var ticks = AxisTicks.linear(range, maxCount: max(2, columns / 10))
        let tolerance = (range.upperBound - range.lowerBound) * 1e-9
        if ticks.first.map({ $0 - range.lowerBound > tolerance }) ?? true { ticks.insert(range.lowerBound, at: 0) }
        if ticks.last.map({ range.upperBound - $0 > tolerance }) ?? true { ticks.append(range.upperBound) }
        return ticks
    }

    /// The x labels that are drawn for `ticks`, each with the column it starts at.
    func xLabels(_ ticks: [Double], mapping: DotMapping, plot: Rect, area: Rect) -> [(text: String, x: Int, isTick: Bool)] {
        let texts = AxisTicks.labels(for: ticks)
        var placed: [(text: String, x: Int, isTick: Bool)] = []
        /// Places `text` at `start` when it lies in the area a blank cell away from every placed label.
        func place(_ text: String, at start: Int, isTick: Bool) -> Bool {
            let end = start + text.count
            guard !text.isEmpty, start >= area.x, end <= area.maxX,
                  placed.allSatisfy({ end < $0.x || start > $0.x + $0.text.count }) else { return false }
            placed.append((text, start, isTick))
            return true
        }
        func centred(_ i: Int) -> Int? {
            guard let column = mapping.cellColumn(ticks[i]) else { return nil }
            let start = plot.x + column - texts[i].count / 2
            return min(max(start, area.x), area.maxX - texts[i].count)
        }
        let last = ticks.count - 1
        if let start = centred(0) { _ = place(texts[0], at: start, isTick: true) }
        if last > 0, let start = centred(last), place(texts[last], at: start, isTick: true), !xLabel.isEmpty {
            _ = place(xLabel, at: start - 1 - xLabel.count, isTick: false)
        }
        for i in ticks.indices.dropFirst().dropLast() {
            if let start = centred(i) { _ = place(texts[i], at: start, isTick: true) }
        }
        return placed
    }
}
