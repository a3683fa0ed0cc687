import ArgumentParser
import CharRNN
import CharRNNTerminal
import Foundation

/// The `charrnn` command: subcommands, with the TUI as the default.
struct CharRNNCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "charrnn",
        abstract: "Train d2l's character-level RNN on The Time Machine and watch it learn.",
        subcommands: [TUICommand.self, TrainCommand.self, SampleCommand.self, REPLCommand.self, BenchCommand.self, ConvertCommand.self],
        defaultSubcommand: TUICommand.self
    )

    /// Parses the arguments and runs the command; exits 0 on success, 1 on an
    /// error (one line on stderr), 2 on a usage error.
    static func runAndExit() -> Never {
        do {
            var command = try parseAsRoot()
            try command.run()
            Foundation.exit(0)
        } catch {
            let code = exitCode(for: error)
            if code == .success {
                // Help of a command with training options ends with the table's section.
                let help = fullMessage(for: error)
                print(help.contains("<\(TrainingOptions.helpMarker)>") ? help + "\n" + TrainingOptions.helpSection() : help)
                Foundation.exit(0)
            }
            if code == .validationFailure {
                let message = fullMessage(for: error)
                writeStderr(message.hasSuffix("\n") ? message : message + "\n")
                Foundation.exit(2)
            }
            if let exit = error as? ExitCode { Foundation.exit(exit.rawValue) }
            if error is Interrupted {
                writeStderr("charrnn: interrupted before training; nothing to save\n")
                Foundation.exit(Interrupts.status)
            }
            // A request that cannot be met as given, refused before any work: a usage error.
            if error is OutputPaths.Refusal || isTooLarge(error) {
                writeStderr("charrnn: error: \(error)\n")
                Foundation.exit(2)
            }
            // The project's errors (corpus, checkpoint, configuration, …) each describe themselves in one line.
            fail(error is CustomStringConvertible ? "\(error)" : fullMessage(for: error))
        }
    }

    static func isTooLarge(_ error: any Error) -> Bool {
        if case .tooLarge = error as? ConfigurationError { return true }
        return false
    }

    static func fail(_ message: String) -> Never {
        writeStderr("charrnn: error: \(message)\n")
        Foundation.exit(1)
    }
}
