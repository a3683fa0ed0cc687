import CharRNN
import Foundation
import Testing
@testable import CharRNNTerminal

@Suite struct REPLTrainingTests {
    private func freshSession() throws -> Session {
        try Session.open(config: REPLFixture.smallConfig, corpus: .builtInOnly, checkpoint: nil).session
    }

    /// `val ppl X.XX` in a line.
    private func valPerplexity(_ line: String) -> String? {
        line.firstMatch(of: /val ppl ([0-9.]+)/).map { String($0.1) }
    }

    @Test func scriptTrainWaitsAndReportsWhatATrainerReports() throws {
        let repl = REPLFixture.interpreter(try freshSession())
        let result = repl.execute("train 2")
        #expect(result.status == .ok)
        try #require(result.texts.count == 2)
        #expect(result.texts[0].hasPrefix("epoch 1/2  train ppl "))
        #expect(result.texts[1].hasPrefix("epoch 2/2  train ppl "))

        // The same run, straight on a trainer.
        let corpus = try RunSetup.loadCorpus(mode: .letters, locator: .builtInOnly)
        var config = REPLFixture.smallConfig
        config.epochs = 2
        let trainer = try RunSetup.trainer(config: config, corpus: corpus)
        trainer.run()
        let reference = trainer.progress.history.map { ProgressPrinter.epochLine($0, totalEpochs: 2) }
        #expect(result.texts.map(valPerplexity) == reference.map(valPerplexity))
        #expect(repl.session.state().training.params == trainer.params)

        let status = repl.execute("status").texts
        #expect(status.contains("state      done"))
        #expect(status.contains("epoch      2/2, batch 0/8, step 16"))
        #expect(status.contains("val ppl    \(valPerplexity(reference[1])!) (epoch 2)"))

        let eval = try #require(repl.execute("eval").texts.first)
        #expect(valPerplexity(eval) == valPerplexity(reference[1]))
        let loss = trainer.evaluate()
        #expect(eval.hasPrefix("val loss \(String(format: "%.4f", loss))  val ppl \(String(format: "%.2f (%.4f)", exp(loss), exp(loss)))"))
    }

    @Test func trainWithoutNGoesUpToTheConfiguredEpochs() throws {
        let repl = REPLFixture.interpreter(try freshSession())
        #expect(repl.execute("train").texts.last?.hasPrefix("epoch 3/3") == true)
        let texts = repl.execute("train").texts
        let last = try #require(repl.session.state().training.history.last)
        #expect(texts == [ProgressPrinter.epochLine(last, totalEpochs: 4)])
        #expect(repl.session.state().training.epoch == 4)
    }

    @Test func progressHandlerGetsTheLinesAsTheyComplete() throws {
        let repl = REPLFixture.interpreter(try freshSession())
        var received: [String] = []
        repl.progressHandler = { received.append($0.text) }
        let result = repl.execute("train 2")
        #expect(result.lines.isEmpty)
        #expect(received.count == 2 && received[1].hasPrefix("epoch 2/2"))
    }

    @Test func interruptStopsAScriptsTrainingCleanly() throws {
        var config = REPLFixture.smallConfig
        config.batchSize = 8
        let repl = REPLFixture.interpreter(try Session.open(config: config, corpus: .builtInOnly, checkpoint: nil).session)
        // A pipe with a byte in it stands for a signal that arrived.
        var ends: [Int32] = [-1, -1]
        #expect(pipe(&ends) == 0)
        defer { ends.forEach { close($0) } }
        var byte: UInt8 = 1
        #expect(write(ends[1], &byte, 1) == 1)
        repl.interruption = (ends[0], { read(ends[0], &byte, 1) == 1 })
        let result = repl.execute("train 50")
        let message = try #require(result.failure)
        #expect(message.hasPrefix("interrupted: training stopped at epoch "))
        let snap = repl.session.state().training
        #expect(snap.state == .idle && snap.epoch < 50)
        #expect(!repl.session.state().isTraining)
    }

