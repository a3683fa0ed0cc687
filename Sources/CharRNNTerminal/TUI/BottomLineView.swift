import TerminalKit

/// The bottom row: the `:` command line while it is open, else the quit
/// question, the last message, or the five keys that matter most right now
/// and `F1 more`, dropping whole keys from the right when narrow.
enum BottomLineView {
    static func render(_ state: AppState, into buffer: inout Buffer, area: Rect) {
        guard !area.isEmpty else { return }
        if let (text, style) = content(state) {
            buffer.write(text, x: area.x, y: area.y, style: style, maxWidth: area.width)
        } else {
            hints(state).render(into: &buffer, area: area, theme: state.theme)
        }
    }

    /// The quit question, the command line or the message; nil when the keys show.
    static func content(_ state: AppState) -> (String, Style)? {
        if state.overlay == .quitConfirm {
            return ("save before quitting? [y]es/[n]o/[c]ancel", .bold)
        }
        if let editor = state.commandLine {
            let width = state.layout.bottom.width
            return (editor.render(prompt: ":", width: width).text, .plain)
        }
        if let message = state.message {
            let style = message.isError && state.theme.color ? Style(foreground: .red, bold: true) : (message.isError ? .bold : .plain)
            return (message.text, style)
        }
        return nil
    }

    /// The five most used keys for the current pane and mode, then `F1 more`.
    static func hints(_ state: AppState) -> StatusLine {
        let keys: [String]
        if state.isTyping {
            keys = ["Enter step", "Ctrl-G generate", "Ctrl-R reset", "Esc leave", "F10 quit"]
        } else if state.analysis != nil {
            keys = ["Esc close", "space pause", "s save", "q quit"]
        } else {
            let pane: String
            switch state.focus {
            case .curves: pane = "L log/linear"
            case .heatmap: pane = "hjkl move · Enter activations"
            case .inspector: pane = "jk token"
            case .prompt: pane = "n step"
            }
            keys = [pane, "space pause", "Tab pane", "s save", "q quit"]
        }
        let segments = keys.map { StatusSegment($0, priority: 1) } + [StatusSegment("F1 more", priority: 2)]
        return StatusLine(left: segments, separator: " · ", style: .dim)
    }
}
