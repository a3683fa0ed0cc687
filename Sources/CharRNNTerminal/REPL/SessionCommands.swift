import CharRNN
import Foundation
import TerminalKit

/// `save`, `load`, `help` and `quit`.
extension CommandInterpreter {
    func saveCommand(_ args: ParsedArguments) throws -> CommandResult {
        let url = Self.fileURL(try ArgumentValue.text(args[0] ?? "", name: "PATH"))
        try workbench.save(to: url)
        let snap = workbench.session.snapshot()
        return CommandResult(lines: [OutputLine("saved \(url.path) (epoch \(snap.epoch), step \(snap.step))")])
    }

    func loadCommand(_ args: ParsedArguments) throws -> CommandResult {
        let url = Self.fileURL(try ArgumentValue.text(args[0] ?? "", name: "PATH"))
        try workbench.load(from: url)
        resetTracking()
        let snap = workbench.session.snapshot()
        return CommandResult(lines: [OutputLine(
            "loaded \(url.path): \(workbench.model.hidden) hidden units, epoch \(snap.epoch), step \(snap.step)")])
    }

    func helpCommand(_ args: ParsedArguments) throws -> CommandResult {
        guard let name = args[0] else { return CommandResult(lines: commandList()) }
        guard let spec = CommandTable.named(name) else {
            throw CommandFailure.usage(Self.unknownCommandMessage(name))
        }
        var lines = [OutputLine("usage: \(spec.usage)", style: style == .color ? .bold : .plain)]
        for paragraph in spec.details {
            lines.append(OutputLine(""))
            lines += TextFit.wrap(paragraph, width: 76).map { OutputLine("  " + $0) }
        }
        return CommandResult(lines: lines)
    }

    /// Every command by group, with its usage line and summary.
    private func commandList() -> [OutputLine] {
        var lines: [OutputLine] = []
        // Usage lines longer than this get their summary on the next line.
        let limit = 24
        let width = CommandTable.all.map(\.usage.count).filter { $0 <= limit }.max() ?? limit
        let summaryIndent = String(repeating: " ", count: 2 + width + 2)
        for group in CommandSpec.Group.allCases {
            let specs = CommandTable.all.filter { $0.group == group }
            guard !specs.isEmpty else { continue }
            if !lines.isEmpty { lines.append(OutputLine("")) }
            lines.append(OutputLine(group.rawValue, style: style == .color ? .bold : .plain))
            for spec in specs {
                if spec.usage.count > width {
                    lines.append(OutputLine("  \(spec.usage)"))
                    lines.append(OutputLine(summaryIndent + spec.summary))
                } else {
                    let padded = spec.usage + String(repeating: " ", count: width - spec.usage.count)
                    lines.append(OutputLine("  \(padded)  \(spec.summary)"))
                }
            }
        }
        lines.append(OutputLine(""))
        lines.append(OutputLine("`help COMMAND` explains a command. Quote words with spaces: predict \"time traveller\" 50"))
        return lines
    }

    func quitCommand(_ args: ParsedArguments) throws -> CommandResult {
        if !scriptMode, !quitWarned, workbench.session.snapshot().unsaved {
            quitWarned = true
            let note = workbench.session.isActive ? " (training is still running)" : ""
            return CommandResult(lines: [OutputLine("unsaved changes\(note); `save PATH` or `quit` again")])
        }
        if workbench.session.isActive {
            workbench.session.stop()
            workbench.session.waitUntilIdle()
        }
        return CommandResult(status: .quit)
    }

    /// A path as typed, with `~` expanded; relative paths are taken from the current directory.
    static func fileURL(_ path: String) -> URL {
        URL(fileURLWithPath: NSString(string: path).expandingTildeInPath)
    }
}
