import CharRNN
import Foundation
import TerminalKit

/// The curves pane: loss and perplexity, per step and per epoch, train and
/// validation, as braille line charts with the latest figures above them.
enum CurvesView {
    static let stepColor = Color.grey(12)
    static let trainColor = Color.cyan
    static let validationColor = Color.yellow
    /// The compared run's train and validation curves: hues of their own, so
    /// they read apart from this run's cyan and yellow.
    static let comparedTrainColor = Color.cube(2, 2, 5)
    static let comparedValidationColor = Color.magenta
    /// The longest run name the legend shows whole.
    static let comparedNameLength = 12
    /// Narrowest and shortest a chart is drawn when two share the pane.
    static let minimumChartWidth = 32
    static let minimumChartHeight = 8

    static func render(_ state: AppState, into buffer: inout Buffer, area: Rect) {
        let block = AppView.paneBlock(title(state.curves, comparison: state.comparison), focused: state.focus == .curves)
        block.render(into: &buffer, area: area, theme: state.theme)
        let inner = block.inner(area)
        guard !inner.isEmpty else { return }
        let summary = summaryLine(state.snapshot, unicode: state.theme.unicode)
        buffer.write(summary, x: inner.x, y: inner.y, style: .bold, maxWidth: inner.width)
        let chartArea = Rect(x: inner.x, y: inner.y + 1, width: inner.width, height: inner.height - 1)
        for (chart, rect) in charts(state.curves.charts, in: chartArea) {
            lineChart(chart, state: state, width: rect.width, height: rect.height).render(into: &buffer, area: rect, theme: state.theme)
        }
    }

    /// `curves · y linear · raw` with the log-scale and EMA toggles' states,
    /// and `· vs base` while another run is compared.
    static func title(_ curves: CurvesState, comparison: ComparedRun? = nil) -> String {
        "curves · y \(curves.logScale ? "log" : "linear") · \(curves.smoothing ? "EMA" : "raw")"
            + (comparison.map { " · vs \(legendName($0))" } ?? "")
    }

    /// The compared run's name as the legend shows it, cut to `comparedNameLength`.
    static func legendName(_ run: ComparedRun) -> String {
        TextFit.truncate(run.name.isEmpty ? "other" : run.name, to: comparedNameLength, unicode: true)
    }

    /// `epoch 3/100 · train ppl 26.29 · val ppl 19.56 · loss 3.269/2.973`.
    static func summaryLine(_ s: TrainingSnapshot, unicode: Bool) -> String {
        guard let last = s.history.last else {
            let loss = s.stepLosses.last.map { " · step loss " + NumberFormat.fixed($0.loss, 3) } ?? ""
            return "epoch \(s.epoch)/\(s.targetEpoch) · first epoch in progress" + loss
        }
        var parts = ["epoch \(last.epoch)/\(max(s.targetEpoch, last.epoch))", "train ppl " + NumberFormat.fixed(last.trainPerplexity, 2)]
        if let val = last.valPerplexity { parts.append("val ppl " + NumberFormat.fixed(val, 2)) }
        let losses = [last.trainLoss] + (last.valLoss.map { [$0] } ?? [])
        parts.append("loss " + losses.map { NumberFormat.fixed($0, 3) }.joined(separator: "/"))
        return parts.joined(separator: unicode ? " · " : " | ")
    }

    enum Chart { case loss, perplexity }

    /// The charts to draw and where: side by side when wide enough, stacked
    /// when tall enough, else perplexity alone.
    static func charts(_ selection: ChartSelection, in area: Rect) -> [(Chart, Rect)] {
        switch selection {
        case .loss: return [(.loss, area)]
        case .perplexity: return [(.perplexity, area)]
        case .both:
            if area.width >= 2 * minimumChartWidth + 1 {
                let halves = Layout.horizontal([.fill(1), .fill(1)], spacing: 1).split(area)
                return [(.loss, halves[0]), (.perplexity, halves[1])]
            }
            if area.height >= 2 * minimumChartHeight {
                let halves = Layout.vertical([.fill(1), .fill(1)]).split(area)
                return [(.loss, halves[0]), (.perplexity, halves[1])]
            }
            return [(.perplexity, area)]
        }
    }

