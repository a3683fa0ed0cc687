import CharRNN
import TerminalKit

/// The one-hot inspector: the vocabulary with corpus frequencies, and for the
/// selected token its one-hot vector and the row of W_xh that vector selects.
enum InspectorView {
    static let hotColor = Color.yellow

    static func render(_ state: AppState, into buffer: inout Buffer, layout: ScreenLayout) {
        let v = state.model.vocabulary.count
        let title = "one-hot inspector · V=\(v) · H=\(state.model.hidden)"
        AppView.paneBlock(title, focused: state.focus == .inspector)
            .render(into: &buffer, area: layout.inspector, theme: state.theme)
        renderList(state, into: &buffer, area: layout.inspectorList)
        renderDetail(state, into: &buffer, area: layout.inspectorDetail)
    }

    // MARK: - Vocabulary list

    /// `  6  e     12,345`: index, token, frequency in the corpus.
    static func row(index: Int, token: String, frequency: Int, unicode: Bool) -> String {
        let shown = TUIFormat.token(token, unicode: unicode)
        let tokenColumn = shown + String(repeating: " ", count: max(1, 6 - shown.count))
        let count = TUIFormat.grouped(frequency)
        let indexText = String(index)
        return String(repeating: " ", count: max(0, 3 - indexText.count)) + indexText + "  " + tokenColumn
            + String(repeating: " ", count: max(0, 9 - count.count)) + count
    }

    static func renderList(_ state: AppState, into buffer: inout Buffer, area: Rect) {
        guard !area.isEmpty else { return }
        buffer.write("  #  token      freq", x: area.x, y: area.y, style: Style(dim: true, underline: true), maxWidth: area.width)
        let tokens = state.model.vocabulary.tokens
        let frequencies = state.model.frequencies
        let selectedStyle = state.focus == .inspector ? Style(bold: true, reverse: true) : Style(bold: true, underline: true)
        for r in 0..<max(0, area.height - 1) {
            let index = state.inspector.scroll + r
            guard index < tokens.count else { break }
            let frequency = index < frequencies.count ? frequencies[index] : 0
            var text = row(index: index, token: tokens[index], frequency: frequency, unicode: state.theme.unicode)
            text += String(repeating: " ", count: max(0, area.width - text.count))
            let style = index == state.inspector.selected ? selectedStyle : .plain
            buffer.write(text, x: area.x, y: area.y + 1 + r, style: style, maxWidth: area.width)
        }
    }

    // MARK: - Details

    static func renderDetail(_ state: AppState, into buffer: inout Buffer, area: Rect) {
        guard !area.isEmpty else { return }
        let vocabulary = state.model.vocabulary
        let selected = state.inspector.selected
        guard selected < vocabulary.count else { return }
        let unicode = state.theme.unicode
        let token = TUIFormat.token(vocabulary.tokens[selected], unicode: unicode)
        let frequency = selected < state.model.frequencies.count ? state.model.frequencies[selected] : 0
        let total = max(1, state.model.frequencies.reduce(0, +))
        var lines: [(String, Style)] = [
            ("'\(token)' · index \(selected) · \(TUIFormat.percent(Double(frequency) / Double(total))) of the corpus", .bold),
            ("one-hot x (V=\(vocabulary.count)):", .plain),
        ]
        for (i, line) in lines.enumerated() where i < area.height {
            buffer.write(line.0, x: area.x, y: area.y + i, style: line.1, maxWidth: area.width)
        }
        drawOneHot(selected: selected, count: vocabulary.count, state: state, into: &buffer, x: area.x, y: area.y + 2, width: area.width, clip: area)

        let row = weightRow(state)
        let scale = row.map { abs($0) }.max() ?? 0
        let low = row.min() ?? 0, high = row.max() ?? 0
        lines = [
            ("W_xh[\(selected),:] (H=\(row.count)) min \(HiddenStateView.signed(low)) max \(HiddenStateView.signed(high))", .plain),
        ]
        if area.height > 3 { buffer.write(lines[0].0, x: area.x, y: area.y + 3, style: .plain, maxWidth: area.width) }
        if area.height > 4 {
            let scaled = row.map { scale > 0 ? $0 / scale : 0 }
            HeatStrip(values: scaled, cursor: row.isEmpty ? nil : state.inspector.unit)
                .render(into: &buffer, area: Rect(x: area.x, y: area.y + 4, width: area.width, height: 1), theme: state.theme)
        }
        if area.height > 5, state.inspector.unit < row.count {
            let pm = unicode ? "±" : "+/-"
            let text = "unit \(state.inspector.unit): \(HiddenStateView.signed(row[state.inspector.unit])) · colour scale \(pm)\(TUIFormat.fixed(Double(scale), decimals: 4))"
            buffer.write(text, x: area.x, y: area.y + 5, style: .bold, maxWidth: area.width)
        }
    }

    /// The row of W_xh the selected token's one-hot vector picks out (H values).
    static func weightRow(_ state: AppState) -> [Float] {
        let params = state.snapshot.params
        guard let index = params.layout.index(of: "W_xh") else { return [] }
        let shape = params.layout.specs[index].shape
        guard shape.count == 2, state.inspector.selected < shape[0] else { return [] }
        let start = params.layout.offsets[index] + state.inspector.selected * shape[1]
        return Array(params.storage[start..<(start + shape[1])])
    }

    /// `0000001000…`: the one at `selected` bold and coloured, scrolled so it is visible.
    static func drawOneHot(selected: Int, count: Int, state: AppState, into buffer: inout Buffer, x: Int, y: Int, width: Int, clip: Rect) {
        guard y < clip.maxY, width > 0 else { return }
        let first = Heatmap.scrollOffset(cursor: selected, offset: 0, viewport: width, count: count)
        let hot = state.theme.color ? Style(foreground: .black, background: hotColor, bold: true) : Style(bold: true, reverse: true)
        for column in 0..<min(width, count - first) {
            let index = first + column
            let isHot = index == selected
            buffer.set(x + column, y, isHot ? "1" : "0", isHot ? hot : .dim)
        }
    }
}
