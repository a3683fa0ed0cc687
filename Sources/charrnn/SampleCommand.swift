import ArgumentParser
import CharRNN
import CharRNNTerminal
import Foundation
import TerminalKit

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `charrnn sample`: generate text from a checkpoint.
///
/// The warm-up text is read, decoded and fed to the model in pieces, so a
/// prefix of any length needs only a fixed amount of memory; generated text is
/// written as it is produced. Ctrl-C (or SIGTERM, SIGHUP) stops either at once
/// with the conventional status (130, 143, 129).
struct SampleCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sample", abstract: "Print a prefix and the characters a trained model generates after it.")

    static let defaultPrefix = "it has"

    @Option(help: "The checkpoint to sample from (default: the trained model in assets/).")
    var checkpoint: String?
    @Option(help: "The text to warm the model up on (default: \"\(defaultPrefix)\"); it is printed before the generated text.")
    var prefix: String?
    @Option(help: "Read the warm-up text from this UTF-8 file instead (- for standard input); it may be of any size and is not printed.")
    var prefixFile: String?
    @Option(help: "Characters to generate.")
    var length = 20
    @Flag(help: "Always take the most likely character (d2l's predict).")
    var greedy = false
    @Option(help: "Sampling temperature (> 0).")
    var temperature: Double = 1
    @Option(help: "Sample among the K most likely characters only (0: all).")
    var topK = 0
    @Option(help: "Sample from the smallest set of characters whose probability reaches P.")
    var topP: Double = 1
    @Option(help: "Seed of the sampling draws.")
    var seed: UInt64 = 0

    var settings: SamplingSettings {
        SamplingSettings(greedy: greedy, temperature: temperature, topK: topK, topP: topP)
    }

    func validate() throws {
        guard length >= 0 else { throw ValidationError("--length must not be negative, got \(length)") }
        if let prefix, prefix.isEmpty { throw ValidationError("--prefix must not be empty") }
        guard prefix == nil || prefixFile == nil else { throw ValidationError("give --prefix or --prefix-file, not both") }
        if let prefixFile, prefixFile.isEmpty { throw ValidationError("--prefix-file needs a path (or - for standard input)") }
        do { try settings.validate() } catch { throw ValidationError(error.description) }
    }

    func run() throws {
        SignalWatcher.install(.termination)
        let url = try checkpoint.map { URL(fileURLWithPath: $0) } ?? Assets.defaultCheckpoint()
        let ck = try Checkpoint.read(from: url)
        let sampler = Sampler(params: ck.params, model: ck.model, vocabulary: ck.vocabulary, settings: settings, seed: seed)
        var warmUp = PromptFeeder(vocabulary: ck.vocabulary) { sampler.feed($0) }
        let output = StandardOutput()

        if let prefixFile {
            let source = try PromptSource(path: prefixFile)
            defer { source.close() }
            while let chunk = try source.next() {
                chunk.withUnsafeBytes { warmUp.feed($0) }
            }
            warmUp.finish()
            guard warmUp.consumed > 0 else {
                throw CLIError("the prefix \(prefixFile == "-" ? "on standard input" : "file '\(prefixFile)'") is empty")
            }
        } else {
            let text = prefix ?? Self.defaultPrefix
            Array(text.utf8).withUnsafeBytes { warmUp.feed($0) }
            warmUp.finish()
            output.write(text)
        }
        for line in warmUp.reportLines() { writeStderr("note: \(line)\n") }

        var remaining = length
        while remaining > 0 {
            PromptFeeder.exitIfInterrupted(output: output)
            let n = min(remaining, 256)
            output.write(ck.vocabulary.decode(sampler.generate(n)))
            remaining -= n
        }
        output.write("\n")
    }
}

/// Standard output, written unbuffered in pieces; remembers whether a line is open.
final class StandardOutput {
    private(set) var lineOpen = false

    func write(_ text: String) {
        guard !text.isEmpty else { return }
        FileHandle.standardOutput.write(Data(text.utf8))
        lineOpen = !text.hasSuffix("\n")
    }
}

/// Turns a stream of UTF-8 bytes into token ids one Unicode scalar at a time,
/// as `Vocabulary.encode` does, handing each id to `sink` at once.
///
/// A multi-byte character split between two pieces is carried over (at most
/// three bytes); nothing else is kept but counts and the first few unknown
/// characters, so the memory used does not grow with the text. Bytes that are
/// not UTF-8 are read as U+FFFD (and usually become `<unk>`).
struct PromptFeeder {
    /// Unknown characters listed by position; the rest are only counted.
    static let listedUnknowns = 10
    /// Scalars between two checks for a termination signal.
    static let signalCheckInterval = 4096

    let vocabulary: Vocabulary
    let sink: (Int) -> Void
    /// Scalars consumed so far.
    private(set) var consumed = 0
    private(set) var unknownCount = 0
    private(set) var listed: [(position: Int, scalar: Unicode.Scalar)] = []
    private(set) var invalidSequences = 0
    private var carry: [UInt8] = []
    private var buffer: [UInt8] = []

    init(vocabulary: Vocabulary, sink: @escaping (Int) -> Void) {
        self.vocabulary = vocabulary
        self.sink = sink
    }

    /// Feeds the complete characters of `carry + bytes`; keeps an incomplete tail.
    mutating func feed(_ bytes: UnsafeRawBufferPointer) {
        guard !bytes.isEmpty else { return }
        buffer.removeAll(keepingCapacity: true)
        buffer.append(contentsOf: carry)
        buffer.append(contentsOf: bytes)
        let cut = Self.completePrefixLength(buffer)
        carry = Array(buffer[cut...])
        decode(count: cut)
    }

