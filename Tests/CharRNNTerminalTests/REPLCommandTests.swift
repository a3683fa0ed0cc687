import CharRNN
import CharRNNTestSupport
import Foundation
import TerminalKit
import Testing
@testable import CharRNNTerminal

/// Sessions and interpreters for the REPL tests.
enum REPLFixture {
    /// The package root: three levels above this file.
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let checkpointURL = root.appendingPathComponent("assets/d2l-rnn.safetensors")

    /// A tiny run that trains in a few milliseconds per epoch.
    static var smallConfig: TrainingConfig {
        var c = TrainingConfig()
        c.hidden = 16
        c.numTrain = 500
        c.numVal = 200
        c.batchSize = 64
        c.epochs = 3
        c.threads = 2
        return c
    }

    /// The committed checkpoint on the shared corpus.
    static func checkpointSession() throws -> Session {
        var config = TrainingConfig()
        config.threads = 2
        return try Session.open(config: config, corpus: .builtInOnly, checkpoint: checkpointURL).session
    }

    static func interpreter(_ session: Session, style: OutputStyle = .plain, scriptMode: Bool = true) -> CommandInterpreter {
        CommandInterpreter(session: session, style: style, scriptMode: scriptMode)
    }

    static func checkpointInterpreter(style: OutputStyle = .plain, scriptMode: Bool = true) throws -> CommandInterpreter {
        interpreter(try checkpointSession(), style: style, scriptMode: scriptMode)
    }
}

extension CommandResult {
    var texts: [String] { lines.map(\.text) }
    var failure: String? {
        if case .failed(let message) = status { return message }
        return nil
    }
}

@Suite struct REPLCommandTests {
    @Test func blankLinesAndCommentsDoNothing() throws {
        let repl = try REPLFixture.checkpointInterpreter()
        for line in ["", "   ", "# predict x", "\t# note"] {
            #expect(repl.execute(line) == CommandResult())
        }
    }

