import Foundation
import Testing
@testable import CharRNN

/// Where the real corpus lives relative to this package.
enum CorpusTestPaths {
    /// The package root: three levels above this file.
    static let packageRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()  // CharRNNTests
        .deletingLastPathComponent()  // Tests
        .deletingLastPathComponent()

    static let realCorpus = packageRoot
        .appendingPathComponent(CorpusLocator.sharedDataRelativePath)
        .standardizedFileURL

    static var realCorpusExists: Bool {
        FileManager.default.fileExists(atPath: realCorpus.path)
    }
}

/// A private temporary folder, removed when the test is done.
final class TemporaryFolder {
    let url: URL

    init() throws {
        url = FileManager.default.temporaryDirectory
            .appendingPathComponent("charrnn-corpus-tests-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    deinit {
        try? FileManager.default.removeItem(at: url)
    }

    @discardableResult
    func write(_ relativePath: String, _ bytes: [UInt8]) throws -> URL {
        let file = url.appendingPathComponent(relativePath)
        try FileManager.default.createDirectory(
            at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(bytes).write(to: file)
        return file
    }

    @discardableResult
    func write(_ relativePath: String, _ text: String) throws -> URL {
        try write(relativePath, Array(text.utf8))
    }

    @discardableResult
    func makeFolder(_ relativePath: String) throws -> URL {
        let folder = url.appendingPathComponent(relativePath, isDirectory: true)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder
    }

    func contents(of relativePath: String) -> [String] {
        let folder = url.appendingPathComponent(relativePath)
        return ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []).sorted()
    }
}

/// Counts calls to a fake downloader.
final class CallCounter: @unchecked Sendable {
    private let lock = NSLock()
    private var value = 0

    func increment() {
        lock.lock()
        value += 1
        lock.unlock()
    }

    var count: Int {
        lock.lock()
        defer { lock.unlock() }
        return value
    }
}

private struct NetworkDown: Error {}

// MARK: - UTF-8 validation

@Suite("UTF-8 validation")
struct UTF8ValidationTests {
    private func defect(_ bytes: [UInt8]) -> UTF8Defect? {
        bytes.withUnsafeBufferPointer { CorpusFile.firstUTF8Defect(in: $0) }
    }

    private func offset(_ bytes: [UInt8]) -> Int? {
        bytes.withUnsafeBufferPointer { CorpusFile.firstUTF8Defect(in: $0)?.offset }
    }

    @Test("well-formed text, including every boundary code point")
    func wellFormed() {
        #expect(offset([]) == nil)
        #expect(offset(Array("plain ASCII text, long enough for the fast path".utf8)) == nil)
        #expect(offset(Array("héllo wörld € 日本語 𝄞 😀".utf8)) == nil)
        let boundaries: [[UInt8]] = [
            [0x00], [0x7F],                          // U+0000, U+007F
            [0xC2, 0x80], [0xDF, 0xBF],              // U+0080, U+07FF
            [0xE0, 0xA0, 0x80], [0xEC, 0xBF, 0xBF],  // U+0800, U+CFFF
            [0xED, 0x80, 0x80], [0xED, 0x9F, 0xBF],  // U+D000, U+D7FF
            [0xEE, 0x80, 0x80], [0xEF, 0xBF, 0xBF],  // U+E000, U+FFFF
            [0xF0, 0x90, 0x80, 0x80],                // U+10000
            [0xF3, 0xBF, 0xBF, 0xBF],                // U+FFFFF
            [0xF4, 0x80, 0x80, 0x80],                // U+100000
            [0xF4, 0x8F, 0xBF, 0xBF],                // U+10FFFF
            [0xEF, 0xBB, 0xBF],                      // byte order mark
        ]
        for sequence in boundaries {
            #expect(offset(sequence) == nil, "\(sequence)")
            #expect(offset(Array("ab".utf8) + sequence + Array("cd".utf8)) == nil, "\(sequence)")
        }
    }

