import Foundation
import Synchronization

/// A trainer serving its mailbox on a thread of its own, watched through snapshots.
///
/// Thread rule: the `Trainer` is touched only on its thread (`Trainer.serve`).
/// Other threads send it `TrainerCommand`s and read `snapshot()`, a copy under
/// a lock, so none of them ever waits for a minibatch. After each change to
/// the snapshot the training thread calls `onEvent` with what happened (keep
/// it cheap: it runs between two minibatches).
public final class BackgroundTrainer: @unchecked Sendable {
    /// How often, at most, the published weights are refreshed while training.
    public static let parameterInterval: Duration = .milliseconds(100)

    public let model: ModelConfig
    public let vocabulary: Vocabulary
    public let corpus: Corpus
    public let corpusSHA1: String?
    public let config: TrainingConfig
    public let dataset: WindowDataset
    private let control: TrainerControl
    private let publisher: Publisher
    private let exited = DispatchSemaphore(value: 0)
    private let closed = Mutex(false)

    /// Starts serving `trainer` (which must not be used elsewhere from now on).
    /// `unsaved`: whether its weights differ from every file (a fresh model).
    public init(trainer: Trainer, corpusSHA1: String?, unsaved: Bool = true) {
        model = trainer.model
        vocabulary = trainer.corpus.vocabulary
        corpus = trainer.corpus
        self.corpusSHA1 = corpusSHA1
        config = trainer.config
        dataset = trainer.dataset
        control = trainer.control
        publisher = Publisher(trainer: trainer, unsaved: unsaved)
        trainer.addListener { [publisher, unowned trainer] event in publisher.observe(event, trainer: trainer) }
        let owned = Owned(trainer: trainer)
        let thread = Thread { [exited] in
            owned.trainer.serve()
            exited.signal()
        }
        thread.name = "charrnn.training"
        thread.qualityOfService = .userInitiated
        thread.start()
    }

    deinit { shutDown(wait: false) }

    /// Called on the training thread with each event, after the snapshot shows it.
    public var onEvent: (@Sendable (TrainingEvent) -> Void)? {
        get { publisher.onEvent.withLock { $0 } }
        set { publisher.onEvent.withLock { $0 = newValue } }
    }

    /// A copy of the latest published state.
    public func snapshot() -> TrainingSnapshot { publisher.state.withLock { $0 } }

    /// Whether a run is in progress (running or paused).
    public var isActive: Bool { publisher.state.withLock { $0.state == .running || $0.state == .paused } }

    /// Starts a run up to `target` completed epochs, paused before its first
    /// minibatch when `paused`; false (and nothing sent) when a run is active.
    @discardableResult
    public func train(toEpoch target: Int, paused: Bool = false) -> Bool {
        let started = publisher.state.withLock { s -> Bool in
            guard s.state != .running && s.state != .paused else { return false }
            s.targetEpoch = target
            s.state = paused && s.epoch < target ? .paused : .running
            s.message = nil
            return true
        }
        if started { control.send(.train(toEpoch: target, paused: paused)) }
        return started
    }

    /// Passes `command` to the trainer's mailbox. The learning rate and clip
    /// show in the snapshot at once; the trainer applies them before its next minibatch.
    public func send(_ command: TrainerCommand) {
        switch command {
        case .setLearningRate(let lr): publisher.state.withLock { $0.learningRate = lr }
        case .setClip(let clip): publisher.state.withLock { $0.clip = clip }
        default: break
        }
        control.send(command)
    }

    /// Records that the state at `step` is saved (or loaded), so the weights are unchanged until the next step.
    public func markSaved(step: Int) {
        publisher.state.withLock { if $0.step == step { $0.unsaved = false } }
    }

    /// Ends a run in progress after its minibatch and waits for the thread to finish.
    public func close() { shutDown(wait: true) }

    private func shutDown(wait: Bool) {
        let first = closed.withLock { done in
            defer { done = true }
            return !done
        }
        guard first else { return }
        control.send(.close)
        if wait { exited.wait() }
    }

    /// The trainer, handed over to the training thread.
    private struct Owned: @unchecked Sendable {
        let trainer: Trainer
    }

    // MARK: - Publishing (training thread)

