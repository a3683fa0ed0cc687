import CharRNNTestSupport
import Foundation
#if canImport(Glibc)
import Glibc
#endif
import Testing

/// The real `charrnn` binary in tmux at 120×40: training shows within 10 s,
/// the prompt steps, resizing below the minimum and back, quitting with `q`
/// and with Ctrl-C, and the terminal mode is the same before and after.
@Suite(.serialized, .enabled(if: TmuxSession.tmuxPath != nil, "tmux is not installed"))
struct TUIEndToEndTests {
    @Test func trainsStepsResizesAndQuitsCleanly() throws {
        let session = try TmuxSession(width: 120, height: 40, arguments: ["--corpus", Fixtures.timeMachineURL.path])
        defer { session.close() }

        let training = try session.waitForScreen(seconds: 10, "braille curves and a perplexity for epoch ≥ 1") { screen in
            screen.unicodeScalars.contains { $0.value > 0x2800 && $0.value <= 0x28FF }
                && screen.range(of: #"epoch [1-9][0-9]*/100 · train ppl [0-9]+\.[0-9]+"#, options: .regularExpression) != nil
        }
        #expect(training.contains("curves"))

        try session.send(["Tab", "Tab", "C-u"])
        try session.send(["-l", "it has"])
        try session.send(["Enter", "Enter", "Enter"])
        let stepped = try session.waitForScreen(seconds: 30, "three steps after 'it has'") { screen in
            screen.contains("step 3: '") && screen.contains("× 9 steps")
        }
        let textLine = try #require(stepped.split(separator: "\n").first { $0.contains("it has") })
        let after = textLine.components(separatedBy: "it has")[1]
        #expect(after.count >= 3)
        let bars = stepped.split(separator: "\n").filter { $0.contains("█") && $0.contains("%") }
        #expect(bars.count >= 5, "a top-k list under the step: \(stepped)")

        try session.resize(width: 50, height: 12)
        _ = try session.waitForScreen(seconds: 30, "the too-small message") { $0.contains("terminal too small: need 80×24, have 50×12") }
        try session.resize(width: 120, height: 40)
        _ = try session.waitForScreen(seconds: 30, "the panes again") { screen in
            screen.contains("one-hot inspector") && screen.contains("hidden state") && !screen.contains("too small")
        }

        try session.send(["Escape"])
        try session.send(["q"])
        _ = try session.waitForScreen(seconds: 30, "the save question") { $0.contains("save before quitting?") }
        try session.send(["n"])
        let result = try session.waitForExit(seconds: 30)
        #expect(result.status == "0")
        #expect(result.sttyBefore == result.sttyAfter)
    }

    @Test func ctrlCRestoresTheTerminal() throws {
        let session = try TmuxSession(width: 120, height: 40, arguments: ["--corpus", Fixtures.timeMachineURL.path])
        defer { session.close() }
        _ = try session.waitForScreen(seconds: 30, "training") { $0.contains("running") }
        try session.send(["C-c"])
        let result = try session.waitForExit(seconds: 30)
        #expect(result.status == "130")
        #expect(result.sttyBefore == result.sttyAfter)
        #expect(!result.screen.contains("one-hot inspector"), "the alternate screen is gone")
    }

    @Test func opensACheckpointPausedAndQuitsWithoutAsking() throws {
        let package = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let session = try TmuxSession(width: 120, height: 40, arguments: [
            "--corpus", Fixtures.timeMachineURL.path, "--checkpoint", package.appendingPathComponent("assets/d2l-rnn.safetensors").path,
            "--epochs", "1000",
        ])
        defer { session.close() }
        let screen = try session.waitForScreen(seconds: 30, "the opened model, paused") { $0.contains("paused") && $0.contains("epoch 100/1000") }
        #expect(screen.contains("train ppl"))
        try session.send(["q"])
        let result = try session.waitForExit(seconds: 30)
        #expect(result.status == "0", "nothing changed, so q does not ask to save")
        #expect(result.sttyBefore == result.sttyAfter)
    }

    @Test func refusesToRunWithoutATerminal() throws {
        let binary = try #require(TmuxSession.binary())
        let folder = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let (status, message) = try Spawn.run(binary.path, [], outputTo: folder.appendingPathComponent("output"))
        #expect(status == 1)
        #expect(message == "charrnn: the TUI needs a terminal; use 'charrnn train' for headless training\n")
    }
}

/// A private tmux server running `charrnn` in one pane, wrapped in a script
/// that records `stty -g` before and after and the exit status.
final class TmuxSession {
    /// tmux on the PATH, if any.
    static let tmuxPath: String? = {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        return path.split(separator: ":").map { "\($0)/tmux" }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }()

