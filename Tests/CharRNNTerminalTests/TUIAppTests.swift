import CharRNN
@testable import CharRNNTerminal
import CharRNNTestSupport
import Foundation
import TerminalKit
import Testing

/// `TUIApp` on real sessions: effects reach the session and its state comes back to the screen.
@Suite struct TUIAppTests {
    @Test func eachStepAddsOneCharacterAndTheHeatmapFollows() throws {
        let app = TUIFixtures.app(try TUIFixtures.trainedSession())
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
        let session = app.session.state()
        #expect(session.steps.prefix == "it has" && Array(session.steps.generated) == app.state.prompt.generated)
    }

    @Test func greedyStepsMatchTheBooksPredict() throws {
        let app = TUIFixtures.app(try TUIFixtures.trainedSession())
        app.press(.character("g"), .character("N"))
        #expect(app.state.prompt.generated.count == 50)
        let text = app.state.prompt.prefix + app.state.model.vocabulary.decode(app.state.prompt.generated)
        guard case .generated(let predicted, _) = app.session.perform(.generate(prefix: "the time traveller", count: 50, settings: .greedy, seed: nil)) else {
            Issue.record("no prediction")
            return
        }
        #expect(text == predicted)
    }

    @Test func editingThePrefixDropsTheGeneratedText() throws {
        let app = TUIFixtures.app(try TUIFixtures.trainedSession())
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
        let app = TUIFixtures.app(try TUIFixtures.trainedSession())
        app.press(.tab, .tab, .control("u"))
        app.type("The")
        #expect(app.state.message?.isError == true)
        #expect(app.state.message?.text.contains("'T' at 0") == true)
        #expect(app.state.probe.ids.first == app.state.model.vocabulary.unknownIndex)
        app.press(.enter)
        #expect(app.state.prompt.generated.count == 1)
    }

    @Test func theCommandLineRunsTheREPLsCommands() throws {
        let app = TUIFixtures.app(try TUIFixtures.trainedSession())
        app.press(.character(":"))
        app.type("frobnicate now")
        app.press(.enter)
        #expect(app.state.message == StatusMessage(#"unknown command "frobnicate"; `help` lists the commands"#, isError: true))
        // A command that moves the step sequence moves the prompt with it.
        app.press(.character(":"))
        app.type(#"step "it was""#)
        app.press(.enter)
        #expect(app.state.prompt.prefix == "it was")
        #expect(app.state.prompt.generated.count == 1)
        #expect(app.state.probe.columns == 7)
        // `:reset` forgets the sequence; the prompt starts it again on its text.
        app.press(.escape, .character(":"))
        app.type("reset")
        app.press(.enter)
        #expect(app.state.prompt.prefix == "it was" && app.state.prompt.generated.isEmpty)
        #expect(app.state.probe.columns == 6)
    }

    /// `:eval` runs off the UI thread: the state says it is running, Esc
    /// cancels it, and otherwise the result comes back as a message.
    @Test func evalRunsInTheBackgroundAndEscCancelsIt() throws {
        let app = TUIFixtures.app(try TUIFixtures.trainedSession())
        app.send(.key(.character(":")))
        for ch in "eval" { app.send(.key(.character(ch))) }
        app.send(.key(.enter))
        let pending = try #require(app.state.pending)
        #expect(pending.line == "eval" && pending.cancellable)
        #expect(app.state.message == StatusMessage("eval running… (Esc cancels)"))
        app.send(.key(.escape))
        app.settle()
        #expect(app.state.pending == nil)
        let cancelled = app.state.message
        #expect(cancelled == StatusMessage("cancelled", isError: true) || cancelled?.text.hasPrefix("val loss ") == true,
                "cancelled, unless it finished first: \(String(describing: cancelled))")

        app.press(.character(":"))
        app.type("eval")
        app.press(.enter)
        #expect(app.state.pending == nil)
        #expect(app.state.message?.text.hasPrefix("val loss 1.9977  val ppl 7.37") == true, "\(String(describing: app.state.message))")
    }

