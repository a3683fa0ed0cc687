import Foundation

/// Where the corpus was found.
public struct LocatedCorpus: Equatable, Sendable {
    public enum Origin: String, Equatable, Sendable, CustomStringConvertible {
        /// `--corpus PATH`.
        case explicit
        /// `$CHARRNN_CORPUS`.
        case environment
        /// The Time Machine that ships with charrnn (`BundledAssets`).
        case builtIn

        public var description: String {
            switch self {
            case .explicit: "--corpus"
            case .environment: "$\(CorpusLocator.environmentVariable)"
            case .builtIn: "built-in"
            }
        }
    }

    public var url: URL
    public var origin: Origin
    /// True when the file must be d2l's Time Machine: its SHA-1 is checked
    /// when it is loaded. False for a user-chosen text file.
    public var isDefaultTimeMachine: Bool

    public init(url: URL, origin: Origin, isDefaultTimeMachine: Bool) {
        self.url = url
        self.origin = origin
        self.isDefaultTimeMachine = isDefaultTimeMachine
    }

    /// How the corpus is named to the user: the path of a user's file, and
    /// "the Time Machine" for the built-in copy (whose path depends on where
    /// charrnn is installed), each with its origin.
    public var label: String {
        origin == .builtIn ? "the Time Machine (built-in)" : "\(url.path) (\(origin))"
    }

    /// The file as validated UTF-8 text (see `CorpusFile.readText`).
    public func readText() throws -> String {
        try CorpusFile.readText(at: url)
    }
}

/// Finds the training corpus.
///
/// Lookup order, first match wins:
///  1. `explicitPath` (`--corpus PATH`): any UTF-8 text file;
///  2. `$CHARRNN_CORPUS`: likewise;
///  3. the built-in Time Machine (`BundledAssets.timeMachine()`), whose SHA-1
///     must be `timeMachineSHA1` (checked as it is loaded, see `RunSetup`).
///
/// A path given in step 1 or 2 that does not exist is an error rather than
/// being skipped: the user asked for that file. Steps 1 and 2 are skipped only
/// when the path is not given (nil or empty). Nothing is downloaded and no
/// cache is kept: the corpus ships with the program.
public struct CorpusLocator: Sendable {
    /// SHA-1 of d2l's `timemachine.txt` (its DATA_HUB entry).
    public static let timeMachineSHA1 = "090b5e7e70c295757f55df93cb0a180b9691891a"
    /// Environment variable naming a corpus file.
    public static let environmentVariable = "CHARRNN_CORPUS"

    public var explicitPath: String?
    /// The environment that step 2 reads (the process's, or a test's own).
    public var environment: [String: String]
    /// Step 3: the built-in copy (injectable so tests can stand in a missing bundle).
    public var builtIn: @Sendable () throws -> URL

    public init(explicitPath: String?, environment: [String: String],
                builtIn: @escaping @Sendable () throws -> URL = { try BundledAssets.timeMachine() }) {
        self.explicitPath = explicitPath
        self.environment = environment
        self.builtIn = builtIn
    }

    /// The locator the program uses: `--corpus`, then the process's
    /// environment, then the built-in copy.
    public static func standard(explicitPath: String?) -> CorpusLocator {
        CorpusLocator(explicitPath: explicitPath, environment: ProcessInfo.processInfo.environment)
    }

    /// The built-in Time Machine alone, whatever the environment says.
    public static var builtInOnly: CorpusLocator { CorpusLocator(explicitPath: nil, environment: [:]) }

    /// The file at `path` alone, whatever the environment says.
    public static func file(_ path: String) -> CorpusLocator { CorpusLocator(explicitPath: path, environment: [:]) }

    public func locate() throws -> LocatedCorpus {
        if let path = Self.nonEmpty(explicitPath) {
            return try userFile(path, origin: .explicit)
        }
        if let path = Self.nonEmpty(environment[Self.environmentVariable]) {
            return try userFile(path, origin: .environment)
        }
        return LocatedCorpus(url: try builtIn(), origin: .builtIn, isDefaultTimeMachine: true)
    }

    /// Steps 1 and 2: the file must exist and not be a directory; its content
    /// is checked when it is read.
    private func userFile(_ path: String, origin: LocatedCorpus.Origin) throws -> LocatedCorpus {
        let expanded = (path as NSString).expandingTildeInPath
        let url = URL(fileURLWithPath: expanded).standardizedFileURL
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) else {
            throw CorpusError.missing(path: path, source: origin.description)
        }
        if isDirectory.boolValue {
            throw CorpusError.isDirectory(path: path, source: origin.description)
        }
        return LocatedCorpus(url: url, origin: origin, isDefaultTimeMachine: false)
    }

    private static func nonEmpty(_ value: String?) -> String? {
        guard let value, !value.isEmpty else { return nil }
        return value
    }
}
