import Foundation

/// The built `charrnn`, and runs awaited to their end.
extension ChildProcess {
    /// The `charrnn` built beside the test bundle (`.build/<config>/charrnn`),
    /// found from the running test binary, else the package's debug build; nil
    /// when neither exists.
    public static let builtCharrnn: URL? = {
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

    /// `builtCharrnn`, or the path where the debug build would be (starting it then fails clearly).
    public static var charrnn: URL {
        builtCharrnn ?? Fixtures.packageRoot.appendingPathComponent(".build/debug/charrnn")
    }

    /// The release `charrnn` (`.build/release/charrnn`) when it is newer than
    /// every source file, else nil.
    public static var freshReleaseCharrnn: URL? {
        let release = Fixtures.packageRoot.appendingPathComponent(".build/release/charrnn")
        let fileManager = FileManager.default
        func modified(_ url: URL) -> Date? { (try? fileManager.attributesOfItem(atPath: url.path))?[.modificationDate] as? Date }
        let sources = fileManager.enumerator(at: Fixtures.packageRoot.appendingPathComponent("Sources"), includingPropertiesForKeys: nil)?
            .compactMap { ($0 as? URL).flatMap(modified) }.max() ?? .distantFuture
        guard let built = modified(release), built > sources else { return nil }
        return release
    }

    /// Runs `executable arguments…` to its end (killed after `timeout` seconds)
    /// with `stdin` as its input (none: /dev/null), in `directory` (default: the
    /// package root).
    public static func run(_ arguments: [String], stdin: String? = nil, environment: [String: String?] = [:],
                           directory: URL? = nil, executable: URL = charrnn, timeout: Double = 120) throws -> Result {
        try ChildProcess(arguments, executable: executable, input: stdin.map { .data(Data($0.utf8)) } ?? .null,
                         environment: environment, directory: directory ?? Fixtures.packageRoot).wait(timeout: timeout)
    }
}