    /// The published snapshot and the training-thread state that feeds it.
    private final class Publisher: @unchecked Sendable {
        let state: Mutex<TrainingSnapshot>
        let onEvent = Mutex<(@Sendable (TrainingEvent) -> Void)?>(nil)
        // Touched only on the training thread.
        private var lastPublish = ContinuousClock.now
        private var rateWindow: [(time: ContinuousClock.Instant, tokens: Int)] = []

        init(trainer: Trainer, unsaved: Bool) {
            var s = TrainingSnapshot(params: trainer.params)
            let p = trainer.progress
            s.follow(p)
            s.targetEpoch = p.epoch
            s.batchesPerEpoch = trainer.batchesPerEpoch
            s.history = p.history
            s.learningRate = trainer.learningRate
            s.clip = trainer.clip
            s.unsaved = unsaved
            s.stepLosses = p.history.map { (x: Double($0.epoch), loss: $0.trainLoss) }
            state = Mutex(s)
        }

        func observe(_ event: TrainingEvent, trainer: Trainer) {
            switch event {
            case .step(let r): step(r, trainer: trainer)
            case .epoch(let m):
                let params = trainer.params
                let p = trainer.progress
                lastPublish = .now
                state.withLock { s in
                    s.history.append(m)
                    s.epoch = p.epoch
                    s.batchInEpoch = 0
                    s.params = params
                    s.paramsVersion += 1
                }
            case .nonFinite(_, _, let message): state.withLock { $0.message = message }
            case .paused: state.withLock { $0.state = .paused }
            case .resumed:
                rateWindow = []
                state.withLock { $0.state = .running }
            case .learningRateChanged(let lr): state.withLock { $0.learningRate = lr }
            case .clipChanged(let c): state.withLock { $0.clip = c }
            case .finished(let reason): finish(reason, trainer: trainer)
            }
            onEvent.withLock { $0 }?(event)
        }

        private func step(_ r: StepReport, trainer: Trainer) {
            let now = ContinuousClock.now
            if !r.skipped { rateWindow.append((now, r.tokens)) }
            while let first = rateWindow.first, now - first.time > .seconds(3), rateWindow.count > 2 { rateWindow.removeFirst() }
            let refreshParams = now - lastPublish >= BackgroundTrainer.parameterInterval
            if refreshParams { lastPublish = now }
            let params = refreshParams ? trainer.params : nil
            let p = trainer.progress
            let rate = Publisher.rate(rateWindow)
            state.withLock { s in
                s.lastStep = r
                s.follow(p)
                s.batchesPerEpoch = r.batchesPerEpoch
                if r.skipped {
                    s.nonFiniteSteps += 1
                } else {
                    s.stepLosses.append((x: Double(p.epoch) + Double(p.batchInEpoch) / Double(max(1, r.batchesPerEpoch)), loss: r.loss))
                    s.unsaved = true
                }
                s.tokensPerSecond = rate
                let remaining = (1 - s.progressFraction) * Double(max(1, s.targetEpoch)) * Double(r.batchesPerEpoch)
                let secondsPerBatch = rate > 0 ? Double(r.tokens) / rate : 0
                s.etaSeconds = remaining * secondsPerBatch
                if let params {
                    s.params = params
                    s.paramsVersion += 1
                }
            }
        }

        private func finish(_ reason: StopReason, trainer: Trainer) {
            let params = trainer.params
            rateWindow = []
            state.withLock { s in
                s.params = params
                s.paramsVersion += 1
                s.etaSeconds = nil
                switch reason {
                case .completed: s.state = .done
                case .stopped: s.state = .idle
                case .halted(let message):
                    s.state = .halted(message)
                    s.message = message
                }
            }
        }

        /// Tokens per second over a window of (time, tokens) samples.
        static func rate(_ window: [(time: ContinuousClock.Instant, tokens: Int)]) -> Double {
            guard window.count >= 2, let first = window.first, let last = window.last else { return 0 }
            let seconds = (last.time - first.time).seconds
            guard seconds > 0 else { return 0 }
            return Double(window.dropFirst().reduce(0) { $0 + $1.tokens }) / seconds
        }
    }
}

extension TrainingSnapshot {
    /// Takes the run's position from `progress`: epoch, batch, step, time, clipped steps.
    fileprivate mutating func follow(_ progress: TrainingProgress) {
        (epoch, batchInEpoch, step) = (progress.epoch, progress.batchInEpoch, progress.step)
        elapsedSeconds = progress.elapsedSeconds
        clippedSteps = progress.clippedSteps
    }
}
