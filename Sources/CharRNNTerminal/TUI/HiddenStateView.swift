import CharRNN
import TerminalKit

/// The heatmap pane: every state of every layer after each character of the
/// probe text, one row per unit and one column per step, with the cursor's
/// exact value under the grid.
///
/// Rows are grouped by state (`h`; `z r h` for the GRU; `i f o c h` for the
/// LSTM; per layer). With several groups the row labels are a gutter,
/// `L1 i │ 0`: the group's short name on its first row and on the top visible
/// row, blank on the others, then the unit. `{` and `}` jump between groups.
enum HiddenStateView {
    static let unknownColor = Color.red

    static func render(_ state: AppState, into buffer: inout Buffer, layout: ScreenLayout) {
        let block = AppView.paneBlock(title(state), focused: state.focus == .heatmap)
        block.render(into: &buffer, area: layout.heatmap, theme: state.theme)
        let grid = layout.heatmapGrid
        let map = heatmap(state, in: grid)
        map.render(into: &buffer, area: grid, theme: state.theme)
        restyleLabels(state, map, into: &buffer, area: grid)
        let line = layout.heatmapValueLine
        buffer.write(valueLine(state, width: line.width), x: line.x, y: line.y, style: .bold, maxWidth: line.width)
    }

    /// `hidden state h · 32 units × 18 steps`, or for several states
    /// `hidden states i f o c h × 2 layers · 320 rows × 18 steps`.
    static func title(_ state: AppState) -> String {
        let probe = state.probe
        let times = state.theme.unicode ? "×" : "x"
        guard probe.groups.count > 1 else {
            return "hidden state \(probe.groups.first?.symbol ?? "h") · \(probe.rows) units \(times) \(probe.columns) steps"
        }
        let layers = probe.layers > 1 ? " \(times) \(probe.layers) layers" : ""
        return "hidden states \(probe.symbols.joined(separator: " "))\(layers) · \(probe.rows) rows \(times) \(probe.columns) steps"
    }

    /// The heatmap widget for the state; the update uses it to keep the cursor
    /// in view. Given the grid's area, the gutter names the group of the row
    /// actually shown on top.
    static func heatmap(_ state: AppState, in area: Rect? = nil) -> Heatmap {
        let probe = state.probe
        // Only columns near the scroll position can be on screen: the others get a blank label, so a long prompt costs little per frame.
        let tokens = state.probeTokens
        var labels = [Character](repeating: " ", count: min(probe.columns, tokens.count))
        let first = max(0, state.heatmap.scroll.column - state.width), end = min(labels.count, state.heatmap.scroll.column + 2 * state.width)
        if first < end { for column in first..<end { labels[column] = TokenGlyph.cell(token: tokens[column]) } }
        // Rows past the screen's height from the top one are never shown.
        let shown = area?.height ?? state.height
        var map = Heatmap(
            rows: probe.rows, columns: probe.columns, values: probe.values, palette: .diverging,
            rowLabels: rowLabels(probe, top: state.heatmap.scroll.row, count: shown, unicode: state.theme.unicode),
            columnLabels: Array(labels),
            cursor: probe.rows > 0 && probe.columns > 0 ? state.heatmap.cursor : nil,
            scroll: state.heatmap.scroll)
        if let area {
            let top = map.effectiveScroll(in: area).row
            if top != state.heatmap.scroll.row {
                map.rowLabels = rowLabels(probe, top: top, count: shown, unicode: state.theme.unicode)
            }
        }
        return map
    }

