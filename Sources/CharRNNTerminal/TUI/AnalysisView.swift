import CharRNN
import Foundation
import TerminalKit

/// The analysis views, drawn over the four panes between the status line and
/// the bottom line: a bordered box whose first row says what is shown, the
/// second the colours or the keys, and the rest the body.
///
/// `activations` and `saliency` are running text coloured by value
/// (`ValueText`), with a cursor on one token; `units` and `match` are lists
/// with a selected line; `samples` and `histograms` are lists that scroll.
enum AnalysisView {
    /// The box the views draw in.
    static func frame(_ layout: ScreenLayout) -> Rect {
        Rect(x: 0, y: min(1, layout.height), width: layout.width, height: max(0, layout.height - 2))
    }

    /// The body: the box's inside less its two header rows.
    static func body(_ layout: ScreenLayout) -> Rect {
        let inner = frame(layout).inset(by: 1)
        return Rect(x: inner.x, y: inner.y + 2, width: inner.width, height: max(0, inner.height - 2))
    }

    static func render(_ state: AppState, _ view: AnalysisState, into buffer: inout Buffer) {
        let layout = state.layout
        let box = frame(layout)
        buffer.fill(box)
        let block = AppView.paneBlock(title(view), focused: true)
        block.render(into: &buffer, area: box, theme: state.theme)
        let inner = block.inner(box)
        guard inner.height > 0 else { return }
        buffer.write(infoLine(state, view), x: inner.x, y: inner.y, style: .bold, maxWidth: inner.width)
        if inner.height > 1 { drawKeys(view, into: &buffer, at: Rect(x: inner.x, y: inner.y + 1, width: inner.width, height: 1), theme: state.theme) }
        let area = body(layout)
        guard !area.isEmpty else { return }
        if view.result == nil && view.kind != .samples {
            let text = view.error ?? "computing…"
            let style = view.error == nil ? Style.dim : state.theme.color ? Style(foreground: .red, bold: true) : .bold
            buffer.write(text, x: area.x, y: area.y, style: style, maxWidth: area.width)
            return
        }
        if let text = valueText(view) {
            text.render(into: &buffer, area: area, theme: state.theme)
            return
        }
        let lines = listLines(state, view, width: area.width)
        let selects = view.kind == .units || view.kind == .match
        for (row, line) in lines.dropFirst(view.scroll).prefix(area.height).enumerated() {
            var x = area.x
            let selected = selects && view.scroll + row == view.cursor
            for span in line {
                var style = state.theme.color ? span.style : Style(bold: span.style.bold, underline: span.style.underline)
                if selected { style.reverse = true }
                x += buffer.write(span.text, x: x, y: area.y + row, style: style, maxWidth: max(0, area.maxX - x))
            }
            if selected, x < area.maxX { buffer.write(String(repeating: " ", count: area.maxX - x), x: x, y: area.y + row, style: .reverse) }
        }
    }

    /// `activations · unit 5 of h`, `units · space`, …
    static func title(_ view: AnalysisState) -> String {
        switch view.request {
        case .activations(let unit, let state, _): "activations · unit \(unit) of \(state?.name ?? "h")"
        case .units(let feature, _): "units · \(feature.name)"
        case .match(let from, let to, _, _): "match · steps \(from + 1)…\(to + 1)"
        case .saliency: "saliency"
        case .samples: "training samples"
        case .histograms: "histograms"
        }
    }

    /// The keys of the open view, after its colours for the text views.
    static func drawKeys(_ view: AnalysisState, into buffer: inout Buffer, at area: Rect, theme: Theme) {
        var x = area.x
        if view.kind == .activations || view.kind == .saliency {
            let legend = PaletteLegend(palette: .diverging)
            legend.render(into: &buffer, area: area, theme: theme)
            x += legend.cells(width: area.width, theme: theme).count + 2
        }
        let keys: String = switch view.kind {
        case .activations, .saliency: "←→ step · ↑↓ row · Esc closes"
        case .units: "↑↓ unit · ←→ feature · Enter its activations · Esc closes"
        case .match, .samples, .histograms: "↑↓ PgUp PgDn scroll · Esc closes"
        }
        buffer.write(keys, x: x, y: area.y, style: .dim, maxWidth: max(0, area.maxX - x))
    }

