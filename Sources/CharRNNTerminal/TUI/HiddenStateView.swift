import CharRNN
import TerminalKit

/// The heatmap pane: the hidden state after each character of the probe text,
/// one row per unit and one column per step, with the cursor's exact value.
enum HiddenStateView {
    static func render(_ state: AppState, into buffer: inout Buffer, layout: ScreenLayout) {
        let block = AppView.paneBlock(title(state), focused: state.focus == .heatmap)
        block.render(into: &buffer, area: layout.heatmap, theme: state.theme)
        heatmap(state).render(into: &buffer, area: layout.heatmapGrid, theme: state.theme)
        let line = layout.heatmapValueLine
        buffer.write(valueLine(state), x: line.x, y: line.y, style: .bold, maxWidth: line.width)
    }

    /// `hidden state h · 32 units × 18 steps`.
    static func title(_ state: AppState) -> String {
        let probe = state.probe
        let names = probe.groupNames.isEmpty ? "h" : probe.groupNames.joined(separator: ", ")
        let times = state.theme.unicode ? "×" : "x"
        return "hidden state \(names) · \(probe.rows) units \(times) \(probe.columns) steps"
    }

    /// The heatmap widget for the state; the update uses it to keep the cursor in view.
    static func heatmap(_ state: AppState) -> Heatmap {
        let probe = state.probe
        let labels = state.probeCharacters.prefix(probe.columns).map { TUIFormat.label($0, unicode: state.theme.unicode) }
        return Heatmap(
            rows: probe.rows, columns: probe.columns, values: probe.values, palette: .diverging,
            rowLabels: probe.rowLabels, columnLabels: Array(labels),
            cursor: probe.rows > 0 && probe.columns > 0 ? state.heatmap.cursor : nil,
            scroll: state.heatmap.scroll)
    }

    /// `unit 7, step 12 'e' (index 6): -0.8321`; steps count from 1, units from 0.
    static func valueLine(_ state: AppState) -> String {
        let cursor = state.heatmap.cursor
        guard let value = state.probe.value(unit: cursor.row, step: cursor.column) else {
            return state.probe.columns == 0 ? "type a prefix in the prompt to see its hidden states" : ""
        }
        let characters = state.probeCharacters
        let character = cursor.column < characters.count ? characters[cursor.column] : "?"
        let id = state.probe.ids[cursor.column]
        let vocabulary = state.model.vocabulary
        let unknown = id == vocabulary.unknownIndex ? " <unk>" : ""
        let label = cursor.row < state.probe.rowLabels.count ? state.probe.rowLabels[cursor.row] : "\(cursor.row)"
        let shown = TUIFormat.label(character, unicode: state.theme.unicode)
        return "unit \(label), step \(cursor.column + 1) '\(shown)' (index \(id)\(unknown)): " + signed(value)
    }

    /// `+0.4123` / `-0.8321`.
    static func signed(_ value: Float) -> String {
        (value >= 0 ? "+" : "") + TUIFormat.fixed(Double(value), decimals: 4)
    }
}