    /// One label per row: the unit alone for a single group, else the gutter
    /// `L1 i │ 0`, all equally wide. Only rows `top..<top + count` get text
    /// (the others are never on screen), so a deep model's thousands of rows
    /// cost nothing per frame.
    static func rowLabels(_ probe: ProbeTrace, top: Int, count: Int, unicode: Bool) -> [String] {
        var labels = [String](repeating: "", count: probe.rows)
        let visible = max(0, min(top, probe.rows))..<max(0, min(top + max(count, 1), probe.rows))
        guard probe.groups.count > 1 else {
            let width = String(max(0, probe.rows - 1)).count
            for row in visible { labels[row] = String(repeating: " ", count: width - String(row).count) + String(row) }
            return labels
        }
        let nameWidth = probe.groups.map(\.shortName.count).max() ?? 0
        let unitWidth = String(max(0, (probe.groups.map(\.width).max() ?? 1) - 1)).count
        let bar = unicode ? "│" : "|"
        for row in visible {
            guard let g = probe.groupIndex(ofRow: row) else { continue }
            let group = probe.groups[g]
            let unit = row - group.firstRow
            let name = unit == 0 || row == visible.lowerBound ? group.shortName : ""
            let number = String(unit)
            labels[row] = name + String(repeating: " ", count: nameWidth - name.count) + " \(bar) "
                + String(repeating: " ", count: max(0, unitWidth - number.count)) + number
        }
        return labels
    }

    /// The gutter's names bold and its bar dim; the labels of steps whose
    /// character became `<unk>` in red (underlined without colour).
    static func restyleLabels(_ state: AppState, _ map: Heatmap, into buffer: inout Buffer, area: Rect) {
        let probe = state.probe
        let parts = map.parts(in: area)
        let offset = map.effectiveScroll(in: area)
        if probe.groups.count > 1, parts.rowLabelWidth > 0 {
            let nameWidth = probe.groups.map(\.shortName.count).max() ?? 0
            for r in 0..<parts.grid.height where offset.row + r != map.cursor?.row {
                let y = parts.grid.y + r
                for x in area.x..<(area.x + nameWidth) { buffer[x, y].style = .bold }
                buffer[area.x + nameWidth + 1, y].style = .dim
            }
        }
        if let labelRow = parts.columnLabelRow {
            let unknown = state.model.vocabulary.unknownIndex
            for c in 0..<parts.grid.width {
                let column = offset.column + c
                guard column < probe.ids.count, probe.ids[column] == unknown else { continue }
                let reverse = map.cursor?.column == column
                buffer[parts.grid.x + c, labelRow].style = state.theme.color
                    ? Style(foreground: unknownColor, bold: true, reverse: reverse, underline: true)
                    : Style(bold: true, reverse: reverse, underline: true)
            }
        }
    }

    /// `layer 1 · input gate i · unit 7, step 12 'e' (index 6): -0.8321`,
    /// shortened to fit `width`; steps count from 1, units from 0 within their group.
    static func valueLine(_ state: AppState, width: Int = .max) -> String {
        let cursor = state.heatmap.cursor
        let probe = state.probe
        guard let value = probe.value(unit: cursor.row, step: cursor.column) else {
            return probe.columns == 0 ? "type a prefix in the prompt to see its hidden states" : ""
        }
        let tokens = state.probeTokens
        let token = cursor.column < tokens.count ? tokens[cursor.column] : "?"
        let id = probe.ids[cursor.column]
        let unknown = id == state.model.vocabulary.unknownIndex ? " <unk>" : ""
        let shown = TokenGlyph.quoted(token, unicode: state.theme.unicode)
        let group = probe.groupIndex(ofRow: cursor.row).map { probe.groups[$0] }
        let unit = cursor.row - (group?.firstRow ?? 0)
        let v = signed(value)
        let step = cursor.column + 1
        let position = "unit \(unit), step \(step) \(shown) (index \(id)\(unknown)): \(v)"
        let full = (group.map { $0.fullName + " · " } ?? "") + position
        // `L1 input gate i`: the layer abbreviated, the state still named in full.
        let named = group.map { ($0.layer.map { "L\($0) " } ?? "") + "\($0.role) \($0.symbol) · " } ?? ""
        let candidates = [
            full, named + position, named + "unit \(unit) · step \(step) \(shown)\(unknown): \(v)",
            named + "\(unit), step \(step) \(shown)\(unknown): \(v)",
        ]
        let shortest = (group.map { $0.shortName + " " } ?? "") + "\(unit) · \(step) \(shown)\(unknown): \(v)"
        return candidates.first { $0.count <= width } ?? shortest
    }

    /// `+0.4123` / `-0.8321`.
    static func signed(_ value: Float) -> String {
        (value >= 0 ? "+" : "") + NumberFormat.fixed(value, 4)
    }
}
