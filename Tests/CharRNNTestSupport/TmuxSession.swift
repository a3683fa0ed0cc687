import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A private tmux server running `charrnn` in one pane, wrapped in a script
/// that records `stty -g` before and after and the exit status.
public final class TmuxSession {
    /// tmux on the PATH, if any.
    public static let tmuxPath: String? = {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        return path.split(separator: ":").map { "\($0)/tmux" }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }()

    public struct Failure: Error, CustomStringConvertible {
        public var description: String
        public init(description: String) { self.description = description }
    }

    public struct Exit {
        public var status: String
        public var sttyBefore: String
        public var sttyAfter: String
        public var screen: String
    }

    public let socket = "charrnn-e2e-\(getpid())-\(UUID().uuidString.prefix(8))"
    public let folder: URL

    /// Runs `charrnn arguments…` at width × height in a wrapper script that
    /// records `stty -g` before and after and the exit status (see `waitForExit`).
    /// The environment is the pinned one, so the program draws in colour.
    public convenience init(width: Int, height: Int, arguments: [String]) throws {
        guard let binary = ChildProcess.builtCharrnn else { throw Failure(description: "charrnn is not built beside the tests") }
        let quoted = ([binary.path] + arguments).map { "'" + $0.replacingOccurrences(of: "'", with: "'\\''") + "'" }
        // The shell traps SIGINT so that Ctrl-C ends only charrnn and the script goes on.
        try self.init(width: width, height: height) { folder in
            "trap : INT; cd '\(folder.path)' && stty -g > before && " + quoted.joined(separator: " ")
                + "; echo $? > status; stty -g > after; echo CHARRNN-E2E-DONE; sleep 120"
        }
    }

    /// Runs a shell command (built from the session's scratch folder) in the pane.
    public init(width: Int = 120, height: Int = 40, shellCommand: (URL) -> String) throws {
        folder = try Fixtures.temporaryDirectory()
        try tmux(["-f", "/dev/null", "new-session", "-d", "-s", "e2e", "-x", "\(width)", "-y", "\(height)",
                  "sh", "-c", shellCommand(folder)])
    }

    deinit { close() }

    public func close() {
        _ = try? tmux(["kill-server"])
        try? FileManager.default.removeItem(at: folder)
    }

    @discardableResult
    public func tmux(_ arguments: [String]) throws -> String {
        let outputURL = folder.appendingPathComponent("tmux-output")
        let (status, text) = try Spawn.run(Self.tmuxPath!, ["-u", "-L", socket] + arguments, outputTo: outputURL)
        guard status == 0 else { throw Failure(description: "tmux \(arguments.joined(separator: " ")) failed: \(text)") }
        return text
    }

    /// The pane's text; with the last 200 lines of scrollback when `history`,
    /// with escape sequences when `escapes`.
    public func screen(history: Bool = false, escapes: Bool = false) throws -> String {
        try tmux(["capture-pane", "-p", "-t", "e2e"] + (history ? ["-S", "-200"] : []) + (escapes ? ["-e"] : []))
    }

    /// The pane's cells with their foreground colours.
    public func cells() throws -> [[ScreenCell]] { ScreenCell.rows(ansi: try screen(escapes: true)) }

    /// Presses keys by tmux name (`Enter`, `Up`, `C-r`).
    public func send(_ keys: [String]) throws { try tmux(["send-keys", "-t", "e2e"] + keys) }

    /// Types `text` literally.
    public func type(_ text: String) throws { try tmux(["send-keys", "-t", "e2e", "-l", text]) }

    public func resize(width: Int, height: Int) throws {
        try tmux(["resize-window", "-t", "e2e", "-x", "\(width)", "-y", "\(height)"])
    }

    /// Polls the screen every 50 ms until `condition` holds; throws with the
    /// last screen after `seconds`.
    @discardableResult
    public func waitForScreen(seconds: Double = 30, _ what: String, history: Bool = false, _ condition: (String) -> Bool) throws -> String {
        let deadline = Date().addingTimeInterval(seconds)
        var last = ""
        while Date() < deadline {
            last = try screen(history: history)
            if condition(last) { return last }
            Thread.sleep(forTimeInterval: 0.05)
        }
        throw Failure(description: "no \(what) within \(seconds) s; the screen was:\n\(last)")
    }

    /// Waits for the program to end and reads what the wrapper script recorded.
    public func waitForExit(seconds: Double) throws -> Exit {
        let screen = try waitForScreen(seconds: seconds, "exit") { $0.contains("CHARRNN-E2E-DONE") }
        func read(_ name: String) throws -> String {
            try String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
        }
        return Exit(status: try read("status"), sttyBefore: try read("before"), sttyAfter: try read("after"), screen: screen)
    }
}

/// Runs tmux with standard input from /dev/null and its output in a file,
/// and waits for it with `waitpid`.
///
/// Output goes to a file, not a pipe (as `ChildProcess` uses): the tmux
/// server that `new-session` starts would keep a pipe open, so reading it to
/// its end would never return.
enum Spawn {
    static func run(_ path: String, _ arguments: [String], outputTo file: URL) throws -> (status: Int32, output: String) {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, file.path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        let argv = ([path] + arguments).map { strdup($0) } + [nil]
        // tmux's server copies this environment into every pane it starts.
        let envp = TestEnvironment.cStrings()
        defer { (argv + envp).forEach { free($0) } }
        var pid: pid_t = 0
        let error = posix_spawn(&pid, path, &actions, nil, argv, envp)
        guard error == 0 else { throw TmuxSession.Failure(description: "cannot run \(path): \(String(cString: strerror(error)))") }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        let output = (try? String(contentsOf: file, encoding: .utf8)) ?? ""
        // WIFEXITED / WEXITSTATUS, which Swift does not import.
        return ((status & 0x7F) == 0 ? (status >> 8) & 0xFF : 128 + (status & 0x7F), output)
    }
}
