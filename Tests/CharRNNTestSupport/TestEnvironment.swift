import Foundation

/// The environment every child process of the tests starts with, so that no
/// result depends on the caller's: no `CHARRNN_CORPUS`, `NO_COLOR`, `XDG_*`,
/// `TERM` or locale of the person running the tests, and an empty home.
///
/// Only `PATH` (to find tmux and the shell) and `TMPDIR` (where the tests
/// write) are taken from the caller; a test that exercises a variable sets
/// it through `overrides`.
public enum TestEnvironment {
    /// An empty folder standing in for `HOME`, made once per test process.
    public static let home: URL = {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("charrnn-test-home-\(getpid())")
        try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }()

    /// The pinned variables with `overrides` applied; an override of `nil`
    /// removes a variable.
    public static func pinned(_ overrides: [String: String?] = [:]) -> [String: String] {
        let caller = ProcessInfo.processInfo.environment
        var environment: [String: String] = [
            "PATH": caller["PATH"] ?? "/usr/local/bin:/usr/bin:/bin",
            "HOME": home.path,
            "LANG": "C.UTF-8",
            "LC_ALL": "C.UTF-8",
        ]
        if let temporary = caller["TMPDIR"] { environment["TMPDIR"] = temporary }
        for (name, value) in overrides { environment[name] = value }
        return environment
    }

    /// `pinned(overrides)` as `NAME=value` C strings for `posix_spawn`, with
    /// the terminating nil; free each with `free`.
    public static func cStrings(_ overrides: [String: String?] = [:]) -> [UnsafeMutablePointer<CChar>?] {
        pinned(overrides).sorted { $0.key < $1.key }.map { strdup("\($0.key)=\($0.value)") } + [nil]
    }
}
