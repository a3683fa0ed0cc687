import CharRNN
import Foundation
import TerminalKit

/// Runs the update loop against a real workbench: feeds messages to
/// `AppUpdate`, carries out the effects it asks for and turns their outcomes
/// into messages, polls the engine's snapshots and keeps the probe's hidden
/// states current. No terminal here, so tests drive it directly.
///
/// Used from one thread (the UI's); the engine trains on its own queue and is
/// only ever read through `snapshot()`, which never waits for a minibatch.
public final class TUIApp {
    public private(set) var state: AppState
    public let workbench: Workbench
    /// Runs a `:` command line.
    let runCommand: (String) -> CommandResult
    /// `--save PATH`, which wins over the checkpoint path when saving.
    let savePath: URL?
    /// Where a checkpoint goes when neither `--save` nor a checkpoint path is known.
    let defaultDirectory: URL
    /// Set when the screen must be repainted from scratch (Ctrl-L).
    public var wantsFullRepaint = false
    /// Whether the state changed since the screen was last drawn (see `didDisplay()`).
    public private(set) var needsDisplay = true

    private var lastStamp: SnapshotStamp?
    private var tracer: Sampler
    private var tracerVersion: Int
    private var sessionID: ObjectIdentifier

    public init(
        workbench: Workbench, width: Int, height: Int, theme: Theme, prefix: String = "the time traveller",
        generateCount: Int = 50, savePath: URL? = nil, comparePath: URL? = nil,
        defaultDirectory: URL = URL(fileURLWithPath: FileManager.default.currentDirectoryPath),
        runCommand: @escaping (String) -> CommandResult
    ) {
        self.workbench = workbench
        self.runCommand = runCommand
        self.savePath = savePath
        self.defaultDirectory = defaultDirectory
        let session = workbench.session
        let snapshot = session.snapshot()
        state = AppState(width: width, height: height, theme: theme, model: TUIApp.modelInfo(session), snapshot: snapshot, prefix: prefix)
        state.prompt.generateCount = generateCount
        state.prompt.sampling = workbench.sampling
        tracer = Sampler(params: snapshot.params, model: session.model, vocabulary: session.vocabulary)
        tracerVersion = snapshot.paramsVersion
        sessionID = ObjectIdentifier(session)
        lastStamp = SnapshotStamp(snapshot)
        if let report = PromptView.unknownReport(prefix, vocabulary: session.vocabulary) {
            state.message = StatusMessage(report, isError: true)
        }
        if let comparePath {
            for message in perform(.loadComparison(comparePath)) { _ = AppUpdate.update(&state, message) }
        }
        refreshTrace()
    }

    static func modelInfo(_ session: TrainingSession) -> ModelInfo {
        ModelInfo(
            vocabulary: session.vocabulary, frequencies: session.corpus.frequencies, hidden: session.model.hidden,
            cell: session.model.cell)
    }

    /// Marks the current state as drawn.
    public func didDisplay() { needsDisplay = false }

    // MARK: - Messages

    /// Applies `message` and every message its effects lead to.
    public func send(_ message: AppMessage) {
        var queue = [message]
        while !queue.isEmpty {
            let next = queue.removeFirst()
            for effect in AppUpdate.update(&state, next) {
                queue += perform(effect)
            }
        }
        needsDisplay = true
        refreshTrace()
    }

    /// Records a drawn frame's times without asking for another frame.
    public func recordFrame(render: Duration, flush: Duration) {
        _ = AppUpdate.update(&state, .frameDrawn(renderMilliseconds: render.seconds * 1000, flushMilliseconds: flush.seconds * 1000))
    }

    /// Reads the engine's latest snapshot and sends it when anything in it
    /// changed. Returns whether it did.
    @discardableResult
    public func poll() -> Bool {
        let snapshot = workbench.session.snapshot()
        let stamp = SnapshotStamp(snapshot)
        guard stamp != lastStamp else { return false }
        lastStamp = stamp
        send(.snapshot(snapshot))
        return true
    }

