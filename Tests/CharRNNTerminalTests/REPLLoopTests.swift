import CharRNN
import Foundation
import TerminalKit
import CharRNNTestSupport
import Testing
@testable import CharRNNTerminal

/// A REPL loop fed from a list of lines, with its output captured.
private final class ScriptedIO {
    var input: [String]
    var prompts: [String] = []
    var output = ""
    var errors = ""

    init(_ input: [String]) { self.input = input }

    var io: REPLLoop.IO {
        REPLLoop.IO(
            readLine: { [self] prompt in
                prompts.append(prompt)
                // "^D" stands for the end of input (Ctrl-D) before the last line.
                guard !input.isEmpty, input[0] != "^D" || { input.removeFirst(); return false }() else { return nil }
                return input.removeFirst()
            },
            writeOutput: { [self] in output += $0 },
            writeError: { [self] in errors += $0 })
    }
}

@Suite struct REPLLoopTests {
    private func run(_ lines: [String], scriptMode: Bool, style: OutputStyle = .plain) throws -> (status: Int32, io: ScriptedIO) {
        let scripted = ScriptedIO(lines)
        let interpreter = try REPLFixture.checkpointInterpreter(style: style, scriptMode: scriptMode)
        let status = REPLLoop(interpreter: interpreter, io: scripted.io).run()
        return (status, scripted)
    }

    @Test func aScriptRunsEveryLineWithoutPrompt() throws {
        let (status, io) = try run(["# inspect", #"predict "time traveller" 30"#, "", "onehot a"], scriptMode: true)
        #expect(status == 0)
        #expect(io.prompts.allSatisfy { $0.isEmpty })
        #expect(io.output.hasPrefix(try Fixtures.assetPrediction("time traveller", 30) + "\none-hot: 1 steps × 28 tokens\n"))
        #expect(io.errors.isEmpty)
    }

    @Test func aScriptStopsAtTheFirstFailingCommand() throws {
        let (status, io) = try run(["predict time 5", "trian 2", "predict time 5"], scriptMode: true)
        #expect(status == 1)
        #expect(io.output.split(separator: "\n").count == 1)
        #expect(io.errors == "error: unknown command \"trian\"; did you mean \"train\"?\n")
        #expect(io.input == ["predict time 5"])
    }

    @Test func quitEndsAScriptWithSuccess() throws {
        let (status, io) = try run(["quit", "trian"], scriptMode: true)
        #expect(status == 0)
        #expect(io.input == ["trian"])
        #expect(io.errors.isEmpty)
    }

    @Test func thePromptGoesOnAfterErrors() throws {
        let (status, io) = try run(["trian", "predict", "predict time 5"], scriptMode: false)
        #expect(status == 0)
        #expect(io.prompts == Array(repeating: REPLLoop.prompt, count: 4))
        #expect(io.errors == "error: unknown command \"trian\"; did you mean \"train\"?\nerror: missing PREFIX; usage: predict PREFIX [N]\n")
        #expect(io.output.hasPrefix("32 hidden units, epoch 100 (d2l-rnn.safetensors). `help` lists the commands; `quit` or Ctrl-D leaves.\ntime "))
    }

    @Test func colourOutputUsesEscapeSequences() throws {
        let (_, io) = try run(["vocab", "oops"], scriptMode: false, style: .color)
        #expect(io.output.contains("\n\u{1B}[1mindex  token  frequency\u{1B}[0m\n"))
        #expect(io.errors == "\u{1B}[1;38;5;1merror:\u{1B}[0m unknown command \"oops\"; `help` lists the commands\n")
    }

    @Test func epochLinesOfABackgroundRunComeBeforeThePrompt() throws {
        let scripted = ScriptedIO(["train 1", "# wait", "status", "quit!"])
        let session = try Session.open(config: REPLFixture.smallConfig, corpus: .builtInOnly, checkpoint: nil).session
        let interpreter = REPLFixture.interpreter(session, scriptMode: false)
        var io = scripted.io
        let read = io.readLine
        io.readLine = { prompt in
            _ = session.perform(.waitForRun)
            return read(prompt)
        }
        #expect(REPLLoop(interpreter: interpreter, io: io).run() == 0)
        let lines = scripted.output.split(separator: "\n").dropFirst().map(String.init)
        #expect(lines[0] == "training 1 epoch in the background (to epoch 1); `status` to watch")
        #expect(lines[1].hasPrefix("epoch 1/1  train ppl "))
        #expect(lines[2] == "training done: epoch 1/1")
        #expect(lines[3] == "state      done")
    }

    @Test func atThePromptLoadAndLeavingOverUnsavedTrainingAsk() throws {
        let session = try Session.open(config: REPLFixture.smallConfig, corpus: .builtInOnly, checkpoint: nil).session
        let interpreter = REPLFixture.interpreter(session, scriptMode: false)
        try session.train(toEpoch: 1)
        let step = session.state().training.step
        let asset = REPLFixture.checkpointURL.path
        // Load: no; quit: cancel; Ctrl-D: no (leave without saving).
        let scripted = ScriptedIO(["load \(asset)", "n", "quit", "c", "status", "^D", "n"])
        #expect(REPLLoop(interpreter: interpreter, io: scripted.io).run() == 0)
        let what = "unsaved training (epoch 1, step \(step))"
        #expect(scripted.prompts[1] == "\(what) would be lost; load anyway? [y/N] ")
        #expect(session.state().model.hidden == 16, "the load was declined")
        #expect(scripted.prompts[3].hasPrefix("\(what): save it to "))
        #expect(scripted.prompts[3].hasSuffix(".safetensors before leaving? [y]es/[n]o/[c]ancel "))
        #expect(scripted.output.contains("state      done"), "cancel stayed at the prompt")
        #expect(scripted.prompts[6].hasPrefix("\(what): save it to "), "Ctrl-D asks too")
        #expect(scripted.input.isEmpty && scripted.errors.isEmpty)
    }

    @Test func ansiRendering() {
        let line = OutputLine(spans: [
            .init("a"), .init("b", style: .bold), .init(" ", style: Style(background: .indexed(124))),
            .init("c", style: Style(foreground: .indexed(2), dim: true, reverse: true, underline: true)),
        ])
        #expect(ANSIText.render(line) == "a\u{1B}[1mb\u{1B}[0m\u{1B}[48;5;124m \u{1B}[0m\u{1B}[2;4;7;38;5;2mc\u{1B}[0m")
        #expect(ANSIText.render(OutputLine("plain")) == "plain")
    }
}
