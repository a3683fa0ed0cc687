import Dispatch
import Foundation
import Synchronization

/// The one owner of a training and probing session: the model and its
/// trainer, the step-by-step sampler with its settings, and the probe text
/// with its hidden states.
///
/// Views talk to it over one channel: `send` a `SessionCommand` (it returns
/// at once with a ticket), take `SessionEvent`s from `events` (the reply with
/// that ticket, and `.changed` whenever `state()` has news). No view keeps a
/// copy of what the session owns; each shows the latest `state()`.
///
/// Threads: the trainer serves its mailbox on a thread of its own
/// (`BackgroundTrainer`). Commands run in order on the session's queue, which
/// alone touches the samplers; evaluation and file writes run on queues of
/// their own, so a long evaluation holds up neither stepping nor training.
public final class Session: @unchecked Sendable {
    /// Where replies and changes come out.
    public let events = SessionEvents()

    private let queue = DispatchQueue(label: "charrnn.session", qos: .userInitiated)
    private let evalQueue = DispatchQueue(label: "charrnn.session.eval", qos: .userInitiated)
    private let fileQueue = DispatchQueue(label: "charrnn.session.files", qos: .userInitiated)
    private let shared: Mutex<Shared>
    private let refreshPending = Atomic(false)
    /// Touched only on `queue`.
    private var work: Work
    /// Touched only on `evalQueue`: the evaluation runner and the trainer generation it was made for.
    private var evalRunner: (generation: Int, runner: BatchRunner)?

    /// What `state()` copies, and the bookkeeping of commands in flight.
    private struct Shared {
        var trainer: BackgroundTrainer
        /// Increases with every trainer (each `load` makes one).
        var generation = 0
        var state: SessionState
        var nextTicket = 1
        var cancelled: Set<Ticket> = []
    }

    /// The samplers and the replies that wait for the trainer.
    private struct Work {
        var weights: PackedNetwork
        /// The step sequence's sampler, and one for everything else (generate, trace, probe).
        var stepper: Sampler
        var scratch: Sampler
        /// The `paramsVersion` in `weights`, and the one the stepper's state was computed with.
        var weightsVersion: Int
        var stepVersion: Int
        var pauseWaiters: [Ticket] = []
        var runWaiters: [Ticket] = []

        init(snapshot: TrainingSnapshot, model: ModelConfig, vocabulary: Vocabulary, sampling: SamplingSettings, seed: UInt64) {
            weights = PackedNetwork(model: model)
            weights.load(snapshot.params)
            stepper = Sampler(weights: weights, vocabulary: vocabulary, settings: sampling, seed: seed)
            scratch = Sampler(weights: weights, vocabulary: vocabulary)
            weightsVersion = snapshot.paramsVersion
            stepVersion = -1
        }
    }

    /// A session on `trainer`, which it takes over (use it nowhere else).
    /// `unsaved`: whether the weights differ from every file (a fresh model).
    public init(
        trainer: Trainer, corpus: LoadedCorpus?, unsaved: Bool = true, checkpointURL: URL? = nil,
        sampling: SamplingSettings = SamplingSettings(), seed: UInt64 = 0
    ) {
        let placeholder = BackgroundTrainer(trainer: trainer, corpusSHA1: corpus?.sha1, unsaved: unsaved)
        let snapshot = placeholder.snapshot()
        let state = SessionState(
            training: snapshot, model: trainer.model, config: trainer.config, vocabulary: trainer.corpus.vocabulary,
            frequencies: trainer.corpus.frequencies, corpus: corpus, modelVersion: 0, checkpointURL: checkpointURL,
            sampling: sampling, seed: seed, steps: .empty, probe: nil, running: [])
        shared = Mutex(Shared(trainer: placeholder, state: state))
        work = Work(snapshot: snapshot, model: trainer.model, vocabulary: trainer.corpus.vocabulary, sampling: sampling, seed: seed)
        placeholder.onEvent = trainerEventHandler(generation: 0)
    }

    /// Opens a session: the corpus, and either a fresh model for `config` or
    /// the model in `checkpoint` (whose preprocessing decides how the corpus is
    /// read; training goes on up to the larger of its epochs and `config.epochs`).
    public static func open(config: TrainingConfig, corpusPath: String?, checkpoint: URL?) throws -> Session {
        let ck = try checkpoint.map { url throws(CheckpointError) in try Checkpoint.read(from: url) }
        let corpus = try RunSetup.loadCorpus(path: corpusPath, mode: ck?.textMode ?? config.textMode)
        var config = config
        if let ck { config.epochs = max(config.epochs, ck.progress.epoch) }
        let trainer = try RunSetup.trainer(config: config, corpus: corpus, resume: ck)
        return Session(trainer: trainer, corpus: corpus, unsaved: ck == nil, checkpointURL: checkpoint)
    }

