import CharRNN
import CharRNNTestSupport
import Foundation
import Testing

/// Inputs that once trapped: a diverged run's history, checkpoints whose
/// checksums are right but whose contents are not, sizes that overflow, and
/// save targets that cannot work.
@Suite struct ReliabilityTests {
    static func smallCheckpoint() throws -> Checkpoint {
        let t = try Trainer(config: SmallRun.config(epochs: 1), corpus: try SmallRun.corpus())
        t.run()
        return RunSetup.checkpoint(of: t, corpusSHA1: "abc")
    }

    /// A diverged run records infinite perplexities and NaN losses; saving it
    /// used to trap in the JSON encoder.
    @Test func aHistoryWithInfinitiesAndNaNsIsSavedAndRead() throws {
        var ck = try Self.smallCheckpoint()
        ck.progress.history.append(EpochMetrics(epoch: 2, step: 10, trainLoss: 900, valLoss: .nan, tokensPerSecond: 1, elapsedSeconds: 1))
        ck.progress.history.append(EpochMetrics(epoch: 3, step: 15, trainLoss: -.infinity, valLoss: .infinity, tokensPerSecond: .infinity, elapsedSeconds: 2))
        ck.progress.epochLossSum = .infinity
        let back = try Checkpoint.decode(ck.encoded())
        let h = back.progress.history
        try #require(h.count == 3)
        #expect(h[1].trainPerplexity == .infinity && h[1].valLoss!.isNaN && h[1].valPerplexity!.isNaN)
        #expect(h[2].trainLoss == -.infinity && h[2].valLoss == .infinity && h[2].tokensPerSecond == .infinity)
        #expect(back.progress.epochLossSum == .infinity)
        #expect(back.params == ck.params)
    }

    /// Right checksums, impossible contents: typed errors, never a trap in the trainer.
    @Test func consistentChecksumsOverInconsistentContentsAreRejected() throws {
        let data = try Self.smallCheckpoint().encoded()
        func edited(_ key: String, _ change: (String) -> String) throws -> Data {
            try CheckpointFiles.reencoded(data) { _, meta in meta[key] = change(meta[key]!) }
        }
        let cases: [(String, Data)] = [
            ("negative batch", try edited("charrnn.progress") { $0.replacingOccurrences(of: "\"batch_in_epoch\":0", with: "\"batch_in_epoch\":-1") }),
            ("batch past the epoch", try edited("charrnn.progress") { $0.replacingOccurrences(of: "\"batch_in_epoch\":0", with: "\"batch_in_epoch\":6") }),
            ("short generator", try edited("charrnn.progress") { $0.replacingOccurrences(of: "\"generator_state\":[", with: "\"generator_state\":[1],\"x\":[") }),
            ("hidden differs", try edited("charrnn.hyperparameters") { $0.replacingOccurrences(of: "\"hidden\":16", with: "\"hidden\":17") }),
            ("huge model", try edited("charrnn.model") { _ in "{\"hidden\":4000000000,\"vocab_size\":28}" }),
            ("not JSON", try edited("charrnn.progress") { _ in "{" }),
            ("vocabulary unsorted", try edited("charrnn.vocab") { _ in "[\"b\",\"a\",\"<unk>\"]" }),
        ]
        for (name, bytes) in cases {
            #expect(throws: CheckpointError.self, "\(name)") { try Checkpoint.decode(bytes) }
        }
        // A saved batch position at the very end of an epoch is still valid.
        let atEnd = try edited("charrnn.progress") { $0.replacingOccurrences(of: "\"batch_in_epoch\":0", with: "\"batch_in_epoch\":5") }
        #expect(try Checkpoint.decode(atEnd).progress.batchInEpoch == 5)
    }

