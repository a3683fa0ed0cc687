import Dispatch
import Foundation
import Synchronization

/// A trainer running on a background queue, watched and steered from another thread.
///
/// The UI thread calls `snapshot()` as often as it likes (a copy under a lock),
/// and sends commands that the trainer obeys between minibatches; neither
/// blocks on a running minibatch. Thread rule: the `Trainer` is touched only on
/// `queue` — by the run itself, or by `onQueue` while no run is active.
public final class TrainingSession: @unchecked Sendable {
    /// How often, at most, the published weights are refreshed while training.
    public static let parameterInterval: Duration = .milliseconds(100)

    public let model: ModelConfig
    public let vocabulary: Vocabulary
    public let corpus: Corpus
    public let corpusSHA1: String?
    public let config: TrainingConfig
    private let dataset: WindowDataset
    private let trainer: Trainer
    private let queue = DispatchQueue(label: "charrnn.training", qos: .userInitiated)
    private let published: Mutex<TrainingSnapshot>
    private let pendingCheckpoint = Mutex<[@Sendable (Checkpoint) -> Void]>([])
    private let active = Mutex(false)
    private let finishedRun = DispatchSemaphore(value: 0)

    // Training-thread state (touched only inside listeners, on `queue`).
    private var lastPublish = ContinuousClock.now
    private var rateWindow: [(time: ContinuousClock.Instant, tokens: Int)] = []

    public init(trainer: Trainer, corpusSHA1: String?, unsaved: Bool = true) {
        self.trainer = trainer
        self.model = trainer.model
        self.vocabulary = trainer.corpus.vocabulary
        self.corpus = trainer.corpus
        self.corpusSHA1 = corpusSHA1
        self.config = trainer.config
        self.dataset = trainer.dataset
        var s = TrainingSnapshot(params: trainer.params)
        s.epoch = trainer.progress.epoch
        s.targetEpoch = trainer.progress.epoch
        s.batchInEpoch = trainer.progress.batchInEpoch
        s.batchesPerEpoch = trainer.batchesPerEpoch
        s.step = trainer.progress.step
        s.history = trainer.progress.history
        s.elapsedSeconds = trainer.progress.elapsedSeconds
        s.learningRate = trainer.learningRate
        s.clip = trainer.clip
        s.clippedSteps = trainer.progress.clippedSteps
        s.unsaved = unsaved
        s.stepLosses = trainer.progress.history.map { (x: Double($0.epoch), loss: $0.trainLoss) }
        published = Mutex(s)
        trainer.addListener { [unowned self] event in self.observe(event) }
    }

    /// A copy of the latest published state.
    public func snapshot() -> TrainingSnapshot { published.withLock { $0 } }

    /// Whether a run is in progress (running or paused).
    public var isActive: Bool { active.withLock { $0 } }

    // MARK: - Commands

