import ArgumentParser
import CharRNN
import CharRNNTerminal
import Foundation
import TerminalKit

/// The options that define a training run, shared by `train`, `tui` and `repl`.
///
/// They are the rows of `RunOptions.all`: argument-parser hands every word it
/// does not know to `words`, which is read against that table; `--help`
/// appends the table's section (see `helpSection`). Only `--corpus` and
/// `--vocab`, paths rather than settings of the run, are ordinary options.
struct TrainingOptions: ParsableArguments {
    @Option(help: "UTF-8 text to train on (default: the Time Machine).")
    var corpus: String?
    @Option(help: "The vocabulary of a weights-only checkpoint that records none: a JSON array of the tokens in index order (default: the corpus's).")
    var vocab: String?
    @Argument(parsing: .allUnrecognized, help: ArgumentHelp("The training options listed below.", valueName: helpMarker))
    var words: [String] = []

    /// The placeholder argument-parser prints in the usage line; help that shows it gets `helpSection` appended.
    static let helpMarker = "training-options"

    /// The run options given.
    func runOptions() throws -> RunOptionArguments {
        do {
            return try RunOptionArguments(parsing: words)
        } catch {
            throw ValidationError(Self.message(for: error))
        }
    }

    /// The files a run reads, which no output may name: the corpus (given or
    /// found) and the vocabulary file.
    var inputFiles: [(label: String, url: URL)] {
        var files: [(label: String, url: URL)] = []
        if let url = try? CorpusLocator.standard(explicitPath: corpus).locate().url { files.append(("the corpus", url)) }
        if let vocab { files.append(("the vocabulary file (--vocab)", URL(fileURLWithPath: vocab))) }
        return files
    }

    /// A fresh run's configuration.
    func config() throws -> TrainingConfig { try runOptions().config() }

    func validate() throws {
        do { try config().validate() } catch let error as ConfigurationError { throw ValidationError(error.description) }
        if let contradiction = try runOptions().contradiction() { throw ValidationError(contradiction) }
    }

    /// `arguments` with `--name -1` written `--name=-1`, so that a negative
    /// number reads as the option's value (and is refused by its check), not
    /// as an unknown short option.
    static func joiningValues(_ arguments: [String]) -> [String] {
        var joined: [String] = []
        var index = 0
        while index < arguments.count {
            let word = arguments[index]
            if word.hasPrefix("--"), !word.contains("="), index + 1 < arguments.count,
                arguments[index + 1].hasPrefix("-"), Double(arguments[index + 1]) != nil {
                joined.append(word + "=" + arguments[index + 1])
                index += 2
            } else {
                joined.append(word)
                index += 1
            }
        }
        return joined
    }

    /// The failure, with a suggestion for a misspelt option.
    static func message(for failure: RunOptionArguments.Failure) -> String {
        guard case .unknownOption(let word) = failure else { return failure.description }
        let names = RunOptions.commandLine.map { "--\($0.name)" } + ["--corpus", "--vocab"]
        return failure.description + (Suggestions.didYouMean(word, among: names).map { "; \($0)" } ?? "")
    }

    /// `TRAINING OPTIONS:` and a line (or more) per option, with its default, as argument-parser lays out help.
    static func helpSection(width: Int = 80) -> String {
        let column = 26
        var lines = ["TRAINING OPTIONS:"]
        for option in RunOptions.commandLine {
            let flag = "  --\(option.name) <\(option.valueName)>"
            let text = option.help + " (default: \(option.helpDefault))"
            let wrapped = TextFit.wrap(text, width: width - column)
            if flag.count + 2 <= column {
                lines.append(flag.padding(toLength: column, withPad: " ", startingAt: 0) + wrapped[0])
            } else {
                lines.append(flag)
                lines.append(String(repeating: " ", count: column) + wrapped[0])
            }
            lines += wrapped.dropFirst().map { String(repeating: " ", count: column) + $0 }
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
