import Foundation

/// Runs the built `charrnn` executable, for end-to-end tests of the command line.
public enum CLIProcess {
    public struct Output: Sendable {
        public var status: Int32
        public var stdout: String
        public var stderr: String
    }

    /// The `charrnn` built beside the test bundle (`.build/<config>/charrnn`),
    /// found from the running test binary, else the package's debug build; nil
    /// when neither exists.
    public static let builtBinary: URL? = {
        var folders: [URL] = []
        if let exe = Bundle.main.executableURL { folders.append(exe.resolvingSymlinksInPath().deletingLastPathComponent()) }
        folders.append(URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent())
        for folder in folders {
            var dir = folder
            for _ in 0..<5 {
                let candidate = dir.appendingPathComponent("charrnn")
                if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
                dir = dir.deletingLastPathComponent()
            }
        }
        let debug = Fixtures.packageRoot.appendingPathComponent(".build/debug/charrnn")
        return FileManager.default.isExecutableFile(atPath: debug.path) ? debug : nil
    }()

    /// `builtBinary`, or the path where the debug build would be (running it then fails clearly).
    public static var binary: URL {
        builtBinary ?? Fixtures.packageRoot.appendingPathComponent(".build/debug/charrnn")
    }

    /// The package root (where `assets/` and `Package.swift` are).
    public static var packageRoot: URL { Fixtures.packageRoot }

    /// Runs `charrnn arguments…` with `stdin` as input and waits (at most
    /// `timeout` seconds), in the pinned `TestEnvironment` plus `environment`.
    public static func run(_ arguments: [String], stdin: String = "", environment: [String: String?] = [:],
                           directory: URL? = nil, timeout: Double = 120) throws -> Output {
        let p = Process()
        p.executableURL = binary
        p.arguments = arguments
        p.environment = TestEnvironment.pinned(environment)
        p.currentDirectoryURL = directory ?? packageRoot
        let input = Pipe(), out = Pipe(), err = Pipe()
        p.standardInput = input
        p.standardOutput = out
        p.standardError = err
        try p.run()
        input.fileHandleForWriting.write(Data(stdin.utf8))
        try input.fileHandleForWriting.close()
        // Read both pipes while the process runs so neither fills up.
        let outData = Box(), errData = Box()
        let group = DispatchGroup()
        for (pipe, box) in [(out, outData), (err, errData)] {
            group.enter()
            DispatchQueue.global().async {
                box.data = pipe.fileHandleForReading.readDataToEndOfFile()
                group.leave()
            }
        }
        let deadline = Date().addingTimeInterval(timeout)
        while p.isRunning && Date() < deadline { Thread.sleep(forTimeInterval: 0.01) }
        if p.isRunning { p.terminate() }
        p.waitUntilExit()
        group.wait()
        return Output(status: p.terminationStatus, stdout: String(decoding: outData.data, as: UTF8.self),
                      stderr: String(decoding: errData.data, as: UTF8.self))
    }

    private final class Box: @unchecked Sendable { var data = Data() }
}