    /// Trains in the background up to `toEpoch` completed epochs. If a run is
    /// already active it is left alone and false is returned. With
    /// `startPaused` the run pauses before its first minibatch (resume to start).
    @discardableResult
    public func train(toEpoch target: Int, startPaused: Bool = false) -> Bool {
        let started = active.withLock { running -> Bool in
            if running { return false }
            running = true
            return true
        }
        guard started else { return false }
        let pauseFirst = published.withLock { s in
            let pause = startPaused && s.epoch < target
            s.targetEpoch = target
            s.state = pause ? .paused : .running
            s.message = nil
            return pause
        }
        rateWindow = []
        if pauseFirst { trainer.control.send(.pause) }
        queue.async { [self] in
            let reason = trainer.run(toEpoch: target)
            published.withLock { s in
                s.params = trainer.params
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
            serveCheckpointRequests(idle: true)
            active.withLock { $0 = false }
            finishedRun.signal()
        }
        return true
    }

    /// Blocks until the active run (if any) ends.
    public func waitUntilIdle() {
        while isActive { _ = finishedRun.wait(timeout: .now() + 0.05) }
    }

    /// Pauses the active run between minibatches (no effect when idle).
    public func pause() { if isActive { trainer.control.send(.pause) } }
    /// Resumes a paused run (no effect when idle).
    public func resume() { if isActive { trainer.control.send(.resume) } }
    /// Ends the active run after its current minibatch.
    public func stop() { if isActive { trainer.control.send(.stop) } }

    /// Changes the learning rate from the next minibatch on (or the next run).
    public func setLearningRate(_ lr: Float) {
        trainer.control.send(.setLearningRate(lr))
        published.withLock { $0.learningRate = lr }
    }

    /// Changes the clipping threshold from the next minibatch on (or the next run).
    public func setClip(_ clip: Float) {
        trainer.control.send(.setClip(clip))
        published.withLock { $0.clip = clip }
    }

    // MARK: - Checkpoints and evaluation

    /// A checkpoint of the current state: taken between two minibatches when a
    /// run is active (waits at most one minibatch, or one pause tick), at once otherwise.
    public func checkpoint() -> Checkpoint {
        let box = Mutex<Checkpoint?>(nil)
        let done = DispatchSemaphore(value: 0)
        pendingCheckpoint.withLock { $0.append { ck in box.withLock { $0 = ck }; done.signal() } }
        if !isActive { queue.async { [self] in serveCheckpointRequests(idle: !isActive) } }
        while box.withLock({ $0 }) == nil {
            if done.wait(timeout: .now() + 0.05) == .timedOut, !isActive {
                queue.async { [self] in serveCheckpointRequests(idle: !isActive) }
            }
        }
        return box.withLock { $0! }
    }

    /// Saves a checkpoint atomically and marks the weights as saved.
    public func save(to url: URL) throws(CheckpointError) {
        let ck = checkpoint()
        try ck.write(to: url)
        published.withLock { if $0.step == ck.progress.step { $0.unsaved = false } }
    }

    private func serveCheckpointRequests(idle: Bool) {
        let waiting = pendingCheckpoint.withLock { pending in
            defer { pending.removeAll() }
            return pending
        }
        guard !waiting.isEmpty else { return }
        if idle { trainer.applySettingCommands() }
        let ck = RunSetup.checkpoint(of: trainer, corpusSHA1: corpusSHA1)
        for reply in waiting { reply(ck) }
    }

    /// The mean validation loss of `params` (default: the latest published
    /// weights), computed on the calling thread; the same figure the trainer
    /// reports for those weights.
    public func validationLoss(params: ParameterArena? = nil) -> Double {
        guard config.numVal > 0 else { return .nan }
        return Trainer.validationLoss(params ?? snapshot().params, runner: Trainer.runner(model: model, config: config), dataset: dataset, config: config)
    }

    // MARK: - Publishing (training thread)

    private func observe(_ event: TrainingEvent) {
        switch event {
        case .step(let r):
            let now = ContinuousClock.now
            if !r.skipped { rateWindow.append((now, r.tokens)) }
            while let first = rateWindow.first, now - first.time > .seconds(3), rateWindow.count > 2 { rateWindow.removeFirst() }
            let refreshParams = now - lastPublish >= TrainingSession.parameterInterval
            if refreshParams { lastPublish = now }
            let params = refreshParams ? trainer.params : nil
            let p = trainer.progress
            published.withLock { s in
                s.lastStep = r
                s.epoch = p.epoch
                s.batchInEpoch = p.batchInEpoch
                s.batchesPerEpoch = r.batchesPerEpoch
                s.step = p.step
                s.elapsedSeconds = p.elapsedSeconds
                s.clippedSteps = p.clippedSteps
                if r.skipped {
                    s.nonFiniteSteps += 1
                } else {
                    s.stepLosses.append((x: Double(p.epoch) + Double(p.batchInEpoch) / Double(max(1, r.batchesPerEpoch)), loss: r.loss))
                    s.unsaved = true
                }
                s.tokensPerSecond = TrainingSession.rate(rateWindow)
                let remaining = (1 - s.progressFraction) * Double(max(1, s.targetEpoch)) * Double(r.batchesPerEpoch)
                let secondsPerBatch = s.tokensPerSecond > 0 ? Double(r.tokens) / s.tokensPerSecond : 0
                s.etaSeconds = remaining * secondsPerBatch
                if let params {
                    s.params = params
                    s.paramsVersion += 1
                }
            }
            serveCheckpointRequests(idle: false)
        case .epoch(let m):
            let params = trainer.params
            let p = trainer.progress
            lastPublish = .now
            published.withLock { s in
                s.history.append(m)
                s.epoch = p.epoch
                s.batchInEpoch = 0
                s.params = params
                s.paramsVersion += 1
            }
        case .nonFinite(_, _, let message):
            published.withLock { $0.message = message }
        case .paused:
            published.withLock { $0.state = .paused }
        case .resumed:
            published.withLock { $0.state = .running }
        case .learningRateChanged(let lr):
            published.withLock { $0.learningRate = lr }
        case .clipChanged(let c):
            published.withLock { $0.clip = c }
        case .pausedTick:
            serveCheckpointRequests(idle: false)
        case .finished:
            break
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
