import ArgumentParser
import CharRNN
import CharRNNTerminal
import Foundation
import TerminalKit

/// `charrnn tui` (and `charrnn` alone): train with a live terminal UI.
struct TUICommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tui",
        abstract: "Train in a terminal UI: curves, hidden states, step-by-step sampling, one-hot inputs.")

    @OptionGroup var options: TrainingOptions
    @Option(help: "Open this checkpoint, training paused, ready to inspect.")
    var checkpoint: String?
    @Option(help: "Where 's' saves: this file, else the checkpoint, else ./charrnn-DATE.safetensors (DATE: YYYYMMDD-HHMMSS).")
    var save: String?
    @Option(help: "The prompt's starting text, also the heatmap's probe text.")
    var prefix = "the time traveller"
    @Option(help: "Characters one 'generate' adds.")
    var length = 50
    @Option(help: "Draw another run's curves under this one's: a metrics file (train --metrics) or a checkpoint.")
    var compare: String?
    @Flag(help: "No colour, even on a terminal (so does a non-empty NO_COLOR); heatmaps use the shades ░▒▓█.")
    var noColor = false
    @Flag(help: "ASCII only, for terminals without Unicode.")
    var ascii = false

    func validate() throws {
        guard length > 0 else { throw ValidationError("--length must be positive, got \(length)") }
    }

    func run() throws {
        setlocale(LC_ALL, "")
        guard isatty(STDIN_FILENO) == 1, isatty(STDOUT_FILENO) == 1 else {
            writeStderr("charrnn: the TUI needs a terminal; use 'charrnn train' for headless training\n")
            Foundation.exit(1)
        }
        Interrupts.watch()
        let checkpointURL = checkpoint.map { URL(fileURLWithPath: $0) }
        if let save {
            try OutputPaths.check(
                outputs: [("--save", URL(fileURLWithPath: save))],
                inputs: options.inputFiles + (compare.map { [("the compared run (--compare)", URL(fileURLWithPath: $0))] } ?? []))
        }
        let (session, notes) = try Session.open(
            config: try options.config(), corpus: .standard(explicitPath: options.corpus), checkpoint: checkpointURL, vocabularyPath: options.vocab, given: try options.runOptions())
        for note in notes { writeStderr("note: \(note)\n") }
        let configuration = TUIConfiguration(
            theme: theme, prefix: prefix, generateCount: length,
            savePath: save.map { URL(fileURLWithPath: $0) }, startPaused: checkpointURL != nil,
            comparePath: compare.map { URL(fileURLWithPath: $0) })
        let status = try TUIRunLoop.run(session: session, configuration: configuration)
        Foundation.exit(status)
    }

    /// Colour unless `--no-color` or a non-empty `NO_COLOR`; Unicode unless
    /// `--ascii` or the locale's character set is not UTF-8.
    var theme: Theme {
        let noColorSet = ProcessInfo.processInfo.environment["NO_COLOR"].map { !$0.isEmpty } ?? false
        let codeset = String(cString: nl_langinfo(nl_item(CODESET)))
        let utf8 = codeset.uppercased().replacingOccurrences(of: "-", with: "") == "UTF8"
        return Theme(color: !noColor && !noColorSet, unicode: !ascii && utf8)
    }
}