    /// At the prompt an interruption cancels the command that runs (here a
    /// long evaluation) and leaves the rest alone.
    @Test func anInterruptionCancelsAnInteractiveEvaluation() throws {
        var config = REPLFixture.smallConfig
        config.hidden = 256
        config.numTrain = 1_000
        config.numVal = 100_000
        let repl = REPLFixture.interpreter(try Session.open(config: config, corpus: .builtInOnly, checkpoint: nil).session, scriptMode: false)
        var ends: [Int32] = [-1, -1]
        #expect(pipe(&ends) == 0)
        defer { ends.forEach { close($0) } }
        var byte: UInt8 = 1
        #expect(write(ends[1], &byte, 1) == 1)
        repl.interruption = (ends[0], { read(ends[0], &byte, 1) == 1 })
        #expect(repl.execute("eval").failure == "cancelled")
        #expect(repl.session.state().running.isEmpty)
        #expect(repl.execute("status").status == .ok)
    }

    @Test func interactiveTrainRunsInTheBackground() throws {
        var config = REPLFixture.smallConfig
        config.batchSize = 8
        let repl = REPLFixture.interpreter(try Session.open(config: config, corpus: .builtInOnly, checkpoint: nil).session, scriptMode: false)
        #expect(repl.execute("train 400").texts == ["training 400 epochs in the background (to epoch 400); `status` to watch"])
        #expect(repl.session.state().isTraining)
        #expect(repl.execute("train 1").failure?.hasPrefix("already training (epoch ") == true)
        #expect(repl.execute("load x").failure == "stop training (pause is not enough) before loading")

        let paused = try #require(repl.execute("pause").texts.first)
        #expect(paused.hasPrefix("paused at epoch "))
        #expect(repl.execute("status").texts.first?.firstMatch(of: /^state +paused$/) != nil)
        #expect(repl.execute("train").failure?.hasPrefix("training is paused at epoch ") == true)
        #expect(repl.execute("resume").texts == ["resumed"])

        // Epoch lines arrive through trainingReport while the run goes on.
        var report: [String] = []
        while report.isEmpty {
            repl.session.events.wait()
            _ = repl.session.events.take()
            report = repl.trainingReport().map(\.text)
        }
        #expect(report.first?.hasPrefix("epoch   1/400  train ppl ") == true)

        let stopped = repl.execute("stop").texts
        #expect(stopped.last?.hasPrefix("stopped at epoch ") == true)
        #expect(!repl.session.state().isTraining)
        #expect(repl.execute("pause").failure == "not training; `train` starts a run")
        #expect(repl.execute("stop").failure == "not training")
        // Every completed epoch was reported exactly once.
        let epochs = repl.session.state().training.history.count
        #expect(report.count + stopped.count - 1 == epochs)
        #expect(repl.trainingReport().isEmpty)
    }

    @Test func trainingReportSaysWhenABackgroundRunIsDone() throws {
        let repl = REPLFixture.interpreter(try freshSession(), scriptMode: false)
        _ = repl.execute("train 2")
        _ = repl.session.perform(.waitForRun)
        let report = repl.trainingReport().map(\.text)
        try #require(report.count == 3)
        #expect(report[1].hasPrefix("epoch 2/2"))
        #expect(report[2] == "training done: epoch 2/2")
        #expect(repl.trainingReport().isEmpty)
    }

    @Test func evalNeedsValidationWindows() throws {
        var config = REPLFixture.smallConfig
        config.numVal = 0
        let repl = REPLFixture.interpreter(try Session.open(config: config, corpus: .builtInOnly, checkpoint: nil).session)
        #expect(repl.execute("eval").failure == "no validation windows (the run has --num-val 0)")
    }

    @Test func setLearningRateChangesTraining() throws {
        let a = REPLFixture.interpreter(try freshSession())
        let b = REPLFixture.interpreter(try freshSession())
        _ = b.execute("set lr 0.1")
        _ = a.execute("train 1")
        _ = b.execute("train 1")
        #expect(b.session.state().training.learningRate == 0.1)
        #expect(a.session.state().training.params != b.session.state().training.params)
    }
}
