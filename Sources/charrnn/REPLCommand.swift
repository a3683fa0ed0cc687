import ArgumentParser
import CharRNN
import CharRNNTerminal
import Foundation

/// `charrnn repl`: the command language on a prompt, or over a script on standard input.
struct REPLCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "repl",
        abstract: "Train, sample and inspect the model by typing commands (`help` lists them).",
        discussion: """
            From a terminal: a prompt with line editing and history (up/down, Ctrl-R). From a pipe or a \
            file: no prompt and no colour; every line runs in turn, and the first failing command ends \
            the run with status 1. Example: printf 'vocab\\npredict "time traveller" 30\\n' | charrnn repl
            """)

    @OptionGroup var options: TrainingOptions
    @Option(help: "Start from this checkpoint instead of a fresh model.")
    var checkpoint: String?
    @Flag(help: "No colour, even on a terminal (so does a non-empty NO_COLOR).")
    var noColor = false

    func run() throws {
        Interrupts.watch()
        let (session, notes) = try Session.open(
            config: try options.config(), corpus: .standard(explicitPath: options.corpus), checkpoint: checkpoint.map { URL(fileURLWithPath: $0) },
            vocabularyPath: options.vocab, given: try options.runOptions())
        for note in notes { writeStderr("note: \(note)\n") }
        var status = REPLLoop.standard(session: session, colorAllowed: !noColor).run()
        if status > 128 {
            // Stopped by a signal: what was trained since the last save goes to a new file.
            Interrupts.watch()
            status = Interrupts.rescue(session, explicit: nil, status: status)
        }
        session.close()
        if status != 0 { Foundation.exit(status) }
    }
}