    @Test func savingWhilePausedWritesTheCheckpointAndQuits() throws {
        let folder = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let target = folder.appendingPathComponent("tui.safetensors")
        // Far more epochs than the test lasts, so the run is still going when space pauses it.
        let session = try TUIFixtures.tinySession(epochs: 1_000_000)
        defer { session.close() }
        let app = TUIFixtures.app(session, savePath: target)
        // Through the channel the app takes its events from, so it sees the run start.
        session.send(.train(toEpoch: 1_000_000))
        app.settle()
        app.press(.character(" "))
        #expect(app.state.snapshot.state == .paused)
        #expect(app.state.snapshot.unsaved)
        app.press(.character("q"))
        #expect(app.state.overlay == .quitConfirm)
        app.press(.character("y"))
        #expect(app.state.quitting)
        #expect(app.state.message == StatusMessage("saved to \(target.path)"))
        let checkpoint = try Checkpoint.read(from: target)
        #expect(checkpoint.progress.step == session.state().training.step)
        #expect(!session.state().training.unsaved)
    }

    @Test func aFailedSaveIsReportedAndDoesNotQuit() throws {
        let target = URL(fileURLWithPath: "/nonexistent-\(UUID().uuidString)/model.safetensors")
        let app = TUIFixtures.app(try TUIFixtures.tinySession(), savePath: target)
        #expect(app.state.snapshot.unsaved)
        app.press(.character("q"), .character("y"))
        #expect(!app.state.quitting)
        #expect(app.state.message?.isError == true)
        #expect(app.state.message?.text.hasPrefix("cannot save to \(target.path)") == true)
        #expect(app.state.pending == nil, "the save no longer shows as running")
    }

    @Test func theHeatmapRefreshesWhenTheWeightsChange() throws {
        let session = try TUIFixtures.tinySession(epochs: 2)
        let app = TUIFixtures.app(session)
        let before = app.state.probe
        #expect(before.rows == 8)
        session.send(.train(toEpoch: 2))
        session.send(.waitForRun)
        app.settle()
        #expect(app.state.snapshot.state == .done)
        #expect(app.state.probe.paramsVersion == app.state.snapshot.paramsVersion)
        #expect(app.state.probe.values != before.values)
        #expect(!app.handleSessionEvents(), "nothing more to show")
    }

    @Test func openingACheckpointPausedDoesNotTrain() throws {
        let trained = try TUIFixtures.trainedSession()
        let done = trained.state().training.epoch
        var config = trained.state().config
        config.epochs = done + 1
        let more = try Session.open(config: config, corpus: .file(Fixtures.timeMachineURL.path), checkpoint: TUIFixtures.trainedCheckpoint).session
        defer { more.close() }
        try more.run(.train(toEpoch: done + 1, paused: true))
        let snapshot = more.state().training
        #expect(snapshot.state == .paused)
        #expect(snapshot.step == trained.state().training.step)
        #expect(!snapshot.unsaved)
        try more.run(.stop)
        #expect(more.state().training.step == trained.state().training.step, "a run stopped while paused trains nothing")
    }
}

/// Tab on the `:` line completes from the REPL's completions, and lists them when it cannot choose.
@Suite struct TUICommandCompletionTests {
    @Test func tabCompletesCommandsSettingsAndPaths() throws {
        let app = TUIFixtures.app(try TUIFixtures.trainedSession())
        app.press(.character(":"))
        app.type("se")
        app.press(.tab)
        #expect(app.state.commandLine?.string == "set ")
        app.type("to")
        app.press(.tab)
        #expect(app.state.commandLine?.string == "set top-")
        app.press(.tab)
        #expect(app.state.commandLine?.string == "set top-")
        #expect(app.state.commandCandidates == ["top-k", "top-p"])
        let screen = AppView.render(app.state)
        let row = app.state.layout.bottom.y - 1
        #expect(screen.text(y: row, from: 0, to: 20).hasPrefix(" top-k  top-p "))
        app.type("p")
        #expect(app.state.commandCandidates.isEmpty, "typing hides the list")

        let folder = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        try "".write(to: folder.appendingPathComponent("base run.jsonl"), atomically: true, encoding: .utf8)
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("runs"), withIntermediateDirectories: false)
        app.press(.escape, .character(":"))
        app.type("compare \(folder.path)/r")
        app.press(.tab)
        #expect(app.state.commandLine?.string == "compare \(folder.path)/runs/", "a folder is completed with its slash")
    }
}
