import CharRNN
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import CharRNNTestSupport
import Foundation
import Testing

/// The built `charrnn` binary, run as a user would.
enum CLI {
    static let root = Fixtures.packageRoot
    static let checkpoint = root.appendingPathComponent("assets/d2l-rnn.safetensors").path
    static let goldenDirectory = root.appendingPathComponent("Tests/CharRNNTerminalTests/Golden")
    /// The small run the training tests share with `charrnn train`.
    static let smallRun = ["--hidden", "16", "--num-train", "500", "--num-val", "200", "--batch-size", "64", "--threads", "2"]

    static let binary = ChildProcess.builtCharrnn

    /// Runs `charrnn ARGS` in `directory` (default: the package root) with
    /// `input` on standard input (a pipe, so not a terminal) and waits for it.
    static func run(_ arguments: [String], input: String = "", directory: URL? = nil) throws -> ChildProcess.Result {
        try ChildProcess.run(arguments, stdin: input, directory: directory)
    }

    /// `val ppl X.XX` of each line that has one.
    static func valPerplexities(_ text: String) -> [String] {
        text.split(separator: "\n").compactMap { $0.firstMatch(of: /val ppl ([0-9.]+)/).map { String($0.1) } }
    }
}

@Suite struct REPLCLITests {
    @Test func vocabAndOnehotOfAPipedScript() throws {
        let run = try CLI.run(["repl", "--checkpoint", CLI.checkpoint], input: "vocab\nonehot \"ab\"\n")
        #expect(run.status == 0)
        #expect(run.stderr.isEmpty)
        let lines = run.stdout.split(separator: "\n").map(String.init)
        let vocabRows = lines.filter { $0.firstMatch(of: /^ *[0-9]+  \S+ +[0-9,]+$/) != nil }
        #expect(vocabRows.count == 28)
        #expect(lines.contains("one-hot: 2 steps × 28 tokens"))
        let onehot = lines.filter { $0.hasPrefix("a ") || $0.hasPrefix("b ") }.map { $0.split(separator: " ").map(String.init) }
        #expect(onehot.count == 2)
        for (row, index) in zip(onehot, [2, 3]) {
            let cells = Array(row.dropFirst(2))
            #expect(row[1] == String(index))
            #expect(cells.count == 28)
            #expect(cells.indices.filter { cells[$0] == "1" } == [index])
        }
        #expect(!run.stdout.contains("charrnn>") && !run.stdout.contains("\u{1B}"))
    }

    @Test func predictMatchesGreedySampleAndGreedySteps() throws {
        let sample = try CLI.run(["sample", "--checkpoint", CLI.checkpoint, "--prefix", "time traveller", "--length", "30", "--greedy"])
        #expect(sample.status == 0)
        let script = "predict \"time traveller\" 30\nset greedy on\nstep \"time traveller\"\n" + String(repeating: "step\n", count: 29)
        let run = try CLI.run(["repl", "--checkpoint", CLI.checkpoint], input: script)
        #expect(run.status == 0)
        let lines = run.stdout.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(lines[0] + "\n" == sample.stdout)
        let chosen = lines.compactMap { $0.firstMatch(of: /^step [0-9]+ after .*: chose "(.)"/).map { $0.1 == "␠" ? " " : String($0.1) } }
        #expect(chosen.count == 30)
        #expect("time traveller" + chosen.joined() == lines[0])
    }

    @Test func aFailingCommandEndsTheScriptWithStatusOne() throws {
        let run = try CLI.run(["repl", "--checkpoint", CLI.checkpoint], input: "predict time 5\nvocab\nfrobnicate 3\npredict other 5\n")
        #expect(run.status == 1)
        #expect(run.stderr == "error: unknown command \"frobnicate\"; `help` lists the commands\n")
        #expect(run.stdout.hasPrefix("time"))
        #expect(run.stdout.contains("28 tokens, 173,428 in the corpus"))
        #expect(!run.stdout.contains("other"))
        let typo = try CLI.run(["repl", "--checkpoint", CLI.checkpoint], input: "trian 2\n")
        #expect(typo.status == 1 && typo.stderr == "error: unknown command \"trian\"; did you mean \"train\"?\n")
    }

    @Test func quitAndEndOfInputSucceed() throws {
        #expect(try CLI.run(["repl", "--checkpoint", CLI.checkpoint], input: "vocab\nquit\nfrobnicate\n").status == 0)
        #expect(try CLI.run(["repl", "--checkpoint", CLI.checkpoint], input: "").status == 0)
        #expect(try CLI.run(["repl", "--checkpoint", CLI.checkpoint], input: "# only a comment\n\n").status == 0)
    }

