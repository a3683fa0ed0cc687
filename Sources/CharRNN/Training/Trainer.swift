import Foundation

/// Trains the language model with minibatch SGD (or momentum, or Adam) and
/// global-norm clipping.
///
/// Runs on the calling thread (`run`), or serves its mailbox on a thread of
/// its own (`serve`, which `BackgroundTrainer` uses); reports `TrainingEvent`s
/// to its listeners and obeys the `TrainerCommand`s in `control` between
/// minibatches. Everything that decides the next step — weights,
/// optimiser state, epoch order, position, generator, carried state — is in
/// `params`, `optimizerState`, `progress` and `carry`, so a run saved and
/// resumed continues bit for bit as if it had not stopped.
public final class Trainer {
    public let config: TrainingConfig
    public let corpus: Corpus
    public let model: ModelConfig
    public let dataset: WindowDataset
    public private(set) var params: ParameterArena
    public private(set) var progress: TrainingProgress
    public private(set) var optimizerState: OptimizerState
    /// The sequential partition's state carried between minibatches of an epoch:
    /// (batchSize, `NetworkWorkspace.stateWidth`); nil for the random partition.
    public private(set) var carry: [Float]?
    /// The learning rate and clipping threshold in force; set them directly
    /// only while no run is active (during a run, send `.setLearningRate`, `.setClip`).
    public var learningRate: Float
    public var clip: Float
    public private(set) var isPaused = false
    /// The one mailbox: every request from another thread comes through it.
    public let control = TrainerControl()
    /// Test hook: called with the step number before each update; returning true
    /// makes that step's gradient NaN, to exercise the non-finite path.
    public var faultInjector: ((Int) -> Bool)?

    private var listeners: [(TrainingEvent) -> Void] = []
    private var gradient: ParameterArena
    /// The step whose gradient (as applied, after clipping) `gradient` holds; nil before the first.
    private var gradientStep: Int?
    /// Every tensor's norms at the end of each epoch this trainer ran: (epochs, tensors).
    public private(set) var tensorNorms: [[TensorNorms]] = []
    private let runner: BatchRunner
    /// Set by `.close`: `serve` returns once the current run (if any) has ended.
    private var closing = false

    /// A fresh run: parameters initialised by `config.initScheme` from `config.seed`.
    public convenience init(config: TrainingConfig, corpus: Corpus) throws(ConfigurationError) {
        let model = config.model(vocabularySize: corpus.vocabulary.count)
        let params = Initializer.parameters(for: model, scheme: config.initScheme, seed: config.seed)
        try self.init(config: config, corpus: corpus, params: params, progress: TrainingProgress(seed: config.seed))
    }

    /// A run that continues from saved parameters, progress, optimiser state and
    /// carried state (zero state when omitted).
    public init(
        config: TrainingConfig, corpus: Corpus, params: ParameterArena, progress: TrainingProgress,
        optimizerState: OptimizerState? = nil, carry: [Float]? = nil
    ) throws(ConfigurationError) {
        try config.validate()
        self.config = config
        self.corpus = corpus
        self.model = config.model(vocabularySize: corpus.vocabulary.count)
        precondition(params.layout == model.layout, "parameters do not match the model")
        self.dataset = try WindowDataset(ids: corpus.ids, numSteps: config.numSteps, numTrain: config.numTrain, numVal: config.numVal)
        if config.partition == .sequential {
            let batches = Trainer.sequentialBatchesPerEpoch(config)
            guard batches > 0 else {
                throw .invalidValue("partition", "sequential: \(config.numTrain + config.numSteps) training tokens are too few for "
                    + "\(config.batchSize) streams of \(config.numSteps) steps (lower --batch-size or raise --num-train)")
            }
        }
        self.params = params
        self.progress = progress
        self.optimizerState = optimizerState ?? OptimizerState(kind: config.optimizer, layout: model.layout)
        precondition(self.optimizerState.kind == config.optimizer, "optimiser state does not match the optimiser")
        let width = config.batchSize * NetworkWorkspace.stateWidth(model: model)
        self.carry = config.partition == .sequential ? (carry ?? [Float](repeating: 0, count: width)) : nil
        precondition(self.carry == nil || self.carry!.count == width, "carried state does not match the model")
        self.learningRate = config.learningRate
        self.clip = config.clip
        self.gradient = ParameterArena(layout: model.layout)
        self.runner = Trainer.runner(model: model, config: config)
    }