    /// Random edits of the metadata with the checksums made to match (what a
    /// buggy writer or a hand edit could produce): decoding, and making a
    /// trainer from what decodes and training a step, either works or throws;
    /// it never traps.
    @Test func editedMetadataNeverTraps() throws {
        let data = try Self.smallCheckpoint().encoded()
        let corpus = try SmallRun.corpus()
        let loaded = LoadedCorpus(
            corpus: corpus, located: LocatedCorpus(url: Fixtures.timeMachineURL, origin: .explicit, isDefaultTimeMachine: true), sha1: "")
        let keys = ["charrnn.model", "charrnn.hyperparameters", "charrnn.progress", "charrnn.vocab", "charrnn.text_mode", "charrnn.version"]
        let replacements = ["0", "-1", "9223372036854775807", "-9223372036854775808", "1e308", "nan", "\"x\"", "null", "[]", "{}", "99999999999"]
        var g = SeededGenerator(seed: 5)
        var decoded = 0, rejected = 0, trained = 0
        for _ in 0..<400 {
            let key = keys[g.nextIndex(below: keys.count)]
            let bytes = try CheckpointFiles.reencoded(data) { _, meta in
                var text = Array(meta[key]!.utf8)
                // Replace a run of digits, or any one byte, with something hostile.
                let digits = text.indices.filter { (48...57).contains(text[$0]) }
                if let start = digits.isEmpty ? nil : digits[g.nextIndex(below: digits.count)], g.nextIndex(below: 4) > 0 {
                    var end = start
                    while end < text.count, (48...57).contains(text[end]) { end += 1 }
                    text.replaceSubrange(start..<end, with: Array(replacements[g.nextIndex(below: replacements.count)].utf8))
                } else if !text.isEmpty {
                    text[g.nextIndex(below: text.count)] = UInt8(32 + g.nextIndex(below: 95))
                }
                meta[key] = String(decoding: text, as: UTF8.self)
            }
            do {
                let ck = try Checkpoint.decode(bytes)
                decoded += 1
                if let t = try? RunSetup.trainer(config: ck.config.with(epochs: ck.progress.epoch + 1), corpus: loaded, resume: ck) {
                    // One step and out.
                    t.addListener { if case .step = $0 { t.control.send(.stop) } }
                    t.run()
                    trained += 1
                }
            } catch {
                rejected += 1
            }
        }
        #expect(decoded + rejected == 400 && rejected > 100 && trained > 20)
    }

    /// Sizes that no corpus can use are one-line errors instead of overflow traps.
    @Test func absurdSizesAreConfigurationErrors() throws {
        let corpus = try SmallRun.corpus()
        let cases: [(WritableKeyPath<TrainingConfig, Int>, String)] = [
            (\.batchSize, "batch-size"), (\.numSteps, "num-steps"), (\.numTrain, "num-train"), (\.numVal, "num-val"),
        ]
        for (path, name) in cases {
            for value in [Int.max, Int.max / 2 + 1, TrainingConfig.maxSize + 1] {
                var c = SmallRun.config()
                c[keyPath: path] = value
                #expect(throws: ConfigurationError.invalidValue(name, "at most \(TrainingConfig.maxSize), got \(value)")) {
                    try Trainer(config: c, corpus: corpus)
                }
            }
        }
        var c = SmallRun.config()
        c.threads = TrainingConfig.maxThreads + 1
        #expect(throws: ConfigurationError.self) { try Trainer(config: c, corpus: corpus) }
        // A batch size far above the training set trains as one batch of all windows.
        c = SmallRun.config(epochs: 1)
        c.batchSize = TrainingConfig.maxSize
        let whole = try Trainer(config: c, corpus: corpus)
        whole.run()
        var oneBatch = SmallRun.config(epochs: 1)
        oneBatch.batchSize = oneBatch.numTrain
        let reference = try Trainer(config: oneBatch, corpus: corpus)
        reference.run()
        #expect(whole.params == reference.params)
    }

    @Test func saveTargetsAreCheckedBeforeAnyWork() throws {
        let dir = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("f")
        try Data("x".utf8).write(to: file)
        try AtomicFile.prepareTarget(dir.appendingPathComponent("ok.st"))
        let stale = dir.appendingPathComponent(".ok.st.tmp-999999999-7")
        try Data("partial".utf8).write(to: stale)
        try AtomicFile.prepareTarget(dir.appendingPathComponent("ok.st"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["f"])
        let bad: [(URL, String)] = [
            (dir.appendingPathComponent("no/x.st"), "the folder '\(dir.path)/no' does not exist"),
            (dir, "it is a folder"),
            (file.appendingPathComponent("x.st"), "'\(file.path)' is not a folder"),
        ]
        for (url, reason) in bad {
            #expect(throws: CheckpointError.unwritable(path: url.path, reason: reason)) { try AtomicFile.prepareTarget(url) }
        }
    }
}
