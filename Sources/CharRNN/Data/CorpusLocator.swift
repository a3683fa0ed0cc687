import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Where the corpus was found.
public struct LocatedCorpus: Equatable, Sendable {
    public enum Origin: String, Equatable, Sendable, CustomStringConvertible {
        /// `--corpus PATH`.
        case explicit
        /// `$CHARRNN_CORPUS`.
        case environment
        /// `../shared/data/timemachine.txt` beside the package root.
        case sharedData
        /// The user cache, from an earlier download.
        case cache
        /// Downloaded from d2l just now (and saved in the cache).
        case downloaded

        public var description: String {
            switch self {
            case .explicit: "--corpus"
            case .environment: "$\(CorpusLocator.environmentVariable)"
            case .sharedData: "shared data"
            case .cache: "cache"
            case .downloaded: "download"
            }
        }
    }

    public var url: URL
    public var origin: Origin
    /// True when the file is d2l's Time Machine, verified by its SHA-1
    /// (steps 3–5); false for a user-chosen text file.
    public var isDefaultTimeMachine: Bool

    public init(url: URL, origin: Origin, isDefaultTimeMachine: Bool) {
        self.url = url
        self.origin = origin
        self.isDefaultTimeMachine = isDefaultTimeMachine
    }

    /// The file as validated UTF-8 text (see `CorpusFile.readText`).
    public func readText() throws -> String {
        try CorpusFile.readText(at: url)
    }
}

/// Finds the training corpus.
///
/// Lookup order, first match wins:
///  1. `explicitPath` (`--corpus PATH`): any UTF-8 text file, no hash check;
///  2. `$CHARRNN_CORPUS`: likewise;
///  3. `../shared/data/timemachine.txt` beside each package root;
///  4. `<cacheDirectory>/timemachine.txt`;
///  5. a download of `downloadURL` into the cache.
///
/// Steps 3–5 must produce The Time Machine, so their file is checked against
/// `expectedSHA1` and a mismatch is an error (it does not fall through to the
/// next step). A path given in step 1 or 2 that does not exist is also an
/// error rather than being skipped: the user asked for that file. Steps 1
/// and 2 are skipped only when the path is not given (nil or empty). When
/// every step fails the error lists each place tried.
///
/// Every input is injectable so tests never touch the real home directory or
/// the network; `standard(explicitPath:)` wires up the real ones.
public struct CorpusLocator: Sendable {
    /// SHA-1 of d2l's `timemachine.txt` (its DATA_HUB entry).
    public static let timeMachineSHA1 = "090b5e7e70c295757f55df93cb0a180b9691891a"
    /// Where d2l downloads `timemachine.txt` from.
    public static let timeMachineURL = URL(string: "http://d2l-data.s3-accelerate.amazonaws.com/timemachine.txt")!
    /// File name of the corpus in the shared data folder and in the cache.
    public static let timeMachineFileName = "timemachine.txt"
    /// The corpus's path relative to the package root.
    public static let sharedDataRelativePath = "../shared/data/timemachine.txt"
    /// Environment variable naming a corpus file.
    public static let environmentVariable = "CHARRNN_CORPUS"

    public var explicitPath: String?
    public var environment: [String: String]
    public var packageRoots: [URL]
    public var cacheDirectory: URL
    public var downloadURL: URL
    public var download: @Sendable (URL) throws -> Data
    /// Hash that steps 3–5 must match (lowercase or uppercase hex).
    public var expectedSHA1: String

    public init(
        explicitPath: String?,
        environment: [String: String],
        packageRoots: [URL],
        cacheDirectory: URL,
        downloadURL: URL,
        download: @escaping @Sendable (URL) throws -> Data,
        expectedSHA1: String = CorpusLocator.timeMachineSHA1
    ) {
        self.explicitPath = explicitPath
        self.environment = environment
        self.packageRoots = packageRoots
        self.cacheDirectory = cacheDirectory
        self.downloadURL = downloadURL
        self.download = download
        self.expectedSHA1 = expectedSHA1
    }

    /// The locator the program uses: the real environment, package roots
    /// found above the executable and the current directory (or the given
    /// `packageRoot`), the XDG cache and d2l's URL over `URLSession`.
    public static func standard(
        explicitPath: String?,
        environment: [String: String] = ProcessInfo.processInfo.environment,
        packageRoot: URL? = nil
    ) -> CorpusLocator {
        var starts: [URL] = []
        if let executable = executableURL() {
            starts.append(executable.deletingLastPathComponent())
        }
        starts.append(URL(fileURLWithPath: FileManager.default.currentDirectoryPath, isDirectory: true))
        let roots = packageRoot.map { [$0] } ?? discoverPackageRoots(from: starts)
        return CorpusLocator(
            explicitPath: explicitPath,
            environment: environment,
            packageRoots: roots,
            cacheDirectory: defaultCacheDirectory(environment: environment),
            downloadURL: timeMachineURL,
            download: { try urlSessionDownload($0) }
        )
    }

