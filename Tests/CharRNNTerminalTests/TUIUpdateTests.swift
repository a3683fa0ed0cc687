import CharRNN
import Foundation
@testable import CharRNNTerminal
import TerminalKit
import Testing

/// `AppUpdate.update` on key sequences: focus, typing, quitting, the command line, controls.
@Suite struct TUIUpdateTests {
    @Test func tabCyclesFocusThroughEveryPaneAndShiftTabGoesBack() throws {
        var state = try TUIFixtures.state()
        #expect(state.focus == .curves)
        var seen: [Pane] = []
        for _ in 0..<4 {
            state.press(.tab)
            seen.append(state.focus)
        }
        #expect(seen == [.heatmap, .prompt, .inspector, .curves])
        state.press(.backTab)
        #expect(state.focus == .inspector)
        state.press(.backTab, .backTab)
        #expect(state.focus == .heatmap)
    }

    @Test func typingInThePromptDoesNotTriggerGlobalKeys() throws {
        var state = try TUIFixtures.state()
        state.snapshot.state = .running
        state.snapshot.unsaved = true
        state.press(.tab, .tab)
        #expect(state.isTyping)
        let typed = " qshjkl?:nNgrLEp[]+-"
        let effects = state.type(typed)
        #expect(effects.count == typed.count)
        #expect(effects.allSatisfy { if case .restartSteps = $0 { true } else { false } })
        #expect(effects.last == .restartSteps(prefix: "the time traveller" + typed))
        #expect(state.prompt.prefix == "the time traveller qshjkl?:nNgrLEp[]+-")
        #expect(!state.quitting)
        #expect(state.overlay == nil)
        #expect(state.commandLine == nil)
        #expect(state.curves == CurvesState())
        #expect(state.prompt.sampling == SamplingSettings())
        #expect(state.focus == .prompt)
    }

    @Test func escapeLeavesThePromptForThePaneFocusedBefore() throws {
        var state = try TUIFixtures.state()
        state.press(.tab, .tab)
        #expect(state.focus == .prompt)
        state.press(.escape)
        #expect(state.focus == .heatmap)
        state.type("q")
        #expect(state.prompt.prefix == "the time traveller")
    }

    @Test func functionKeysWorkWhileTyping() throws {
        var state = try TUIFixtures.state()
        state.press(.tab, .tab)
        state.snapshot.state = .running
        #expect(state.press(.function(5)) == [.pauseTraining])
        #expect(state.press(.function(2)) == [.save(thenQuit: false)])
        state.press(.function(1))
        #expect(state.overlay == .help)
        state.press(.character("x"))
        #expect(state.overlay == nil)
        #expect(state.prompt.prefix == "the time traveller", "the key that closes the help is not typed")
        #expect(state.press(.function(10)) == [.quit])
        #expect(state.quitting)
    }

    @Test func enterStepsAndControlKeysGenerateAndResetInThePrompt() throws {
        var state = try TUIFixtures.state()
        state.press(.tab, .tab)
        #expect(state.press(.enter) == [.step(prefix: "the time traveller", count: 1)])
        #expect(state.press(.control("g")) == [.step(prefix: "the time traveller", count: 50)])
        state.prompt.generated = [2, 3]
        #expect(state.press(.control("r")) == [.restartSteps(prefix: "the time traveller")])
        #expect(state.prompt.generated.isEmpty)
        // The sampling keys change the prompt's settings and ask the session for them.
        var settings = state.prompt.sampling
        settings.greedy.toggle()
        #expect(state.press(.function(6)) == [.setSampling(settings)])
        #expect(state.prompt.sampling == settings)
    }

    @Test func quittingWithUnsavedWeightsAsksFirst() throws {
        var state = try TUIFixtures.state()
        state.snapshot.unsaved = true
        #expect(state.press(.character("q")).isEmpty)
        #expect(state.overlay == .quitConfirm)
        state.press(.character("z"))
        #expect(state.overlay == .quitConfirm, "other keys leave the question open")
        state.press(.character("c"))
        #expect(state.overlay == nil)
        #expect(!state.quitting)

        state.press(.character("q"))
        #expect(state.press(.character("y")) == [.save(thenQuit: true)])
        #expect(!state.quitting, "quits only once the save succeeded")
        let url = URL(fileURLWithPath: "/tmp/x.safetensors")
        #expect(AppUpdate.update(&state, .saved(url, thenQuit: true)) == [.quit])
        #expect(state.quitting)

        var other = try TUIFixtures.state()
        other.snapshot.unsaved = true
        other.press(.function(10))
        #expect(other.press(.character("n")) == [.quit])
        #expect(other.quitting)
    }

    @Test func quittingWithSavedWeightsLeavesAtOnce() throws {
        var state = try TUIFixtures.state()
        state.snapshot.unsaved = false
        #expect(state.press(.character("q")) == [.quit])
        #expect(state.quitting)
        #expect(state.press(.character("q")).isEmpty, "nothing happens after quitting")
    }

