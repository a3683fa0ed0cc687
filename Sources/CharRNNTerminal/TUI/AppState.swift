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
    /// Whether each chart's y axis is logarithmic. Perplexity starts on one,
    /// where it reads as the loss does and the late epochs' gains stay visible.
    public var logLoss = false
    public var logPerplexity = true
    public var smoothing = false
    public var charts = ChartSelection.both
    /// EMA weight applied to the per-step series when `smoothing` is on.
    public static let smoothingWeight = 0.9

    /// `L`: each chart to the other y scale.
    public mutating func toggleLogScales() {
        logLoss.toggle()
        logPerplexity.toggle()
    }
}

/// The heatmap pane's cursor (row = unit, column = step) and first visible
/// cell, and the step `v` marked as one end of the span `match` searches for.
public struct HeatmapState: Hashable, Sendable {
    public var cursor = GridPosition.zero
    public var scroll = GridPosition.zero
    public var mark: Int?
}

/// The prompt pane: the prefix being typed, and what the session's step
/// sequence on it holds.
///
/// `generated`, `lastStep` and `sampling` are the session's, copied in by each
/// `.session` message (the sampling also when a key changes it, until the
/// session confirms); only the editor and `generateCount` are the TUI's own.
public struct PromptState: Sendable {
    public var editor = LineEditor()
    /// Ids the session's sequence chose after the prefix (none while the sequence is on another prefix).
    public var generated: [Int] = []
    /// The last step's result, for the top-k list.
    public var lastStep: StepResult?
    public var sampling = SamplingSettings()
    /// Characters added by one "generate".
    public var generateCount = 50
    /// Top-k rows shown when sampling keeps every character.
    public static let defaultListLength = 10
    /// Texts up to this many characters are synchronised on every edit;
    /// longer ones once the keys pause (`AppMessage.promptIdle`), so a key
    /// costs the same whatever the length of the text.
    public static let eagerLimit = 65_536

    /// The typed text as last synchronised: what the session's sequence is
    /// asked to start on, encoded. Equal to the editor's text when `isSynced`.
    public private(set) var synced = SyncedPrefix()

    /// The typed prefix, built from the editor (O(text): for tests and one-off uses).
    public var prefix: String { editor.string }

    /// Whether `synced` holds the editor's current text.
    public var isSynced: Bool { synced.revision == editor.revision }

    /// Takes the editor's text into `synced` (O(text)).
    mutating func sync(vocabulary: Vocabulary) {
        let text = editor.string
        synced = SyncedPrefix(revision: editor.revision, text: text, scalars: Array(text.unicodeScalars), encoded: vocabulary.encode(text))
    }
}

/// The prompt's text as a `String` and as ids, made once per edit rather than once per frame.
public struct SyncedPrefix: Sendable {
    /// The editor's `revision` it was made from; -1 before the first.
    public var revision = -1
    public var text = ""
    public var scalars: [Unicode.Scalar] = []
    /// One id per Unicode scalar, and the scalars outside the vocabulary.
    public var encoded = EncodedPrompt()
}

/// The one-hot inspector: the selected vocabulary entry, input matrix and hidden unit.
public struct InspectorState: Hashable, Sendable {
    public var selected = 0
    public var scroll = 0
    /// The unit whose weights are marked, and shown exactly for the selected gate.
    public var unit = 0
    /// The selected input matrix: an index into the cell's gates (`W_xi` is 0 for the LSTM).
    public var gate = 0
    /// The first gate strip shown when not all fit.
    public var gateScroll = 0
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

/// A `:` command (or a save) sent to the session and not answered yet.
public struct PendingCommand: Hashable, Sendable {
    /// The command line as typed, or what the key asked for (`save`).
    public var line: String
    public var ticket: Ticket
    /// Whether Esc stops it.
    public var cancellable: Bool
}

/// What the model and corpus look like; changes only when another model is loaded.
public struct ModelInfo: Sendable {
    public var vocabulary: Vocabulary
    public var frequencies: [Int]
    public var hidden: Int
    public var cell: CellKind
    /// Each token as the lists show it (`TokenGlyph.label`), computed once.
    public let tokenLabels: [String]
    /// The widest token label and frequency, for the vocabulary list's columns.
    public let tokenLabelWidth: Int
    public let frequencyWidth: Int

