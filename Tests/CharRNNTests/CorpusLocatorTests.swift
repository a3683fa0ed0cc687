import Foundation
import Testing
import CharRNNTestSupport
@testable import CharRNN

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

    @Test("the real corpus reads as text")
    func realCorpus() throws {
        let text = try CorpusFile.readText(at: Fixtures.timeMachineURL)
        #expect(text.utf8.count == 178_979)
        #expect(text.hasPrefix("The Time Machine, by H. G. Wells [1898]"))
    }
}

// MARK: - Lookup

@Suite("Finding the corpus")
struct CorpusLocatorTests {
    /// A folder with `user.txt` and `env.txt`, and a locator over it whose
    /// built-in copy is `builtIn` (a file of the folder, or a missing bundle).
    struct Layout {
        let folder: TemporaryFolder
        var userFile: URL { folder.url.appendingPathComponent("user.txt") }
        var envFile: URL { folder.url.appendingPathComponent("env.txt") }
        var builtInFile: URL { folder.url.appendingPathComponent("builtin.txt") }

        init() throws {
            folder = try TemporaryFolder()
            try folder.write("user.txt", "user text\n")
            try folder.write("env.txt", "environment text\n")
            try folder.write("builtin.txt", "built-in text\n")
        }

        func locator(explicitPath: String? = nil, environment: [String: String] = [:], bundleMissing: Bool = false) -> CorpusLocator {
            let builtIn = builtInFile
            return CorpusLocator(explicitPath: explicitPath, environment: environment) {
                if bundleMissing { throw BundledAssetError(name: "timemachine.txt", searched: ["/opt/charrnn"]) }
                return builtIn
            }
        }
    }

    @Test("--corpus wins over everything else")
    func explicitWins() throws {
        let layout = try Layout()
        let located = try layout.locator(
            explicitPath: layout.userFile.path,
            environment: [CorpusLocator.environmentVariable: layout.envFile.path]
        ).locate()
        #expect(located == LocatedCorpus(url: layout.userFile, origin: .explicit, isDefaultTimeMachine: false))
        #expect(located.label == "\(layout.userFile.path) (--corpus)")
        #expect(try located.readText() == "user text\n")
    }

    @Test("--corpus naming a missing file is an error, not a fallback")
    func explicitMissing() throws {
        let layout = try Layout()
        let missing = layout.folder.url.appendingPathComponent("typo.txt").path
        #expect(throws: CorpusError.missing(path: missing, source: "--corpus")) {
            try layout.locator(explicitPath: missing).locate()
        }
        #expect(CorpusError.missing(path: "typo.txt", source: "--corpus").description
            == "corpus 'typo.txt' (from --corpus) does not exist")
    }

    @Test("--corpus naming a directory is an error")
    func explicitDirectory() throws {
        let layout = try Layout()
        #expect(throws: CorpusError.isDirectory(path: layout.folder.url.path, source: "--corpus")) {
            try layout.locator(explicitPath: layout.folder.url.path).locate()
        }
    }

    @Test("$CHARRNN_CORPUS is used when --corpus is absent", arguments: [nil, ""] as [String?])
    func environmentWins(explicitPath: String?) throws {
        let layout = try Layout()
        let located = try layout.locator(
            explicitPath: explicitPath,
            environment: [CorpusLocator.environmentVariable: layout.envFile.path]
        ).locate()
        #expect(located == LocatedCorpus(url: layout.envFile, origin: .environment, isDefaultTimeMachine: false))
        #expect(located.label == "\(layout.envFile.path) ($CHARRNN_CORPUS)")
    }

    @Test("$CHARRNN_CORPUS naming a missing file is an error")
    func environmentMissing() throws {
        let layout = try Layout()
        let missing = layout.folder.url.appendingPathComponent("gone.txt").path
        #expect(throws: CorpusError.missing(path: missing, source: "$CHARRNN_CORPUS")) {
            try layout.locator(environment: [CorpusLocator.environmentVariable: missing]).locate()
        }
    }

    @Test("the built-in copy is used when no path is given", arguments: [nil, ""] as [String?])
    func builtInLast(value: String?) throws {
        let layout = try Layout()
        var environment: [String: String] = [:]
        environment[CorpusLocator.environmentVariable] = value
        let located = try layout.locator(explicitPath: value, environment: environment).locate()
        #expect(located == LocatedCorpus(url: layout.builtInFile, origin: .builtIn, isDefaultTimeMachine: true))
        #expect(located.label == "the Time Machine (built-in)")
    }

    @Test("a missing bundle is one line that says what to install")
    func missingBundle() throws {
        let layout = try Layout()
        #expect(throws: BundledAssetError.self) { try layout.locator(bundleMissing: true).locate() }
        let message = BundledAssetError(name: "timemachine.txt", searched: ["/opt/charrnn"]).description
        #expect(message == "the built-in timemachine.txt is missing: no charrnn_CharRNN.resources/timemachine.txt"
            + " in /opt/charrnn (install the binary together with its charrnn_CharRNN.resources folder)")
    }

    @Test("the built-in copy is checked against the Time Machine's SHA-1 as it loads")
    func builtInChecksum() throws {
        let layout = try Layout()
        #expect(throws: CorpusError.checksumMismatch(
            path: layout.builtInFile.path, expected: CorpusLocator.timeMachineSHA1, actual: SHA1.hex("built-in text\n".utf8))
        ) {
            try RunSetup.loadCorpus(mode: .letters, locator: layout.locator())
        }
        // A user's file is any text: no hash check.
        let user = try RunSetup.loadCorpus(mode: .letters, locator: layout.locator(explicitPath: layout.userFile.path))
        #expect(user.corpus.ids.count == "user text".count + 1)
    }

    @Test("the real bundle beside the test binary holds the assets, byte for byte")
    func realBundle() throws {
        let corpus = try BundledAssets.timeMachine()
        #expect(corpus.path.contains("/\(BundledAssets.bundleName)/"))
        #expect(try Data(contentsOf: corpus) == Data(contentsOf: Fixtures.timeMachineURL))
        let checkpoint = try BundledAssets.defaultCheckpoint()
        #expect(try Data(contentsOf: checkpoint) == Data(contentsOf: Fixtures.packageRoot.appendingPathComponent("assets/d2l-rnn.safetensors")))
        let loaded = try RunSetup.loadCorpus(mode: .letters, locator: .builtInOnly)
        #expect(loaded.sha1 == CorpusLocator.timeMachineSHA1)
        #expect(loaded.corpus.ids.count == 173_428)
    }
}
