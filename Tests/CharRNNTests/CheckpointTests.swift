import CharRNN
import CharRNNTestSupport
import Foundation
import Testing

/// Saving, loading and resuming: exact round trips and typed errors for damaged files.
@Suite struct CheckpointTests {
    static func trained(epochs: Int) throws -> (Trainer, Checkpoint) {
        let t = try Trainer(config: SmallRun.config(epochs: epochs), corpus: try SmallRun.corpus())
        t.run()
        return (t, RunSetup.checkpoint(of: t, corpusSHA1: "abc"))
    }

    @Test func roundTripKeepsEverything() throws {
        let (_, ck) = try Self.trained(epochs: 1)
        let back = try Checkpoint.decode(ck.encoded())
        #expect(back.params == ck.params)
        #expect(back.vocabulary == ck.vocabulary)
        #expect(back.model == ck.model)
        #expect(back.config == ck.config)
        #expect(back.progress == ck.progress)
        #expect(back.corpusSHA1 == "abc")
        #expect(back.textMode == .letters)
    }

    @Test func extremeValuesSurviveTheJSONMetadata() throws {
        var (_, ck) = try Self.trained(epochs: 1)
        ck.config.seed = .max
        ck.progress.generatorState = [.max, 1, 0x8000_0000_0000_0001, 12_345_678_901_234_567_890]
        ck.progress.epochLossSum = 0.1 + 0.2
        let back = try Checkpoint.decode(ck.encoded())
        #expect(back.config.seed == .max)
        #expect(back.progress.generatorState == ck.progress.generatorState)
        #expect(back.progress.epochLossSum == 0.1 + 0.2)
    }

    @Test func resumingIsBitIdenticalToTrainingStraight() throws {
        let corpus = try SmallRun.corpus()
        let straight = try Trainer(config: SmallRun.config(epochs: 4), corpus: corpus)
        straight.run()
        let (_, half) = try Self.trained(epochs: 2)
        let restored = try Checkpoint.decode(half.encoded())
        let resumed = try Trainer(config: restored.config.with(epochs: 4), corpus: corpus, params: restored.params, progress: restored.progress)
        resumed.run()
        #expect(resumed.params.storage == straight.params.storage)
        #expect(resumed.progress.history == straight.progress.history.map { m in
            var m = m
            m.tokensPerSecond = resumed.progress.history[m.epoch - 1].tokensPerSecond
            m.elapsedSeconds = resumed.progress.history[m.epoch - 1].elapsedSeconds
            return m
        })
    }

    @Test func resumingMidEpochIsBitIdentical() throws {
        let corpus = try SmallRun.corpus()
        let straight = try Trainer(config: SmallRun.config(epochs: 2), corpus: corpus)
        straight.run()
        let first = try Trainer(config: SmallRun.config(epochs: 2), corpus: corpus)
        first.addListener { e in if case .step(let r) = e, r.step == 7 { first.control.send(.stop) } }
        #expect(first.run() == .stopped)
        #expect(first.progress.batchInEpoch == 2)
        let ck = try Checkpoint.decode(RunSetup.checkpoint(of: first, corpusSHA1: nil).encoded())
        let second = try Trainer(config: ck.config, corpus: corpus, params: ck.params, progress: ck.progress)
        second.run()
        #expect(second.params.storage == straight.params.storage)
        #expect(second.progress.history.last?.trainLoss == straight.progress.history.last?.trainLoss)
    }

    @Test func everyTruncationIsATypedError() throws {
        var config = SmallRun.config(hidden: 2, epochs: 0)
        config.numTrain = 10
        let t = try Trainer(config: config, corpus: try SmallRun.corpus())
        let data = RunSetup.checkpoint(of: t, corpusSHA1: nil).encoded()
        for length in 0..<data.count {
            #expect(throws: CheckpointError.self, "length \(length)") { try Checkpoint.decode(data.prefix(length)) }
        }
        #expect((try? Checkpoint.decode(data)) != nil)
    }

    @Test func flippedBitsAreDetected() throws {
        let (_, ck) = try Self.trained(epochs: 1)
        let data = ck.encoded()
        var g = SeededGenerator(seed: 99)
        for _ in 0..<300 {
            var bad = data
            let i = g.nextIndex(below: bad.count)
            bad[i] ^= UInt8(1 << g.nextIndex(below: 8))
            #expect(throws: CheckpointError.self, "byte \(i)") { try Checkpoint.decode(bad) }
        }
    }

    @Test func wrongShapesAndForeignFilesAreRejected() throws {
        let (_, ck) = try Self.trained(epochs: 1)
        // A well-formed safetensors file without charrnn metadata.
        let foreign = Safetensors.encode(tensors: [StoredTensor(name: "x", shape: [2], values: [1, 2])], metadata: [:])
        #expect {
            try Checkpoint.decode(foreign)
        } throws: { error in
            guard case .unrecognised(let why) = error as? CheckpointError else { return false }
            return why.contains("found x")
        }
        #expect(throws: CheckpointError.self) { try Checkpoint.decode(Data("not a checkpoint at all".utf8)) }
        // Shapes that disagree with the model (checksums recomputed so only the shape is wrong).
        var wrong = ck
        wrong.model.hidden += 1
        #expect(throws: CheckpointError.wrongShape(name: "W_xh", expected: [28, 17], actual: [28, 16])) {
            try Checkpoint.decode(Self.reencode(ck, model: wrong.model))
        }
    }

    /// `ck`'s tensors with `model`'s metadata and fresh checksums.
    static func reencode(_ ck: Checkpoint, model: ModelConfig) -> Data {
        try! CheckpointFiles.reencoded(ck.encoded()) { _, m in
            m["charrnn.model"] = "{\"hidden\":\(model.hidden),\"vocab_size\":\(model.vocabularySize)}"
            m["charrnn.hyperparameters"] = m["charrnn.hyperparameters"]!.replacingOccurrences(
                of: "\"hidden\":\(ck.model.hidden)", with: "\"hidden\":\(model.hidden)")
        }
    }

    @Test func vocabularyMismatchWithTheCorpusIsAnError() throws {
        let (_, ck) = try Self.trained(epochs: 1)
        let other = Corpus(text: "abc abc abc", mode: .letters)
        let loaded = LoadedCorpus(corpus: other, located: LocatedCorpus(url: URL(fileURLWithPath: "/x"), origin: .explicit, isDefaultTimeMachine: false), sha1: "")
        #expect(throws: CheckpointError.self) { try RunSetup.trainer(config: ck.config, corpus: loaded, resume: ck) }
    }

    @Test func savedFilesAreAtomicAndLeftoversAreCleaned() throws {
        let dir = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let url = dir.appendingPathComponent("m.safetensors")
        let (_, ck) = try Self.trained(epochs: 1)
        // A temporary file left by a process that no longer exists.
        let stale = dir.appendingPathComponent(".m.safetensors.tmp-999999999-1")
        try Data("partial".utf8).write(to: stale)
        try ck.write(to: url)
        #expect(!FileManager.default.fileExists(atPath: stale.path))
        #expect(try Checkpoint.read(from: url).params == ck.params)
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["m.safetensors"])
        #expect(throws: CheckpointError.self) { try Checkpoint.read(from: dir.appendingPathComponent("missing.safetensors")) }
        #expect(throws: CheckpointError.self) { try ck.write(to: dir.appendingPathComponent("no/such/dir/x.safetensors")) }
    }
}

extension TrainingConfig {
    func with(epochs: Int) -> TrainingConfig {
        var c = self
        c.epochs = epochs
        return c
    }
}
