import CharRNN
import Foundation
import TerminalKit

/// The four panes that can take the keyboard, in Tab order.
public enum Pane: Int, CaseIterable, Hashable, Sendable {
    case curves, heatmap, prompt, inspector

    /// The pane after this one in Tab order (`by: -1` for Shift-Tab).
    func cycled(by step: Int) -> Pane {
        let count = Pane.allCases.count
        return Pane(rawValue: ((rawValue + step) % count + count) % count)!
    }
}

/// Which charts the curves pane shows.
public enum ChartSelection: Int, CaseIterable, Hashable, Sendable {
    case both, loss, perplexity

    var next: ChartSelection { ChartSelection(rawValue: (rawValue + 1) % ChartSelection.allCases.count)! }
}

/// The curves pane's options.
public struct CurvesState: Hashable, Sendable {
    public var logScale = false
    public var smoothing = false
    public var charts = ChartSelection.both
    /// EMA weight applied to the per-step series when `smoothing` is on.
    public static let smoothingWeight = 0.9
}

/// The heatmap pane's cursor (row = unit, column = step) and first visible cell.
public struct HeatmapState: Hashable, Sendable {
    public var cursor = GridPosition.zero
    public var scroll = GridPosition.zero
}

/// The prompt pane: the typed prefix, what was generated after it, and the sampling controls.
public struct PromptState: Sendable {
    public var editor = LineEditor()
    /// Ids chosen by stepping or generating after the prefix.
    public var generated: [Int] = []
    /// The last step's result, for the top-k list.
    public var lastStep: StepResult?
    public var sampling = SamplingSettings()
    /// Characters added by one "generate".
    public var generateCount = 50
    /// Top-k rows shown when sampling keeps every character.
    public static let defaultListLength = 10

    /// The typed prefix.
    public var prefix: String { editor.string }
}

/// The one-hot inspector: the selected vocabulary entry and hidden unit.
public struct InspectorState: Hashable, Sendable {
    public var selected = 0
    public var scroll = 0
    /// The unit whose W_xh weight is shown exactly.
    public var unit = 0
}

/// What is drawn over the panes and takes the keyboard first.
public enum Overlay: Hashable, Sendable {
    case help
    /// "save before quitting? [y]es/[n]o/[c]ancel".
    case quitConfirm
    /// The output of a `:` command.
    case commandOutput(command: String, result: CommandResult)
}

/// A one-line message in the bottom row (e.g. "saved to …").
public struct StatusMessage: Hashable, Sendable {
    public var text: String
    public var isError: Bool

    public init(_ text: String, isError: Bool = false) {
        self.text = text
        self.isError = isError
    }
}

/// What the model and corpus look like; changes only when another model is loaded.
public struct ModelInfo: Sendable {
    public var vocabulary: Vocabulary
    public var frequencies: [Int]
    public var hidden: Int

    public init(vocabulary: Vocabulary, frequencies: [Int], hidden: Int) {
        self.vocabulary = vocabulary
        self.frequencies = frequencies
        self.hidden = hidden
    }
}

/// Everything the TUI shows: the model of the Model/Update/View split.
///
/// Changed only by `AppUpdate.update`; drawn by `AppView.render`, which reads
/// nothing else.
public struct AppState: Sendable {
    public var width: Int
    public var height: Int
    public var theme: Theme
    public var focus = Pane.curves
    /// The pane focused before the prompt took the keyboard (Esc goes back there).
    public var focusBeforePrompt = Pane.curves
    public var model: ModelInfo
    /// The latest training snapshot.
    public var snapshot: TrainingSnapshot
    public var curves = CurvesState()
    public var heatmap = HeatmapState()
    public var prompt = PromptState()
    public var inspector = InspectorState()
    /// The hidden states of the probe text, as last computed.
    public var probe = ProbeTrace.empty
    public var overlay: Overlay?
    /// The `:` command line while it is open.
    public var commandLine: LineEditor?
    /// Lines entered on the command line, for Up/Down.
    public var commandHistory = LineHistory()
    public var message: StatusMessage?
    /// Set once the program should leave.
    public var quitting = false
    /// Render and flush times of recent frames, shown in the help overlay.
    public var frameStats = FrameStats()

    public init(width: Int, height: Int, theme: Theme, model: ModelInfo, snapshot: TrainingSnapshot, prefix: String = "the time traveller") {
        self.width = width
        self.height = height
        self.theme = theme
        self.model = model
        self.snapshot = snapshot
        prompt.editor.recordsHistory = false
        prompt.editor.setText(prefix)
    }

    /// Whether the prompt pane has the keyboard, so printable keys type.
    public var isTyping: Bool { focus == .prompt && overlay == nil && commandLine == nil }

    /// The ids of the probe text: the encoded prefix, then the generated ids.
    public var probeIDs: [Int] { model.vocabulary.encode(prompt.prefix).ids + prompt.generated }

    /// The input character of each probe step, as typed or generated.
    public var probeCharacters: [Character] {
        prompt.prefix.unicodeScalars.map { Character($0) } + prompt.generated.map { model.vocabulary.displayCharacter($0) }
    }
}

extension Vocabulary {
    /// A one-cell stand-in for token `id`: the character itself, `?` for `<unk>`.
    func displayCharacter(_ id: Int) -> Character {
        guard id >= 0, id < count, id != unknownIndex else { return "?" }
        return tokens[id].first ?? "?"
    }
}