    /// One case per class of ill-formed input. Each is checked after a
    /// prefix with multi-byte characters, so the offset must be exact.
    @Test("each class of ill-formed sequence, with its exact offset", arguments: [
        ([0x80], 1, UTF8Defect.Kind.unexpectedContinuation),
        ([0xBF], 1, .unexpectedContinuation),
        ([0xC0, 0x80], 1, .overlong),          // overlong U+0000
        ([0xC1, 0xBF], 1, .overlong),          // overlong U+007F
        ([0xE0, 0x80, 0x80], 2, .overlong),    // overlong U+0000
        ([0xE0, 0x9F, 0xBF], 2, .overlong),    // overlong U+07FF
        ([0xF0, 0x80, 0x80, 0x80], 2, .overlong),
        ([0xF0, 0x8F, 0xBF, 0xBF], 2, .overlong),  // overlong U+FFFF
        ([0xED, 0xA0, 0x80], 2, .surrogate),   // U+D800
        ([0xED, 0xBF, 0xBF], 2, .surrogate),   // U+DFFF
        ([0xF4, 0x90, 0x80, 0x80], 2, .aboveMaximum),  // U+110000
        ([0xF4, 0xBF, 0xBF, 0xBF], 2, .aboveMaximum),
        ([0xF5, 0x80, 0x80, 0x80], 1, .invalidByte),
        ([0xF8, 0x88, 0x80, 0x80, 0x80], 1, .invalidByte),  // old 5-byte form
        ([0xFC, 0x84, 0x80, 0x80, 0x80, 0x80], 1, .invalidByte),
        ([0xFE], 1, .invalidByte),
        ([0xFF], 1, .invalidByte),
        ([0xC3, 0x41], 2, .truncated),
        ([0xE2, 0x82, 0x41], 3, .truncated),
        ([0xE2, 0x41, 0x82], 2, .truncated),
        ([0xF0, 0x9F, 0x98, 0x41], 4, .truncated),
        ([0xC3, 0xC3, 0xA9], 2, .truncated),   // a lead byte where a continuation belongs
        ([0xC3], 1, .truncatedAtEnd),
        ([0xE2, 0x82], 2, .truncatedAtEnd),
        ([0xF0, 0x9F, 0x98], 3, .truncatedAtEnd),
    ] as [([UInt8], Int, UTF8Defect.Kind)])
    func illFormed(sequence: [UInt8], reportedLength: Int, kind: UTF8Defect.Kind) {
        let prefix = Array("Time é€ 𝄞 ".utf8)
        let suffix: [UInt8] = kind == .truncatedAtEnd ? [] : Array(" tail".utf8)
        let input = prefix + sequence + suffix
        let found = defect(input)
        #expect(found?.offset == prefix.count)
        #expect(found?.kind == kind)
        #expect(found?.bytes == Array(sequence.prefix(reportedLength)))
        #expect(offset(input) == prefix.count)
        // Alone, the sequence is reported at offset 0.
        #expect(offset(sequence) == 0)
    }

    @Test("offsets are exact past the eight-byte ASCII fast path")
    func fastPathOffsets() {
        for position in 0..<40 {
            var bytes = [UInt8](repeating: UInt8(ascii: "x"), count: 40)
            bytes[position] = 0xFF
            #expect(offset(bytes) == position)
        }
        var mixed = Array("0123456789abcdef".utf8) + [0xC3, 0xA9] + Array("0123456789abcdef".utf8)
        #expect(offset(mixed) == nil)
        mixed.append(0x80)
        #expect(offset(mixed) == 34)
    }

    @Test("agrees with the standard library on random bytes")
    func agreesWithStandardLibrary() {
        var generator = SplitMix(seed: 0x5EED)
        for round in 0..<3000 {
            let length = Int(generator.next() % 24)
            let bytes: [UInt8] = (0..<length).map { _ in
                // Mostly lead and continuation bytes, so that multi-byte
                // sequences (valid and not) are common.
                let r = generator.next()
                let high = UInt8(truncatingIfNeeded: r >> 8)
                switch r % 4 {
                case 0: return high
                case 1: return [0xC0, 0xC2, 0xDF, 0xE0, 0xE1, 0xED, 0xEE, 0xF0, 0xF3, 0xF4, 0xF5, 0x41][Int(high % 12)]
                default: return 0x80 | (high & 0x3F)
                }
            }
            let valid = String(validating: bytes, as: UTF8.self) != nil
            #expect((offset(bytes) == nil) == valid, "round \(round): \(bytes)")
        }
    }

