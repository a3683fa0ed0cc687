import CharRNN
import Foundation
import TerminalKit

/// `save`, `load`, `help` and `quit`.
extension CommandInterpreter {
    func saveCommand(_ args: ParsedArguments) throws -> Plan {
        let url = Self.fileURL(try ArgumentValue.text(args[0] ?? "", name: "PATH"))
        return ask(.save(url)) { reply in
            guard case .saved(let url, let epoch, let step) = reply else { return CommandResult() }
            return CommandResult(lines: [OutputLine("saved \(url.path) (epoch \(epoch), step \(step))")])
        }
    }

    func loadCommand(_ args: ParsedArguments) throws -> Plan {
        let url = Self.fileURL(try ArgumentValue.text(args[0] ?? "", name: "PATH"))
        // While training runs, the session's answer (stop it first) comes before this one.
        if !forced, !session.state().isTraining, let what = unsavedTraining {
            throw CommandFailure.error("\(what) would be lost; `save PATH` first, or `load! PATH` to discard it")
        }
        return ask(.load(url)) { reply in
            self.resetTracking()
            let state = self.session.state()
            var notes: [String] = []
            if case .loaded(_, let loadNotes) = reply { notes = loadNotes }
            return CommandResult(lines: notes.map { OutputLine("note: \($0)") } + [OutputLine(
                "loaded \(url.path): \(state.model.hidden) hidden units, epoch \(state.training.epoch), step \(state.training.step)")])
        }
    }

    func helpCommand(_ args: ParsedArguments) throws -> Plan {
        guard let name = args[0] else { return Self.lines(commandList()) }
        guard let spec = CommandTable.named(name) else {
            throw CommandFailure.usage(Self.unknownCommandMessage(name))
        }
        var lines = [OutputLine("usage: \(spec.usage)", style: style == .color ? .bold : .plain)]
        for paragraph in spec.details {
            lines.append(OutputLine(""))
            lines += TextFit.wrap(paragraph, width: 76).map { OutputLine("  " + $0) }
        }
        return Self.lines(lines)
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

    /// `quit` ends the session; the REPL then keeps unsaved training (it asks
    /// at a prompt, a script saves it to a new file). `quit!` discards it.
    func quitCommand(_ args: ParsedArguments) throws -> Plan {
        discardsUnsaved = forced
        return .done(CommandResult(status: .quit))
    }

    /// `unsaved training (epoch 3, step 30)` when training changed the weights
    /// since they were opened, loaded or saved; else nil.
    public var unsavedTraining: String? {
        let t = session.state().training
        guard t.unsaved, t.step != baselineStep else { return nil }
        return "unsaved training (epoch \(t.epoch), step \(t.step))"
    }

    /// Stops a run in progress and saves the weights to `url`; the error, if the save failed.
    public func stopAndSave(to url: URL) -> String? {
        let save = chain(.save(url)) { _ in .done(CommandResult()) }
        let plan: Plan = session.state().isTraining ? chain(.stop) { _ in save } : save
        if case .failed(let message) = run(plan).status { return message }
        return nil
    }

    /// A path as typed, with `~` expanded; relative paths are taken from the current directory.
    static func fileURL(_ path: String) -> URL {
        URL(fileURLWithPath: NSString(string: path).expandingTildeInPath)
    }
}