    deinit { shared.withLock { $0.trainer }.close() }

    /// Ends a run in progress after its minibatch and waits for the training
    /// thread to finish. Nothing that is not saved is saved.
    public func close() { shared.withLock { $0.trainer }.close() }

    // MARK: - The channel

    /// What the session looks like now: a copy, taken without waiting for any work.
    public func state() -> SessionState {
        let (trainer, state) = shared.withLock { ($0.trainer, $0.state) }
        var copy = state
        copy.training = trainer.snapshot()
        return copy
    }

    /// Queues `command` and returns at once; the reply comes as an event with the ticket returned.
    @discardableResult
    public func send(_ command: SessionCommand) -> Ticket {
        let ticket = shared.withLock { s -> Ticket in
            let ticket = Ticket(number: s.nextTicket)
            s.nextTicket += 1
            s.state.running.append(RunningCommand(ticket: ticket, name: command.name, cancellable: command.isCancellable))
            return ticket
        }
        events.postUnlessPending(.changed)
        queue.async { self.carryOut(command, ticket) }
        return ticket
    }

    /// Asks the command sent with `ticket` to stop early, when it still runs
    /// and can (`RunningCommand.cancellable`); it then replies `.cancelled`.
    public func cancel(_ ticket: Ticket) {
        shared.withLock { s in
            if s.state.running.contains(where: { $0.ticket == ticket && $0.cancellable }) { s.cancelled.insert(ticket) }
        }
    }

    /// Sends `command` and waits for its reply, handing every other event to
    /// `onEvent` meanwhile. When a descriptor of `watching` becomes readable its
    /// action runs with the command's ticket (it must read what made it
    /// readable), e.g. to cancel the command or stop training on a signal. For
    /// callers that may block, such as a script runner.
    public func perform(
        _ command: SessionCommand, watching: [(descriptor: Int32, action: (Ticket) -> Void)] = [],
        onEvent: (SessionEvent) -> Void = { _ in }
    ) -> SessionReply {
        let ticket = send(command)
        var reply: SessionReply?
        while true {
            for event in events.take() {
                if case .replied(ticket, let r) = event { reply = r } else { onEvent(event) }
            }
            if let reply { return reply }
            let ready = events.wait(alsoOn: watching.map(\.descriptor))
            for w in watching where ready.contains(w.descriptor) { w.action(ticket) }
        }
    }

    // MARK: - Replies and publishing

    private func reply(_ ticket: Ticket, _ reply: SessionReply) {
        // Under the lock: once `state().running` lacks the command, its reply is in `events`.
        shared.withLock { s in
            s.state.running.removeAll { $0.ticket == ticket }
            s.cancelled.remove(ticket)
            events.postUnlessPending(.changed)
            events.post(.replied(ticket, reply))
        }
    }

    private func isCancelled(_ ticket: Ticket) -> Bool { shared.withLock { $0.cancelled.contains(ticket) } }

    /// Changes the published state and tells the view.
    private func publish(_ change: (inout SessionState) -> Void) {
        shared.withLock { change(&$0.state) }
        events.postUnlessPending(.changed)
    }

    private var trainer: BackgroundTrainer { shared.withLock { $0.trainer } }
    private var published: SessionState { shared.withLock { $0.state } }

    /// Called on the training thread after each change to the trainer's snapshot.
    private func trainerEventHandler(generation: Int) -> @Sendable (TrainingEvent) -> Void {
        { [weak self] event in
            guard let self, self.shared.withLock({ $0.generation }) == generation else { return }
            self.events.postUnlessPending(.changed)
            switch event {
            case .paused:
                self.queue.async { self.answerWaiters(paused: true) }
            case .finished:
                self.queue.async {
                    self.answerWaiters(paused: true)
                    self.answerWaiters(paused: false)
                    self.refreshProbe()
                }
            case .step, .epoch:
                // New weights show in the probe; one refresh at a time is queued.
                guard !self.published.steps.ids.isEmpty,
                    self.refreshPending.compareExchange(expected: false, desired: true, ordering: .acquiringAndReleasing).exchanged
                else { return }
                self.queue.async {
                    self.refreshPending.store(false, ordering: .releasing)
                    self.refreshProbe()
                }
            default:
                break
            }
        }
    }

    private func answerWaiters(paused: Bool) {
        let waiting = paused ? work.pauseWaiters : work.runWaiters
        if paused { work.pauseWaiters = [] } else { work.runWaiters = [] }
        for ticket in waiting { reply(ticket, .done) }
    }

    // MARK: - Commands (on `queue`)