    // MARK: - Lookup

    public func locate() throws -> LocatedCorpus {
        var tried: [CorpusAttempt] = []

        // 1. --corpus PATH
        if let path = Self.nonEmpty(explicitPath) {
            return try userFile(path, origin: .explicit)
        }
        tried.append(CorpusAttempt(place: "--corpus", outcome: "not given"))

        // 2. $CHARRNN_CORPUS
        if let path = Self.nonEmpty(environment[Self.environmentVariable]) {
            return try userFile(path, origin: .environment)
        }
        tried.append(CorpusAttempt(place: "$\(Self.environmentVariable)", outcome: "not set"))

        // 3. ../shared/data/timemachine.txt beside the package
        var seen = Set<String>()
        let candidates = packageRoots
            .map { $0.appendingPathComponent(Self.sharedDataRelativePath).standardizedFileURL }
            .filter { seen.insert($0.path).inserted }
        if candidates.isEmpty {
            tried.append(CorpusAttempt(
                place: "\(Self.sharedDataRelativePath) beside the package",
                outcome: "no package root found above the executable or the current directory"))
        }
        for candidate in candidates {
            if Self.itemExists(candidate) {
                try verifyTimeMachine(at: candidate, origin: .sharedData)
                return LocatedCorpus(url: candidate, origin: .sharedData, isDefaultTimeMachine: true)
            }
            tried.append(CorpusAttempt(place: candidate.path, outcome: "not found"))
        }

        // 4. the user cache
        let cached = cacheDirectory.appendingPathComponent(Self.timeMachineFileName)
        if Self.itemExists(cached) {
            try verifyTimeMachine(at: cached, origin: .cache)
            return LocatedCorpus(url: cached, origin: .cache, isDefaultTimeMachine: true)
        }
        tried.append(CorpusAttempt(place: cached.path, outcome: "not found"))

        // 5. download into the cache
        let place = "download from \(downloadURL.absoluteString)"
        let data: Data
        do {
            data = try download(downloadURL)
        } catch {
            tried.append(CorpusAttempt(place: place, outcome: "failed: \(Self.downloadReason(error))"))
            throw CorpusError.notFound(tried: tried)
        }
        let actual = SHA1.hex(data)
        guard actual == expectedSHA1.lowercased() else {
            throw CorpusError.checksumMismatch(
                path: downloadURL.absoluteString, origin: .downloaded,
                expected: expectedSHA1.lowercased(), actual: actual)
        }
        do {
            try storeAtomically(data, at: cached)
        } catch {
            tried.append(CorpusAttempt(
                place: place,
                outcome: "downloaded, but could not save it to \(cached.path): \(CorpusFile.reason(for: error))"))
            throw CorpusError.notFound(tried: tried)
        }
        return LocatedCorpus(url: cached, origin: .downloaded, isDefaultTimeMachine: true)
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

    private func verifyTimeMachine(at url: URL, origin: LocatedCorpus.Origin) throws {
        let data = try CorpusFile.readBytes(at: url, source: origin.description)
        let actual = SHA1.hex(data)
        let expected = expectedSHA1.lowercased()
        guard actual == expected else {
            throw CorpusError.checksumMismatch(path: url.path, origin: origin, expected: expected, actual: actual)
        }
    }

    /// Writes `data` to a hidden temporary file in the destination's folder,
    /// then renames it over `destination`, so a reader never sees a partial
    /// file. The temporary file is removed on failure.
    private func storeAtomically(_ data: Data, at destination: URL) throws {
        let folder = destination.deletingLastPathComponent()
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let temporary = folder.appendingPathComponent(
            ".\(destination.lastPathComponent).\(UUID().uuidString).partial")
        do {
            try data.write(to: temporary, options: .withoutOverwriting)
            guard rename(temporary.path, destination.path) == 0 else {
                throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO)
            }
        } catch {
            try? FileManager.default.removeItem(at: temporary)
            throw error
        }
    }

    // MARK: - The real environment

    /// `$XDG_CACHE_HOME/charrnn`, or `~/.cache/charrnn` when `XDG_CACHE_HOME`
    /// is unset or not absolute (as the XDG spec requires).
    public static func defaultCacheDirectory(environment: [String: String]) -> URL {
        if let xdg = nonEmpty(environment["XDG_CACHE_HOME"]), xdg.hasPrefix("/") {
            return URL(fileURLWithPath: xdg, isDirectory: true)
                .appendingPathComponent("charrnn", isDirectory: true)
        }
        let home = nonEmpty(environment["HOME"]).map { URL(fileURLWithPath: $0, isDirectory: true) }
            ?? FileManager.default.homeDirectoryForCurrentUser
        return home
            .appendingPathComponent(".cache", isDirectory: true)
            .appendingPathComponent("charrnn", isDirectory: true)
    }