    // MARK: - Effects

    private func perform(_ effect: AppEffect) -> [AppMessage] {
        let session = workbench.session
        switch effect {
        case .startTraining:
            let target = session.config.epochs
            guard session.snapshot().epoch < target else {
                return [.failed("nothing to train: epoch \(target) of \(target) is done; pass a larger --epochs")]
            }
            session.train(toEpoch: target)
        case .pauseTraining:
            session.pause()
        case .resumeTraining:
            session.resume()
        case .save(let thenQuit):
            return save(thenQuit: thenQuit)
        case .step(let prefix, let generated, let count, let settings):
            workbench.sampling = settings
            if workbench.stepIDs != workbench.vocabulary.encode(prefix).ids + generated {
                _ = workbench.startSteps(prefix: prefix)
            }
            for _ in 0..<count { _ = workbench.step() }
            return [.stepped(generated: Array(workbench.stepIDs.dropFirst(workbench.stepPrefixCount)), last: workbench.lastStep)]
        case .resetSteps:
            workbench.resetSteps()
        case .runCommand(let line):
            let result = runCommand(line)
            var messages: [AppMessage] = [.commandFinished(command: line, result: result)]
            if ObjectIdentifier(workbench.session) != sessionID {
                sessionID = ObjectIdentifier(workbench.session)
                tracer = Sampler(params: workbench.session.snapshot().params, model: workbench.model, vocabulary: workbench.vocabulary)
                tracerVersion = -1
                lastStamp = nil
                messages.insert(.modelChanged(TUIApp.modelInfo(workbench.session)), at: 0)
            }
            messages.append(.samplingChanged(workbench.sampling))
            return messages
        case .loadComparison(let url):
            do {
                return [.compared(try ComparedRun.load(url))]
            } catch {
                return [.failed(error.description)]
            }
        case .redraw:
            wantsFullRepaint = true
        case .quit:
            session.stop()
        }
        return []
    }

    private func save(thenQuit: Bool) -> [AppMessage] {
        let url = SavePath.resolve(explicit: savePath, checkpoint: workbench.checkpointURL, directory: defaultDirectory, date: Date())
        do {
            try workbench.save(to: url)
        } catch {
            return [.failed("cannot save to \(url.path): \(error)")]
        }
        return [.saved(url, thenQuit: thenQuit)]
    }

    // MARK: - Probe

    /// Recomputes the probe's hidden states when its text or the weights changed.
    private func refreshTrace() {
        let ids = state.probeIDs
        let snapshot = state.snapshot
        guard !state.probe.matches(ids: ids, version: snapshot.paramsVersion) else { return }
        if tracerVersion != snapshot.paramsVersion {
            tracer.load(snapshot.params)
            tracerVersion = snapshot.paramsVersion
        }
        let probe = ProbeTrace(trace: tracer.trace(ids), paramsVersion: snapshot.paramsVersion)
        _ = AppUpdate.update(&state, .traced(probe))
        needsDisplay = true
    }
}

/// The parts of a snapshot whose change is worth a new frame.
struct SnapshotStamp: Hashable {
    var step, epoch, targetEpoch, paramsVersion, historyCount, clippedSteps, nonFiniteSteps: Int
    var state: TrainingSnapshot.RunState
    var learningRate, clip: Float
    var unsaved: Bool
    var message: String?

    init(_ s: TrainingSnapshot) {
        (step, epoch, targetEpoch, paramsVersion) = (s.step, s.epoch, s.targetEpoch, s.paramsVersion)
        (historyCount, clippedSteps, nonFiniteSteps) = (s.history.count, s.clippedSteps, s.nonFiniteSteps)
        (state, learningRate, clip, unsaved, message) = (s.state, s.learningRate, s.clip, s.unsaved, s.message)
    }
}
