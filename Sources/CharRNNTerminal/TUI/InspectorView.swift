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
        let count = ProgressPrinter.formatCount(Double(frequency))
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

    /// Six rows: the token, "one-hot x", its one-hot vector, the W_xh row's
    /// range, the row as a heat strip (scaled by its largest magnitude), and
    /// the exact weight of the selected unit.
    static func renderDetail(_ state: AppState, into buffer: inout Buffer, area: Rect) {
        let vocabulary = state.model.vocabulary
        let selected = state.inspector.selected
        guard !area.isEmpty, selected < vocabulary.count else { return }
        let unicode = state.theme.unicode
        func line(_ row: Int, _ text: String, _ style: Style = .plain) {
            if row < area.height { buffer.write(text, x: area.x, y: area.y + row, style: style, maxWidth: area.width) }
        }
        let token = TUIFormat.token(vocabulary.tokens[selected], unicode: unicode)
        let frequency = selected < state.model.frequencies.count ? state.model.frequencies[selected] : 0
        let share = Double(frequency) / Double(max(1, state.model.frequencies.reduce(0, +)))
        line(0, "'\(token)' · index \(selected) · \(TUIFormat.percent(share)) of the corpus", .bold)
        line(1, "one-hot x (V=\(vocabulary.count)):")
        if area.height > 2 {
            drawOneHot(selected: selected, count: vocabulary.count, state: state, into: &buffer, at: Rect(x: area.x, y: area.y + 2, width: area.width, height: 1))
        }
        let row = weightRow(state)
        let scale = row.map { abs($0) }.max() ?? 0
        let (low, high) = (row.min() ?? 0, row.max() ?? 0)
        line(3, "W_xh[\(selected),:] (H=\(row.count)) min \(HiddenStateView.signed(low)) max \(HiddenStateView.signed(high))")
        if area.height > 4 {
            HeatStrip(values: row.map { scale > 0 ? $0 / scale : 0 }, cursor: row.isEmpty ? nil : state.inspector.unit)
                .render(into: &buffer, area: Rect(x: area.x, y: area.y + 4, width: area.width, height: 1), theme: state.theme)
        }
        if state.inspector.unit < row.count {
            let weight = HiddenStateView.signed(row[state.inspector.unit])
            line(5, "unit \(state.inspector.unit): \(weight) · colour scale \(unicode ? "±" : "+/-")\(TUIFormat.fixed(Double(scale), decimals: 4))", .bold)
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
    static func drawOneHot(selected: Int, count: Int, state: AppState, into buffer: inout Buffer, at area: Rect) {
        guard !area.isEmpty else { return }
        let first = Heatmap.scrollOffset(cursor: selected, offset: 0, viewport: area.width, count: count)
        let hot = state.theme.color ? Style(foreground: .black, background: hotColor, bold: true) : Style(bold: true, reverse: true)
        for column in 0..<min(area.width, count - first) {
            let isHot = first + column == selected
            buffer.set(area.x + column, area.y, isHot ? "1" : "0", isHot ? hot : .dim)
        }
    }
}
