import CharRNN
import CharRNNTestSupport
import Foundation
import Synchronization
import Testing

/// The training loop: determinism, clipping, events, commands and non-finite steps.
@Suite struct TrainerTests {
    @Test func sameSeedGivesByteIdenticalWeightsWhateverTheThreadCount() throws {
        let corpus = try SmallRun.corpus()
        var results: [[Float]] = []
        for threads in [1, 2, 3] {
            let t = try Trainer(config: SmallRun.config(threads: threads), corpus: corpus)
            t.run()
            results.append(t.params.storage)
        }
        #expect(results[0] == results[1] && results[1] == results[2])
        let other = try Trainer(config: SmallRun.config(seed: 1), corpus: corpus)
        other.run()
        #expect(other.params.storage != results[0])
    }

    @Test func clippingCapsTheGlobalNormAndLeavesSmallGradientsAlone() {
        let layout = ModelConfig(vocabularySize: 5, hidden: 3).layout
        var g = ParameterArena(layout: layout)
        for i in g.storage.indices { g.storage[i] = Float(i % 7) - 3 }
        let norm = g.norm
        let original = g
        Optimizer.clipGlobalNorm(&g, maxNorm: 1, norm: norm)
        #expect(g.norm <= 1 * (1 + 1e-6))
        #expect(abs(g.norm - 1) < 1e-5)
        // Direction kept.
        #expect(Tolerance.worst(g.storage, original.storage.map { Double($0) / norm }, atol: 1e-6) <= 1)
        var small = original
        Optimizer.clipGlobalNorm(&small, maxNorm: Float(norm * 2), norm: norm)
        #expect(small == original)
        Optimizer.clipGlobalNorm(&small, maxNorm: 0, norm: norm)
        #expect(small == original)
    }

    @Test func zeroWeightsGiveUniformPredictionsAndPerplexityV() throws {
        let corpus = try SmallRun.corpus()
        let config = SmallRun.config()
        let model = ModelConfig(vocabularySize: corpus.vocabulary.count, hidden: config.hidden)
        let t = try Trainer(config: config, corpus: corpus, params: ParameterArena(layout: model.layout), progress: TrainingProgress(seed: 0))
        #expect(abs(exp(t.evaluate()) - 28) < 1e-3)
    }

    @Test func eventsReportEveryStepAndEpochWithTokenWeightedLoss() throws {
        let t = try Trainer(config: SmallRun.config(epochs: 1), corpus: try SmallRun.corpus())
        var steps: [StepReport] = []
        var epochs: [EpochMetrics] = []
        t.addListener { e in
            if case .step(let r) = e { steps.append(r) }
            if case .epoch(let m) = e { epochs.append(m) }
        }
        #expect(t.run() == .completed)
        #expect(steps.count == 5)  // ⌈300 / 64⌉
        #expect(steps.map(\.tokens) == [512, 512, 512, 512, 352])
        try #require(epochs.count == 1)
        #expect(epochs[0].step == 5)
        let weighted = steps.reduce(0.0) { $0 + $1.loss * Double($1.tokens) } / Double(300 * 8)
        #expect(abs(epochs[0].trainLoss - weighted) < 1e-9)
        #expect(abs(try #require(epochs[0].valLoss) - t.evaluate()) < 1e-12)
        #expect(abs(epochs[0].trainPerplexity - exp(epochs[0].trainLoss)) < 1e-9)
    }

    @Test func nonFiniteStepsAreSkippedAndTooManyHalt() throws {
        let t = try Trainer(config: SmallRun.config(epochs: 3), corpus: try SmallRun.corpus())
        var poisoned: Set<Int> = [2]
        t.faultInjector = { poisoned.contains($0) }
        var messages: [String] = []
        var weightsAround: [Int: [Float]] = [:]
        t.addListener { e in
            if case .step(let r) = e {
                weightsAround[r.step] = t.params.storage
                if r.skipped { messages.append("skip \(r.step)") }
            }
            if case .nonFinite(_, _, let m) = e { messages.append(m) }
        }
        // One poisoned step is skipped (weights unchanged) and training goes on.
        #expect(t.run(toEpoch: 1) == .completed)
        #expect(t.progress.step == 5)
        #expect(weightsAround[2] == weightsAround[1])
        #expect(weightsAround[3] != weightsAround[2])
        #expect(messages.first == "skip 2")
        #expect(messages.contains { $0.contains("step 2: loss or gradient is not finite") })
        // Five poisoned steps in a row halt with the weights of the last good step.
        let before = t.params.storage
        poisoned = Set(0...1000)
        let reason = t.run(toEpoch: 3)
        guard case .halted(let message) = reason else {
            Issue.record("expected a halt, got \(reason)")
            return
        }
        #expect(message.contains("5 consecutive"))
        #expect(t.params.storage == before)
        #expect(t.params.allFinite)
    }

    @Test func commandsPauseStopAndChangeTheLearningRate() throws {
        let t = try Trainer(config: SmallRun.config(epochs: 50), corpus: try SmallRun.corpus())
        var events: [String] = []
        t.addListener { e in
            switch e {
            case .step(let r) where r.step == 3: t.control.send(.setLearningRate(0.5)); t.control.send(.stop)
            case .learningRateChanged(let lr): events.append("lr \(lr)")
            default: break
            }
        }
        #expect(t.run() == .stopped)
        #expect(t.progress.step == 3)
        #expect(t.learningRate == 0.5)
        #expect(events == ["lr 0.5"])
    }

    /// Commands taken in the same batch as a stop are all obeyed: a
    /// checkpoint request is answered, a close ends the serving thread.
    @Test(.timeLimit(.minutes(1))) func everyCommandTakenWithAStopIsObeyed() throws {
        let t = try Trainer(config: SmallRun.config(epochs: 50), corpus: try SmallRun.corpus())
        let replied = Mutex<Int?>(nil)
        t.addListener { e in
            guard case .step(let r) = e, r.step == 3 else { return }
            t.control.send(.stop)
            t.control.send(.checkpoint(corpusSHA1: nil) { ck in replied.withLock { $0 = ck.progress.step } })
        }
        #expect(t.run() == .stopped)
        #expect(replied.withLock { $0 } == 3)

        let background = BackgroundTrainer(trainer: try Trainer(config: SmallRun.config(epochs: 500), corpus: try SmallRun.corpus()), corpusSHA1: nil)
        #expect(background.train(toEpoch: 500))
        background.send(.stop)
        background.close()  // returns: the close sent right after the stop is obeyed too
        #expect(!background.isActive && background.snapshot().epoch < 500)
    }

    @Test func zeroEpochsLeaveTheInitialisationUntouched() throws {
        let corpus = try SmallRun.corpus()
        var config = SmallRun.config(epochs: 0)
        config.initScheme = .normal
        let t = try Trainer(config: config, corpus: corpus)
        #expect(t.run() == .completed)
        #expect(t.params == Initializer.parameters(for: t.model, scheme: .normal, seed: 0))
    }

    @Test func badConfigurationsAreTypedErrors() throws {
        let corpus = try SmallRun.corpus()
        var c = SmallRun.config()
        c.learningRate = -1
        #expect(throws: ConfigurationError.self) { try Trainer(config: c, corpus: corpus) }
        c = SmallRun.config()
        c.hidden = 0
        #expect(throws: ConfigurationError.nonPositive("hidden", 0)) { try Trainer(config: c, corpus: corpus) }
        c = SmallRun.config()
        c.numTrain = 200_000
        #expect(throws: ConfigurationError.self) { try Trainer(config: c, corpus: corpus) }
    }
}