    private func carryOut(_ command: SessionCommand, _ ticket: Ticket) {
        switch command {
        case .train(let target, let paused): train(toEpoch: target, paused: paused, ticket)
        case .pause:
            guard trainer.isActive else { return reply(ticket, .failed("not training; `train` starts a run")) }
            if trainer.snapshot().state == .paused { return reply(ticket, .done) }
            trainer.send(.pause)
            work.pauseWaiters.append(ticket)
        case .resume:
            guard trainer.isActive else { return reply(ticket, .failed("not training; `train` starts a run")) }
            trainer.send(.resume)
            reply(ticket, .done)
        case .stop:
            guard trainer.isActive else { return reply(ticket, .failed("not training")) }
            trainer.send(.stop)
            work.runWaiters.append(ticket)
        case .waitForRun:
            guard trainer.isActive else { return reply(ticket, .done) }
            work.runWaiters.append(ticket)
        case .setLearningRate(let lr):
            trainer.send(.setLearningRate(lr))
            reply(ticket, .done)
        case .setClip(let clip):
            trainer.send(.setClip(clip))
            reply(ticket, .done)
        case .evaluate: evaluate(ticket)
        case .setSampling(let settings):
            do { try settings.validate() } catch { return reply(ticket, .failed(error.description)) }
            publish { $0.sampling = settings }
            reply(ticket, .done)
        case .setSeed(let seed):
            work.stepper.reseed(seed)
            publish { $0.seed = seed }
            reply(ticket, .done)
        case .generate(let prefix, let count, let settings, let seed): generate(prefix, count, settings, seed, ticket)
        case .startSteps(let prefix): startSteps(prefix, ticket)
        case .step(let count): step(count, ticket)
        case .resetSteps:
            work.stepper.reset()
            work.stepper.reseed(published.seed)
            publish {
                $0.steps = .empty
                $0.probe = nil
            }
            reply(ticket, .done)
        case .trace(let text):
            syncWeights()
            let encoded = published.vocabulary.encode(text)
            reply(ticket, .traced(work.scratch.trace(encoded.ids), encoded: encoded))
        case .save(let url): save(to: url, ticket)
        case .load(let url): load(from: url, ticket)
        }
    }

    private func train(toEpoch target: Int, paused: Bool, _ ticket: Ticket) {
        let trainer = self.trainer
        guard trainer.train(toEpoch: target, paused: paused) else {
            return reply(ticket, .failed("a training run is already active"))
        }
        reply(ticket, .trainingStarted(toEpoch: target))
    }

    private func evaluate(_ ticket: Ticket) {
        let (trainer, generation) = shared.withLock { ($0.trainer, $0.generation) }
        guard trainer.config.numVal > 0 else { return reply(ticket, .failed("no validation windows (the run has --num-val 0)")) }
        let snapshot = trainer.snapshot()
        evalQueue.async {
            if self.evalRunner?.generation != generation {
                self.evalRunner = (generation, Trainer.runner(model: trainer.model, config: trainer.config))
            }
            let loss = Trainer.validationLoss(
                snapshot.params, runner: self.evalRunner!.runner, dataset: trainer.dataset, config: trainer.config,
                cancelled: { self.isCancelled(ticket) })
            guard let loss else { return self.reply(ticket, .cancelled) }
            self.reply(ticket, .evaluated(loss: loss, epoch: snapshot.epoch, step: snapshot.step, whileTraining: snapshot.state == .running))
        }
    }

    // MARK: - Sampling (on `queue`)

    /// Loads the latest published weights into the samplers when they changed.
    private func syncWeights() {
        let snapshot = trainer.snapshot()
        guard snapshot.paramsVersion != work.weightsVersion else { return }
        work.weights.load(snapshot.params)
        work.weightsVersion = snapshot.paramsVersion
    }

    private func generate(_ prefix: String, _ count: Int, _ settings: SamplingSettings?, _ seed: UInt64?, _ ticket: Ticket) {
        let state = published
        let encoded = state.vocabulary.encode(prefix)
        guard !encoded.ids.isEmpty || count == 0 else { return reply(ticket, .failed("the prefix must not be empty")) }
        syncWeights()
        work.scratch.reseed(seed ?? state.seed)
        let continuation = work.scratch.continuation(of: encoded.ids, count: count, settings: settings ?? state.sampling) {
            self.isCancelled(ticket)
        }
        guard let ids = continuation else { return reply(ticket, .cancelled) }
        reply(ticket, .generated(text: prefix + state.vocabulary.decode(ids), encoded: encoded))
    }

