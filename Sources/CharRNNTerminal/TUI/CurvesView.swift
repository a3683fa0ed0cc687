import CharRNN
import Foundation
import TerminalKit

/// The curves pane: loss and perplexity, per step and per epoch, train and
/// validation, as braille line charts with the latest figures above them.
///
/// Each chart's y axis hugs the per-epoch curves (`AxisFit`); the per-step
/// curve is drawn dim behind them and may run off the top in the first
/// epochs. The x axis runs from 0 to `xEnd`, labelled at both ends.
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
    static let minimumChartWidth = 30
    static let minimumChartHeight = 8

    static func render(_ state: AppState, into buffer: inout Buffer, area: Rect) {
        let block = AppView.paneBlock(title(state.curves, comparison: state.comparison), focused: state.focus == .curves)
        block.render(into: &buffer, area: area, theme: state.theme)
        let inner = block.inner(area)
        guard !inner.isEmpty else { return }
        summaryLine(state.snapshot).render(into: &buffer, area: Rect(x: inner.x, y: inner.y, width: inner.width, height: 1), theme: state.theme)
        let chartArea = Rect(x: inner.x, y: inner.y + 1, width: inner.width, height: inner.height - 1)
        for (chart, rect) in charts(state.curves.charts, in: chartArea) {
            lineChart(chart, state: state, width: rect.width).render(into: &buffer, area: rect, theme: state.theme)
        }
    }

    /// `curves · raw` with the EMA toggle's state, and `· vs base` while another run is compared.
    static func title(_ curves: CurvesState, comparison: ComparedRun? = nil) -> String {
        "curves · \(curves.smoothing ? "EMA" : "raw")" + (comparison.map { " · vs \(legendName($0))" } ?? "")
    }

    /// The compared run's name as the legend shows it, cut to `comparedNameLength`.
    static func legendName(_ run: ComparedRun) -> String {
        TextFit.truncate(run.name.isEmpty ? "other" : run.name, to: comparedNameLength, unicode: true)
    }

    /// `epoch 3/100 · train ppl 26.29 · val ppl 19.56 · loss 3.269/2.973`,
    /// dropping whole figures from the loss on when narrow.
    static func summaryLine(_ s: TrainingSnapshot) -> StatusLine {
        var parts: [StatusSegment]
        if let last = s.history.last {
            parts = [
                StatusSegment("epoch \(last.epoch)/\(max(s.targetEpoch, last.epoch))", priority: 4),
                StatusSegment("train ppl " + NumberFormat.fixed(last.trainPerplexity, 2), priority: 2),
            ]
            if let val = last.valPerplexity { parts.append(StatusSegment("val ppl " + NumberFormat.fixed(val, 2), priority: 3)) }
            let losses = [last.trainLoss] + (last.valLoss.map { [$0] } ?? [])
            parts.append(StatusSegment("loss " + losses.map { NumberFormat.fixed($0, 3) }.joined(separator: "/"), priority: 1))
        } else {
            parts = [StatusSegment("epoch \(s.epoch)/\(s.targetEpoch)", priority: 4), StatusSegment("first epoch in progress", priority: 3)]
            if let step = s.stepLosses.last { parts.append(StatusSegment("step loss " + NumberFormat.fixed(step.loss, 3), priority: 2)) }
        }
        return StatusLine(left: parts, separator: " · ", style: .bold)
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

    /// Whether `chart` has a log y axis.
    static func logScale(_ chart: Chart, _ curves: CurvesState) -> Bool {
        chart == .loss ? curves.logLoss : curves.logPerplexity
    }

    /// One chart `width` cells wide: the per-epoch train and validation
    /// figures, then the per-step training loss (EMA-smoothed when on) dim in
    /// the background, when there is one (a model opened from a checkpoint
    /// has only its epochs); x in epochs. A compared run adds its train and
    /// validation curves (`base: train`, `base: val`), and the legend may
    /// take a third row. The legend's title names the chart and a log axis.
    static func lineChart(_ chart: Chart, state: AppState, width: Int) -> LineChart {
        let s = state.snapshot
        let map: (Double) -> Double = chart == .loss ? { $0 } : { Foundation.exp($0) }
        var stepValues = s.stepLosses.map(\.loss)
        if state.curves.smoothing { stepValues = Smoothing.ema(stepValues, weight: CurvesState.smoothingWeight) }
        let stepPoints = zip(s.stepLosses, stepValues).map { ChartPoint(x: $0.0.x, y: map($0.1)) }
        let (train, validation) = epochPoints(s.history, map: map)
        var series = [
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
        if !stepPoints.isEmpty {
            series.append(ChartSeries(name: "step (dim)", color: stepColor, points: downsampled(stepPoints, to: max(16, width * 4)), background: true))
        }
        let log = logScale(chart, state.curves)
        return LineChart(
            series: series, title: (chart == .loss ? "loss" : "ppl") + (log ? " · log y" : ""), xLabel: "epoch",
            xBounds: 0...xEnd(lastX: lastX, targetEpoch: s.targetEpoch),
            logScaleY: log, yMinimum: chart == .loss ? 0 : 1, legendRows: state.comparison == nil ? 2 : 3)
    }

    /// The train and validation points of a history, x the epoch, y mapped by `map`.
    static func epochPoints(_ history: [EpochMetrics], map: (Double) -> Double) -> (train: [ChartPoint], validation: [ChartPoint]) {
        let train = history.map { ChartPoint(x: Double($0.epoch), y: map($0.trainLoss)) }
        let validation = history.compactMap { m in m.valLoss.map { ChartPoint(x: Double(m.epoch), y: map($0)) } }
        return (train, validation)
    }

    // MARK: - Stable axes

    /// Where the x axis ends: the next 1, 2 or 5 × 10ᵏ from the curves' last
    /// x, or the run's last epoch when that comes first (so a finished run's
    /// axis ends on its last epoch).
    ///
    /// The axis so rescales only now and then while training adds points, and
    /// a frame rewrites only the cells the new points touch.
    static func xEnd(lastX: Double, targetEpoch: Int) -> Double {
        let nice = AxisTicks.niceStep(atLeast: max(1, lastX))
        let target = Double(targetEpoch)
        return target >= lastX ? min(nice, target) : nice
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