    @Test func trainStatusAndEvalAgreeWithCharrnnTrain() throws {
        let train = try CLI.run(["train", "--epochs", "2"] + CLI.smallRun)
        #expect(train.status == 0)
        let trained = CLI.valPerplexities(train.stdout)
        try #require(trained.count == 2)

        // In a scratch folder: the unsaved run is saved there at the end.
        let run = try CLI.run(["repl"] + CLI.smallRun, input: "train 2\nstatus\neval\n", directory: try Fixtures.temporaryDirectory())
        #expect(run.status == 0)
        #expect(run.stderr.hasPrefix("charrnn: unsaved training (epoch 2, step 16) saved to "), "\(run)")
        let lines = run.stdout.split(separator: "\n").map(String.init)
        try #require(lines.count >= 3, "\(run)")
        #expect(lines[0].hasPrefix("epoch 1/2  train ppl "))
        #expect(lines[1].hasPrefix("epoch 2/2  train ppl "))
        #expect(lines.contains("epoch      2/2, batch 0/8, step 16"))
        #expect(lines.contains("val ppl    \(trained[1]) (epoch 2)"))
        let eval = try #require(lines.last)
        #expect(eval.hasPrefix("val loss "))
        #expect(CLI.valPerplexities(eval) == [trained[1]])
        // The epoch lines are the training run's, up to the machine's speed.
        let strip = { (line: String) in line.replacing(#/  [0-9,]+ tok\/s.*/#, with: "") }
        #expect(lines.prefix(2).map(strip) == train.stdout.split(separator: "\n").map { strip(String($0)) })
    }

    @Test(arguments: goldenScripts)
    func goldenScriptThroughTheBinary(_ name: String) throws {
        let script = try String(contentsOf: CLI.goldenDirectory.appendingPathComponent("\(name).script"), encoding: .utf8)
        let directive = try #require(script.split(separator: "\n").first).split(separator: " ").map(String.init)
        #expect(directive.starts(with: ["#!", "charrnn", "repl"]))
        let run = try CLI.run(Array(directive.dropFirst(2)), input: script)
        let expected = try String(contentsOf: CLI.goldenDirectory.appendingPathComponent("\(name).out"), encoding: .utf8)
        #expect(Self.normalize(run.stdout + run.stderr) == expected)
        #expect(run.status == (expected.contains("\nerror: ") || expected.hasPrefix("error: ") ? 1 : 0))
    }

    static var goldenScripts: [String] {
        let files = (try? FileManager.default.contentsOfDirectory(atPath: CLI.goldenDirectory.path)) ?? []
        return files.filter { $0.hasSuffix(".script") }.map { String($0.dropLast(".script".count)) }.sorted()
    }

    /// The transcripts above are found: an empty listing would run no case at all.
    @Test func theGoldenScriptsAreFound() {
        #expect(Self.goldenScripts.count >= 4, "\(CLI.goldenDirectory.path)")
    }

    /// The masking of the golden transcripts (see REPLGoldenTests).
    static func normalize(_ text: String) -> String {
        var out = text.replacingOccurrences(of: CLI.root.standardizedFileURL.path, with: "<root>")
        out = out.replacing(/[0-9][0-9,]* tok\/s/, with: "# tok/s")
        out = out.replacing(/[0-9]+\.[0-9]+ s\b/, with: "# s")
        return out
    }

    @Test func errorsOpeningTheSessionAreOneLine() throws {
        let run = try CLI.run(["repl", "--checkpoint", "/nonexistent/model.safetensors"], input: "vocab\n")
        #expect(run.status == 1)
        #expect(run.stdout.isEmpty)
        #expect(run.stderr.hasPrefix("charrnn: error: cannot read checkpoint '/nonexistent/model.safetensors'"))
        #expect(run.stderr.split(separator: "\n").count == 1)
        let bad = try CLI.run(["repl", "--hidden", "0"])
        #expect(bad.status == 2)
        #expect(bad.stderr.contains("--hidden must be positive"))
    }

    /// The run stops after its minibatch and, with no save since, goes to a
    /// new file in the working directory named on the last line.
    @Test func interruptStopsAForegroundTrainingRun() throws {
        let dir = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let child = try ChildProcess(["repl", "--hidden", "16", "--num-train", "500", "--num-val", "50", "--batch-size", "4", "--threads", "1"],
                                     input: .data(Data("train 100000\nstatus\n".utf8)), directory: dir)
        #expect(child.waitFor { out, _ in out.contains("epoch      1/100000") })
        child.send(SIGINT)
        let run = child.wait(timeout: 60)
        #expect(run.status == 130, "\(run)")
        #expect(run.stderr.hasPrefix("error: interrupted: training stopped at epoch "))
        #expect(!run.stdout.contains("state "))
        let saved = run.stderr.split(separator: "\n").last?.firstMatch(of: #/saved '([^']+)'/#).map { URL(fileURLWithPath: String($0.1)) }
        let url = try #require(saved, "\(run.stderr)")
        #expect(url.deletingLastPathComponent().standardizedFileURL.path == dir.standardizedFileURL.path)
        #expect(try Checkpoint.read(from: url).progress.epoch >= 1)
    }

    @Test func helpOfTheSubcommand() throws {
        let run = try CLI.run(["repl", "--help"])
        #expect(run.status == 0)
        #expect(run.stdout.contains("--checkpoint"))
        #expect(run.stdout.contains("--no-color"))
    }
}

extension TmuxSession {
    /// Waits (up to 30 s) until the screen with its scrollback satisfies `condition`; records a failure otherwise.
    func waitFor(_ what: String, _ condition: (String) -> Bool) {
        do { try waitForScreen(seconds: 30, what, history: true, condition) } catch { Issue.record(error) }
    }

    func press(_ keys: String...) throws { try send(keys) }
}

@Suite struct REPLTerminalTests {
    @Test(.enabled(if: TmuxSession.tmuxPath != nil && CLI.binary != nil, "needs tmux and the charrnn binary"))
    func promptHistoryReverseSearchAndColour() throws {
        let binary = try #require(CLI.binary).path
        let session = try TmuxSession { _ in
            "cd '\(CLI.root.path)' && env -u NO_COLOR '\(binary)' repl --checkpoint '\(CLI.checkpoint)'; echo \"repl exited with $?\"; sleep 120"
        }
        let predicted = try Fixtures.assetPrediction("time traveller", 30)
        func count(_ text: String, _ screen: String) -> Int { screen.components(separatedBy: text).count - 1 }

        session.waitFor("the greeting and the prompt") {
            $0.hasPrefix("32 hidden units, epoch 100 (d2l-rnn.safetensors). `help` lists the commands; `quit` or Ctrl-D leaves.\ncharrnn>")
        }
        try session.type(#"predict "time traveller" 30"#)
        try session.press("Enter")
        session.waitFor("the prediction") { $0.contains("\n\(predicted)") }

        // Up recalls the line; Enter runs it again.
        try session.press("Up")
        session.waitFor("the recalled line") { count(#"charrnn> predict "time traveller" 30"#, $0) == 2 }
        try session.press("Enter")
        session.waitFor("the second prediction") { count("\n\(predicted)", $0) == 2 }

        try session.type("vocab")
        try session.press("Enter")
        session.waitFor("the vocabulary") { $0.contains("28 tokens, 173,428 in the corpus") }

        // Ctrl-R finds the last line containing the query.
        try session.press("C-r")
        try session.type("pred")
        session.waitFor("the reverse search") { $0.contains(#"(reverse-i-search)`pred': predict "time traveller" 30"#) }
        try session.press("Enter")
        session.waitFor("the third prediction") { count("\n\(predicted)", $0) == 3 }

        // Errors do not end the session; output is coloured.
        try session.type("trian 2")
        try session.press("Enter")
        session.waitFor("the suggestion") { $0.contains(#"unknown command "trian"; did you mean "train"?"#) }
        #expect(try session.screen(history: true, escapes: true).contains("\u{1B}[1mindex  token  frequency"))

        try session.type("quit")
        try session.press("Enter")
        session.waitFor("the exit") { $0.contains("repl exited with 0") }
    }

    /// Tab completes a command name, lists the `set` keys it cannot choose
    /// between, and completes a file path folder by folder.
    @Test(.enabled(if: TmuxSession.tmuxPath != nil && CLI.binary != nil, "needs tmux and the charrnn binary"))
    func tabCompletesCommandsSettingsAndPaths() throws {
        let binary = try #require(CLI.binary).path
        let session = try TmuxSession { _ in
            "cd '\(CLI.root.path)' && '\(binary)' repl --checkpoint '\(CLI.checkpoint)'; echo \"repl exited with $?\"; sleep 120"
        }
        session.waitFor("the prompt") { $0.contains("charrnn>") }
        try session.type("pre")
        try session.press("Tab")
        session.waitFor("the completed command") { $0.contains("charrnn> predict") }
        try session.type(#""time traveller" 10"#)
        try session.press("Enter")
        let predicted = try Fixtures.assetPrediction("time traveller", 10)
        session.waitFor("the prediction") { $0.contains("\n\(predicted)") }

        try session.type("set t")
        try session.press("Tab")
        session.waitFor("the set keys starting with t") { $0.contains("temperature top-k top-p") }
        try session.press("C-u")

        try session.type("load ass")
        try session.press("Tab")
        session.waitFor("the folder") { $0.contains("charrnn> load assets/") }
        try session.press("Tab")
        session.waitFor("the folder's files") { $0.contains("SOURCE.md") && $0.contains("d2l-rnn.safetensors") && $0.contains("timemachine.txt") }
        try session.type("d")
        try session.press("Tab")
        session.waitFor("the checkpoint file") { $0.contains("charrnn> load assets/d2l-rnn.safetensors") }
        try session.press("Enter")
        session.waitFor("the loaded model") { $0.contains("loaded \(CLI.checkpoint): 32 hidden units, epoch 100, step 1000") }

        try session.type("quit")
        try session.press("Enter")
        session.waitFor("the exit") { $0.contains("repl exited with 0") }
    }
}