    /// A batch runner for `config`'s minibatches (no minibatch holds more windows than a split has).
    public static func runner(model: ModelConfig, config: TrainingConfig) -> BatchRunner {
        let largestBatch = min(config.batchSize, max(config.numTrain, config.numVal))
        return BatchRunner(config: model, steps: config.numSteps, maxBatch: largestBatch, threads: config.threads)
    }

    /// Minibatches per epoch of the sequential partition: the training text
    /// (numTrain + numSteps tokens) less the largest offset, cut into batchSize
    /// streams, in whole windows of numSteps — the same count every epoch.
    static func sequentialBatchesPerEpoch(_ c: TrainingConfig) -> Int {
        let streamLength = (c.numTrain + c.numSteps - c.numSteps - 1) / c.batchSize
        return streamLength / c.numSteps
    }

    /// One epoch's minibatches (window starts), drawn with `generator`.
    ///
    /// Random: a permutation of the training windows in batches (d2l's
    /// TimeMachine). Sequential: an offset in 0…numSteps, then batch i holds
    /// window i·T of each of the batchSize streams of length L.
    private func epochBatches(_ generator: inout SeededGenerator) -> [ArraySlice<Int>] {
        switch config.partition {
        case .random:
            return WindowDataset.batches(of: generator.permutation(config.numTrain), batchSize: config.batchSize)
        case .sequential:
            let (b, t) = (config.batchSize, config.numSteps)
            let offset = generator.nextIndex(below: t + 1)
            let length = (config.numTrain + t - offset - 1) / b
            return (0..<Trainer.sequentialBatchesPerEpoch(config)).map { i in (0..<b).map { offset + $0 * length + i * t }[...] }
        }
    }

    /// Adds a listener; listeners are called on the training thread, in order.
    public func addListener(_ listener: @escaping (TrainingEvent) -> Void) {
        listeners.append(listener)
    }

    private func emit(_ event: TrainingEvent) {
        for l in listeners { l(event) }
    }

    public var batchesPerEpoch: Int {
        config.partition == .random ? dataset.batchesPerEpoch(batchSize: config.batchSize) : Trainer.sequentialBatchesPerEpoch(config)
    }

    // MARK: - The loop

    /// Trains until `progress.epoch == toEpoch` (default `config.epochs`), a stop
    /// command, or too many non-finite steps; with `paused`, waits for `.resume`
    /// before the first minibatch.
    @discardableResult
    public func run(toEpoch target: Int? = nil, paused: Bool = false) -> StopReason {
        let target = target ?? config.epochs
        if paused && progress.epoch < target {
            isPaused = true
            emit(.paused)
        }
        let reason = loop(toEpoch: target)
        isPaused = false
        emit(.finished(reason))
        return reason
    }

    /// Obeys the mailbox until `.close`: runs on `.train`, serves settings and
    /// checkpoints between runs, and waits on the mailbox's condition in between.
    public func serve() {
        while !closing {
            switch control.next() {
            case .train(let target, let paused): run(toEpoch: target, paused: paused)
            case .close: closing = true
            case let command: _ = obey(command)
            }
        }
    }

