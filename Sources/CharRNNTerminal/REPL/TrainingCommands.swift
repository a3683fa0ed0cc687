import CharRNN
import Foundation
import TerminalKit

/// `train`, `pause`, `resume`, `stop`, `status`, `eval`, and the epoch lines of runs.
extension CommandInterpreter {
    func trainCommand(_ args: ParsedArguments) throws -> Plan {
        let state = session.state()
        let snap = state.training
        if state.isTraining {
            if snap.state == .paused {
                throw CommandFailure.error("training is paused at epoch \(snap.epoch)/\(snap.targetEpoch); `resume` it or `stop` it first")
            }
            throw CommandFailure.error("already training (epoch \(snap.epoch)/\(snap.targetEpoch)); `pause`, `stop` or wait for it")
        }
        let epochs = try args[0].map { text throws(CommandFailure) in try ArgumentValue.integer(text, name: "N", minimum: 1, maximum: 1_000_000) }
            ?? max(1, state.config.epochs - snap.epoch)
        let target = snap.epoch + epochs
        _ = epochLines()
        runTarget = target
        return chain(.train(toEpoch: target)) { _ in
            guard self.scriptMode else {
                self.backgroundRunPending = true
                let what = epochs == 1 ? "1 epoch" : "\(epochs) epochs"
                return Self.lines([OutputLine("training \(what) in the background (to epoch \(target)); `status` to watch")])
            }
            return .ask(.waitForRun) { _ in self.runEnded() }
        }
    }

    /// How a script's run ended, with its last epoch lines.
    private func runEnded() -> Plan {
        stream(epochLines())
        let snap = session.state().training
        switch snap.state {
        case .halted(let message): return .done(CommandResult(status: .failed(message: message)))
        case .idle: return .done(CommandResult(status: .failed(message: "interrupted: training stopped at \(Self.position(snap))")))
        default: return .done(CommandResult())
        }
    }

    func pauseCommand(_ args: ParsedArguments) throws -> Plan {
        let state = session.state()
        guard state.isTraining else { throw CommandFailure.error("not training; `train` starts a run") }
        if state.training.state == .paused { return Self.lines([OutputLine("already paused at \(Self.position(state.training))")]) }
        // The run obeys between minibatches (after an epoch's evaluation at worst); the reply comes once it has.
        return ask(.pause) { _ in
            let now = self.session.state().training
            let verb = now.state == .paused ? "paused" : "run ended"
            return CommandResult(lines: [OutputLine("\(verb) at \(Self.position(now)); `resume` continues, `stop` ends the run")])
        }
    }

    func resumeCommand(_ args: ParsedArguments) throws -> Plan {
        let state = session.state()
        guard state.isTraining else { throw CommandFailure.error("not training; `train` starts a run") }
        if state.training.state != .paused { return Self.lines([OutputLine("not paused; training is running")]) }
        return ask(.resume) { _ in CommandResult(lines: [OutputLine("resumed")]) }
    }

    func stopCommand(_ args: ParsedArguments) throws -> Plan {
        guard session.state().isTraining else { throw CommandFailure.error("not training") }
        return ask(.stop) { _ in
            self.backgroundRunPending = false
            let snap = self.session.state().training
            return CommandResult(lines: self.epochLines() + [OutputLine("stopped at \(Self.position(snap))")])
        }
    }

    func statusCommand(_ args: ParsedArguments) throws -> Plan {
        let snap = session.state().training
        let last = snap.history.last
        let state: String
        switch snap.state {
        case .idle: state = "idle"
        case .running: state = "running"
        case .paused: state = "paused"
        case .done: state = "done"
        case .halted: state = "halted"
        }
        var rows: [(String, String)] = [
            ("state", state),
            ("epoch", "\(snap.epoch)/\(max(snap.targetEpoch, snap.epoch)), batch \(snap.batchInEpoch)/\(snap.batchesPerEpoch), step \(snap.step)"),
            ("train ppl", last.map { "\(NumberFormat.fixed($0.trainPerplexity, 2)) (epoch \($0.epoch))" } ?? "-"),
            ("val ppl", last.flatMap { m in m.valPerplexity.map { "\(NumberFormat.fixed($0, 2)) (epoch \(m.epoch))" } } ?? "-"),
        ]
        if snap.state == .running || snap.state == .paused, let step = snap.lastStep {
            rows.append(("batch loss", "\(NumberFormat.fixed(step.loss, 4)) (ppl \(NumberFormat.fixed(Foundation.exp(step.loss), 2)))"))
        }
        let speed = snap.state == .running ? snap.tokensPerSecond : (last?.tokensPerSecond ?? 0)
        rows += [
            ("speed", "\(NumberFormat.grouped(speed)) tok/s"),
            ("time", "elapsed \(NumberFormat.seconds(snap.elapsedSeconds)), eta \(snap.state == .running ? NumberFormat.seconds(snap.etaSeconds) : "-")"),
            ("lr", NumberFormat.shortest(snap.learningRate)),
            ("clip", "\(snap.clip == 0 ? "off" : NumberFormat.shortest(snap.clip)) (\(snap.clippedSteps) of \(snap.step) steps clipped)"),
            ("saved", snap.unsaved ? "no (changed since the last save or load)" : "yes"),
        ]
        if let message = snap.message { rows.append(("message", message)) }
        return Self.lines(OutputText.keyValueLines(rows, style: style))
    }

    func evalCommand(_ args: ParsedArguments) throws -> Plan {
        ask(.evaluate) { reply in
            guard case .evaluated(let loss, let epoch, let step, let whileTraining) = reply else { return CommandResult() }
            let ppl = Foundation.exp(loss)
            var line = "val loss \(NumberFormat.fixed(loss, 4))  val ppl \(NumberFormat.fixed(ppl, 2)) (\(NumberFormat.fixed(ppl, 4)))"
                + "  at epoch \(epoch), step \(step)"
            if whileTraining { line += " (weights published while training)" }
            return CommandResult(lines: [OutputLine(line)])
        }
    }

    /// New epoch lines and, once a background run has ended, how it ended.
    /// The REPL prints this before each prompt; the TUI does not use it.
    public func trainingReport() -> [OutputLine] {
        var lines = epochLines()
        let state = session.state()
        guard backgroundRunPending, !state.isTraining else { return lines }
        backgroundRunPending = false
        lines += epochLines()
        let snap = state.training
        switch snap.state {
        case .halted(let message): lines.append(OutputLine(message))
        case .idle: lines.append(OutputLine("training stopped at \(Self.position(snap))"))
        default: lines.append(OutputLine("training done: epoch \(snap.epoch)/\(runTarget ?? snap.epoch)"))
        }
        return lines
    }

    /// Lines for the epochs completed since the last call, formatted as `charrnn train` prints them.
    func epochLines() -> [OutputLine] {
        let snap = session.state().training
        guard snap.history.count > reportedEpochs else { return [] }
        let total = max(runTarget ?? snap.targetEpoch, snap.history.last?.epoch ?? 0)
        let new = snap.history[reportedEpochs...].map { OutputLine(ProgressPrinter.epochLine($0, totalEpochs: total)) }
        reportedEpochs = snap.history.count
        return new
    }

    /// `epoch 3, batch 5/8 (step 29)`.
    static func position(_ snap: TrainingSnapshot) -> String {
        "epoch \(snap.epoch), batch \(snap.batchInEpoch)/\(snap.batchesPerEpoch) (step \(snap.step))"
    }
}
