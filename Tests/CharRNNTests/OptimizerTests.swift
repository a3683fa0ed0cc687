import CharRNN
import CharRNNTestSupport
import Foundation
import Testing

/// Momentum, Adam and the sequential partition: hand-computed updates and exact resume.
@Suite struct OptimizerTests {
    static func arena(_ values: [Float]) -> ParameterArena {
        let layout = ParameterLayout([TensorSpec("w", [values.count])])
        return ParameterArena(layout: layout, storage: values)
    }

    @Test func sgdSubtractsTheScaledGradient() {
        var p = Self.arena([1, -2, 0.5]), config = TrainingConfig()
        var state = OptimizerState(kind: .sgd, layout: p.layout)
        Optimizer.update(&p, gradient: Self.arena([0.2, 0.4, -1]), state: &state, learningRate: 0.1, config: config)
        // θ − lr·g = 1 − 0.02, −2 − 0.04, 0.5 + 0.1
        #expect(Tolerance.worst(p.storage, [0.98, -2.04, 0.6], atol: 2e-7) <= 1, "\(p.storage)")
        #expect(state.updates == 1 && state.slots.isEmpty)
        config.momentum = 0.5  // plain SGD has no momentum, whatever the setting says
        Optimizer.update(&p, gradient: Self.arena([0.2, 0.4, -1]), state: &state, learningRate: 0.1, config: config)
        #expect(Tolerance.worst(p.storage, [0.96, -2.08, 0.7], atol: 4e-7) <= 1, "\(p.storage)")
    }

    @Test func momentumAccumulatesVelocity() {
        var p = Self.arena([1, -2]), config = TrainingConfig()
        config.momentum = 0.5
        var state = OptimizerState(kind: .momentum, layout: p.layout)
        Optimizer.update(&p, gradient: Self.arena([0.2, 0.4]), state: &state, learningRate: 0.1, config: config)
        // v = g; θ = θ − 0.1·v
        #expect(p.storage == [1 - 0.02, -2 - 0.04])
        Optimizer.update(&p, gradient: Self.arena([0.2, 0.4]), state: &state, learningRate: 0.1, config: config)
        // v = 0.5·v + g = 1.5·g
        #expect(abs(p.storage[0] - (0.98 - 0.03)) < 1e-7 && abs(p.storage[1] - (-2.04 - 0.06)) < 1e-7)
        #expect(state.updates == 2)
    }

    @Test func adamMatchesTheTextbookFormula() {
        var p = Self.arena([0.5, -0.25, 3]), config = TrainingConfig()
        var state = OptimizerState(kind: .adam, layout: p.layout)
        let grads: [[Float]] = [[0.1, -0.3, 0], [0.2, 0.1, 1e-3], [-0.05, 0.5, 2]]
        var m = [Double](repeating: 0, count: 3), v = m, theta = p.storage.map(Double.init)
        for (t, g) in grads.enumerated() {
            Optimizer.update(&p, gradient: Self.arena(g), state: &state, learningRate: 0.01, config: config)
            for i in 0..<3 {
                m[i] = 0.9 * m[i] + 0.1 * Double(g[i])
                v[i] = 0.999 * v[i] + 0.001 * Double(g[i]) * Double(g[i])
                let mh = m[i] / (1 - pow(0.9, Double(t + 1))), vh = v[i] / (1 - pow(0.999, Double(t + 1)))
                theta[i] -= 0.01 * mh / (vh.squareRoot() + 1e-8)
            }
        }
        #expect(Tolerance.worst(p.storage, theta, atol: 1e-6) <= 1)
    }

    static func config(_ optimizer: OptimizerKind, partition: Partition = .random, epochs: Int) -> TrainingConfig {
        var c = SmallRun.config(epochs: epochs)
        c.optimizer = optimizer
        c.partition = partition
        c.cell = .gru
        c.learningRate = optimizer == .adam ? 0.01 : 0.5
        if partition == .sequential {
            c.batchSize = 8
            c.numTrain = 600
        }
        return c
    }

    @Test(arguments: OptimizerKind.allCases, Partition.allCases)
    func resumeIsBitIdenticalForEveryOptimizerAndPartition(_ optimizer: OptimizerKind, _ partition: Partition) throws {
        let corpus = try SmallRun.corpus()
        let straight = try Trainer(config: Self.config(optimizer, partition: partition, epochs: 3), corpus: corpus)
        straight.run()
        let first = try Trainer(config: Self.config(optimizer, partition: partition, epochs: 3), corpus: corpus)
        // Stop mid-epoch so the carried state and optimiser slots matter.
        first.addListener { e in if case .step(let r) = e, r.step == first.batchesPerEpoch + 2 { first.control.send(.stop) } }
        #expect(first.run() == .stopped)
        let ck = try Checkpoint.decode(RunSetup.checkpoint(of: first, corpusSHA1: nil).encoded())
        #expect(ck.optimizerState?.updates == first.batchesPerEpoch + 2)
        #expect((ck.carry != nil) == (partition == .sequential))
        let second = try RunSetup.trainer(config: ck.config, corpus: LoadedCorpus(corpus: corpus, located: .init(url: Fixtures.timeMachineURL, origin: .explicit, isDefaultTimeMachine: false), sha1: ""), resume: ck)
        second.run()
        #expect(second.params.storage == straight.params.storage)
        #expect(second.optimizerState == straight.optimizerState)
        #expect(second.progress.history.map(\.valLoss) == straight.progress.history.map(\.valLoss))
    }

    /// With the state carried, three consecutive minibatches of T steps equal one
    /// pass over 3T steps (the gradient is cut, the forward state is not).
    @Test func sequentialPartitionCarriesTheStateAcrossMinibatches() {
        let model = ModelConfig(vocabularySize: 6, hidden: 5, cell: .lstm, layers: 2)
        let params = Fixtures.randomParameters(model, seed: 41, scale: 0.5)
        let ids = Fixtures.randomIDs(100, v: 6, seed: 42)
        let width = NetworkWorkspace.stateWidth(model: model)
        let long = BatchRunner(config: model, steps: 12, maxBatch: 2, threads: 1)
        long.load(params)
        let lossLong = ids.withUnsafeBufferPointer { long.run(starts: [0, 50], ids: $0.baseAddress!, gradient: nil) }
        let ref = ReferenceNetwork(model: model, params: params)
        let final = ref.states(ids[0..<12].map(Int.init)).last!
        for strategy in [BatchRunner.Strategy.chunks(rows: 1), .wholeBatch] {
            var carry = [Float](repeating: 0, count: 2 * width)
            let short = BatchRunner(config: model, steps: 4, maxBatch: 2, threads: 2, strategy: strategy)
            short.load(params)
            var lossShort = 0.0
            for i in 0..<3 {
                lossShort += ids.withUnsafeBufferPointer { p in
                    carry.withUnsafeMutableBufferPointer { runner in short.run(starts: [4 * i, 50 + 4 * i], ids: p.baseAddress!, gradient: nil, carry: runner.baseAddress!) }
                }
            }
            #expect(abs(lossShort - lossLong) < 1e-4, "\(strategy)")
            // Row 0: layer 0 h, c, then layer 1 h (16 floats each).
            #expect(Tolerance.worst(carry[32..<37], final, atol: 1e-5) <= 1, "\(strategy)")
        }
    }

    @Test func sequentialPartitionNeedsEnoughText() throws {
        var c = SmallRun.config()
        c.partition = .sequential
        c.batchSize = 300
        #expect(throws: ConfigurationError.self) { try Trainer(config: c, corpus: try SmallRun.corpus()) }
    }
}
