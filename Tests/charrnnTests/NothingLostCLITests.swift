import CharRNN
import CharRNNTestSupport
import Foundation
#if canImport(Glibc)
import Glibc
#endif
import Testing

/// The rule every front end follows when stopped, and the files no run may
/// harm, driven through the real binary: signals to the TUI in tmux, a closed
/// output, a full file system, devices and FIFOs and the corpus as outputs,
/// configurations too large for the machine, and Ctrl-C during a large load.
@Suite struct NothingLostCLITests {
    /// Device 1:3 (what /dev/null is), as glibc's `makedev` encodes it.
    static let nullDevice = dev_t((1 << 8) | 3)
    static let small = ["--hidden", "16", "--batch-size", "16", "--num-steps", "8", "--num-train", "600", "--num-val", "50", "--threads", "1"]

    /// The path in the last `saved '…'` of `stderr`.
    static func savedPath(_ stderr: String) -> String? {
        stderr.split(separator: "\n").last?.firstMatch(of: #/saved '([^']+)'/#).map { String($0.1) }
    }

    // MARK: - Signals to the TUI

    static let signalCases: [(Int32, Bool)] = [SIGTERM, SIGHUP, SIGINT].flatMap { [($0, true), ($0, false)] }

    /// Mid-training, each termination signal saves to `--save`, or without it
    /// to a new file named on the last line of standard error; the saved epoch
    /// is at least the last one shown, and the status is 128 + the signal.
    @Test(.enabled(if: TmuxSession.tmuxPath != nil && ChildProcess.builtCharrnn != nil, "needs tmux and the charrnn binary"),
          arguments: signalCases)
    func tuiSavesOnATerminationSignal(signal: Int32, withSave: Bool) throws {
        let binary = try #require(ChildProcess.builtCharrnn)
        let arguments = [binary.path, "--corpus", Fixtures.timeMachineURL.path, "--epochs", "100000"] + Self.small
            + (withSave ? ["--save", "x.st"] : [])
        let quoted = arguments.map { "'" + $0.replacingOccurrences(of: "'", with: "'\\''") + "'" }.joined(separator: " ")
        // The inner shell records its pid and becomes charrnn, so the signal goes to charrnn alone.
        let session = try TmuxSession(width: 100, height: 30) { folder in
            "cd '\(folder.path)' && stty -g > before && sh -c 'echo $$ > pid; exec \"$0\" \"$@\"' \(quoted) 2> err; "
                + "echo $? > status; stty -g > after; echo CHARRNN-E2E-DONE; sleep 120"
        }
        defer { session.close() }
        let screen = try session.waitForScreen(seconds: 30, "epoch ≥ 2 shown") { screen in
            (screen.firstMatch(of: #/epoch ([0-9]+)/100000/#).flatMap { Int($0.1) } ?? 0) >= 2
        }
        let shown = try #require(screen.firstMatch(of: #/epoch ([0-9]+)/100000/#).flatMap { Int($0.1) })
        let pid = try #require(pid_t(String(contentsOf: session.folder.appendingPathComponent("pid"), encoding: .utf8)
            .trimmingCharacters(in: .whitespacesAndNewlines)))
        kill(pid, signal)
        let exit = try session.waitForExit(seconds: 30)
        let stderr = try String(contentsOf: session.folder.appendingPathComponent("err"), encoding: .utf8)
        #expect(exit.status == "\(128 + signal)", "\(stderr)")
        let path = try #require(Self.savedPath(stderr), "no saved path on the last line: \(stderr)")
        let url = URL(fileURLWithPath: path, relativeTo: session.folder)
        if withSave {
            #expect(url.lastPathComponent == "x.st")
        } else {
            #expect(url.lastPathComponent.hasPrefix("charrnn-") && url.pathExtension == "safetensors")
            #expect(url.deletingLastPathComponent().standardizedFileURL.path == session.folder.standardizedFileURL.path)
        }
        let saved = try Checkpoint.read(from: url)
        #expect(saved.progress.epoch >= shown, "saved epoch \(saved.progress.epoch), shown \(shown)")
        #expect(!stderr.contains("Backtrace") && !stderr.contains("Fatal error"))
        #expect(exit.sttyBefore == exit.sttyAfter)
        print("[nothing lost] tui \(withSave ? "--save" : "without --save"), signal \(signal): exit \(exit.status), "
            + "saved epoch \(saved.progress.epoch) + \(saved.progress.batchInEpoch) batches (shown \(shown)) to \(url.lastPathComponent)")
    }

    /// A REPL script whose writer stalls: SIGTERM while it waits for a line
    /// saves what was trained to a new file and exits 143.
    @Test func aREPLWaitingForItsScriptSavesOnSIGTERM() throws {
        let dir = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let child = try ChildProcess(["repl"] + Self.small, input: .pipe, directory: dir)
        child.writeInput(Data("train 2\nstatus\n".utf8))
        #expect(child.waitFor(timeout: 30) { out, _ in out.contains("state ") }, "\(child.stdoutText)")
        child.send(SIGTERM)
        let r = child.wait(timeout: 30)
        #expect(r.status == 143, "\(r)")
        let path = try #require(Self.savedPath(r.stderr), "\(r.stderr)")
        let url = URL(fileURLWithPath: path)
        #expect(url.deletingLastPathComponent().standardizedFileURL.path == dir.standardizedFileURL.path)
        #expect(try Checkpoint.read(from: url).progress.epoch == 2)
    }

    // MARK: - A closed output

    /// `train … | head -1`: the run goes on to its last epoch and saves, to
    /// `--save`, or without it to a new file it names on standard error.
    @Test func aClosedOutputNeverEndsARun() throws {
        let dir = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let binary = ChildProcess.charrnn.path
        let args = ([binary, "train", "--epochs", "12"] + Self.small).map { "'\($0)'" }.joined(separator: " ")
        for withSave in [true, false] {
            let save = withSave ? " --save x.st" : ""
            let r = try ChildProcess.run(["-c", "(\(args)\(save); echo $? > status) | head -1"],
                                         directory: dir, executable: URL(fileURLWithPath: "/bin/sh"))
            #expect(r.stdout.split(separator: "\n").count == 1 && r.stdout.hasPrefix("epoch  1/12"), "\(r.stdout)")
            let status = try String(contentsOf: dir.appendingPathComponent("status"), encoding: .utf8)
            #expect(status == "0\n", "\(r.stderr)")
            let path = try #require(Self.savedPath(r.stderr), "\(r.stderr)")
            let url = URL(fileURLWithPath: path, relativeTo: dir)
            if withSave { #expect(url.lastPathComponent == "x.st") }
            #expect(try Checkpoint.read(from: url).progress.epoch == 12)
            try FileManager.default.removeItem(at: url)
        }
        // A REPL script piped into `head` still reaches its `save` line.
        let script = "train 3\nstatus\nsave y.st\nstatus\n"
        let repl = try ChildProcess.run(["-c", "(printf '\(script)' | '\(binary)' repl \(Self.small.joined(separator: " ")); echo $? > status) | head -1"],
                                        directory: dir, executable: URL(fileURLWithPath: "/bin/sh"))
        #expect(repl.stdout.split(separator: "\n").count == 1, "\(repl)")
        #expect(try String(contentsOf: dir.appendingPathComponent("status"), encoding: .utf8) == "0\n", "\(repl.stderr)")
        #expect(try Checkpoint.read(from: dir.appendingPathComponent("y.st")).progress.epoch == 3)
        // Sampling, with nothing trained at stake, ends when no one reads on (as SIGPIPE would end it).
        let sample = try ChildProcess.run(["-c", "('\(binary)' sample --length 100000000; echo $? > status) | head -c 5"],
                                          directory: dir, executable: URL(fileURLWithPath: "/bin/sh"), timeout: 30)
        #expect(sample.stdout.count == 5 && !sample.timedOut, "\(sample)")
        #expect(try String(contentsOf: dir.appendingPathComponent("status"), encoding: .utf8) == "141\n")
    }

    // MARK: - A full file system

    /// Metrics and checkpoint on a tmpfs filled to the last page: one warning
    /// for the metrics, training goes on, the old checkpoint is intact, the
    /// weights go to a new file in the working directory, exit 1.
    @Test func aFullFileSystemLosesNothing() throws {
        let dir = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let full = dir.appendingPathComponent("full")
        try FileManager.default.createDirectory(at: full, withIntermediateDirectories: true)
        let mount = try ChildProcess.run(["-t", "tmpfs", "-o", "size=256k", "tmpfs", full.path], executable: URL(fileURLWithPath: "/bin/mount"))
        guard mount.status == 0 else {
            print("[nothing lost] skipped the full file system: cannot mount a tmpfs here (\(mount.stderr.trimmingCharacters(in: .whitespacesAndNewlines)))")
            return
        }
        defer { _ = try? ChildProcess.run([full.path], executable: URL(fileURLWithPath: "/bin/umount")) }
        let x = full.appendingPathComponent("x.st"), metrics = full.appendingPathComponent("m.jsonl")
        let old = try ChildProcess.run(["train", "--epochs", "1", "--save", x.path, "--quiet"] + Self.small)
        try #require(old.status == 0, "\(old)")
        let before = try Data(contentsOf: x)
        // Fill what is left, page by page, until the file system refuses.
        let filler = open(full.appendingPathComponent("filler").path, O_WRONLY | O_CREAT, 0o644)
        let page = [UInt8](repeating: 1, count: 4096)
        while page.withUnsafeBytes({ write(filler, $0.baseAddress, $0.count) }) > 0 {}
        while page.withUnsafeBytes({ write(filler, $0.baseAddress, 1) }) > 0 {}
        close(filler)

        let r = try ChildProcess.run(["train", "--epochs", "3", "--save", x.path, "--metrics", metrics.path] + Self.small, directory: dir)
        let lines = r.stderr.split(separator: "\n").map(String.init)
        #expect(r.status == 1, "\(r)")
        #expect(lines.filter { $0.contains("metrics") }.count == 1, "\(r.stderr)")
        #expect(r.stdout.split(separator: "\n").count == 3, "training went on: \(r.stdout)")
        #expect(!r.stderr.contains("Fatal error") && !r.stderr.contains("Backtrace"))
        let last = try #require(lines.last)
        #expect(last.hasPrefix("charrnn: error: cannot save checkpoint '\(x.path)'") && last.contains("instead"), "\(last)")
        let rescued = try #require(last.firstMatch(of: #/saved to '([^']+)'/#).map { URL(fileURLWithPath: String($0.1)) })
        #expect(rescued.deletingLastPathComponent().standardizedFileURL.path == dir.standardizedFileURL.path)
        #expect(try Checkpoint.read(from: rescued).progress.epoch == 3)
        #expect(try Data(contentsOf: x) == before, "the old checkpoint is intact")
        #expect(CheckpointFiles.temporaries(for: x).isEmpty)
        print("[nothing lost] full tmpfs: 1 metrics warning, 3 epochs trained, old checkpoint intact, weights rescued to the working directory, exit 1")
    }

    // MARK: - Files that are not the run's

    @Test func devicesFIFOsAndInputsAreRefusedAsOutputs() throws {
        let dir = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let fifo = dir.appendingPathComponent("fifo"), device = dir.appendingPathComponent("null")
        try #require(mkfifo(fifo.path, 0o644) == 0)
        let madeDevice = mknod(device.path, S_IFCHR | 0o666, Self.nullDevice) == 0
        let link = dir.appendingPathComponent("link")
        try FileManager.default.createSymbolicLink(at: link, withDestinationURL: fifo)
        let corpus = dir.appendingPathComponent("c.txt")
        try FileManager.default.copyItem(at: Fixtures.timeMachineURL, to: corpus)
        let corpusBytes = try Data(contentsOf: corpus)
        let alias = dir.appendingPathComponent("alias.txt")
        try FileManager.default.createSymbolicLink(at: alias, withDestinationURL: corpus)

        var nodes = [fifo, link]
        if madeDevice { nodes.append(device) } else { print("[nothing lost] mknod not permitted; devices checked with the FIFO only") }
        var cases: [(args: [String], needle: String)] = []
        for node in nodes {
            let kind = node == device ? "character device" : "FIFO"
            cases += [(["--save", node.path], "--save '\(node.path)' is a \(kind)"), (["--metrics", node.path], "--metrics '\(node.path)' is a \(kind)")]
        }
        cases += [
            (["--corpus", corpus.path, "--save", corpus.path], "--save '\(corpus.path)' is the corpus"),
            (["--corpus", corpus.path, "--metrics", corpus.path], "--metrics '\(corpus.path)' is the corpus"),
            (["--corpus", corpus.path, "--save", alias.path], "--save '\(alias.path)' is the corpus"),
            (["--save", dir.appendingPathComponent("same").path, "--metrics", dir.appendingPathComponent("same").path], "is --metrics"),
        ]
        for c in cases {
            let r = try ChildProcess.run(["train", "--epochs", "1000000"] + Self.small + c.args, timeout: 30)
            #expect(r.status == 2 && r.stderr.hasPrefix("charrnn: error: ") && r.stderr.split(separator: "\n").count == 1, "\(c.args): \(r)")
            #expect(r.stderr.contains(c.needle), "\(c.args): \(r.stderr)")
        }
        var info = stat()
        #expect(lstat(fifo.path, &info) == 0 && info.st_mode & S_IFMT == S_IFIFO)
        if madeDevice { #expect(stat(device.path, &info) == 0 && info.st_mode & S_IFMT == S_IFCHR && info.st_rdev == Self.nullDevice) }
        #expect(lstat(link.path, &info) == 0 && info.st_mode & S_IFMT == S_IFLNK)
        #expect(try Data(contentsOf: corpus) == corpusBytes)
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("same").path))

        // A link to a regular file: the target is replaced, the link stays.
        let target = dir.appendingPathComponent("target.st"), toTarget = dir.appendingPathComponent("to-target.st")
        try Data("old".utf8).write(to: target)
        try FileManager.default.createSymbolicLink(at: toTarget, withDestinationURL: target)
        let r = try ChildProcess.run(["train", "--epochs", "1", "--save", toTarget.path, "--quiet"] + Self.small)
        #expect(r.status == 0, "\(r)")
        #expect(lstat(toTarget.path, &info) == 0 && info.st_mode & S_IFMT == S_IFLNK)
        #expect(try Checkpoint.read(from: target).progress.epoch == 1)
        print("[nothing lost] \(cases.count) refused outputs (FIFO, link to a FIFO\(madeDevice ? ", character device" : ""), the corpus, "
            + "a link to it, the other output): exit 2, one line, every node and the corpus untouched; a link to a regular file updated its target")
    }

    // MARK: - Sizes as a whole

    @Test func configurationsBeyondTheMachinesMemoryAreOneLine() throws {
        let cases: [(args: [String], part: String)] = [
            (["--hidden", "8192", "--layers", "64"], "the activations"),
            (["--hidden", "8192", "--layers", "64", "--batch-size", "1", "--num-steps", "1"], "the weights"),
            (["--hidden", "1024", "--batch-size", "100000", "--num-train", "100000", "--num-steps", "10000"], "the activations"),
        ]
        for c in cases {
            let r = try ChildProcess.run(["train", "--epochs", "1"] + c.args, timeout: 60)
            #expect(r.status == 2, "\(c.args): \(r)")
            #expect(r.stderr.hasPrefix("charrnn: error: this configuration needs about ") && r.stderr.split(separator: "\n").count == 1, "\(r.stderr)")
            #expect(r.stderr.contains("the largest part is \(c.part)"), "\(r.stderr)")
            #expect(!r.stderr.contains("Fatal error"))
        }
        let repl = try ChildProcess.run(["repl", "--hidden", "8192", "--layers", "64"], stdin: "quit\n")
        #expect(repl.status == 2 && repl.stderr.contains("this configuration needs about"), "\(repl)")
    }

    // MARK: - Loading

    /// Ctrl-C while a 200 MB corpus loads ends the load at once; a stream
    /// that never ends is refused before it is read.
    @Test func interruptingALargeLoadIsQuick() throws {
        let dir = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        // Sparse: 200 MB of NUL bytes, valid UTF-8, written in no time.
        let big = dir.appendingPathComponent("big.txt")
        #expect(FileManager.default.createFile(atPath: big.path, contents: nil))
        #expect(truncate(big.path, 200 << 20) == 0)
        let child = try ChildProcess(["train", "--corpus", big.path, "--epochs", "1"] + Self.small)
        // Ready when the corpus is open.
        let opened = ChildProcess.poll(timeout: 30) {
            let fds = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/\(child.pid)/fd")) ?? []
            return fds.contains { (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/\(child.pid)/fd/\($0)")) == big.path }
        }
        #expect(opened)
        let sent = ContinuousClock.now
        child.send(SIGINT)
        let r = child.wait(timeout: 30)
        let latency = ContinuousClock.now - sent
        #expect(r.status == 130, "\(r)")
        #expect(latency < .milliseconds(500), "\(latency)")
        #expect(r.stderr == "charrnn: interrupted before training; nothing to save\n", "\(r.stderr)")
        print("[nothing lost] SIGINT while loading a 200 MB corpus: exit \(r.status ?? -1) after \(latency)")

        let fifo = dir.appendingPathComponent("fifo")
        try #require(mkfifo(fifo.path, 0o644) == 0)
        for stream in ["/dev/zero", fifo.path] {
            let r = try ChildProcess.run(["train", "--corpus", stream, "--epochs", "1"] + Self.small, timeout: 30)
            #expect(r.status == 1 && r.stderr.contains("is a ") && r.stderr.contains("not a regular file"), "\(stream): \(r)")
        }
    }
}
