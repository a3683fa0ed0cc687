import CharRNN
import TerminalKit

/// The heatmap pane: every state of every layer after each character of the
/// probe text, one column per step (widened to fill the pane) and, in colour,
/// two units per screen row (`▀`: the even unit above, the odd one below; one
/// unit per row without colour or unicode), with the cursor's exact value
/// under the grid.
///
/// Rows are grouped by state (`h`; `z r h` for the GRU; `i f o c h` for the
/// LSTM; per layer). With several groups the row labels are a gutter,
/// `L1 i │ 0`: the group's short name on its first line and on the top
/// visible line, blank on the others, then the unit. `{` and `}` jump
/// between groups.
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
    /// in view. Given the grid's area, the gutter names the group of the line
    /// actually shown on top.
    ///
    /// Two units a line (`▀`, even units in the upper half) when the theme has
    /// colour and unicode, paired within each state group; steps widen to fill
    /// the grid's width.
    static func heatmap(_ state: AppState, in area: Rect? = nil) -> Heatmap {
        let probe = state.probe
        // Only columns near the scroll position can be on screen: the others get a blank label, so a long prompt costs little per frame.
        let tokens = state.probeTokens
        var labels = [Character](repeating: " ", count: min(probe.columns, tokens.count))
        let first = max(0, state.heatmap.scroll.column - state.width), end = min(labels.count, state.heatmap.scroll.column + 2 * state.width)
        if first < end { for column in first..<end { labels[column] = TokenGlyph.cell(token: tokens[column]) } }
        var map = Heatmap(
            rows: probe.rows, columns: probe.columns, values: probe.values, palette: .diverging,
            columnLabels: Array(labels),
            cursor: probe.rows > 0 && probe.columns > 0 ? state.heatmap.cursor : nil,
            scroll: state.heatmap.scroll, stacksRows: true, bandStarts: probe.groups.map(\.firstRow), widensColumns: true)
        let lines = map.lines(theme: state.theme)
        // Lines past the screen's height from the top one are never shown.
        let shown = area?.height ?? state.height
        let labelled = { (top: Int) in
            rowLabels(probe, lines: lines, topLine: lines.line(ofRow: top), count: shown, cursorRow: map.cursor?.row, unicode: state.theme.unicode)
        }
        map.rowLabels = labelled(state.heatmap.scroll.row)
        if let area {
            let top = map.effectiveScroll(in: area, theme: state.theme).row
            if top != state.heatmap.scroll.row { map.rowLabels = labelled(top) }
        }
        return map
    }

    /// Units between two numbered lines when two units share a line.
    static let stackedLabelEvery = 4

    /// One label per row, all equally wide: the unit alone for a single
    /// group, else the gutter `L1 i │ 0` with the group's name on its first
    /// line and on the top line. Unstacked, every row is numbered; stacked,
    /// every `stackedLabelEvery` units, the top line's and the cursor's. Only the rows of lines
    /// `topLine..<topLine + count` (and the cursor's) get text, so a deep
    /// model's thousands of rows cost nothing per frame.
    static func rowLabels(_ probe: ProbeTrace, lines: HeatmapRows, topLine: Int, count: Int, cursorRow: Int?, unicode: Bool) -> [String] {
        var labels = [String](repeating: "", count: probe.rows)
        let several = probe.groups.count > 1
        let unitWidth = String(max(0, (several ? probe.groups.map(\.width).max() ?? 1 : probe.rows) - 1)).count
        let nameWidth = probe.groups.map(\.shortName.count).max() ?? 0
        let bar = unicode ? "│" : "|"
        func label(_ row: Int, numbered: Bool, named: Bool) -> String {
            let group = probe.groupIndex(ofRow: row).map { probe.groups[$0] }
            let number = numbered ? String(row - (group?.firstRow ?? 0)) : ""
            let unit = String(repeating: " ", count: max(0, unitWidth - number.count)) + number
            guard several else { return numbered ? unit : "" }
            let name = named ? group?.shortName ?? "" : ""
            return name + String(repeating: " ", count: nameWidth - name.count) + " \(bar) " + unit
        }
        for l in max(0, topLine)..<max(0, min(topLine + max(count, 1), lines.count)) {
            guard let line = lines.rows(ofLine: l) else { continue }
            let group = probe.groupIndex(ofRow: line.upper).map { probe.groups[$0] }
            let unit = line.upper - (group?.firstRow ?? 0)
            let named = unit == 0 || l == topLine
            let numbered = !lines.stacked || unit % stackedLabelEvery == 0 || l == topLine
            labels[line.upper] = label(line.upper, numbered: numbered, named: named)
            if let cursorRow, line.contains(cursorRow) { labels[cursorRow] = label(cursorRow, numbered: true, named: named) }
        }
        return labels
    }

    /// The gutter's names bold and its bar dim; the labels of steps whose
    /// character became `<unk>` in red (underlined without colour); stacked,
    /// which half holds which units, after the legend.
    static func restyleLabels(_ state: AppState, _ map: Heatmap, into buffer: inout Buffer, area: Rect) {
        let probe = state.probe
        let parts = map.parts(in: area, theme: state.theme)
        let offset = map.effectiveScroll(in: area, theme: state.theme)
        let topLine = parts.lines.line(ofRow: offset.row)
        if probe.groups.count > 1, parts.rowLabelWidth > 0 {
            let nameWidth = probe.groups.map(\.shortName.count).max() ?? 0
            for r in 0..<parts.grid.height {
                guard let line = parts.lines.rows(ofLine: topLine + r), map.cursor.map({ !line.contains($0.row) }) ?? true else { continue }
                let y = parts.grid.y + r
                for x in area.x..<(area.x + nameWidth) { buffer[x, y].style = .bold }
                buffer[area.x + nameWidth + 1, y].style = .dim
            }
        }
        if let labelRow = parts.columnLabelRow {
            let unknown = state.model.vocabulary.unknownIndex
            for c in 0..<parts.visibleColumns {
                let column = offset.column + c
                guard column < probe.ids.count, probe.ids[column] == unknown else { continue }
                let reverse = map.cursor?.column == column
                buffer[parts.middleX(ofVisibleColumn: c), labelRow].style = state.theme.color
                    ? Style(foreground: unknownColor, bold: true, reverse: reverse, underline: true)
                    : Style(bold: true, reverse: reverse, underline: true)
            }
        }
        if parts.lines.stacked, let legendRow = parts.legendRow {
            let legend = PaletteLegend(palette: map.palette).cells(width: area.maxX - parts.grid.x, theme: state.theme).count
            let x = parts.grid.x + legend + 2
            if legend > 0, x + stackingNote.count <= area.maxX {
                buffer.write(stackingNote, x: x, y: legendRow, style: .dim, maxWidth: area.maxX - x)
            }
        }
    }

    /// What the two halves of a stacked line hold.
    static let stackingNote = "▀ even unit · ▄ odd unit"

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
