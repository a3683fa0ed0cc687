import CharRNN
import TerminalKit

/// The lines of the list views, each a row of spans cut at the body's width.
extension AnalysisView {
    /// Cells of the |r| bar in the units list at |r| = 1.
    static let barWidth = 20

    static func listLines(_ state: AppState, _ view: AnalysisState, width: Int) -> [[TextSpan]] {
        let unicode = state.theme.unicode
        switch view.result {
        case .units(let ranking)?:
            return ranking.correlations.enumerated().map { unitLine($0.offset, $0.element, unicode: unicode) }
        case .matches(let search)?:
            return search.matches.enumerated().map { matchLine($0.offset, $0.element) }
        case .histograms(let h)?:
            return h.tensors.flatMap(histogramLines)
        case nil where view.kind == .samples:
            return state.session.samples.flatMap { sampleLines($0, width: width) }
        default:
            return []
        }
    }

    /// `  1  h      5  +0.8123  ████████▏`: rank, state, unit, r and a bar of |r|, red for r > 0, blue below.
    static func unitLine(_ index: Int, _ c: UnitCorrelation, unicode: Bool) -> [TextSpan] {
        let rank = String(index + 1), unit = String(c.unit)
        let head = String(repeating: " ", count: max(0, 4 - rank.count)) + rank + "  " + c.state.name.padding(toLength: 6, withPad: " ", startingAt: 0)
            + String(repeating: " ", count: max(0, 4 - unit.count)) + unit + "  "
        guard let r = c.r else { return [TextSpan(head + "      -  constant over the text", style: .dim)] }
        let value = (r >= 0 ? "+" : "") + NumberFormat.fixed(r, 4)
        let cells = Int((abs(r) * Double(barWidth)).rounded())
        let bar = String(repeating: unicode ? "█" : "#", count: cells)
        let colour = Palette.diverging.color(for: r >= 0 ? 0.8 : -0.8)
        return [TextSpan(head + value + "  "), TextSpan(bar, style: Style(foreground: colour))]
    }

    /// `  1  0.83  12 at 40,213  …before[span]after…`: rank, overlap, length, corpus position, context.
    static func matchLine(_ index: Int, _ m: PatternMatch) -> [TextSpan] {
        let rank = String(index + 1)
        let head = String(repeating: " ", count: max(0, 3 - rank.count)) + rank + "  " + NumberFormat.fixed(m.overlap, 2)
            + "  " + String(m.length).padding(toLength: 4, withPad: " ", startingAt: 0) + "at " + NumberFormat.grouped(Double(m.start))
        return [
            TextSpan(head.padding(toLength: max(head.count, 26), withPad: " ", startingAt: 0)),
            TextSpan(OutputText.visible(m.before), style: .dim),
            TextSpan(OutputText.visible(m.text), style: Style(bold: true, underline: true)),
            TextSpan(OutputText.visible(m.after), style: .dim),
        ]
    }

    /// A tensor's name and shape, its weights' and gradient's histograms, and its norm over the epochs.
    static func histogramLines(_ t: TensorHistogram) -> [[TextSpan]] {
        var lines = [[TextSpan("\(t.name) \(t.shape.map(String.init).joined(separator: "×"))", style: .bold)]]
        lines.append([TextSpan("  weights   " + CommandInterpreter.histogramText(t.weights))])
        if let g = t.gradient { lines.append([TextSpan("  gradient  " + CommandInterpreter.histogramText(g))]) }
        if let first = t.history.first, let last = t.history.last {
            let norms = t.history.map(\.weights)
            lines.append([TextSpan("  norm by epoch \(first.epoch)…\(last.epoch)  " + CommandInterpreter.sparkline(norms)
                + "  \(NumberFormat.fixed(first.weights, 4)) → \(NumberFormat.fixed(last.weights, 4))", style: .dim)])
        }
        return lines
    }

    /// `epoch 10` in bold, then the sample wrapped to `width` (newlines shown as `↵`).
    static func sampleLines(_ sample: TrainingSample, width: Int) -> [[TextSpan]] {
        let text = Array(OutputText.visible(sample.text))
        let w = max(1, width)
        let rows = stride(from: 0, to: text.count, by: w).map { [TextSpan(String(text[$0..<min(text.count, $0 + w)]))] }
        return [[TextSpan("epoch \(sample.epoch)", style: .bold)]] + rows
    }
}