    private func startSteps(_ prefix: String, _ ticket: Ticket) {
        let state = published
        let encoded = state.vocabulary.encode(prefix)
        syncWeights()
        work.stepper.reset()
        work.stepper.reseed(state.seed)
        work.stepper.feed(encoded.ids)
        work.stepVersion = work.weightsVersion
        publish { $0.steps = StepSequence(prefix: prefix, ids: encoded.ids, prefixCount: encoded.ids.count, last: nil) }
        refreshProbe()
        reply(ticket, .stepped(nil))
    }

    private func step(_ count: Int, _ ticket: Ticket) {
        let state = published
        var steps = state.steps
        guard !steps.ids.isEmpty else {
            return reply(ticket, .failed("nothing to continue from; start with a prefix, e.g. step \"time traveller\""))
        }
        syncWeights()
        let stepper = work.stepper
        stepper.settings = state.sampling
        if work.stepVersion != work.weightsVersion || stepper.consumed != steps.ids.count {
            // New weights since the sequence was fed: rebuild its state from the text.
            stepper.reset()
            stepper.feed(steps.ids)
            work.stepVersion = work.weightsVersion
        }
        var cancelled = false
        for _ in 0..<count {
            if isCancelled(ticket) {
                cancelled = true
                break
            }
            let r = stepper.step()
            steps.ids.append(r.chosen)
            steps.last = r
        }
        publish { $0.steps = steps }
        refreshProbe()
        reply(ticket, cancelled ? .cancelled : .stepped(steps.last))
    }

    /// Traces the step sequence again when it or the weights changed.
    private func refreshProbe() {
        syncWeights()
        let state = published
        guard !state.steps.ids.isEmpty else {
            if state.probe != nil { publish { $0.probe = nil } }
            return
        }
        if let probe = state.probe, probe.trace.inputs == state.steps.ids, probe.paramsVersion == work.weightsVersion,
            probe.modelVersion == state.modelVersion
        {
            return
        }
        let probe = Probe(trace: work.scratch.trace(state.steps.ids), paramsVersion: work.weightsVersion, modelVersion: state.modelVersion)
        publish { $0.probe = probe }
    }

    // MARK: - Files

    private func save(to url: URL, _ ticket: Ticket) {
        let trainer = self.trainer
        trainer.send(.checkpoint(corpusSHA1: trainer.corpusSHA1) { checkpoint in
            self.fileQueue.async {
                do {
                    try checkpoint.write(to: url)
                } catch {
                    return self.reply(ticket, .failed("\(error)"))
                }
                trainer.markSaved(step: checkpoint.progress.step)
                self.publish { $0.checkpointURL = url }
                self.reply(ticket, .saved(url, epoch: checkpoint.progress.epoch, step: checkpoint.progress.step))
            }
        })
    }

    private func load(from url: URL, _ ticket: Ticket) {
        let old = trainer
        guard !old.isActive else { return reply(ticket, .failed("stop training (pause is not enough) before loading")) }
        let state = published
        guard let corpus = state.corpus else { return reply(ticket, .failed("no corpus is loaded")) }
        let replacement: Trainer
        do {
            let ck = try Checkpoint.read(from: url)
            replacement = try RunSetup.trainer(config: ck.config, corpus: corpus, resume: ck)
        } catch {
            return reply(ticket, .failed(String(describing: error)))
        }
        old.close()
        let background = BackgroundTrainer(trainer: replacement, corpusSHA1: corpus.sha1, unsaved: false)
        let snapshot = background.snapshot()
        work = Work(snapshot: snapshot, model: replacement.model, vocabulary: replacement.corpus.vocabulary, sampling: state.sampling, seed: state.seed)
        let generation = shared.withLock { s -> Int in
            s.generation += 1
            s.trainer = background
            s.state.model = replacement.model
            s.state.config = replacement.config
            s.state.modelVersion += 1
            s.state.checkpointURL = url
            s.state.steps = .empty
            s.state.probe = nil
            return s.generation
        }
        background.onEvent = trainerEventHandler(generation: generation)
        events.postUnlessPending(.changed)
        reply(ticket, .loaded(url))
    }
}

extension SessionCommand {
    /// The command's name as views show it running: `eval`, `save`, …
    public var name: String {
        switch self {
        case .train: "train"
        case .pause: "pause"
        case .resume: "resume"
        case .stop: "stop"
        case .waitForRun: "train"
        case .setLearningRate, .setClip, .setSampling, .setSeed: "set"
        case .evaluate: "eval"
        case .generate, .step: "generate"
        case .startSteps, .resetSteps: "step"
        case .trace: "trace"
        case .save: "save"
        case .load: "load"
        }
    }

    /// Whether `Session.cancel` can end it early.
    public var isCancellable: Bool {
        switch self {
        case .evaluate, .generate, .step: true
        default: false
        }
    }
}
