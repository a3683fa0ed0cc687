import CharRNN
import Foundation
import Testing
@testable import CharRNNTerminal

/// Golden transcripts: each `Golden/NAME.script` runs through the interpreter
/// in plain script mode, and its output must equal `Golden/NAME.out` exactly.
///
/// A script's first line, `#! charrnn repl OPTIONS`, gives the options it
/// runs with (the CLI tests pipe the same scripts into the real binary with
/// those options). The transcript is what the binary prints: the output lines
/// and, at the first failing command, `error: MESSAGE`. Figures that depend on
/// the machine rather than the model are masked: tokens per second (`# tok/s`),
/// durations (`# s`), and the package's path (`<root>`). The corpus is always
/// the built-in Time Machine, whatever the caller's environment.
///
/// The numbers come from `assets/d2l-rnn.safetensors` and fixed seeds. After
/// regenerating that checkpoint (or changing an output format), rewrite the
/// expected files with `CHARRNN_UPDATE_GOLDEN=1 swift test --filter REPLGoldenTests`
/// and review the diff.
@Suite struct REPLGoldenTests {
    static let directory = REPLFixture.root.appendingPathComponent("Tests/CharRNNTerminalTests/Golden")
    static let updating = ProcessInfo.processInfo.environment["CHARRNN_UPDATE_GOLDEN"] == "1"

    static var scriptNames: [String] {
        let files = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        return files.filter { $0.hasSuffix(".script") }.map { String($0.dropLast(".script".count)) }.sorted()
    }

    @Test func everyScriptHasATranscript() {
        #expect(Self.scriptNames.count >= 4)
        for name in Self.scriptNames {
            #expect(FileManager.default.fileExists(atPath: Self.directory.appendingPathComponent("\(name).out").path), "\(name).out")
        }
    }

    @Test(arguments: scriptNames)
    func transcript(_ name: String) throws {
        let script = try String(contentsOf: Self.directory.appendingPathComponent("\(name).script"), encoding: .utf8)
        let options = try GoldenOptions(directive: script.split(separator: "\n").first.map(String.init) ?? "")
        let session = try Session.open(config: options.config, corpus: .builtInOnly, checkpoint: options.checkpoint).session
        let interpreter = CommandInterpreter(session: session, style: .plain, scriptMode: true)
        var transcript = ""
        for line in script.split(separator: "\n", omittingEmptySubsequences: false) {
            let result = interpreter.execute(String(line))
            for output in result.lines { transcript += output.text + "\n" }
            if case .failed(let message) = result.status {
                transcript += "error: \(message)\n"
                break
            }
            if result.status == .quit { break }
        }
        let actual = Self.normalize(transcript)
        let expectedURL = Self.directory.appendingPathComponent("\(name).out")
        if Self.updating {
            try actual.write(to: expectedURL, atomically: true, encoding: .utf8)
            return
        }
        let expected = try String(contentsOf: expectedURL, encoding: .utf8)
        #expect(actual == expected, "\(name): differs from \(name).out (CHARRNN_UPDATE_GOLDEN=1 rewrites it)")
        if actual != expected {
            let a = actual.split(separator: "\n", omittingEmptySubsequences: false)
            let e = expected.split(separator: "\n", omittingEmptySubsequences: false)
            if let i = zip(a, e).enumerated().first(where: { $0.element.0 != $0.element.1 })?.offset {
                Issue.record("first difference at line \(i + 1):\n  expected: \(e[i])\n  actual:   \(a[i])")
            }
        }
    }

    /// Masks what depends on the machine: speeds, durations and paths.
    static func normalize(_ text: String) -> String {
        var out = text.replacingOccurrences(of: REPLFixture.root.standardizedFileURL.path, with: "<root>")
        out = out.replacing(/[0-9][0-9,]* tok\/s/, with: "# tok/s")
        out = out.replacing(/[0-9]+\.[0-9]+ s\b/, with: "# s")
        return out
    }

    @Test func normalizationMasksOnlyMachineFigures() {
        let line = "epoch 2/2  train ppl 16.13  val ppl 16.42  1,780,648 tok/s  0.02 s"
        #expect(Self.normalize(line) == "epoch 2/2  train ppl 16.13  val ppl 16.42  # tok/s  # s")
        #expect(Self.normalize("time  elapsed 9.15 s, eta 1.20 s") == "time  elapsed # s, eta # s")
        #expect(Self.normalize("\(REPLFixture.root.path)/x.st") == "<root>/x.st")
    }
}

/// The options of a golden script's `#! charrnn repl …` line.
struct GoldenOptions {
    var config = TrainingConfig()
    var checkpoint: URL?

    struct BadDirective: Error, CustomStringConvertible {
        var description: String
    }

    init(directive: String) throws {
        let words = directive.split(separator: " ").map(String.init)
        guard words.starts(with: ["#!", "charrnn", "repl"]) else {
            throw BadDirective(description: "a golden script starts with `#! charrnn repl OPTIONS`, not \(directive)")
        }
        var options: [String] = []
        var rest = words.dropFirst(3).makeIterator()
        while let word = rest.next() {
            guard word == "--checkpoint" else {
                options.append(word)
                continue
            }
            guard let path = rest.next() else { throw BadDirective(description: "--checkpoint needs a value") }
            checkpoint = REPLFixture.root.appendingPathComponent(path)
        }
        do {
            config = try RunOptionArguments(parsing: options).config()
        } catch {
            throw BadDirective(description: error.description)
        }
    }
}