    /// The `charrnn` built beside this test bundle (`.build/<config>/charrnn`).
    static func binary() -> URL? {
        var candidates: [URL] = []
        if let executable = Bundle.main.executableURL { candidates.append(executable.deletingLastPathComponent()) }
        candidates.append(URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent())
        for folder in candidates {
            var dir = folder
            for _ in 0..<4 {
                let url = dir.appendingPathComponent("charrnn")
                if FileManager.default.isExecutableFile(atPath: url.path) { return url }
                dir = dir.deletingLastPathComponent()
            }
        }
        return nil
    }

    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    struct Exit {
        var status: String
        var sttyBefore: String
        var sttyAfter: String
        var screen: String
    }

    let socket = "charrnn-e2e-\(getpid())-\(UUID().uuidString.prefix(8))"
    let folder: URL

    init(width: Int, height: Int, arguments: [String]) throws {
        guard let binary = Self.binary() else { throw Failure(description: "charrnn is not built beside the tests") }
        folder = try Fixtures.temporaryDirectory()
        let quoted = ([binary.path] + arguments).map { "'" + $0.replacingOccurrences(of: "'", with: "'\\''") + "'" }
        // The shell traps SIGINT so that Ctrl-C ends only charrnn and the script goes on.
        let script = "trap : INT; cd '\(folder.path)' && stty -g > before && " + quoted.joined(separator: " ")
            + "; echo $? > status; stty -g > after; echo CHARRNN-E2E-DONE; sleep 120"
        try tmux(["-f", "/dev/null", "new-session", "-d", "-s", "e2e", "-x", "\(width)", "-y", "\(height)",
                  "-e", "LANG=C.UTF-8", "-e", "LC_ALL=C.UTF-8", "sh", "-c", script])
    }

    func close() {
        _ = try? tmux(["kill-server"])
        try? FileManager.default.removeItem(at: folder)
    }

    @discardableResult
    func tmux(_ arguments: [String]) throws -> String {
        let outputURL = folder.appendingPathComponent("tmux-output")
        let (status, text) = try Spawn.run(Self.tmuxPath!, ["-u", "-L", socket] + arguments, outputTo: outputURL)
        guard status == 0 else { throw Failure(description: "tmux \(arguments.joined(separator: " ")) failed: \(text)") }
        return text
    }

    /// The pane's text.
    func screen() throws -> String { try tmux(["capture-pane", "-p", "-t", "e2e"]) }

    func send(_ keys: [String]) throws { try tmux(["send-keys", "-t", "e2e"] + keys) }

    func resize(width: Int, height: Int) throws {
        try tmux(["resize-window", "-t", "e2e", "-x", "\(width)", "-y", "\(height)"])
    }

    /// Polls the screen every 50 ms until `condition` holds; throws with the
    /// last screen after `seconds`.
    func waitForScreen(seconds: Double, _ what: String, _ condition: (String) -> Bool) throws -> String {
        let deadline = Date().addingTimeInterval(seconds)
        var last = ""
        while Date() < deadline {
            last = try screen()
            if condition(last) { return last }
            Thread.sleep(forTimeInterval: 0.05)
        }
        throw Failure(description: "no \(what) within \(seconds) s; the screen was:\n\(last)")
    }

    /// Waits for the program to end and reads what the wrapper script recorded.
    func waitForExit(seconds: Double) throws -> Exit {
        let screen = try waitForScreen(seconds: seconds, "exit") { $0.contains("CHARRNN-E2E-DONE") }
        func read(_ name: String) throws -> String {
            try String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
        }
        return Exit(status: try read("status"), sttyBefore: try read("before"), sttyAfter: try read("after"), screen: screen)
    }
}

/// Runs a program with standard input from /dev/null and its output in a
/// file, and waits for it with `waitpid`.
///
/// Output goes to a file, not a pipe: the tmux server that `new-session`
/// starts would keep a pipe open, so reading it to its end would never return.
enum Spawn {
    static func run(_ path: String, _ arguments: [String], outputTo file: URL) throws -> (status: Int32, output: String) {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, file.path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        let argv = ([path] + arguments).map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var pid: pid_t = 0
        let error = posix_spawn(&pid, path, &actions, nil, argv, environ)
        guard error == 0 else { throw TmuxSession.Failure(description: "cannot run \(path): \(String(cString: strerror(error)))") }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        let output = (try? String(contentsOf: file, encoding: .utf8)) ?? ""
        // WIFEXITED / WEXITSTATUS, which Swift does not import.
        return ((status & 0x7F) == 0 ? (status >> 8) & 0xFF : 128 + (status & 0x7F), output)
    }
}
