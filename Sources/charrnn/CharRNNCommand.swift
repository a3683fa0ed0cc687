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

    /// Parses the arguments and runs the command. Exit status: 0 on success;
    /// 2 on a usage error — an unknown command or option, a value that is not
    /// one of the option's, out of range (a size of 0) or contradicting
    /// another — with one line on stderr; 1 on an error of the run (corpus,
    /// checkpoint, file), one line; 128 + n on signal n.
    static func runAndExit(_ arguments: [String] = Array(CommandLine.arguments.dropFirst())) -> Never {
        if let word = arguments.first, !word.hasPrefix("-"), !commandNames.contains(word) {
            usageFailure("unknown command '\(word)'"
                + (Suggestions.didYouMean(word, among: commandNames).map { "; \($0)" } ?? "; the commands are " + commandNames.dropLast().joined(separator: ", ")),
                hint: "charrnn --help")
        }
        do {
            var command = try parseAsRoot(TrainingOptions.joiningValues(arguments))
            try command.run()
            Foundation.exit(0)
        } catch {
            let code = exitCode(for: error)
            if code == .success {
                // Help of a command with training options ends with the table's section.
                let help = fullMessage(for: error)
                if help.contains("USAGE: charrnn <subcommand>") {
                    print(help.replacingOccurrences(of: "USAGE: charrnn <subcommand>", with: Usage.overview()))
                } else {
                    print(help.contains("<\(TrainingOptions.helpMarker)>") ? help + "\n" + TrainingOptions.helpSection() : help)
                }
                Foundation.exit(0)
            }
            if code == .validationFailure {
                // argument-parser's last line names the command's help: "See 'charrnn train --help' for more information."
                let help = fullMessage(for: error).split(separator: "\n").last { $0.trimmingCharacters(in: .whitespaces).hasPrefix("See '") }
                    .flatMap { $0.split(separator: "'").dropFirst().first }
                usageFailure(message(for: error), hint: help.map(String.init) ?? "charrnn --help")
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

    static var commandNames: [String] { configuration.subcommands.map { $0._commandName } + ["help"] }

    /// `charrnn: error: MESSAGE (see 'charrnn train --help')` and status 2.
    static func usageFailure(_ message: String, hint: String) -> Never {
        let line = message.split(whereSeparator: \.isNewline).joined(separator: "; ")
        writeStderr("charrnn: error: \(line) (see '\(hint)')\n")
        Foundation.exit(2)
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
