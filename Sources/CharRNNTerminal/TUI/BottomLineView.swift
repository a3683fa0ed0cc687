import TerminalKit

/// The bottom row: the `:` command line while it is open, else the quit
/// question, the last message, or the keys that matter most right now.
enum BottomLineView {
    static func render(_ state: AppState, into buffer: inout Buffer, area: Rect) {
        guard !area.isEmpty else { return }
        let (text, style) = content(state)
        buffer.write(text, x: area.x, y: area.y, style: style, maxWidth: area.width)
    }

    static func content(_ state: AppState) -> (String, Style) {
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
        return (hints(state), .dim)
    }

    /// The keys for the current mode, most useful first.
    static func hints(_ state: AppState) -> String {
        let dot = state.theme.unicode ? " · " : " | "
        if state.isTyping {
            return ["typing the prefix", "Enter step", "Ctrl-G generate", "Ctrl-R reset", "Esc leave", "F1 help", "F10 quit"].joined(separator: dot)
        }
        let pane: [String]
        switch state.focus {
        case .heatmap: pane = ["hjkl unit, step", "{ } state"]
        case .inspector: pane = ["jk token", "hl unit", "{ } matrix"]
        case .curves: pane = ["L log", "E EMA", "p charts", "c compare"]
        case .prompt: pane = []
        }
        return (pane + ["F1/? help", "Tab focus", "space pause", "n step", "s save", ": command", "q quit"]).joined(separator: dot)
    }
}