    @Test func onehotPutsTheOnesAtEachCharactersIndex() throws {
        let repl = try REPLFixture.checkpointInterpreter()
        let result = repl.execute(#"onehot "ab z""#)
        #expect(result.status == .ok)
        #expect(result.texts[0] == "one-hot: 4 steps × 28 tokens")
        #expect(result.texts[1].split(separator: " ").joined() == "␠?abcdefghijklmnopqrstuvwxyz")
        let rows = result.texts.dropFirst(2).map { $0.split(separator: " ").map(String.init) }
        #expect(rows.map { $0[0] } == ["a", "b", "␠", "z"])
        #expect(rows.map { $0[1] } == ["2", "3", "0", "27"])
        for row in rows {
            let cells = Array(row.dropFirst(2))
            #expect(cells.count == 28)
            #expect(cells.filter { $0 == "1" }.count == 1)
            #expect(cells.firstIndex(of: "1") == Int(row[1]))
        }
    }

    @Test func onehotReportsUnknownCharacters() throws {
        let repl = try REPLFixture.checkpointInterpreter()
        let result = repl.execute(#"onehot "Hi""#)
        #expect(result.texts[0] == #"note: 1 character not in the vocabulary became <unk>: "H" at 0"#)
        #expect(result.texts[3].hasPrefix("H   1  0 1 0"))
    }

    @Test func vocabListsEveryTokenWithItsCorpusFrequency() throws {
        let session = try REPLFixture.checkpointSession()
        let result = REPLFixture.interpreter(session).execute("vocab")
        let rows = result.texts.dropFirst().dropLast()
        #expect(rows.count == 28)
        for (i, row) in rows.enumerated() {
            let cells = row.split(separator: " ").map(String.init)
            #expect(cells[0] == String(i))
            #expect(cells[2].replacingOccurrences(of: ",", with: "") == String(session.state().frequencies[i]))
        }
        #expect(rows.first!.split(separator: " ")[1] == "␠")
        #expect(rows.dropFirst().first!.split(separator: " ")[1] == "<unk>")
    }

    @Test func predictIsTheSamplersGreedyPrediction() throws {
        let repl = try REPLFixture.checkpointInterpreter()
        let ck = try Checkpoint.read(from: REPLFixture.checkpointURL)
        let sampler = Sampler(params: ck.params, model: ck.model, vocabulary: ck.vocabulary)
        let expected = sampler.predict(prefix: ck.vocabulary.encode("time traveller").ids, count: 30)
        #expect(repl.execute(#"predict "time traveller" 30"#).texts == [expected])
        #expect(repl.execute("predict time").texts[0].count == 4 + CommandInterpreter.defaultLength)
    }

    @Test func greedyStepsChooseWhatPredictDoes() throws {
        let repl = try REPLFixture.checkpointInterpreter()
        let predicted = repl.execute(#"predict "time traveller" 12"#).texts[0]
        #expect(repl.execute("set greedy on").status == .ok)
        var chosen = ""
        for i in 0..<12 {
            let result = repl.execute(i == 0 ? #"step "time traveller""# : "step")
            #expect(result.status == .ok)
            let match = try #require(result.texts[0].firstMatch(of: /chose "(.)" \(id (\d+)\), p ([0-9.]+)/))
            chosen += match.1 == "␠" ? " " : String(match.1)
            // Greedy: the chosen row is rank 1 and marked.
            #expect(result.texts[3].hasPrefix("  →     1"))
        }
        #expect("time traveller" + chosen == predicted)
        let state = repl.session.state()
        #expect(state.vocabulary.decode(state.steps.ids) == predicted)
    }

    @Test func stepShowsProbabilityEntropyAndCandidates() throws {
        let repl = try REPLFixture.checkpointInterpreter()
        let result = repl.execute(#"step "time traveller""#)
        let step = try #require(repl.session.state().steps.last)
        let header = result.texts[0]
        #expect(header.hasPrefix(#"step 1 after "time traveller": chose ""#))
        #expect(header.hasSuffix("p \(String(format: "%.4f", step.chosenProbability))"))
        #expect(result.texts[1] == String(format: "entropy %.4f nats (%.4f bits)", step.entropy, step.entropy / log(2)))
        // Five candidates by decreasing probability, plus the chosen one when it is not among them.
        let rows = result.texts.dropFirst(3)
        let probabilities = rows.map { Double($0.split(separator: " ").first { $0.contains(".") }!)! }
        #expect(probabilities == probabilities.sorted(by: >))
        #expect(rows.count == 5 || (rows.count == 6 && rows.last!.contains("→")))
        #expect(abs(probabilities[0] - Double(step.probabilities.max()!)) < 1e-4)
    }

    @Test func stepContinuesAndResetForgets() throws {
        let repl = try REPLFixture.checkpointInterpreter()
        #expect(repl.execute("step").failure == #"nothing to continue from; start with a prefix, e.g. step "time traveller""#)
        _ = repl.execute("step abc")
        let second = repl.execute("step")
        #expect(second.texts.first { $0.hasPrefix("step 2 after \"abc") } != nil)
        #expect(repl.session.state().steps.ids.count == 5)
        #expect(repl.execute("reset").status == .ok)
        #expect(repl.execute("step").failure != nil)
    }

    @Test func stepListsTopKCandidatesWhenSet() throws {
        let repl = try REPLFixture.checkpointInterpreter()
        _ = repl.execute("set top-k 3")
        let result = repl.execute(#"step "the""#)
        #expect(result.texts[2].contains("drawn p"))
        #expect(result.texts.count == 3 + 3)
    }

    @Test func sampleIsReproducibleAndFollowsItsOptions() throws {
        let repl = try REPLFixture.checkpointInterpreter()
        let a = repl.execute(#"sample "time traveller" 40 seed 3"#)
        let b = repl.execute(#"sample "time traveller" 40 seed 3"#)
        let c = repl.execute(#"sample "time traveller" 40 seed 4"#)
        #expect(a == b && a != c)
        let ck = try Checkpoint.read(from: REPLFixture.checkpointURL)
        let settings = SamplingSettings(temperature: 0.5, topK: 4, topP: 0.9)
        let sampler = Sampler(params: ck.params, model: ck.model, vocabulary: ck.vocabulary, settings: settings, seed: 11)
        sampler.feed(ck.vocabulary.encode("the").ids)
        let expected = "the" + ck.vocabulary.decode(sampler.generate(25))
        #expect(repl.execute("sample the 25 top-p 0.9 temperature 0.5 seed 11 top-k 4").texts == [expected])
    }

    @Test func hiddenShowsTheTraceAsShadesAndOneUnitsValues() throws {
        let repl = try REPLFixture.checkpointInterpreter()
        let ck = try Checkpoint.read(from: REPLFixture.checkpointURL)
        let states = ReferenceRNN(config: ck.model, params: ck.params).states(ck.vocabulary.encode("time").ids)
        let result = repl.execute("hidden time unit 5")
        #expect(result.texts[0] == "h: 32 units × 4 steps")
        #expect(result.texts[2] == "unit  time")
        let palette = Palette.diverging
        for unit in 0..<32 {
            let shades = String(states.map { palette.shade(for: Double(Float($0[unit])), unicode: true) })
            let expected = TextFit.padLeft(String(unit), to: 4) + "  " + shades
            #expect(result.texts[3 + unit] == expected)
        }
        let valueRows = result.texts.suffix(4)
        #expect(result.texts[result.texts.count - 6] == "unit 5 of h:")
        for (t, row) in valueRows.enumerated() {
            let value = try #require(Double(row.split(separator: " ").last!))
            #expect(abs(value - states[t][5]) < 2e-6)
        }
    }

    @Test func hiddenInColourPaintsBackgrounds() throws {
        let repl = try REPLFixture.checkpointInterpreter(style: .color)
        let result = repl.execute("hidden ab")
        let row = result.lines[3]
        #expect(row.spans.count == 3)
        #expect(row.spans.dropFirst().allSatisfy { $0.text == " " && $0.style.background != .default })
    }

    @Test func weightsSummariseEachTensor() throws {
        let repl = try REPLFixture.checkpointInterpreter()
        let params = repl.session.state().training.params
        let all = repl.execute("weights")
        #expect(all.texts.dropFirst().prefix(5).map { String($0.prefix(4)) } == ["W_xh", "W_hh", "b_h ", "W_hq", "b_q "])
        let result = repl.execute("weights b_h")
        #expect(result.texts.count == 2)
        let cells = result.texts[1].split(separator: " ").map(String.init)
        let values = params.tensor("b_h").map(Double.init)
        let mean = values.reduce(0, +) / Double(values.count)
        let std = (values.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(values.count)).squareRoot()
        let norm = values.map { $0 * $0 }.reduce(0, +).squareRoot()
        let expected = [mean, std, values.min()!, values.max()!, norm].map { String(format: "%.4f", $0) }
        #expect(cells == ["b_h", "32"] + expected)
        #expect(repl.execute("weights W_hx").failure?.hasPrefix(#"no tensor "W_hx"; did you mean "W_hh", "W_hq" or "W_xh"?"#) == true)
    }

    @Test func setChangesTheSessionAndTheSampling() throws {
        let repl = try REPLFixture.checkpointInterpreter()
        #expect(repl.execute("set temperature 0.5").texts == ["temperature = 0.5"])
        #expect(repl.execute("set top-k 7").status == .ok)
        #expect(repl.execute("set top-p 0.8").status == .ok)
        #expect(repl.session.state().sampling == SamplingSettings(temperature: 0.5, topK: 7, topP: 0.8))
        #expect(repl.execute("set seed 9").status == .ok)
        #expect(repl.session.state().seed == 9)
        #expect(repl.execute("set lr 0.25").status == .ok)
        #expect(repl.execute("set clip 0").texts == ["clip off (from the next minibatch)"])
        let snap = repl.session.state().training
        #expect(snap.learningRate == 0.25 && snap.clip == 0)
        let config = repl.execute("show config").texts
        #expect(config.contains { $0.firstMatch(of: /^  lr +0\.25$/) != nil })
        #expect(config.contains { $0.firstMatch(of: /^  clip +0$/) != nil })
        #expect(config.contains("  temperature  0.5"))
        #expect(config.contains("  sha1        \(CorpusLocator.timeMachineSHA1)"))
    }

    /// `show config` has a row for every run option of the table, with the run's value.
    @Test func showConfigListsEveryRunOption() throws {
        let repl = try REPLFixture.checkpointInterpreter()
        let lines = repl.execute("show config").texts
        let training = lines.drop { $0 != "training" }.dropFirst().prefix { $0.hasPrefix("  ") }
        let rows = training.map { line in line.split(separator: " ", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) } }
        let config = repl.session.state().config
        #expect(rows.map { $0[0] } == ["vocabulary"] + RunOptions.all.map(\.name))
        for option in RunOptions.all {
            #expect(rows.contains([option.name, option.text(in: config)]), "\(option.name)")
        }
    }

    @Test func quitWarnsAboutUnsavedChangesOnlyAtThePrompt() throws {
        let session = try Session.open(config: REPLFixture.smallConfig, corpus: .builtInOnly, checkpoint: nil).session
        #expect(session.state().training.unsaved)
        #expect(REPLFixture.interpreter(session, scriptMode: true).execute("quit").status == .quit)
        let repl = REPLFixture.interpreter(session, scriptMode: false)
        #expect(repl.execute("quit").texts == ["unsaved changes; `save PATH` or `quit` again"])
        #expect(repl.execute("quit").status == .quit)
        let again = REPLFixture.interpreter(session, scriptMode: false)
        _ = again.execute("quit")
        _ = again.execute("vocab")
        #expect(again.execute("quit").status == .ok)
        #expect(try REPLFixture.checkpointInterpreter(scriptMode: false).execute("quit").status == .quit)
    }

    @Test func saveAndLoadRoundTrip() throws {
        let dir = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("copy.safetensors").path
        let repl = try REPLFixture.checkpointInterpreter(scriptMode: false)
        _ = repl.execute("set lr 0.5")
        let saved = repl.execute("save \(CommandLineTokenizer.quote(path))")
        #expect(saved.texts == ["saved \(path) (epoch 100, step 1000)"])
        let other = REPLFixture.interpreter(try Session.open(config: REPLFixture.smallConfig, corpus: .builtInOnly, checkpoint: nil).session)
        #expect(other.execute("load \(CommandLineTokenizer.quote(path))").texts == ["loaded \(path): 32 hidden units, epoch 100, step 1000"])
        #expect(other.session.state().training.params == repl.session.state().training.params)
        #expect(other.session.state().training.learningRate == 0.5)
        #expect(other.execute(#"predict "time traveller" 30"#) == repl.execute(#"predict "time traveller" 30"#))
    }

    @Test func checkpointErrorsAreOneLine() throws {
        let repl = try REPLFixture.checkpointInterpreter()
        let message = try #require(repl.execute("load /nonexistent/model.safetensors").failure)
        #expect(message.hasPrefix("cannot read checkpoint '/nonexistent/model.safetensors'"))
        #expect(!message.contains("\n"))
        #expect(repl.execute("save /nonexistent/dir/model.safetensors").failure?.hasPrefix("cannot save checkpoint") == true)
    }

    @Test func completionsOfCommandsAndArguments() throws {
        let repl = try REPLFixture.checkpointInterpreter()
        #expect(repl.completions(for: "s") == ["saliency", "sample", "samples", "save", "set", "show", "status", "step", "stop"])
        #expect(repl.completions(for: "pr") == ["predict"])
        #expect(repl.completions(for: "") == CommandInterpreter.commandNames.sorted())
        #expect(repl.completions(for: "help tr") == ["train"])
        #expect(repl.completions(for: "set top") == ["top-k", "top-p"])
        #expect(repl.completions(for: "weights W_") == ["W_hh", "W_hq", "W_xh"])
        #expect(repl.completions(for: "show ") == ["config"])
        #expect(repl.completions(for: "predict ti") == [])
        #expect(repl.completions(for: "xyz") == [])
    }
}
