import CharRNN
import TerminalKit

/// The one-hot inspector: the vocabulary with corpus frequencies, and for the
/// selected token its one-hot vector and the row that vector selects in every
/// input matrix of layer 0 — `W_xh` for the RNN; `W_xz`, `W_xr`, `W_xh` for
/// the GRU; `W_xi`, `W_xf`, `W_xo`, `W_xc` for the LSTM — one heat strip per
/// matrix on one colour scale, with its minimum and maximum.
///
/// Detail rows, top to bottom: the token; `x` and its one-hot vector; a
/// header; a strip per matrix; the selected matrix's exact weight for the
/// selected unit. When the pane is short the header goes first, then the
/// one-hot vector, then strips (the window follows the selected matrix,
/// `{`/`}`); when narrow, the ranges lose a decimal, then go.
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

    /// The list's width beside the details and the rows the details want, for `model`.
    static func shape(_ model: ModelInfo) -> InspectorShape {
        let c = columns(model)
        return InspectorShape(listWidth: c.index + 2 + c.token + 2 + c.frequency, detailRows: model.cell.gates + 4)
    }

    // MARK: - Vocabulary list

    /// Widths of the list's index, token and frequency columns.
    static func columns(_ model: ModelInfo) -> (index: Int, token: Int, frequency: Int) {
        (max(3, String(max(0, model.vocabulary.count - 1)).count), max(5, model.tokenLabelWidth), max(4, model.frequencyWidth))
    }

    static func padLeft(_ text: String, _ width: Int) -> String {
        String(repeating: " ", count: max(0, width - text.count)) + text
    }

    static func padRight(_ text: String, _ width: Int) -> String {
        text + String(repeating: " ", count: max(0, width - text.count))
    }

    /// `  6  e      12,345`: index, token (`TokenGlyph.label`), frequency in the corpus.
    static func row(index: Int, model: ModelInfo) -> String {
        let c = columns(model)
        let frequency = index < model.frequencies.count ? model.frequencies[index] : 0
        return padLeft(String(index), c.index) + "  " + padRight(model.tokenLabels[index], c.token) + "  "
            + padLeft(NumberFormat.grouped(Double(frequency)), c.frequency)
    }

    static func renderList(_ state: AppState, into buffer: inout Buffer, area: Rect) {
        guard !area.isEmpty else { return }
        let model = state.model
        let c = columns(model)
        let header = padLeft("#", c.index) + "  " + padRight("token", c.token) + "  " + padLeft("freq", c.frequency)
        buffer.write(padRight(header, area.width), x: area.x, y: area.y, style: Style(dim: true, underline: true), maxWidth: area.width)
        let selectedStyle = state.focus == .inspector ? Style(bold: true, reverse: true) : Style(bold: true, underline: true)
        for r in 0..<max(0, area.height - 1) {
            let index = state.inspector.scroll + r
            guard index < model.vocabulary.count else { break }
            let style = index == state.inspector.selected ? selectedStyle : .plain
            buffer.write(padRight(row(index: index, model: model), area.width), x: area.x, y: area.y + 1 + r, style: style, maxWidth: area.width)
        }
    }

    // MARK: - Details

    /// Which detail rows fit in `height` rows for `gates` strips.
    struct DetailPlan: Equatable {
        var oneHot: Bool
        var header: Bool
        var strips: Int

        init(height: Int, gates: Int) {
            oneHot = height >= gates + 3
            header = height >= gates + 4
            strips = max(1, min(gates, height - 2 - (oneHot ? 1 : 0) - (header ? 1 : 0)))
        }
    }

    /// The row the selected token's one-hot vector picks out of each input
    /// matrix of layer 0 (H values each; empty when the weights lack it).
    static func inputRows(_ state: AppState) -> [(name: String, values: [Float])] {
        let params = state.snapshot.params
        let selected = state.inspector.selected
        return state.model.inputMatrices.map { name in
            guard let index = params.layout.index(of: name) else { return (name, []) }
            let shape = params.layout.specs[index].shape
            guard shape.count == 2, selected >= 0, selected < shape[0] else { return (name, []) }
            let start = params.layout.offsets[index] + selected * shape[1]
            return (name, Array(params.storage[start..<(start + shape[1])]))
        }
    }

    /// The token line, the one-hot vector, the header, the strips and the unit's exact weight.
    static func renderDetail(_ state: AppState, into buffer: inout Buffer, area: Rect) {
        let vocabulary = state.model.vocabulary
        let selected = state.inspector.selected
        guard !area.isEmpty, selected < vocabulary.count else { return }
        let unicode = state.theme.unicode
        var y = area.y
        func line(_ text: String, _ style: Style = .plain) {
            if y < area.maxY { buffer.write(text, x: area.x, y: y, style: style, maxWidth: area.width) }
            y += 1
        }
        let rows = inputRows(state)
        let plan = DetailPlan(height: area.height, gates: rows.count)
        let token = TokenGlyph.quoted(vocabulary.tokens[selected], unicode: unicode)
        let frequency = selected < state.model.frequencies.count ? state.model.frequencies[selected] : 0
        let share = Double(frequency) / Double(max(1, state.model.frequencies.reduce(0, +)))
        let tokenLine = "\(token) · index \(selected) · \(NumberFormat.percent(share))"
        line(tokenLine.count + 14 <= area.width ? tokenLine + " of the corpus" : tokenLine, .bold)
        if plan.oneHot, y < area.maxY {
            buffer.write("x ", x: area.x, y: y, style: .dim, maxWidth: area.width)
            drawOneHot(selected: selected, count: vocabulary.count, state: state, into: &buffer, at: Rect(x: area.x + 2, y: y, width: area.width - 2, height: 1))
            y += 1
        }
        let scale = rows.flatMap { $0.values.map { abs($0) } }.max() ?? 0
        drawStrips(rows, scale: scale, plan: plan, state: state, into: &buffer, area: area, y: &y)
        let gate = min(state.inspector.gate, max(0, rows.count - 1))
        if gate < rows.count, state.inspector.unit < rows[gate].values.count {
            let unit = state.inspector.unit
            let weight = "\(rows[gate].name)[\(selected),\(unit)] " + HiddenStateView.signed(rows[gate].values[unit])
            let range = (unicode ? "±" : "+/-") + NumberFormat.fixed(scale, 4)
            let full = "unit \(unit) · \(weight) · scale \(range)"
            line(full.count <= area.width ? full : "\(weight) · \(range)", .bold)
        }
    }

    /// The header and one strip per input matrix from row `y` on, all on
    /// the colour scale ±`scale`, each with its minimum and maximum when they fit.
    static func drawStrips(
        _ rows: [(name: String, values: [Float])], scale: Float, plan: DetailPlan, state: AppState,
        into buffer: inout Buffer, area: Rect, y: inout Int
    ) {
        let unicode = state.theme.unicode
        let selected = state.inspector.selected
        let labelWidth = (rows.map(\.name.count).max() ?? 0) + 1
        let hidden = rows.first?.values.count ?? 0
        let decimals = rangeDecimals(width: area.width - labelWidth, hidden: hidden)
        let rangeWidth = decimals.map(rangeWidth) ?? 0
        // The strips as wide as H when there is room; the min and max columns
        // after them, or after the header's text when that is longer.
        let stripWidth = max(0, min(hidden, area.width - labelWidth - rangeWidth))
        let texts = ["row \(selected) of each input matrix (H=\(hidden))", "row \(selected) of each W_x (H=\(hidden))", "row \(selected), H=\(hidden)"]
        let room = area.width - rangeWidth - 1
        let headerText = texts.first { $0.count <= room } ?? TextFit.truncate(texts[2], to: room, unicode: unicode)
        let rangeColumn = max(labelWidth + stripWidth, plan.header && decimals != nil ? headerText.count + 1 : 0)
        if plan.header {
            var header = headerText
            if let decimals {
                header = padRight(header, rangeColumn) + " " + padLeft("min", decimals + 3) + " " + padLeft("max", decimals + 3)
            }
            if y < area.maxY { buffer.write(header, x: area.x, y: y, style: .dim, maxWidth: area.width) }
            y += 1
        }
        let first = min(state.inspector.gateScroll, max(0, rows.count - plan.strips))
        for g in first..<min(rows.count, first + plan.strips) {
            guard y < area.maxY else { break }
            let (name, values) = rows[g]
            let isSelected = g == state.inspector.gate && rows.count > 1
            let nameStyle = isSelected ? (state.focus == .inspector ? Style(bold: true, reverse: true) : .bold) : .plain
            buffer.write(name, x: area.x, y: y, style: nameStyle, maxWidth: area.width)
            let more = (g == first && first > 0) ? (unicode ? "▴" : "^") : (g == first + plan.strips - 1 && g < rows.count - 1 ? (unicode ? "▾" : "v") : nil)
            if let more { buffer.write(more, x: area.x + labelWidth - 1, y: y, style: .dim, maxWidth: 1) }
            HeatStrip(values: values.map { scale > 0 ? $0 / scale : 0 }, cursor: values.isEmpty ? nil : state.inspector.unit)
                .render(into: &buffer, area: Rect(x: area.x + labelWidth, y: y, width: stripWidth, height: 1), theme: state.theme)
            if let decimals, let low = values.min(), let high = values.max() {
                let text = " " + padLeft(signed(low, decimals), decimals + 3) + " " + padLeft(signed(high, decimals), decimals + 3)
                buffer.write(text, x: area.x + rangeColumn, y: y, style: .plain, maxWidth: area.width - rangeColumn)
            }
            y += 1
        }
    }

    /// Decimals of the min/max columns for strips in `width` cells: 3 while
    /// the strip keeps min(H, 24) cells, 2 while it keeps min(H, 12), else none.
    static func rangeDecimals(width: Int, hidden: Int) -> Int? {
        for (decimals, strip) in [(3, 24), (2, 12)] where width - rangeWidth(decimals) >= min(hidden, strip) { return decimals }
        return nil
    }

    /// ` -0.831 +0.912`: the cells of the min/max columns.
    static func rangeWidth(_ decimals: Int) -> Int { 2 * (decimals + 3) + 2 }

    /// `+0.412` with `decimals` digits.
    static func signed(_ value: Float, _ decimals: Int) -> String {
        (value >= 0 ? "+" : "") + NumberFormat.fixed(value, decimals)
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