    @Test("random well-formed text is accepted")
    func randomWellFormed() {
        var generator = SplitMix(seed: 42)
        for _ in 0..<500 {
            var text = ""
            for _ in 0..<Int(generator.next() % 40) {
                let value = UInt32(truncatingIfNeeded: generator.next() % 0x11_0000)
                if let scalar = Unicode.Scalar(value) { text.unicodeScalars.append(scalar) }
            }
            #expect(offset(Array(text.utf8)) == nil)
        }
    }

    @Test("messages name the byte, the offset and the problem")
    func messages() {
        let cases: [(UTF8Defect, String)] = [
            (UTF8Defect(offset: 1234, bytes: [0xFF], kind: .invalidByte),
             "invalid byte 0xFF at offset 1234 (this byte never appears in UTF-8)"),
            (UTF8Defect(offset: 7, bytes: [0xE0, 0x80], kind: .overlong),
             "invalid byte 0xE0 at offset 7 (overlong encoding 0xE0 0x80)"),
            (UTF8Defect(offset: 0, bytes: [0xED, 0xA0], kind: .surrogate),
             "invalid byte 0xED at offset 0 (UTF-16 surrogate 0xED 0xA0)"),
            (UTF8Defect(offset: 3, bytes: [0xE2, 0x82, 0x41], kind: .truncated),
             "invalid byte 0xE2 at offset 3 (incomplete sequence 0xE2 0x82 followed by 0x41)"),
            (UTF8Defect(offset: 9, bytes: [0xC3], kind: .truncatedAtEnd),
             "invalid byte 0xC3 at offset 9 (incomplete sequence 0xC3 at end of file)"),
        ]
        for (defect, message) in cases {
            #expect(defect.description == message)
        }
    }
}

/// A small deterministic generator for the randomised tests.
struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

// MARK: - Reading files

@Suite("Reading a corpus file")
struct CorpusFileTests {
    @Test("reads UTF-8 text")
    func readsText() throws {
        let folder = try TemporaryFolder()
        let file = try folder.write("text.txt", "naïve café\nline two\n")
        #expect(try CorpusFile.readText(at: file) == "naïve café\nline two\n")
    }

    @Test("an empty file is an error")
    func emptyFile() throws {
        let folder = try TemporaryFolder()
        let file = try folder.write("empty.txt", [])
        #expect(throws: CorpusError.empty(path: file.path)) { try CorpusFile.readText(at: file) }
        #expect(CorpusError.empty(path: "x.txt").description == "corpus 'x.txt' is empty")
    }

    @Test("a directory is an error")
    func directory() throws {
        let folder = try TemporaryFolder()
        let sub = try folder.makeFolder("sub")
        let error = #expect(throws: CorpusError.self) { try CorpusFile.readText(at: sub) }
        guard case .isDirectory(let path, nil) = error else {
            Issue.record("unexpected \(String(describing: error))")
            return
        }
        #expect(path.hasSuffix("/sub") || path.hasSuffix("/sub/"))
        #expect(error?.description.contains("is a directory") == true)
    }

    @Test("a missing file is an error naming the path")
    func missingFile() throws {
        let folder = try TemporaryFolder()
        let file = folder.url.appendingPathComponent("nope.txt")
        #expect(throws: CorpusError.missing(path: file.path, source: nil)) {
            try CorpusFile.readText(at: file)
        }
        #expect(CorpusError.missing(path: "nope.txt", source: nil).description
            == "corpus 'nope.txt' does not exist")
    }

    @Test("an unreadable file is an error naming the path and the reason",
          .enabled(if: FileManager.default.isReadableFile(atPath: "/proc/self/mem"), "needs Linux /proc"))
    func unreadableFile() {
        // Reading /proc/self/mem from offset 0 fails with EIO (unmapped page).
        let file = URL(fileURLWithPath: "/proc/self/mem")
        #expect(throws: CorpusError.unreadable(path: "/proc/self/mem", reason: "input/output error")) {
            try CorpusFile.readText(at: file)
        }
        #expect(CorpusError.unreadable(path: "/proc/self/mem", reason: "input/output error").description
            == "cannot read corpus '/proc/self/mem': input/output error")
    }

    @Test("Foundation file errors are reduced to the system's reason")
    func errorReasons() {
        #expect(CorpusFile.reason(for: POSIXError(.EACCES)) == "permission denied")
        let wrapped = NSError(domain: NSCocoaErrorDomain, code: CocoaError.fileReadNoPermission.rawValue,
                              userInfo: [NSUnderlyingErrorKey: POSIXError(.EACCES)])
        #expect(CorpusFile.reason(for: wrapped) == "permission denied")
    }

    @Test("non-UTF-8 content is reported with the byte offset")
    func notUTF8() throws {
        let folder = try TemporaryFolder()
        var bytes = [UInt8](repeating: UInt8(ascii: "a"), count: 2000)
        bytes[1234] = 0xFF
        let file = try folder.write("latin1.txt", bytes)
        let error = #expect(throws: CorpusError.self) { try CorpusFile.readText(at: file) }
        #expect(error == .notUTF8(
            path: file.path, defect: UTF8Defect(offset: 1234, bytes: [0xFF], kind: .invalidByte)))
        #expect(error?.description
            == "corpus '\(file.path)' is not UTF-8: invalid byte 0xFF at offset 1234 (this byte never appears in UTF-8)")
    }

    @Test("the real corpus reads as text",
          .enabled(if: CorpusTestPaths.realCorpusExists, "needs ../shared/data/timemachine.txt"))
    func realCorpus() throws {
        let text = try CorpusFile.readText(at: CorpusTestPaths.realCorpus)
        #expect(text.utf8.count == 178_979)
        #expect(text.hasPrefix("The Time Machine, by H. G. Wells [1898]"))
    }
}