    private func loop(toEpoch target: Int) -> StopReason {
        while progress.epoch < target {
            let epochStart = ContinuousClock.now
            var tokensNow = 0  // trained in this call, for tokens/s
            var generator = SeededGenerator(state: progress.generatorState)!
            let batches = epochBatches(&generator)
            if progress.batchInEpoch == 0, carry != nil { carry = [Float](repeating: 0, count: carry!.count) }
            while progress.batchInEpoch < batches.count {
                if let reason = obeyCommands() { return reason }
                let t0 = ContinuousClock.now
                let report = trainStep(batches[progress.batchInEpoch])
                progress.elapsedSeconds += (ContinuousClock.now - t0).seconds
                if !report.skipped { tokensNow += report.tokens }
                emit(.step(report))
                if report.skipped {
                    emit(.nonFinite(step: report.step, streak: progress.nonFiniteStreak,
                                    message: "step \(report.step): loss or gradient is not finite; update skipped"))
                    if progress.nonFiniteStreak >= config.maxNonFiniteSteps {
                        return .halted("training halted: \(progress.nonFiniteStreak) consecutive steps with a non-finite loss or gradient "
                            + "(try a lower --lr or a clip); the weights are those of the last good step")
                    }
                }
            }
            let t0 = ContinuousClock.now
            let valLoss = config.numVal > 0 ? evaluate() : nil
            progress.elapsedSeconds += (ContinuousClock.now - t0).seconds
            let seconds = (ContinuousClock.now - epochStart).seconds
            let epoch = progress.epoch + 1
            let metrics = EpochMetrics(
                epoch: epoch, step: progress.step,
                trainLoss: progress.epochLossSum / Double(max(1, progress.epochTokens)), valLoss: valLoss,
                tokensPerSecond: Double(tokensNow) / max(seconds, 1e-9), elapsedSeconds: progress.elapsedSeconds,
                sample: config.sampleEvery.samples(epoch: epoch, target: target) ? sample() : nil)
            recordTensorNorms(epoch: epoch)
            progress.history.append(metrics)
            progress.epoch += 1
            progress.batchInEpoch = 0
            progress.epochLossSum = 0
            progress.epochTokens = 0
            progress.generatorState = generator.stateWords
            emit(.epoch(metrics))
        }
        return .completed
    }

    /// Applies pending commands between two minibatches (every one: a
    /// checkpoint asked for after a stop is still answered); while paused,
    /// waits for the next command. Returns a reason to end the run, if any.
    private func obeyCommands() -> StopReason? {
        var reason: StopReason?
        repeat {
            for command in control.take(wait: isPaused && reason == nil) {
                if let stop = obey(command), reason == nil { reason = stop }
            }
        } while isPaused && reason == nil
        return reason
    }

    /// Carries out one command at a point where the state is whole (between
    /// minibatches, or outside a run); returns a reason to end the run, if any.
    private func obey(_ command: TrainerCommand) -> StopReason? {
        switch command {
        case .pause where !isPaused:
            isPaused = true
            emit(.paused)
        case .resume where isPaused:
            isPaused = false
            emit(.resumed)
        case .pause, .resume, .train:
            break
        case .stop:
            return .stopped
        case .close:
            closing = true
            return .stopped
        case .setLearningRate(let lr):
            learningRate = lr
            emit(.learningRateChanged(lr))
        case .setClip(let c):
            clip = c
            emit(.clipChanged(c))
        case .checkpoint(let sha1, let reply):
            reply(RunSetup.checkpoint(of: self, corpusSHA1: sha1))
        case .histograms(let bins, let reply):
            reply(histograms(bins: bins))
        }
        return nil
    }

    /// One minibatch: loss and gradient, clipping, SGD update.
    private func trainStep(_ starts: ArraySlice<Int>) -> StepReport {
        runner.load(params)
        let lossSum = dataset.ids.withUnsafeBufferPointer { ids in
            withUnsafeMutablePointer(to: &gradient) { g in
                if carry == nil { return runner.run(starts: starts, ids: ids.baseAddress!, gradient: g) }
                return carry!.withUnsafeMutableBufferPointer { runner.run(starts: starts, ids: ids.baseAddress!, gradient: g, carry: $0.baseAddress!) }
            }
        }
        let tokens = starts.count * config.numSteps
        if faultInjector?(progress.step + 1) == true { gradient.storage[0] = .nan }
        let norm = gradient.norm
        gradientStep = progress.step + 1
        var report = StepReport(
            epoch: progress.epoch, batch: progress.batchInEpoch, batchesPerEpoch: batchesPerEpoch, step: progress.step + 1,
            loss: lossSum / Double(tokens), gradientNorm: norm, clipped: false, skipped: false, tokens: tokens,
            elapsedSeconds: progress.elapsedSeconds)
        progress.step += 1
        progress.batchInEpoch += 1
        guard lossSum.isFinite, norm.isFinite else {
            // Skip the update, keep the weights, move on to the next minibatch.
            progress.nonFiniteStreak += 1
            report.skipped = true
            return report
        }
        progress.nonFiniteStreak = 0
        Optimizer.clipGlobalNorm(&gradient, maxNorm: clip, norm: norm)
        report.clipped = clip > 0 && norm > Double(clip)
        if report.clipped { progress.clippedSteps += 1 }
        Optimizer.update(&params, gradient: gradient, state: &optimizerState, learningRate: learningRate, config: config)
        progress.epochLossSum += lossSum
        progress.epochTokens += tokens
        return report
    }