    @Test func spaceStartsPausesOrResumesByTheRunState() throws {
        var state = try TUIFixtures.state()
        let expected: [(TrainingSnapshot.RunState, [AppEffect])] = [
            (.idle, [.startTraining]), (.running, [.pauseTraining]), (.paused, [.resumeTraining]), (.done, []),
        ]
        for (run, effects) in expected {
            state.snapshot.state = run
            #expect(state.press(.character(" ")) == effects, "\(run)")
        }
        #expect(state.message?.text.contains("done") == true)
    }

    @Test func commandLineRunsTheEnteredLineAndEscapeClosesIt() throws {
        var state = try TUIFixtures.state()
        state.press(.character(":"))
        #expect(state.commandLine != nil)
        state.type("set lr 0.5")
        #expect(state.press(.enter) == [.runCommand("set lr 0.5")])
        #expect(state.commandLine == nil)
        state.press(.character(":"))
        state.type("q")
        #expect(!state.quitting, "q on the command line is text")
        state.press(.escape)
        #expect(state.commandLine == nil)
        state.press(.character(":"), .up)
        #expect(state.commandLine?.string == "set lr 0.5", "Up recalls the last command")
    }

    @Test func commandResultsBecomeMessagesOrAPopup() throws {
        var state = try TUIFixtures.state()
        _ = AppUpdate.update(&state, .commandFinished(command: "x", result: CommandResult(status: .failed(message: "unknown command 'x'"))))
        #expect(state.message == StatusMessage("unknown command 'x'", isError: true))
        let lines = CommandResult(lines: [OutputLine("a"), OutputLine("b")])
        _ = AppUpdate.update(&state, .commandFinished(command: "show", result: lines))
        #expect(state.overlay == .commandOutput(command: "show", result: lines))
        state.press(.escape)
        #expect(state.overlay == nil)
        state.snapshot.unsaved = true
        _ = AppUpdate.update(&state, .commandFinished(command: "quit", result: CommandResult(status: .quit)))
        #expect(state.overlay == .quitConfirm)
    }

    @Test func samplingControlsStayInTheirRanges() throws {
        var state = try TUIFixtures.state()
        for _ in 0..<100 { state.press(.character("-")) }
        #expect(state.prompt.sampling.temperature == 0.1)
        state.press(.character("+"), .character("+"))
        #expect(abs(state.prompt.sampling.temperature - 0.3) < 1e-9)
        state.press(.character("["))
        #expect(state.prompt.sampling.topK == 0)
        for _ in 0..<100 { state.press(.character("]")) }
        #expect(state.prompt.sampling.topK == state.model.vocabulary.count)
        state.press(.character("g"))
        #expect(state.prompt.sampling.greedy)
        state.press(.tab, .tab, .function(6), .up, .pageDown)
        #expect(!state.prompt.sampling.greedy)
        #expect(abs(state.prompt.sampling.temperature - 0.4) < 1e-9)
        #expect(state.prompt.sampling.topK == state.model.vocabulary.count - 1)
    }

    @Test func heatmapCursorStaysOnTheGridAndInView() throws {
        var state = try TUIFixtures.state(width: 80, height: 24)
        state.press(.tab)
        #expect(state.focus == .heatmap)
        state.press(.character("k"), .character("h"))
        #expect(state.heatmap.cursor == GridPosition.zero)
        for _ in 0..<100 { state.press(.character("j")) }
        #expect(state.heatmap.cursor.row == state.model.hidden - 1)
        let layout = state.layout
        let visible = HiddenStateView.heatmap(state).viewport(in: layout.heatmapGrid, theme: state.theme).rows
        #expect(state.heatmap.scroll.row == state.model.hidden - visible)
        state.press(.end)
        #expect(state.heatmap.cursor.column == state.probeIDs.count - 1)
        state.press(.pageUp)
        #expect(state.heatmap.cursor.row == state.model.hidden - 1 - visible)
    }

    @Test func inspectorSelectionMovesAndScrolls() throws {
        var state = try TUIFixtures.state(width: 80, height: 24)
        state.press(.backTab)
        #expect(state.focus == .inspector)
        state.press(.end)
        let v = state.model.vocabulary.count
        #expect(state.inspector.selected == v - 1)
        let rows = state.layout.inspectorListRows
        #expect(state.inspector.scroll == v - rows)
        state.press(.home, .character("j"), .character("l"), .character("l"))
        #expect(state.inspector.selected == 1)
        #expect(state.inspector.unit == 2)
        #expect(state.inspector.scroll == 0)
    }

    @Test func curveTogglesShowInTheState() throws {
        var state = try TUIFixtures.state()
        state.press(.character("L"), .character("E"), .character("p"))
        #expect(state.curves.logLoss && !state.curves.logPerplexity, "L puts each chart on its other scale")
        #expect(state.curves.smoothing)
        #expect(state.curves.charts == .loss)
    }
}
