import TerminalKit

/// What a key asks for, once the pane and typing mode are taken into account.
public enum AppAction: Hashable, Sendable {
    case help, quit, save, togglePause, redraw
    case focusNext, focusPrevious, leavePrompt, openCommandLine
    case toggleLogScale, toggleSmoothing, cycleCharts
    /// Move the focused pane's cursor by rows (down +) and columns (right +).
    case move(rows: Int, columns: Int)
    /// Move by a page of rows (down +).
    case page(Int)
    case first, last
    /// Jump to the previous (-1) or next (+1) state group in the heatmap, or input matrix in the inspector.
    case group(Int)
    /// Open the command line on `compare `.
    case compare
    /// Open an analysis view on what the panes show (the heatmap's unit, the prompt).
    case analysis(AnalysisKind)
    /// Mark the heatmap cursor's step as one end of `match`'s span (again: unmark).
    case markStep
    /// Enter outside the prompt: in the heatmap, the cursor unit's activations.
    case select
    case step, generate, resetSteps
    case temperature(up: Bool)
    case topK(up: Bool)
    case toggleGreedy
    /// A key for the prompt's line editor.
    case edit(Key)
}

/// The key map, in one place: which key does what in which pane, and the
/// list the help overlay shows.
///
/// F-keys, Ctrl-keys, Tab and Esc work everywhere. Single-letter keys work
/// when the prompt is not being typed into; in the prompt every printable key
/// types, and the sampling controls move to Enter, Ctrl-G, Ctrl-R, ↑↓, PgUp/PgDn, F6.
/// `{` `}` step between the heatmap's state groups (or the inspector's input
/// matrices); `c` opens the command line on `compare `.
public enum KeyBindings {
    /// The action for `key`, typing in the prompt or not; nil when the key does
    /// nothing. Which cursor a move moves is the focused pane's business.
    public static func action(for key: Key, typing: Bool) -> AppAction? {
        if let global = globalAction(for: key) { return global }
        if typing { return promptAction(for: key) }
        if let letter = letterAction(for: key) { return letter }
        return navigation(for: key)
    }

    /// Keys that mean the same in every pane and mode.
    static func globalAction(for key: Key) -> AppAction? {
        switch key {
        case .function(1): return .help
        case .function(2): return .save
        case .function(5): return .togglePause
        case .function(6): return .toggleGreedy
        case .function(10): return .quit
        case .tab: return .focusNext
        case .backTab: return .focusPrevious
        case .control("l"): return .redraw
        case .escape: return .leavePrompt
        default: return nil
        }
    }

    /// Keys while typing in the prompt: editing, plus the sampling controls.
    static func promptAction(for key: Key) -> AppAction? {
        switch key {
        case .enter: return .step
        case .control("g"): return .generate
        case .control("r"): return .resetSteps
        case .up: return .temperature(up: true)
        case .down: return .temperature(up: false)
        case .pageUp: return .topK(up: true)
        case .pageDown: return .topK(up: false)
        default: return .edit(key)
        }
    }

    /// Single-letter keys, when not typing.
    static func letterAction(for key: Key) -> AppAction? {
        guard case .character(let c) = key else { return nil }
        switch c {
        case "?": return .help
        case "q": return .quit
        case "s": return .save
        case " ": return .togglePause
        case ":": return .openCommandLine
        case "L": return .toggleLogScale
        case "E": return .toggleSmoothing
        case "p": return .cycleCharts
        case "n": return .step
        case "N": return .generate
        case "r": return .resetSteps
        case "+", "=": return .temperature(up: true)
        case "-": return .temperature(up: false)
        case "]": return .topK(up: true)
        case "[": return .topK(up: false)
        case "g": return .toggleGreedy
        case "{": return .group(-1)
        case "}": return .group(1)
        case "c": return .compare
        case "a": return .analysis(.activations)
        case "u": return .analysis(.units)
        case "m": return .analysis(.match)
        case "x": return .analysis(.saliency)
        case "t": return .analysis(.samples)
        case "H": return .analysis(.histograms)
        case "v": return .markStep
        default: return nil
        }
    }

    /// Cursor keys and their vim letters, when not typing.
    static func navigation(for key: Key) -> AppAction? {
        switch key {
        case .up, .character("k"): return .move(rows: -1, columns: 0)
        case .down, .character("j"): return .move(rows: 1, columns: 0)
        case .left, .character("h"): return .move(rows: 0, columns: -1)
        case .right, .character("l"): return .move(rows: 0, columns: 1)
        case .enter: return .select
        case .pageUp: return .page(-1)
        case .pageDown: return .page(1)
        case .home: return .first
        case .end: return .last
        default: return nil
        }
    }

    /// The help list for the theme: in ASCII, arrows are spelled out.
    public static func help(unicode: Bool) -> [KeyBinding] {
        guard !unicode else { return help }
        func ascii(_ text: String) -> String {
            text.replacingOccurrences(of: "←↓↑→", with: "arrows")
                .replacingOccurrences(of: "↑ ↓", with: "Up Down")
                .replacingOccurrences(of: "·", with: "/")
        }
        return help.map { KeyBinding(keys: ascii($0.keys), action: ascii($0.action)) }
    }

    /// Every binding, as the help overlay lists them.
    public static let help: [KeyBinding] = [
        KeyBinding(keys: "F1 ?", action: "this help (any key closes it)"),
        KeyBinding(keys: "F10 q", action: "quit (asks to save if the model changed)"),
        KeyBinding(keys: "F5 space", action: "pause / resume training"),
        KeyBinding(keys: "F2 s", action: "save: --save, checkpoint, or ./charrnn-DATE.safetensors"),
        KeyBinding(keys: "Tab S-Tab", action: "focus next / previous pane"),
        KeyBinding(keys: ":", action: "command line: REPL commands (Enter runs, Esc closes)"),
        KeyBinding(keys: "c  :compare PATH", action: "overlay that run's curves (.jsonl or checkpoint); off"),
        KeyBinding(keys: "Ctrl-L", action: "redraw the screen"),
        KeyBinding(keys: "Esc", action: "leave the prompt; close a popup or a view"),
        KeyBinding(keys: "L E p", action: "curves: log/linear y, EMA of the step curve, loss/ppl/both"),
        KeyBinding(keys: "←↓↑→ hjkl", action: "heatmap: unit, step · inspector: token, unit"),
        KeyBinding(keys: "PgUp/Dn Home End", action: "heatmap, inspector: page up/down, first, last"),
        KeyBinding(keys: "{ }", action: "heatmap: previous / next state · inspector: matrix"),
        KeyBinding(keys: "n  Enter", action: "step one character (Enter in the prompt)"),
        KeyBinding(keys: "N  Ctrl-G", action: "generate N characters"),
        KeyBinding(keys: "r  Ctrl-R", action: "reset to the typed prefix"),
        KeyBinding(keys: "+ -  ] [  g", action: "temperature, top-k, greedy (↑ ↓ PgUp/Dn F6 in prompt)"),
        KeyBinding(keys: "typing", action: "in the prompt: edits the prefix (drops generated text)"),
        KeyBinding(keys: "a Enter  u", action: "views: heatmap unit's activations; units by r"),
        KeyBinding(keys: "v m  x  t  H", action: "mark, match; saliency; training samples; histograms"),
    ]
}