    /// What the first row says: the result's text and epoch, and the value under the cursor.
    static func infoLine(_ state: AppState, _ view: AnalysisState) -> String {
        let updating = view.waiting && view.result != nil ? " · updating…" : ""
        switch view.result {
        case .activations(let trace)?:
            return "\(trace.text.label) · epoch \(trace.stamp.epoch)" + cursorValue(trace.text.tokens, trace.values.map(Double.init), view.cursor, unicode: state.theme.unicode) + updating
        case .saliency(let s)?:
            let p = NumberFormat.fixed(exp(s.logProbability), 4)
            let next = TokenGlyph.quoted(s.next, unicode: state.theme.unicode)
            return "∂ log p(\(next) | prefix) / ∂ input, p \(p) · epoch \(s.stamp.epoch)"
                + cursorValue(s.prefix.tokens, s.scores, view.cursor, unicode: state.theme.unicode, digits: 6) + updating
        case .units(let r)?:
            return "Pearson r of every unit with \(r.feature.name) over the \(r.text.label) · epoch \(r.stamp.epoch)" + updating
        case .matches(let m)?:
            return "units \(m.units.map(String.init).joined(separator: " ")) of \(m.state.name) above \(m.threshold) at every step of "
                + "\(TokenGlyph.quoted(m.selection, unicode: state.theme.unicode)) · \(m.found) spans in \(NumberFormat.grouped(Double(m.searched))) tokens"
                + " · epoch \(m.stamp.epoch)" + updating
        case .histograms(let h)?:
            return "weights and last gradients, epoch \(h.epoch), step \(h.step)" + updating
        case nil:
            if view.kind == .samples {
                let n = state.session.samples.count
                return n == 0 ? "no samples yet: training takes them (--sample-every)" : "\(n) sample\(n == 1 ? "" : "s"), newest last"
            }
            return ""
        }
    }

    /// ` · step 12 'e': +0.8123` for the token under the cursor.
    static func cursorValue(_ tokens: [String], _ values: [Double], _ cursor: Int, unicode: Bool, digits: Int = 4) -> String {
        guard cursor >= 0, cursor < min(tokens.count, values.count) else { return "" }
        let v = values[cursor]
        return " · step \(cursor + 1) \(TokenGlyph.quoted(tokens[cursor], unicode: unicode)): \(v >= 0 ? "+" : "")\(NumberFormat.fixed(v, digits))"
    }

    /// The coloured text of `activations` and `saliency` (scores scaled so the largest is ±1); nil for the lists.
    static func valueText(_ view: AnalysisState) -> ValueText? {
        switch view.result {
        case .activations(let trace)?:
            return ValueText(tokens: trace.text.tokens, values: trace.values, cursor: view.cursor, scroll: view.scroll)
        case .saliency(let s)?:
            let scale = max(s.scores.map(abs).max() ?? 0, 1e-12)
            return ValueText(tokens: s.prefix.tokens, values: s.scores.map { Float($0 / scale) }, cursor: view.cursor, scroll: view.scroll)
        default:
            return nil
        }
    }

    /// Tokens (text views) or lines (lists) the cursor moves over.
    static func itemCount(_ state: AppState, _ view: AnalysisState) -> Int {
        if let text = valueText(view) { return text.tokens.count }
        return listLines(state, view, width: body(state.layout).width).count
    }

    /// The first line shown: the text views keep the cursor's token in view;
    /// the lists with a selection its line; the others scroll by the cursor.
    static func effectiveScroll(_ state: AppState, _ view: AnalysisState) -> Int {
        let area = body(state.layout)
        if let text = valueText(view) { return text.effectiveScroll(in: area) }
        let count = itemCount(state, view)
        guard view.kind == .units || view.kind == .match else { return min(view.cursor, max(0, count - area.height)) }
        return Heatmap.scrollOffset(cursor: view.cursor, offset: view.scroll, viewport: area.height, count: count)
    }
}
