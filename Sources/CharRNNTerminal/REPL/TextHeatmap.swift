import CharRNN
import TerminalKit

/// A matrix of values in [-1, 1] as text: one row per hidden unit, one
/// column per time step, one character per cell.
///
/// Plain output uses the shade glyphs of `Palette.diverging` (` ░▒▓█` from -1
/// to 1); colour output paints each cell's background with the palette's
/// blue–grey–red scale.
struct TextHeatmap {
    let style: OutputStyle
    let palette = Palette.diverging

    /// A title with a legend, the column labels, then a row per unit.
    func lines(group: HiddenTrace.Group, name: String, columnLabels: [String]) -> [OutputLine] {
        let steps = columnLabels.count
        let labelWidth = max(4, String(max(0, group.width - 1)).count)
        var lines = [OutputLine("\(name): \(group.width) units × \(steps) steps")]
        lines.append(legend())
        lines.append(OutputLine(
            TextFit.padLeft("unit", to: labelWidth) + "  " + columnLabels.joined(),
            style: style == .color ? .bold : .plain))
        for unit in 0..<group.width {
            var spans = [OutputLine.Span(TextFit.padLeft(String(unit), to: labelWidth) + "  ")]
            for t in 0..<steps {
                spans.append(cell(Double(group.value(step: t, unit: unit))))
            }
            lines.append(OutputLine(spans: spans))
        }
        return lines
    }

    private func cell(_ value: Double) -> OutputLine.Span {
        switch style {
        case .plain: OutputLine.Span(String(palette.shade(for: value, unicode: true)))
        case .color: OutputLine.Span(" ", style: Style(background: palette.color(for: value)))
        }
    }

    /// Which shade or colour stands for which values.
    private func legend() -> OutputLine {
        switch style {
        case .plain:
            return OutputLine("shades: -1 ' ' -0.6 '░' -0.2 '▒' 0.2 '▓' 0.6 '█' 1")
        case .color:
            var spans = [OutputLine.Span("colours: -1 ")]
            for i in -6...6 { spans.append(cell(Double(i) / 6)) }
            spans.append(OutputLine.Span(" 1"))
            return OutputLine(spans: spans)
        }
    }
}