    /// One chart: per-step training loss (EMA-smoothed when on), and the
    /// per-epoch train and validation figures; x in epochs. A compared run
    /// adds its train and validation curves (`base: train`, `base: val`) on
    /// the same axes, and the legend may take a second row.
    static func lineChart(_ chart: Chart, state: AppState, width: Int, height: Int) -> LineChart {
        let s = state.snapshot
        let map: (Double) -> Double = chart == .loss ? { $0 } : { Foundation.exp($0) }
        var stepValues = s.stepLosses.map(\.loss)
        if state.curves.smoothing { stepValues = Smoothing.ema(stepValues, weight: CurvesState.smoothingWeight) }
        let stepPoints = zip(s.stepLosses, stepValues).map { ChartPoint(x: $0.0.x, y: map($0.1)) }
        let (train, validation) = epochPoints(s.history, map: map)
        var series = [
            ChartSeries(name: "step", color: stepColor, points: downsampled(stepPoints, to: max(16, width * 4))),
            ChartSeries(name: "train", color: trainColor, points: train),
            ChartSeries(name: "val", color: validationColor, points: validation),
        ]
        var lastX = max(stepPoints.last?.x ?? 0, train.last?.x ?? 0)
        if let run = state.comparison {
            let (otherTrain, otherValidation) = epochPoints(run.history, map: map)
            let name = legendName(run)
            series.append(ChartSeries(name: "\(name): train", color: comparedTrainColor, points: otherTrain))
            series.append(ChartSeries(name: "\(name): val", color: comparedValidationColor, points: otherValidation))
            lastX = max(lastX, otherTrain.last?.x ?? 0)
        }
        let ys = series.flatMap { $0.points.map(\.y) }.filter { $0.isFinite && (!state.curves.logScale || $0 > 0) }
        return LineChart(
            series: series, xLabel: chart == .loss ? "loss by epoch" : "perplexity by epoch",
            xBounds: 0...niceCeiling(max(1, lastX)),
            yBounds: ys.isEmpty ? nil : niceBounds(ys.min()!, ys.max()!, logarithmic: state.curves.logScale, maxTicks: maxTicks(height: height - (state.comparison == nil ? 0 : 1))),
            logScaleY: state.curves.logScale, legendRows: state.comparison == nil ? 1 : 2)
    }

    /// The train and validation points of a history, x the epoch, y mapped by `map`.
    static func epochPoints(_ history: [EpochMetrics], map: (Double) -> Double) -> (train: [ChartPoint], validation: [ChartPoint]) {
        let train = history.map { ChartPoint(x: Double($0.epoch), y: map($0.trainLoss)) }
        let validation = history.compactMap { m in m.valLoss.map { ChartPoint(x: Double(m.epoch), y: map($0)) } }
        return (train, validation)
    }

    // MARK: - Stable axes

    /// The y ticks `LineChart` fits in a chart `height` rows tall (legend and x axis take 3).
    static func maxTicks(height: Int) -> Int { max(2, (height - 3) / 3 + 1) }

    /// The smallest 1, 2 or 5 × 10ᵏ at least `x` (> 0).
    ///
    /// The x axis ends there, so it rescales only now and then while training
    /// adds points, and a frame rewrites only the cells the new points touch.
    static func niceCeiling(_ x: Double) -> Double {
        let magnitude = pow(10, (log10(x)).rounded(.down))
        return [1.0, 2, 5, 10].map { $0 * magnitude }.first { $0 >= x * (1 - 1e-12) } ?? 10 * magnitude
    }

    /// The largest 1, 2 or 5 × 10ᵏ at most `x` (> 0).
    static func niceFloor(_ x: Double) -> Double {
        let magnitude = pow(10, (log10(x)).rounded(.down))
        return [5.0, 2, 1].map { $0 * magnitude }.first { $0 <= x * (1 + 1e-12) } ?? magnitude
    }

    /// `lo...hi` widened to the ticks around it: 1-2-5 values on a log scale,
    /// else multiples of the smallest 1-2-5 step whose ends are both among the
    /// (at most `maxTicks`) ticks `AxisTicks` draws, so the axis labels both
    /// ends and rescales only now and then.
    static func niceBounds(_ lo: Double, _ hi: Double, logarithmic: Bool, maxTicks: Int) -> ClosedRange<Double>? {
        guard lo.isFinite, hi.isFinite, hi >= lo, !logarithmic || lo > 0 else { return nil }
        if logarithmic {
            let low = niceFloor(lo)
            return low...max(niceCeiling(hi), niceCeiling(low * 1.01))
        }
        let span = hi > lo ? hi - lo : max(abs(lo) * 0.2, 1)
        var step = niceCeiling(span / Double(max(1, maxTicks - 1)))
        var bounds = lo...hi
        for _ in 0..<8 {
            let low = (lo / step).rounded(.down) * step
            bounds = low...max((hi / step).rounded(.up) * step, low + step)
            let ticks = AxisTicks.linear(bounds, maxCount: maxTicks)
            if let first = ticks.first, let last = ticks.last, ticks.count >= 2,
               abs(first - bounds.lowerBound) <= 1e-9 * step, abs(last - bounds.upperBound) <= 1e-9 * step {
                return bounds
            }
            step = niceCeiling(step * 1.01)
        }
        return bounds
    }

    /// At most `count` points: the means of equal runs of consecutive points.
    static func downsampled(_ points: [ChartPoint], to count: Int) -> [ChartPoint] {
        guard points.count > count, count > 0 else { return points }
        var out: [ChartPoint] = []
        out.reserveCapacity(count)
        for bucket in 0..<count {
            let range = (bucket * points.count / count)..<((bucket + 1) * points.count / count)
            guard !range.isEmpty else { continue }
            var x = 0.0, y = 0.0
            for i in range { x += points[i].x; y += points[i].y }
            out.append(ChartPoint(x: x / Double(range.count), y: y / Double(range.count)))
        }
        return out
    }
}
