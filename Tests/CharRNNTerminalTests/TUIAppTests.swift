import CharRNN
@testable import CharRNNTerminal
import CharRNNTestSupport
import Foundation
import TerminalKit
import Testing

/// `TUIApp` on real workbenches: effects reach the engine and come back as state.
@Suite struct TUIAppTests {
    @Test func eachStepAddsOneCharacterAndTheHeatmapFollows() throws {
        let app = TUIFixtures.app(try TUIFixtures.trainedWorkbench())
        app.press(.tab, .tab, .control("u"))
        app.type("it has")
        #expect(app.state.prompt.prefix == "it has")
        #expect(app.state.probe.columns == 6)
        for n in 1...3 {
            app.press(.enter)
            #expect(app.state.prompt.generated.count == n)
            #expect(app.state.probe.columns == 6 + n)
            #expect(app.state.heatmap.cursor.column == 5 + n)
        }
        let step = try #require(app.state.prompt.lastStep)
        #expect(step.chosen == app.state.prompt.generated.last)
        #expect(abs(step.probabilities.reduce(0, +) - 1) < 1e-4)
        #expect(app.workbench.stepText == "it has" + app.workbench.vocabulary.decode(app.state.prompt.generated))
    }

    @Test func greedyStepsMatchTheBooksPredict() throws {
        let app = TUIFixtures.app(try TUIFixtures.trainedWorkbench())
        app.press(.character("g"), .character("N"))
        #expect(app.state.prompt.generated.count == 50)
        let text = app.state.prompt.prefix + app.workbench.vocabulary.decode(app.state.prompt.generated)
        #expect(text == app.workbench.predict(prefix: "the time traveller", count: 50).text)
    }

    @Test func editingThePrefixDropsTheGeneratedText() throws {
        let app = TUIFixtures.app(try TUIFixtures.trainedWorkbench())
        app.press(.character("n"), .character("n"))
        #expect(app.state.prompt.generated.count == 2)
        app.press(.tab, .tab, .backspace)
        #expect(app.state.prompt.generated.isEmpty)
        #expect(app.state.prompt.lastStep == nil)
        #expect(app.state.probe.columns == "the time travelle".count)
        app.press(.enter)
        #expect(app.state.prompt.generated.count == 1, "the next step starts again from the edited prefix")
    }

    @Test func unknownCharactersAreReportedAndStillStepped() throws {
        let app = TUIFixtures.app(try TUIFixtures.trainedWorkbench())
        app.press(.tab, .tab, .control("u"))
        app.type("The")
        #expect(app.state.message?.isError == true)
        #expect(app.state.message?.text.contains("'T' at 0") == true)
        #expect(app.state.probe.ids.first == app.workbench.vocabulary.unknownIndex)
        app.press(.enter)
        #expect(app.state.prompt.generated.count == 1)
    }

    @Test func theCommandLineRunsThroughTheGivenRunner() throws {
        let app = TUIFixtures.app(try TUIFixtures.trainedWorkbench())
        app.press(.character(":"))
        app.type("frobnicate now")
        app.press(.enter)
        #expect(app.state.message == StatusMessage("unknown command 'frobnicate'", isError: true))
    }

    @Test func savingWhilePausedWritesTheCheckpointAndQuits() throws {
        let folder = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let target = folder.appendingPathComponent("tui.safetensors")
        let workbench = try TUIFixtures.tinyWorkbench(epochs: 50)
        let app = TUIFixtures.app(workbench, savePath: target)
        workbench.session.train(toEpoch: 50)
        defer { workbench.session.stop(); workbench.session.waitUntilIdle() }
        try waitFor { workbench.session.snapshot().step >= 3 }
        app.poll()
        app.press(.character(" "))
        try waitFor { workbench.session.snapshot().state == .paused }
        app.poll()
        #expect(app.state.snapshot.unsaved)
        app.press(.character("q"))
        #expect(app.state.overlay == .quitConfirm)
        app.press(.character("y"))
        #expect(app.state.quitting)
        #expect(app.state.message == StatusMessage("saved to \(target.path)"))
        let checkpoint = try Checkpoint.read(from: target)
        #expect(checkpoint.progress.step == workbench.session.snapshot().step)
        #expect(!workbench.session.snapshot().unsaved)
    }

    @Test func aFailedSaveIsReportedAndDoesNotQuit() throws {
        let target = URL(fileURLWithPath: "/nonexistent-\(UUID().uuidString)/model.safetensors")
        let app = TUIFixtures.app(try TUIFixtures.tinyWorkbench(), savePath: target)
        #expect(app.state.snapshot.unsaved)
        app.press(.character("q"), .character("y"))
        #expect(!app.state.quitting)
        #expect(app.state.message?.isError == true)
        #expect(app.state.message?.text.hasPrefix("cannot save to \(target.path)") == true)
    }

    @Test func theHeatmapRefreshesWhenTheWeightsChange() throws {
        let workbench = try TUIFixtures.tinyWorkbench(epochs: 2)
        let app = TUIFixtures.app(workbench)
        let before = app.state.probe
        #expect(before.rows == 8)
        workbench.session.train(toEpoch: 2)
        workbench.session.waitUntilIdle()
        #expect(app.poll())
        #expect(app.state.snapshot.state == .done)
        #expect(app.state.probe.paramsVersion == app.state.snapshot.paramsVersion)
        #expect(app.state.probe.values != before.values)
        #expect(!app.poll(), "an unchanged snapshot is not sent again")
    }

    @Test func openingACheckpointPausedDoesNotTrain() throws {
        let workbench = try TUIFixtures.trainedWorkbench()
        let done = workbench.session.snapshot().epoch
        var config = workbench.session.config
        config.epochs = done + 1
        let more = try Workbench.open(config: config, corpus: .file(Fixtures.timeMachineURL.path), checkpoint: TUIFixtures.trainedCheckpoint)
        more.session.train(toEpoch: done + 1, startPaused: true)
        defer { more.session.stop(); more.session.waitUntilIdle() }
        try waitFor { more.session.snapshot().state == .paused }
        Thread.sleep(forTimeInterval: 0.1)
        let snapshot = more.session.snapshot()
        #expect(snapshot.step == workbench.session.snapshot().step)
        #expect(!snapshot.unsaved)
    }

    /// Polls `condition` every 10 ms for up to `seconds`.
    func waitFor(seconds: Double = 20, _ condition: () -> Bool) throws {
        let deadline = Date().addingTimeInterval(seconds)
        while !condition() {
            guard Date() < deadline else { throw TimedOut() }
            Thread.sleep(forTimeInterval: 0.01)
        }
    }

    struct TimedOut: Error {}
}
