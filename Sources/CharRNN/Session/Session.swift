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
/// their own, as do the interpretation commands (`Session+Interpretation`), so
/// a long evaluation holds up neither stepping nor training.
public final class Session: @unchecked Sendable {
    /// Where replies and changes come out.
    public let events = SessionEvents()

    let queue = DispatchQueue(label: "charrnn.session", qos: .userInitiated)
    let evalQueue = DispatchQueue(label: "charrnn.session.eval", qos: .userInitiated)
    let fileQueue = DispatchQueue(label: "charrnn.session.files", qos: .userInitiated)
    let interpretQueue = DispatchQueue(label: "charrnn.session.interpret", qos: .userInitiated)
    let shared: Mutex<Shared>
    private let refreshPending = Atomic(false)
    /// Touched only on `queue`.
    var work: Work
    /// Touched only on `evalQueue`: the evaluation runner and the trainer generation it was made for.
    var evalRunner: (generation: Int, runner: BatchRunner)?

    /// What `state()` copies, and the bookkeeping of commands in flight.
    struct Shared {
        var trainer: BackgroundTrainer
        /// Increases with every trainer (each `load` makes one).
        var generation = 0
        var state: SessionState
        var nextTicket = 1
        var cancelled: Set<Ticket> = []
    }

    /// The samplers and the replies that wait for the trainer.
    struct Work {
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
        let background = BackgroundTrainer(trainer: trainer, corpusSHA1: corpus?.sha1, unsaved: unsaved)
        let snapshot = background.snapshot()
        let state = SessionState(
            training: snapshot, model: trainer.model, config: trainer.config, vocabulary: trainer.corpus.vocabulary,
            frequencies: trainer.corpus.frequencies, corpus: corpus, modelVersion: 0, checkpointURL: checkpointURL,
            sampling: sampling, seed: seed, steps: .empty, probe: nil, running: [])
        shared = Mutex(Shared(trainer: background, state: state))
        work = Work(snapshot: snapshot, model: trainer.model, vocabulary: trainer.corpus.vocabulary, sampling: sampling, seed: seed)
        background.onEvent = trainerEventHandler(generation: 0)
    }

    /// Opens a session: the corpus `locator` finds, and either a fresh model
    /// for `config` or the model in `checkpoint` (whose preprocessing decides how
    /// the corpus is read; training goes on up to the larger of its epochs and
    /// `config.epochs`). A weights-only checkpoint without a vocabulary takes
    /// `vocabularyPath`'s, else the corpus's. Also returns the loader's notes.
    /// Options in `given` that contradict the checkpoint are refused, as a
    /// resumed run refuses them.
    public static func open(
        config: TrainingConfig, corpus locator: CorpusLocator, checkpoint: URL?, vocabularyPath: String? = nil,
        given: RunOptionArguments = RunOptionArguments()
    ) throws -> (session: Session, notes: [String]) {
        let loaded = try checkpoint.map { url throws(CheckpointError) in
            try Checkpoint.load(from: url, options: .init(base: config, vocabularyPath: vocabularyPath, corpus: locator))
        }
        let ck = loaded?.checkpoint
        if let ck { try given.checkAgreement(with: ck.config) }
        let corpus = try RunSetup.loadCorpus(mode: ck?.textMode ?? config.textMode, locator: locator)
        var config = config
        if let ck { config.epochs = max(config.epochs, ck.progress.epoch) }
        let trainer = try RunSetup.trainer(config: config, corpus: corpus, resume: ck)
        return (Session(trainer: trainer, corpus: corpus, unsaved: ck == nil, checkpointURL: checkpoint), loaded?.notes ?? [])
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

    func reply(_ ticket: Ticket, _ reply: SessionReply) {
        // Under the lock: once `state().running` lacks the command, its reply is in `events`.
        shared.withLock { s in
            s.state.running.removeAll { $0.ticket == ticket }
            s.cancelled.remove(ticket)
            events.postUnlessPending(.changed)
            events.post(.replied(ticket, reply))
        }
    }

    func isCancelled(_ ticket: Ticket) -> Bool { shared.withLock { $0.cancelled.contains(ticket) } }

    /// Changes the published state and tells the view.
    func publish(_ change: (inout SessionState) -> Void) {
        shared.withLock { change(&$0.state) }
        events.postUnlessPending(.changed)
    }

    var trainer: BackgroundTrainer { shared.withLock { $0.trainer } }
    var published: SessionState { shared.withLock { $0.state } }

    /// Called on the training thread after each change to the trainer's snapshot.
    func trainerEventHandler(generation: Int) -> @Sendable (TrainingEvent) -> Void {
        { [weak self] event in
            guard let self, self.shared.withLock({ $0.generation }) == generation else { return }
            self.events.postUnlessPending(.changed)
            switch event {
            case .paused:
                self.queue.async { self.answerWaiters(paused: true) }
            case .finished:
                // The probe shows the final weights before anyone waiting for the run hears it ended.
                self.queue.async {
                    self.refreshProbe()
                    self.answerWaiters(paused: true)
                    self.answerWaiters(paused: false)
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
        case .activations, .units, .saliency, .match, .histograms, .writeActivationPage: interpret(command, ticket)
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
}