// MARK: - Lookup

@Suite("Finding the corpus")
struct CorpusLocatorTests {
    static let fakeTimeMachine = "The Time Machine, by H. G. Wells [1898]\n\nA small stand-in.\n"
    static let fakeSHA1 = SHA1.hex(fakeTimeMachine.utf8)
    static let unreachable = URL(string: "http://127.0.0.1:9/timemachine.txt")!

    /// A temporary layout:
    ///
    ///     root/pkg/Package.swift
    ///     root/shared/data/timemachine.txt   (if `sharedData`)
    ///     root/cache/timemachine.txt         (if `cached`)
    ///     root/user.txt, root/env.txt
    struct Layout {
        let folder: TemporaryFolder
        var root: URL { folder.url }
        var package: URL { root.appendingPathComponent("pkg", isDirectory: true) }
        var sharedFile: URL { root.appendingPathComponent("shared/data/timemachine.txt") }
        var cacheFolder: URL { root.appendingPathComponent("cache", isDirectory: true) }
        var cacheFile: URL { cacheFolder.appendingPathComponent("timemachine.txt") }
        var userFile: URL { root.appendingPathComponent("user.txt") }
        var envFile: URL { root.appendingPathComponent("env.txt") }

        init(sharedData: String? = nil, cached: String? = nil) throws {
            folder = try TemporaryFolder()
            try folder.write("pkg/Package.swift", "// swift-tools-version:6.0\n")
            try folder.write("user.txt", "user text\n")
            try folder.write("env.txt", "environment text\n")
            if let sharedData { try folder.write("shared/data/timemachine.txt", sharedData) }
            if let cached { try folder.write("cache/timemachine.txt", cached) }
        }

        func locator(
            explicitPath: String? = nil,
            environment: [String: String] = [:],
            packageRoots: [URL]? = nil,
            cacheFolder: URL? = nil,
            downloadURL: URL = CorpusLocatorTests.unreachable,
            download: @escaping @Sendable (URL) throws -> Data = { _ in throw NetworkDown() }
        ) -> CorpusLocator {
            CorpusLocator(
                explicitPath: explicitPath,
                environment: environment,
                packageRoots: packageRoots ?? [package],
                cacheDirectory: cacheFolder ?? self.cacheFolder,
                downloadURL: downloadURL,
                download: download,
                expectedSHA1: CorpusLocatorTests.fakeSHA1)
        }
    }

    // Step 1

    @Test("--corpus wins over everything else")
    func explicitWins() throws {
        let layout = try Layout(sharedData: Self.fakeTimeMachine, cached: Self.fakeTimeMachine)
        let located = try layout.locator(
            explicitPath: layout.userFile.path,
            environment: [CorpusLocator.environmentVariable: layout.envFile.path]
        ).locate()
        #expect(located == LocatedCorpus(url: layout.userFile, origin: .explicit, isDefaultTimeMachine: false))
        #expect(try located.readText() == "user text\n")
    }