    public init(vocabulary: Vocabulary, frequencies: [Int], hidden: Int, cell: CellKind = .rnn) {
        self.vocabulary = vocabulary
        self.frequencies = frequencies
        self.hidden = hidden
        self.cell = cell
        tokenLabels = vocabulary.tokens.map { TokenGlyph.label($0) }
        tokenLabelWidth = tokenLabels.map(\.count).max() ?? 0
        frequencyWidth = NumberFormat.grouped(Double(frequencies.max() ?? 0)).count
    }

    /// The model of `session`.
    public init(_ session: SessionState) {
        self.init(vocabulary: session.vocabulary, frequencies: session.frequencies, hidden: session.model.hidden, cell: session.model.cell)
    }

    /// The names of the input matrices of layer 0 a one-hot row selects from: `W_xh`; `W_xz W_xr W_xh`; `W_xi W_xf W_xo W_xc`.
    public var inputMatrices: [String] { cell.gateNames.map { "W_x\($0)" } }
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
    /// The session as it last showed itself; set only by `.session` messages.
    public var session: SessionState
    /// The training run, as the session last showed it.
    public var snapshot: TrainingSnapshot {
        get { session.training }
        set { session.training = newValue }
    }
    /// The `:` command or save waiting for the session, shown as running.
    public var pending: PendingCommand?
    public var curves = CurvesState()
    public var heatmap = HeatmapState()
    public var prompt = PromptState()
    public var inspector = InspectorState()
    /// The hidden states of the probe text, as last computed.
    public var probe = ProbeTrace.empty
    /// Another run whose curves are drawn under this one's (`--compare`, `:compare`).
    public var comparison: ComparedRun?
    public var overlay: Overlay?
    /// The analysis view drawn over the panes (activations, units, …), if one is open.
    public var analysis: AnalysisState?
    /// The `:` command line while it is open.
    public var commandLine: LineEditor?
    /// Lines entered on the command line, for Up/Down.
    public var commandHistory = LineHistory()
    /// What Tab found for the command line's word when it could not choose, shown above the line.
    public var commandCandidates: [String] = []
    public var message: StatusMessage?
    /// Set once the program should leave.
    public var quitting = false
    /// Render and flush times of recent frames, shown in the help overlay.
    public var frameStats = FrameStats()

    public init(width: Int, height: Int, theme: Theme, session: SessionState, prefix: String = "the time traveller") {
        self.width = width
        self.height = height
        self.theme = theme
        model = ModelInfo(session)
        self.session = session
        prompt.sampling = session.sampling
        prompt.editor.recordsHistory = false
        prompt.editor.setText(prefix)
        prompt.sync(vocabulary: model.vocabulary)
    }

    /// Whether the prompt pane has the keyboard, so printable keys type.
    public var isTyping: Bool { focus == .prompt && overlay == nil && commandLine == nil }

    /// The ids of the probe text: the encoded prefix (as last synchronised), then the generated ids.
    public var probeIDs: [Int] { prompt.synced.encoded.ids + prompt.generated }

    /// `probeIDs.count`, without building the array.
    public var probeLength: Int { prompt.synced.encoded.ids.count + prompt.generated.count }

    /// The input of each probe step: a scalar of the prefix as typed (also
    /// when it became `<unk>`), then the generated tokens; each made when read.
    public var probeTokens: ProbeTokens {
        ProbeTokens(scalars: prompt.synced.scalars, generated: prompt.generated, tokens: model.vocabulary.tokens)
    }

    /// Where everything goes at the current size, for this model's inspector.
    public var layout: ScreenLayout {
        ScreenLayout(width: width, height: height, inspector: InspectorView.shape(model))
    }
}
