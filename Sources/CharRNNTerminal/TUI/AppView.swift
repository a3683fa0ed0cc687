import TerminalKit

/// The view of the Model/Update/View split: the whole screen as a pure
/// function of the state.
public enum AppView {
    /// The screen for `state`, `state.width` × `state.height` cells.
    public static func render(_ state: AppState) -> Buffer {
        var buffer = Buffer(width: state.width, height: state.height)
        let layout = state.layout
        guard layout.fits else {
            drawTooSmall(layout, into: &buffer, theme: state.theme)
            return buffer
        }
        StatusBarView.render(state, into: &buffer, area: layout.status)
        if let analysis = state.analysis {
            AnalysisView.render(state, analysis, into: &buffer)
        } else {
            CurvesView.render(state, into: &buffer, area: layout.curves)
            PromptView.render(state, into: &buffer, area: layout.prompt)
            HiddenStateView.render(state, into: &buffer, layout: layout)
            InspectorView.render(state, into: &buffer, layout: layout)
        }
        BottomLineView.render(state, into: &buffer, area: layout.bottom)
        OverlayView.render(state, into: &buffer, layout: layout)
        if !state.theme.unicode { asciiOnly(&buffer) }
        return buffer
    }

    /// Stand-ins for the few non-ASCII characters the panes' own text uses.
    static let asciiStandIns: [Character: Character] = [
        "·": "|", "×": "x", "±": "~", "‖": "|", "␠": "_", "…": "~", "◆": "X", "↵": "/", "⇥": ">",
        "│": "|", "▴": "^", "▾": "v", "▯": "?",
    ]

    /// Under `--ascii`, replaces every non-ASCII character (labels, typed
    /// text) with an ASCII stand-in, or `?`, so none reaches the terminal.
    static func asciiOnly(_ buffer: inout Buffer) {
        for y in 0..<buffer.height {
            for x in 0..<buffer.width where !buffer[x, y].character.isASCII {
                buffer[x, y].character = asciiStandIns[buffer[x, y].character] ?? "?"
            }
        }
    }

    /// Where the terminal's text cursor goes: on the command line while it is
    /// open; nil (hidden) otherwise, since the prompt draws its own cursor cell.
    public static func cursorPosition(_ state: AppState) -> (x: Int, y: Int)? {
        let layout = state.layout
        guard layout.fits, state.overlay == nil, let editor = state.commandLine else { return nil }
        let (_, column) = editor.render(prompt: ":", width: layout.bottom.width)
        return (layout.bottom.x + column, layout.bottom.y)
    }

    /// The border of a pane: heavy and coloured when it has the keyboard.
    static func paneBlock(_ title: String, focused: Bool) -> Block {
        Block(title: title, focused: focused, borderStyle: .dim)
    }

    /// `terminal too small: need 80×24, have 50×12`, wrapped and centred.
    static func drawTooSmall(_ layout: ScreenLayout, into buffer: inout Buffer, theme: Theme) {
        var text = layout.tooSmallMessage
        if !theme.unicode { text = text.replacingOccurrences(of: "×", with: "x") }
        let pane = TextPane(spans: [TextSpan(text, style: .bold)], scroll: .top)
        let lines = pane.lineCount(width: buffer.width)
        let height = min(buffer.height, lines)
        let area = Rect(x: 0, y: (buffer.height - height) / 2, width: buffer.width, height: height)
        let widest = pane.wrappedLines(width: buffer.width).map(\.count).max() ?? 0
        let centred = Rect(x: (buffer.width - widest) / 2, y: area.y, width: widest, height: height)
        pane.render(into: &buffer, area: centred, theme: theme)
    }
}