    @Test("--corpus naming a missing file is an error, not a fallback")
    func explicitMissing() throws {
        let layout = try Layout(sharedData: Self.fakeTimeMachine)
        let missing = layout.root.appendingPathComponent("typo.txt").path
        #expect(throws: CorpusError.missing(path: missing, source: "--corpus")) {
            try layout.locator(explicitPath: missing).locate()
        }
        #expect(CorpusError.missing(path: "typo.txt", source: "--corpus").description
            == "corpus 'typo.txt' (from --corpus) does not exist")
    }

    @Test("--corpus naming a directory is an error")
    func explicitDirectory() throws {
        let layout = try Layout(sharedData: Self.fakeTimeMachine)
        #expect(throws: CorpusError.isDirectory(path: layout.package.path, source: "--corpus")) {
            try layout.locator(explicitPath: layout.package.path).locate()
        }
    }

    @Test("--corpus takes any text, with no hash check")
    func explicitNoHashCheck() throws {
        let layout = try Layout()
        let located = try layout.locator(explicitPath: layout.userFile.path).locate()
        #expect(located.origin == .explicit)
        #expect(!located.isDefaultTimeMachine)
    }

    // Step 2

    @Test("$CHARRNN_CORPUS is used when --corpus is absent", arguments: [nil, ""] as [String?])
    func environmentWins(explicitPath: String?) throws {
        let layout = try Layout(sharedData: Self.fakeTimeMachine, cached: Self.fakeTimeMachine)
        let located = try layout.locator(
            explicitPath: explicitPath,
            environment: [CorpusLocator.environmentVariable: layout.envFile.path]
        ).locate()
        #expect(located == LocatedCorpus(url: layout.envFile, origin: .environment, isDefaultTimeMachine: false))
    }

    @Test("$CHARRNN_CORPUS naming a missing file is an error")
    func environmentMissing() throws {
        let layout = try Layout(sharedData: Self.fakeTimeMachine)
        let missing = layout.root.appendingPathComponent("gone.txt").path
        #expect(throws: CorpusError.missing(path: missing, source: "$CHARRNN_CORPUS")) {
            try layout.locator(environment: [CorpusLocator.environmentVariable: missing]).locate()
        }
    }

    // Step 3

    @Test("the shared data file is used when no path is given", arguments: [nil, ""] as [String?])
    func sharedDataWins(environmentValue: String?) throws {
        let layout = try Layout(sharedData: Self.fakeTimeMachine, cached: Self.fakeTimeMachine)
        var environment: [String: String] = [:]
        environment[CorpusLocator.environmentVariable] = environmentValue
        let located = try layout.locator(environment: environment).locate()
        #expect(located.origin == .sharedData)
        #expect(located.isDefaultTimeMachine)
        #expect(located.url.path == layout.sharedFile.standardizedFileURL.path)
        #expect(try located.readText() == Self.fakeTimeMachine)
    }

    @Test("later package roots are tried when earlier ones have no shared data")
    func secondPackageRoot() throws {
        let layout = try Layout(sharedData: Self.fakeTimeMachine)
        let other = try TemporaryFolder()
        let located = try layout.locator(
            packageRoots: [other.url.appendingPathComponent("pkg"), layout.package]
        ).locate()
        #expect(located.origin == .sharedData)
    }

    @Test("a shared data file with the wrong hash is an error")
    func sharedDataMismatch() throws {
        let layout = try Layout(sharedData: "something else\n", cached: Self.fakeTimeMachine)
        let error = #expect(throws: CorpusError.self) { try layout.locator().locate() }
        #expect(error == .checksumMismatch(
            path: layout.sharedFile.standardizedFileURL.path, origin: .sharedData,
            expected: Self.fakeSHA1, actual: SHA1.hex("something else\n".utf8)))
        #expect(error?.description.contains("restore the original file") == true)
    }

    // Step 4

    @Test("the cache is used when there is no shared data")
    func cacheWins() throws {
        let layout = try Layout(cached: Self.fakeTimeMachine)
        let counter = CallCounter()
        let located = try layout.locator(download: { _ in
            counter.increment()
            throw NetworkDown()
        }).locate()
        #expect(located == LocatedCorpus(url: layout.cacheFile, origin: .cache, isDefaultTimeMachine: true))
        #expect(counter.count == 0)
    }

    @Test("a cached file with the wrong hash is an error")
    func cacheMismatch() throws {
        let layout = try Layout(cached: "truncated")
        let error = #expect(throws: CorpusError.self) { try layout.locator(packageRoots: []).locate() }
        #expect(error == .checksumMismatch(
            path: layout.cacheFile.path, origin: .cache,
            expected: Self.fakeSHA1, actual: SHA1.hex("truncated".utf8)))
        #expect(error?.description.contains("delete it to download it again") == true)
    }

    // Step 5

    @Test("download saves the verified file into the cache")
    func downloadSuccess() throws {
        let layout = try Layout()
        let cacheFolder = layout.root.appendingPathComponent("deep/cache/charrnn", isDirectory: true)
        let counter = CallCounter()
        let downloadURL = URL(string: "http://example.invalid/timemachine.txt")!
        let locator = layout.locator(cacheFolder: cacheFolder, downloadURL: downloadURL, download: { url in
            counter.increment()
            #expect(url == downloadURL)
            return Data(CorpusLocatorTests.fakeTimeMachine.utf8)
        })

        let first = try locator.locate()
        let cacheFile = cacheFolder.appendingPathComponent("timemachine.txt")
        #expect(first == LocatedCorpus(url: cacheFile, origin: .downloaded, isDefaultTimeMachine: true))
        #expect(try first.readText() == Self.fakeTimeMachine)
        // Only the final file remains: the temporary file was renamed.
        #expect(layout.folder.contents(of: "deep/cache/charrnn") == ["timemachine.txt"])

        // Next time the cache answers and nothing is downloaded.
        let second = try locator.locate()
        #expect(second.origin == .cache)
        #expect(counter.count == 1)
    }

    @Test("a download with the wrong hash is an error and is not kept")
    func downloadMismatch() throws {
        let layout = try Layout()
        let locator = layout.locator(download: { _ in Data("<html>error page</html>".utf8) })
        let error = #expect(throws: CorpusError.self) { try locator.locate() }
        #expect(error == .checksumMismatch(
            path: Self.unreachable.absoluteString, origin: .downloaded,
            expected: Self.fakeSHA1, actual: SHA1.hex("<html>error page</html>".utf8)))
        #expect(error?.description.contains("the download was discarded") == true)
        #expect(layout.folder.contents(of: "cache") == [])
    }

    @Test("a failed download lists every place tried")
    func downloadFailure() throws {
        let layout = try Layout()
        let locator = layout.locator(download: { url in
            throw CorpusError.downloadFailed(url: url.absoluteString, reason: "no network connection")
        })
        let error = #expect(throws: CorpusError.self) { try locator.locate() }
        #expect(error == .notFound(tried: [
            CorpusAttempt(place: "--corpus", outcome: "not given"),
            CorpusAttempt(place: "$CHARRNN_CORPUS", outcome: "not set"),
            CorpusAttempt(place: layout.sharedFile.standardizedFileURL.path, outcome: "not found"),
            CorpusAttempt(place: layout.cacheFile.path, outcome: "not found"),
            CorpusAttempt(place: "download from http://127.0.0.1:9/timemachine.txt",
                          outcome: "failed: no network connection"),
        ]))
        #expect(error?.description == "cannot find the Time Machine corpus; tried: "
            + "--corpus (not given); $CHARRNN_CORPUS (not set); "
            + "\(layout.sharedFile.standardizedFileURL.path) (not found); \(layout.cacheFile.path) (not found); "
            + "download from http://127.0.0.1:9/timemachine.txt (failed: no network connection). "
            + "Pass --corpus PATH or set CHARRNN_CORPUS=PATH to use a UTF-8 text file")
        #expect(error?.description.contains("\n") == false)
    }

    @Test("without package roots the message says so")
    func noPackageRoots() throws {
        let layout = try Layout()
        let error = #expect(throws: CorpusError.self) { try layout.locator(packageRoots: []).locate() }
        guard case .notFound(let tried) = error else {
            Issue.record("unexpected \(String(describing: error))")
            return
        }
        #expect(tried.count == 5)
        #expect(tried[2].outcome.contains("no package root found"))
    }

    @Test("the real downloader fails cleanly when the server is unreachable")
    func unreachableServer() throws {
        let layout = try Layout()
        let locator = layout.locator(download: { try CorpusLocator.urlSessionDownload($0) })
        let error = #expect(throws: CorpusError.self) { try locator.locate() }
        guard case .notFound(let tried) = error else {
            Issue.record("unexpected \(String(describing: error))")
            return
        }
        let last = try #require(tried.last)
        #expect(last.place == "download from http://127.0.0.1:9/timemachine.txt")
        #expect(last.outcome.hasPrefix("failed: "))
        #expect(layout.folder.contents(of: ".").contains("cache") == false)
        #expect(error?.description.contains("--corpus PATH") == true)
    }

    @Test("a cache that cannot be written is reported, leaving nothing behind")
    func unwritableCache() throws {
        let layout = try Layout()
        let blocker = try layout.folder.write("blocker", "a file where the cache folder should be")
        let locator = layout.locator(
            packageRoots: [],
            cacheFolder: blocker.appendingPathComponent("charrnn"),
            download: { _ in Data(CorpusLocatorTests.fakeTimeMachine.utf8) })
        let error = #expect(throws: CorpusError.self) { try locator.locate() }
        guard case .notFound(let tried) = error else {
            Issue.record("unexpected \(String(describing: error))")
            return
        }
        #expect(tried.last?.outcome == "downloaded, but could not save it to "
            + "\(blocker.appendingPathComponent("charrnn/timemachine.txt").path): not a directory")
        #expect(try String(contentsOf: blocker, encoding: .utf8) == "a file where the cache folder should be")
    }

    // The real environment

    @Test("the cache folder follows XDG_CACHE_HOME, else HOME")
    func cacheDirectory() {
        #expect(CorpusLocator.defaultCacheDirectory(environment: ["XDG_CACHE_HOME": "/x/cache", "HOME": "/h"]).path
            == "/x/cache/charrnn")
        #expect(CorpusLocator.defaultCacheDirectory(environment: ["XDG_CACHE_HOME": "relative", "HOME": "/h"]).path
            == "/h/.cache/charrnn")
        #expect(CorpusLocator.defaultCacheDirectory(environment: ["XDG_CACHE_HOME": "", "HOME": "/h"]).path
            == "/h/.cache/charrnn")
    }

    @Test("package roots are found by walking up from a build folder")
    func discoverRoots() throws {
        let layout = try Layout(sharedData: Self.fakeTimeMachine)
        let debug = try layout.folder.makeFolder("pkg/.build/x86_64-unknown-linux-gnu/debug")
        let roots = CorpusLocator.discoverPackageRoots(from: [debug, layout.package])
        #expect(roots.map(\.path) == [layout.package.resolvingSymlinksInPath().standardizedFileURL.path])

        // A package without ../shared/data/timemachine.txt is not a match.
        let bare = try Layout()
        let bareDebug = try bare.folder.makeFolder("pkg/.build/debug")
        #expect(CorpusLocator.discoverPackageRoots(from: [bareDebug]).isEmpty)
    }

    @Test("this package and its shared data are found from the test's own location",
          .enabled(if: CorpusTestPaths.realCorpusExists, "needs ../shared/data/timemachine.txt"))
    func realPackageRoot() throws {
        let here = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        let roots = CorpusLocator.discoverPackageRoots(from: [here])
        #expect(roots.first?.path == CorpusTestPaths.packageRoot.resolvingSymlinksInPath().path)
        #expect(CorpusLocator.executableURL() != nil)
    }

    @Test("the standard locator finds and verifies the real corpus",
          .enabled(if: CorpusTestPaths.realCorpusExists, "needs ../shared/data/timemachine.txt"))
    func standardLocator() throws {
        let home = try TemporaryFolder()
        let locator = CorpusLocator.standard(
            explicitPath: nil, environment: ["HOME": home.url.path], packageRoot: CorpusTestPaths.packageRoot)
        #expect(locator.expectedSHA1 == CorpusLocator.timeMachineSHA1)
        #expect(locator.downloadURL.absoluteString == "http://d2l-data.s3-accelerate.amazonaws.com/timemachine.txt")
        #expect(locator.cacheDirectory.path == home.url.appendingPathComponent(".cache/charrnn").path)
        let located = try locator.locate()
        #expect(located.origin == .sharedData)
        #expect(located.isDefaultTimeMachine)
        #expect(located.url.path == CorpusTestPaths.realCorpus.path)
        #expect(try located.readText().utf8.count == 178_979)
    }
}
