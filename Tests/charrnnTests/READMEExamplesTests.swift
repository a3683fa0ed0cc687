import CharRNNTestSupport
import Foundation
import Testing

/// The README's examples, run: every command whose output the README shows is
/// run by the built `charrnn`, and its output compared, as doctests do.
///
/// In README.md an example is a fenced block of `$ command` lines, each
/// followed by its output:
/// - ```` ```console test ````: run with `/bin/sh -c` from the package root,
///   `charrnn` on the `PATH`, in the pinned environment; standard output then
///   standard error must equal the lines shown, and the status must be 0 (an
///   example that shows a failure ends with `; echo "exit $?"`). A line `…`
///   stands for any lines, a line ending in `…` for any line it begins.
/// - ```` ```console varies ````: figures of this machine (speed, timings, a
///   live screen), shown but not run.
/// A block with `$ ` lines and neither mark fails the test, so no example
/// escapes. Sampled text and REPL output from the shipped asset are
/// deterministic, so a remade asset fails here until the README follows it.
@Suite struct READMEExamplesTests {
    struct Example: CustomStringConvertible, Sendable {
        var line: Int
        var command: String
        var expected: [String]
        var description: String { "README.md:\(line): $ \(command)" }
    }

    static let readme = Fixtures.packageRoot.appendingPathComponent("README.md")

    /// The blocks of `text`: the fence's info string, the line after the fence, and the lines inside.
    static func blocks(_ text: String) -> [(info: String, line: Int, body: [String])] {
        var blocks: [(info: String, line: Int, body: [String])] = []
        var open: (info: String, line: Int, body: [String])?
        for (index, line) in text.components(separatedBy: "\n").enumerated() {
            if line.hasPrefix("```") {
                if let block = open {
                    blocks.append(block)
                    open = nil
                } else {
                    open = (String(line.dropFirst(3)).trimmingCharacters(in: .whitespaces), index + 2, [])
                }
            } else {
                open?.body.append(line)
            }
        }
        return blocks
    }

    /// The `$ ` commands of a block with their expected output.
    static func examples(in block: (info: String, line: Int, body: [String])) -> [Example] {
        var examples: [Example] = []
        for (offset, line) in block.body.enumerated() {
            if line.hasPrefix("$ ") {
                examples.append(Example(line: block.line + offset, command: String(line.dropFirst(2)), expected: []))
            } else if !examples.isEmpty {
                examples[examples.count - 1].expected.append(line)
            }
        }
        return examples
    }

    static let tested: [Example] = {
        guard let text = try? String(contentsOf: readme, encoding: .utf8) else { return [] }
        return blocks(text).filter { $0.info == "console test" }.flatMap(examples)
    }()

    /// Whether `actual` matches `expected`, with `…` lines and line ends as wildcards.
    static func matches(_ actual: ArraySlice<String>, _ expected: ArraySlice<String>) -> Bool {
        guard let first = expected.first else { return actual.isEmpty }
        if first == "…" {
            return (actual.startIndex...actual.endIndex).contains { matches(actual[$0...], expected.dropFirst()) }
        }
        guard let line = actual.first else { return false }
        let fits = first.hasSuffix("…") ? line.hasPrefix(first.dropLast()) : line == first
        return fits && matches(actual.dropFirst(), expected.dropFirst())
    }

    /// The release binary when it is as new as the sources (what CI builds), else the one beside the tests.
    static var binary: URL { ChildProcess.freshReleaseCharrnn ?? ChildProcess.charrnn }

    @Test func everyShownCommandIsMarked() throws {
        let text = try String(contentsOf: Self.readme, encoding: .utf8)
        for block in Self.blocks(text) where block.body.contains(where: { $0.hasPrefix("$ ") }) {
            #expect(["console test", "console varies"].contains(block.info),
                    "README.md:\(block.line): a block with commands is marked ```console test (run) or ```console varies (machine figures)")
        }
        // The shipped asset's outputs are among the examples run, so a remade asset fails until the README follows.
        #expect(Self.tested.contains { $0.command.contains("repl --checkpoint assets/d2l-rnn.safetensors") })
        #expect(Self.tested.contains { $0.command.hasPrefix("charrnn sample") && !$0.command.contains("--checkpoint") })
    }

    @Test(arguments: tested) func exampleRuns(_ example: Example) throws {
        let folder = Self.binary.deletingLastPathComponent().path
        let path = folder + ":" + (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin")
        let r = try ChildProcess(["-c", "{ \(example.command)\n} 2>&1"], executable: URL(fileURLWithPath: "/bin/sh"),
                                 environment: ["PATH": path], directory: Fixtures.packageRoot).wait(timeout: 60)
        var actual = r.stdout.components(separatedBy: "\n")
        if actual.last == "" { actual.removeLast() }
        var expected = example.expected
        while expected.last == "" { expected.removeLast() }
        #expect(r.status == 0, "\(example) (\(Self.binary.path)): \(r)")
        #expect(Self.matches(actual[...], expected[...]),
                "\(example) (\(Self.binary.path)) printed:\n\(actual.joined(separator: "\n"))\n--- the README shows:\n\(expected.joined(separator: "\n"))")
    }

    @Test func wildcardsMatchAsDocumented() {
        #expect(Self.matches(["a", "b", "c"][...], ["a", "…", "c"][...]))
        #expect(Self.matches(["a", "c"][...], ["a", "…", "c"][...]))
        #expect(Self.matches(["abc 12 ms"][...], ["abc …"][...]))
        #expect(!Self.matches(["a", "b"][...], ["a", "c"][...]))
        #expect(!Self.matches(["a", "b"][...], ["a"][...]))
    }
}
