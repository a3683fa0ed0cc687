import ArgumentParser
import CharRNN
import TerminalKit

/// The usage of every command, as `charrnn --help` prints it: argument-parser's
/// usage of each (so every declared option is in it), the training options
/// of `RunOptions.all` named once for the three commands that take them.
enum Usage {
    /// `USAGE:`, a line (or more) per command, then `TRAINING OPTIONS`, wrapped to `width`.
    static func overview(width: Int = 80) -> String {
        var lines = ["USAGE:"]
        for command in CharRNNCommand.configuration.subcommands {
            lines += wrap(items(line(command)), width: width, first: "  ", rest: "      ")
        }
        lines.append("")
        lines.append("TRAINING OPTIONS of tui, train and repl, with d2l's defaults\n(`charrnn train --help` explains each):")
        let options = ["--corpus PATH", "--vocab FILE"]
            + RunOptions.commandLine.map { "--\($0.name) \($0.valueName) (\($0.helpDefault))" }
        lines += wrap(options.dropLast().map { $0 + "," } + options.suffix(1), width: width, first: "  ", rest: "  ")
        return lines.joined(separator: "\n")
    }

    /// `charrnn train [training options] [--save <save>] …`; the TUI's name in brackets, as the default command.
    static func line(_ command: ParsableCommand.Type) -> String {
        var usage = CharRNNCommand.usageString(for: command)
            .replacingOccurrences(of: "[--corpus <corpus>] [--vocab <vocab>] [<\(TrainingOptions.helpMarker)> ...]", with: "[training options]")
        if command == CharRNNCommand.configuration.defaultSubcommand {
            usage = usage.replacingOccurrences(of: "charrnn \(command._commandName) ", with: "charrnn [\(command._commandName)] ")
        }
        return usage
    }

    /// The words of a usage line, a bracketed group (`[--save <save>]`) kept as one.
    static func items(_ usage: String) -> [String] {
        var items: [String] = []
        var depth = 0
        for word in usage.split(separator: " ") {
            if depth > 0 { items[items.count - 1] += " " + word } else { items.append(String(word)) }
            depth += word.filter { $0 == "[" || $0 == "<" }.count - word.filter { $0 == "]" || $0 == ">" }.count
        }
        return items
    }

    /// `items` joined by spaces into lines of at most `width` (an item longer stands alone).
    static func wrap(_ items: [String], width: Int, first: String, rest: String) -> [String] {
        var lines: [String] = []
        var line = first
        for item in items {
            let indent = lines.isEmpty ? first : rest
            if line.count > indent.count, line.count + 1 + item.count > width {
                lines.append(line)
                line = rest + item
            } else {
                line += (line.count > indent.count ? " " : "") + item
            }
        }
        lines.append(line)
        return lines
    }
}
