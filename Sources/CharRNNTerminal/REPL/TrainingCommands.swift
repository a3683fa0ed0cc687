import CharRNN
import Foundation
import TerminalKit

/// `train`, `pause`, `resume`, `stop`, `status`, `eval`, and the epoch lines of runs.
extension CommandInterpreter {
    func trainCommand(_ args: ParsedArguments) throws -> CommandResult {
        let session = workbench.session
        let snap = session.snapshot()
        if session.isActive {
            if snap.state == .paused {
                throw CommandFailure.error("training is paused at epoch \(snap.epoch)/\(snap.targetEpoch); `resume` it or `stop` it first")
            }
            throw CommandFailure.error("already training (epoch \(snap.epoch)/\(snap.targetEpoch)); `pause`, `stop` or wait for it")
        }
        let epochs = try args[0].map { text throws(CommandFailure) in try ArgumentValue.integer(text, name: "N", minimum: 1, maximum: 1_000_000) }
            ?? max(1, session.config.epochs - snap.epoch)
        let target = snap.epoch + epochs
        _ = epochLines()
        runTarget = target
        session.train(toEpoch: target)
        guard scriptMode else {
            backgroundRunPending = true
            let what = epochs == 1 ? "1 epoch" : "\(epochs) epochs"
            return CommandResult(lines: [OutputLine("training \(what) in the background (to epoch \(target)); `status` to watch")])
        }
        return waitForRun()
    }

    /// Waits for the active run (script mode), passing on epoch lines as they complete.
    private func waitForRun() -> CommandResult {
        let session = workbench.session
        var lines: [OutputLine] = []
        func emit(_ new: [OutputLine]) {
            if let progressHandler { new.forEach(progressHandler) } else { lines += new }
        }
        var stopping = false
        while session.isActive {
            emit(epochLines())
            if !stopping, interruptRequested?() == true {
                session.stop()
                stopping = true
            }
            Thread.sleep(forTimeInterval: 0.02)
        }
        emit(epochLines())
        let snap = session.snapshot()
        switch snap.state {
        case .halted(let message):
            return CommandResult(lines: lines, status: .failed(message: message))
        case .idle:
            return CommandResult(lines: lines, status: .failed(message: "interrupted: training stopped at \(Self.position(snap))"))
        default:
            return CommandResult(lines: lines)
        }
    }

    func pauseCommand(_ args: ParsedArguments) throws -> CommandResult {
        let session = workbench.session
        guard session.isActive else { throw CommandFailure.error("not training; `train` starts a run") }
        let snap = session.snapshot()
        if snap.state == .paused { return CommandResult(lines: [OutputLine("already paused at \(Self.position(snap))")]) }
        session.pause()
        // The run obeys between minibatches (after an epoch's evaluation at worst); wait briefly to report where it stopped.
        let deadline = ContinuousClock.now + .seconds(2)
        while session.isActive, session.snapshot().state != .paused, ContinuousClock.now < deadline {
            Thread.sleep(forTimeInterval: 0.005)
        }
        let now = session.snapshot()
        let verb = now.state == .paused ? "paused" : "pausing"
        return CommandResult(lines: [OutputLine("\(verb) at \(Self.position(now)); `resume` continues, `stop` ends the run")])
    }

    func resumeCommand(_ args: ParsedArguments) throws -> CommandResult {
        let session = workbench.session
        guard session.isActive else { throw CommandFailure.error("not training; `train` starts a run") }
        if session.snapshot().state != .paused { return CommandResult(lines: [OutputLine("not paused; training is running")]) }
        session.resume()
        return CommandResult(lines: [OutputLine("resumed")])
    }

    func stopCommand(_ args: ParsedArguments) throws -> CommandResult {
        let session = workbench.session
        guard session.isActive else { throw CommandFailure.error("not training") }
        session.stop()
        session.waitUntilIdle()
        backgroundRunPending = false
        let snap = session.snapshot()
        return CommandResult(lines: epochLines() + [OutputLine("stopped at \(Self.position(snap))")])
    }

    func statusCommand(_ args: ParsedArguments) throws -> CommandResult {
        let snap = workbench.session.snapshot()
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
        return CommandResult(lines: OutputText.keyValueLines(rows, style: style))
    }

    func evalCommand(_ args: ParsedArguments) throws -> CommandResult {
        let session = workbench.session
        guard session.config.numVal > 0 else { throw CommandFailure.error("no validation windows (the run has --num-val 0)") }
        let snap = session.snapshot()
        let loss = session.validationLoss(params: snap.params)
        let ppl = Foundation.exp(loss)
        var line = "val loss \(NumberFormat.fixed(loss, 4))  val ppl \(NumberFormat.fixed(ppl, 2)) (\(NumberFormat.fixed(ppl, 4)))  at epoch \(snap.epoch), step \(snap.step)"
        if snap.state == .running { line += " (weights published while training)" }
        return CommandResult(lines: [OutputLine(line)])
    }

    /// New epoch lines and, once a background run has ended, how it ended.
    /// The REPL prints this before each prompt; the TUI may ignore it.
    public func trainingReport() -> [OutputLine] {
        var lines = epochLines()
        let session = workbench.session
        guard backgroundRunPending, !session.isActive else { return lines }
        backgroundRunPending = false
        lines += epochLines()
        let snap = session.snapshot()
        switch snap.state {
        case .halted(let message): lines.append(OutputLine(message))
        case .idle: lines.append(OutputLine("training stopped at \(Self.position(snap))"))
        default: lines.append(OutputLine("training done: epoch \(snap.epoch)/\(runTarget ?? snap.epoch)"))
        }
        return lines
    }

    /// Lines for the epochs completed since the last call, formatted as `charrnn train` prints them.
    func epochLines() -> [OutputLine] {
        let snap = workbench.session.snapshot()
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
