import ArgumentParser
import CharRNN
import CharRNNTerminal
import Foundation

/// The `charrnn` command: subcommands, with the TUI as the default.
struct CharRNNCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "charrnn",
        abstract: "Train d2l's character-level RNN on The Time Machine and watch it learn.",
        subcommands: [TUICommand.self, TrainCommand.self, SampleCommand.self, REPLCommand.self, BenchCommand.self],
        defaultSubcommand: TUICommand.self
    )

    /// Parses the arguments and runs the command; exits 0 on success, 1 on an
    /// error (one line on stderr), 2 on a usage error.
    static func runAndExit() -> Never {
        do {
            var command = try parseAsRoot()
            try command.run()
            Foundation.exit(0)
        } catch let error as CLIError {
            fail(error.description)
        } catch let error as ConfigurationError {
            fail(error.description)
        } catch let error as CorpusError {
            fail(error.description)
        } catch let error as CheckpointError {
            fail(error.description)
        } catch {
            let code = exitCode(for: error)
            if code == .success {
                print(fullMessage(for: error))
                Foundation.exit(0)
            }
            let message = fullMessage(for: error)
            if code == .validationFailure {
                writeStderr(message.hasSuffix("\n") ? message : message + "\n")
                Foundation.exit(2)
            }
            fail(message.isEmpty ? "\(error)" : message)
        }
    }

    static func fail(_ message: String) -> Never {
        writeStderr("charrnn: error: \(message)\n")
        Foundation.exit(1)
    }
}