    // MARK: - Samples and tensor statistics

    /// The sample of the current weights: `config.samplePrefix`, then
    /// `TrainingSample.length` characters at temperature 1 from `TrainingSample.seed`.
    public func sample() -> String {
        let sampler = Sampler(params: params, model: model, vocabulary: corpus.vocabulary, seed: TrainingSample.seed)
        let prefix = corpus.vocabulary.encode(config.samplePrefix).ids
        let ids = sampler.continuation(of: prefix, count: TrainingSample.length, settings: SamplingSettings()) ?? []
        return config.samplePrefix + corpus.vocabulary.decode(ids)
    }

    /// Appends every tensor's norms now (once per epoch: one pass over weights and gradient).
    private func recordTensorNorms(epoch: Int) {
        let layout = model.layout
        tensorNorms.append(layout.specs.indices.map { i in
            let r = layout.range(i)
            let g = gradientStep == nil ? nil : Self.norm(gradient.storage[r])
            return TensorNorms(epoch: epoch, weights: Self.norm(params.storage[r]) ?? .nan, gradient: g)
        })
    }

    /// The L2 norm of `values`, nil when one is not finite.
    private static func norm(_ values: ArraySlice<Float>) -> Double? {
        var squares = 0.0
        for v in values {
            guard v.isFinite else { return nil }
            squares += Double(v) * Double(v)
        }
        return squares.squareRoot()
    }

    /// Histograms of every tensor's weights and last gradient, with their norms per epoch.
    public func histograms(bins: Int) -> TensorHistograms {
        let layout = model.layout
        let tensors = layout.specs.enumerated().map { i, spec in
            let r = layout.range(i)
            return TensorHistogram(
                name: spec.name, shape: spec.shape, weights: ValueDistribution(params.storage[r], bins: bins),
                gradient: gradientStep == nil ? nil : ValueDistribution(gradient.storage[r], bins: bins),
                history: tensorNorms.map { $0[i] })
        }
        return TensorHistograms(tensors: tensors, gradientStep: gradientStep, epoch: progress.epoch, step: progress.step)
    }

    // MARK: - Evaluation

    /// The mean loss over all validation windows with the current weights.
    public func evaluate() -> Double {
        Trainer.validationLoss(params, runner: runner, dataset: dataset, config: config) ?? .nan
    }

    /// The mean loss of `params` over all validation windows of `dataset`
    /// (NaN without any), in `config`'s minibatches, on `runner`; nil when
    /// `cancelled` says so between two minibatches.
    public static func validationLoss(
        _ params: ParameterArena, runner: BatchRunner, dataset: WindowDataset, config: TrainingConfig,
        cancelled: () -> Bool = { false }
    ) -> Double? {
        guard config.numVal > 0 else { return .nan }
        runner.load(params)
        var sum: Double = 0
        let finished = dataset.ids.withUnsafeBufferPointer { ids in
            for batch in dataset.validationBatches(batchSize: config.batchSize) {
                if cancelled() { return false }
                sum += runner.run(starts: batch, ids: ids.baseAddress!, gradient: nil)
            }
            return true
        }
        return finished ? sum / Double(config.numVal * config.numSteps) : nil
    }
}

extension Duration {
    /// This duration in seconds.
    public var seconds: Double {
        let (s, atto) = components
        return Double(s) + Double(atto) * 1e-18
    }
}