    /// Feeds what is left at the end of the text (an incomplete character is invalid).
    mutating func finish() {
        guard !carry.isEmpty else { return }
        buffer = carry
        carry = []
        decode(count: buffer.count)
    }

    private mutating func decode(count: Int) {
        let pending = buffer
        pending.withUnsafeBufferPointer { all in
            let bytes = UnsafeBufferPointer(rebasing: all[..<count])
            var i = 0
            while i < bytes.count {
                let (decoded, length) = Self.scalar(in: bytes, at: i)
                i += length
                let scalar = decoded ?? "\u{FFFD}"
                if decoded == nil { invalidSequences += 1 }
                let id = vocabulary.index(of: scalar)
                if id == vocabulary.unknownIndex {
                    unknownCount += 1
                    if listed.count < Self.listedUnknowns { listed.append((consumed, scalar)) }
                }
                sink(id)
                consumed += 1
                if consumed % Self.signalCheckInterval == 0 { Self.exitIfInterrupted(output: nil) }
            }
        }
    }

    /// The scalar whose UTF-8 encoding starts at `bytes[i]` and its length, or
    /// nil and the length of the ill-formed part (its maximal subpart, as the
    /// Unicode standard recommends for replacement).
    static func scalar(in bytes: UnsafeBufferPointer<UInt8>, at i: Int) -> (Unicode.Scalar?, Int) {
        let b0 = bytes[i]
        if b0 < 0x80 { return (Unicode.Scalar(b0), 1) }
        let length: Int
        var low: UInt8 = 0x80, high: UInt8 = 0xBF  // the range of the second byte
        switch b0 {
        case 0xC2...0xDF: length = 2
        case 0xE0: length = 3; low = 0xA0
        case 0xE1...0xEC, 0xEE...0xEF: length = 3
        case 0xED: length = 3; high = 0x9F
        case 0xF0: length = 4; low = 0x90
        case 0xF1...0xF3: length = 4
        case 0xF4: length = 4; high = 0x8F
        default: return (nil, 1)
        }
        var value = UInt32(b0) & (length == 2 ? 0x1F : length == 3 ? 0x0F : 0x07)
        for k in 1..<length {
            guard i + k < bytes.count else { return (nil, k) }
            let b = bytes[i + k]
            guard b >= (k == 1 ? low : 0x80), b <= (k == 1 ? high : 0xBF) else { return (nil, k) }
            value = value << 6 | UInt32(b & 0x3F)
        }
        return (Unicode.Scalar(value), length)
    }

    /// The length of the longest prefix of `bytes` that does not end inside a
    /// multi-byte UTF-8 sequence.
    static func completePrefixLength(_ bytes: [UInt8]) -> Int {
        let n = bytes.count
        var i = n - 1
        while i >= max(0, n - 4) {
            let b = bytes[i]
            if b & 0xC0 != 0x80 {
                let length = b < 0xC0 ? 1 : b < 0xE0 ? 2 : b < 0xF0 ? 3 : 4
                return i + length > n ? i : n
            }
            i -= 1
        }
        return n
    }

    /// One line about the characters that became `<unk>`, and one about bytes that were not UTF-8.
    func reportLines() -> [String] {
        var lines: [String] = []
        if unknownCount > 0 {
            let shown = listed.map { "\(String($0.scalar).debugDescription) at \($0.position)" }.joined(separator: ", ")
            let more = unknownCount > listed.count ? " and \(unknownCount - listed.count) more" : ""
            lines.append("\(unknownCount) character\(unknownCount == 1 ? "" : "s") not in the vocabulary became <unk>: \(shown)\(more)")
        }
        if invalidSequences > 0 {
            lines.append("\(invalidSequences) byte sequence\(invalidSequences == 1 ? " was" : "s were") not UTF-8 and read as U+FFFD")
        }
        return lines
    }

    /// Exits with 128 + the signal when SIGINT, SIGTERM or SIGHUP has arrived.
    static func exitIfInterrupted(output: StandardOutput?) {
        let signals = SignalWatcher.peekSignals().intersection(.termination)
        guard !signals.isEmpty else { return }
        if let output, output.lineOpen { output.write("\n") }
        writeStderr("charrnn: interrupted\n")
        Foundation.exit(signals.exitStatus ?? 130)
    }
}

/// A file or standard input read in fixed-size pieces; waits for input in a
/// way a termination signal interrupts.
final class PromptSource {
    static let chunkBytes = 64 << 10
    private let fd: Int32
    private let path: String
    private let owned: Bool
    private var chunk = [UInt8](repeating: 0, count: PromptSource.chunkBytes)

    init(path: String) throws {
        self.path = path
        if path == "-" {
            fd = STDIN_FILENO
            owned = false
        } else {
            fd = open(path, O_RDONLY | O_CLOEXEC)
            guard fd >= 0 else { throw CLIError("cannot read prefix file '\(path)': \(String(cString: strerror(errno)))") }
            owned = true
        }
    }

    func close() {
        if owned { closeDescriptor(fd) }
    }

    /// The next piece, or nil at the end.
    func next() throws -> ArraySlice<UInt8>? {
        while true {
            PromptFeeder.exitIfInterrupted(output: nil)
            var ready = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            let polled = poll(&ready, 1, 100)
            if polled < 0 && errno != EINTR { throw failure() }
            if polled <= 0 { continue }
            let n = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress!, $0.count) }
            if n < 0 {
                if errno == EINTR || errno == EAGAIN { continue }
                throw failure()
            }
            return n == 0 ? nil : chunk[..<n]
        }
    }

    private func failure() -> CLIError {
        CLIError("cannot read \(path == "-" ? "standard input" : "prefix file '\(path)'"): \(String(cString: strerror(errno)))")
    }
}

private func closeDescriptor(_ fd: Int32) {
    _ = close(fd)
}