    /// Package roots at or above each start directory: folders holding a
    /// `Package.swift` whose `../shared/data/timemachine.txt` exists. Starts
    /// are resolved through symbolic links; results keep the order of the
    /// starts and contain no duplicates.
    public static func discoverPackageRoots(from starts: [URL]) -> [URL] {
        var roots: [URL] = []
        var seen = Set<String>()
        for start in starts {
            var folder = start.resolvingSymlinksInPath().standardizedFileURL
            while true {
                let manifest = folder.appendingPathComponent("Package.swift")
                let corpus = folder.appendingPathComponent(sharedDataRelativePath).standardizedFileURL
                if itemExists(manifest), itemExists(corpus), seen.insert(folder.path).inserted {
                    roots.append(folder)
                }
                let parent = folder.deletingLastPathComponent().standardizedFileURL
                if parent.path == folder.path || folder.path == "/" { break }
                folder = parent
            }
        }
        return roots
    }

    /// The running executable, symbolic links resolved: `/proc/self/exe`
    /// where it exists, else `Bundle.main.executableURL`, else `argv[0]`.
    public static func executableURL() -> URL? {
        if let target = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") {
            return URL(fileURLWithPath: target)
        }
        if let url = Bundle.main.executableURL {
            return url.resolvingSymlinksInPath()
        }
        if let first = CommandLine.arguments.first, first.contains("/") {
            return URL(fileURLWithPath: first).resolvingSymlinksInPath()
        }
        return nil
    }

    /// Fetches `url` with `URLSession`, blocking the calling thread until it
    /// finishes (30 s without data, 5 minutes in all). Anything but an HTTP
    /// 2xx response is an error. Throws `CorpusError.downloadFailed`.
    public static func urlSessionDownload(_ url: URL) throws -> Data {
        let configuration = URLSessionConfiguration.ephemeral
        configuration.timeoutIntervalForRequest = 30
        configuration.timeoutIntervalForResource = 300
        let session = URLSession(configuration: configuration)
        defer { session.finishTasksAndInvalidate() }

        let outcome = DownloadOutcome()
        let done = DispatchSemaphore(value: 0)
        let task = session.dataTask(with: url) { data, response, error in
            outcome.store(data: data, response: response, error: error)
            done.signal()
        }
        task.resume()
        done.wait()

        let (data, response, error) = outcome.load()
        if let error {
            throw CorpusError.downloadFailed(url: url.absoluteString, reason: networkReason(error))
        }
        if let http = response as? HTTPURLResponse, !(200..<300).contains(http.statusCode) {
            throw CorpusError.downloadFailed(
                url: url.absoluteString,
                reason: "HTTP status \(http.statusCode) \(HTTPURLResponse.localizedString(forStatusCode: http.statusCode))")
        }
        guard let data else {
            throw CorpusError.downloadFailed(url: url.absoluteString, reason: "no data received")
        }
        return data
    }

    // MARK: - Helpers

    private static func nonEmpty(_ value: String?) -> String? {
        guard let value, !value.isEmpty else { return nil }
        return value
    }

    /// Whether anything (file, directory, even a dangling link) is at `url`.
    private static func itemExists(_ url: URL) -> Bool {
        FileManager.default.fileExists(atPath: url.path)
            || (try? FileManager.default.destinationOfSymbolicLink(atPath: url.path)) != nil
    }

    private static func downloadReason(_ error: any Error) -> String {
        switch error {
        case let CorpusError.downloadFailed(_, reason): reason
        case let error as CorpusError: error.description
        default: networkReason(error)
        }
    }

    private static func networkReason(_ error: any Error) -> String {
        guard let urlError = error as? URLError else {
            return (error as NSError).localizedDescription
        }
        switch urlError.code {
        case .notConnectedToInternet: return "no network connection"
        case .cannotConnectToHost: return "could not connect to the server"
        case .cannotFindHost, .dnsLookupFailed: return "could not resolve the host name"
        case .timedOut: return "timed out"
        case .networkConnectionLost: return "the connection was lost"
        case .secureConnectionFailed: return "secure connection failed"
        default: return "network error \(urlError.code.rawValue)"
        }
    }
}

/// The result of one `URLSession` task, handed from its completion handler
/// to the waiting thread.
private final class DownloadOutcome: @unchecked Sendable {
    private let lock = NSLock()
    private var data: Data?
    private var response: URLResponse?
    private var error: (any Error)?

    func store(data: Data?, response: URLResponse?, error: (any Error)?) {
        lock.lock()
        defer { lock.unlock() }
        self.data = data
        self.response = response
        self.error = error
    }

    func load() -> (Data?, URLResponse?, (any Error)?) {
        lock.lock()
        defer { lock.unlock() }
        return (data, response, error)
    }
}
