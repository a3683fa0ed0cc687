import CharRNN
import Foundation
import Testing
@testable import CharRNNTerminal

@Suite struct REPLTrainingTests {
    private func freshWorkbench() throws -> Workbench {
        try Workbench.open(config: REPLFixture.smallConfig, corpus: .builtInOnly, checkpoint: nil)
    }

    /// `val ppl X.XX` in a line.
    private func valPerplexity(_ line: String) -> String? {
        line.firstMatch(of: /val ppl ([0-9.]+)/).map { String($0.1) }
    }

    @Test func scriptTrainWaitsAndReportsWhatATrainerReports() throws {
        let repl = REPLFixture.interpreter(try freshWorkbench())
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
        #expect(repl.workbench.session.snapshot().params == trainer.params)

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
        let repl = REPLFixture.interpreter(try freshWorkbench())
        #expect(repl.execute("train").texts.last?.hasPrefix("epoch 3/3") == true)
        let texts = repl.execute("train").texts
        let last = try #require(repl.workbench.session.snapshot().history.last)
        #expect(texts == [ProgressPrinter.epochLine(last, totalEpochs: 4)])
        #expect(repl.workbench.session.snapshot().epoch == 4)
    }

    @Test func progressHandlerGetsTheLinesAsTheyComplete() throws {
        let repl = REPLFixture.interpreter(try freshWorkbench())
        var received: [String] = []
        repl.progressHandler = { received.append($0.text) }
        let result = repl.execute("train 2")
        #expect(result.lines.isEmpty)
        #expect(received.count == 2 && received[1].hasPrefix("epoch 2/2"))
    }

    @Test func interruptStopsAScriptsTrainingCleanly() throws {
        var config = REPLFixture.smallConfig
        config.batchSize = 8
        let repl = REPLFixture.interpreter(try Workbench.open(config: config, corpus: .builtInOnly, checkpoint: nil))
        repl.interruptRequested = { true }
        let result = repl.execute("train 50")
        let message = try #require(result.failure)
        #expect(message.hasPrefix("interrupted: training stopped at epoch "))
        let snap = repl.workbench.session.snapshot()
        #expect(snap.state == .idle && snap.epoch < 50)
        #expect(!repl.workbench.session.isActive)
    }

    @Test func interactiveTrainRunsInTheBackground() throws {
        var config = REPLFixture.smallConfig
        config.batchSize = 8
        let repl = REPLFixture.interpreter(try Workbench.open(config: config, corpus: .builtInOnly, checkpoint: nil), scriptMode: false)
        #expect(repl.execute("train 400").texts == ["training 400 epochs in the background (to epoch 400); `status` to watch"])
        #expect(repl.workbench.session.isActive)
        #expect(repl.execute("train 1").failure?.hasPrefix("already training (epoch ") == true)
        #expect(repl.execute("load x").failure == "stop training (pause is not enough) before loading")

        let paused = try #require(repl.execute("pause").texts.first)
        #expect(paused.hasPrefix("paused at epoch "))
        #expect(repl.execute("status").texts.first?.firstMatch(of: /^state +paused$/) != nil)
        #expect(repl.execute("train").failure?.hasPrefix("training is paused at epoch ") == true)
        #expect(repl.execute("resume").texts == ["resumed"])

        // Epoch lines arrive through trainingReport while the run goes on.
        let deadline = Date().addingTimeInterval(30)
        var report: [String] = []
        while report.isEmpty, Date() < deadline {
            report = repl.trainingReport().map(\.text)
            Thread.sleep(forTimeInterval: 0.01)
        }
        #expect(report.first?.hasPrefix("epoch   1/400  train ppl ") == true)

        let stopped = repl.execute("stop").texts
        #expect(stopped.last?.hasPrefix("stopped at epoch ") == true)
        #expect(!repl.workbench.session.isActive)
        #expect(repl.execute("pause").failure == "not training; `train` starts a run")
        #expect(repl.execute("stop").failure == "not training")
        // Every completed epoch was reported exactly once.
        let epochs = repl.workbench.session.snapshot().history.count
        #expect(report.count + stopped.count - 1 == epochs)
        #expect(repl.trainingReport().isEmpty)
    }

    @Test func trainingReportSaysWhenABackgroundRunIsDone() throws {
        let repl = REPLFixture.interpreter(try freshWorkbench(), scriptMode: false)
        _ = repl.execute("train 2")
        repl.workbench.session.waitUntilIdle()
        let report = repl.trainingReport().map(\.text)
        try #require(report.count == 3)
        #expect(report[1].hasPrefix("epoch 2/2"))
        #expect(report[2] == "training done: epoch 2/2")
        #expect(repl.trainingReport().isEmpty)
    }

    @Test func evalNeedsValidationWindows() throws {
        var config = REPLFixture.smallConfig
        config.numVal = 0
        let repl = REPLFixture.interpreter(try Workbench.open(config: config, corpus: .builtInOnly, checkpoint: nil))
        #expect(repl.execute("eval").failure == "no validation windows (the run has --num-val 0)")
    }

    @Test func setLearningRateChangesTraining() throws {
        let a = REPLFixture.interpreter(try freshWorkbench())
        let b = REPLFixture.interpreter(try freshWorkbench())
        _ = b.execute("set lr 0.1")
        _ = a.execute("train 1")
        _ = b.execute("train 1")
        #expect(b.workbench.session.snapshot().learningRate == 0.1)
        #expect(a.workbench.session.snapshot().params != b.workbench.session.snapshot().params)
    }
}
