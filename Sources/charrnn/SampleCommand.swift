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
    @Option(help: "Sampling temperature, > 0. (default: 1)")
    var temperature: Double?
    @Option(help: "Sample among the K most likely characters only; 0: all. (default: 0)")
    var topK: Int?
    @Option(help: "Sample from the smallest set of characters whose probability reaches P. (default: 1)")
    var topP: Double?
    @Option(help: "Seed of the sampling draws.")
    var seed: UInt64 = 0
    @Option(help: "The vocabulary of a weights-only checkpoint that records none: a JSON array of the tokens in index order (default: the corpus's).")
    var vocab: String?

    var settings: SamplingSettings {
        SamplingSettings(greedy: greedy, temperature: temperature ?? 1, topK: topK ?? 0, topP: topP ?? 1)
    }

    func validate() throws {
        guard length >= 0 else { throw ValidationError("--length must not be negative, got \(length)") }
        if let prefix, prefix.isEmpty { throw ValidationError("--prefix must not be empty") }
        guard prefix == nil || prefixFile == nil else { throw ValidationError("give --prefix or --prefix-file, not both") }
        if let prefixFile, prefixFile.isEmpty { throw ValidationError("--prefix-file needs a path (or - for standard input)") }
        if greedy, let given = [("temperature", temperature != nil), ("top-k", topK != nil), ("top-p", topP != nil)].first(where: \.1) {
            throw ValidationError("--greedy always takes the most likely character; leave out --\(given.0) (or --greedy)")
        }
        do { try settings.validate() } catch { throw ValidationError(error.description) }
    }

    func run() throws {
        SignalWatcher.install(.termination)
        let url = try checkpoint.map { URL(fileURLWithPath: $0) } ?? BundledAssets.defaultCheckpoint()
        let ck = try Checkpoint.load(from: url, options: .init(vocabularyPath: vocab, corpus: .standard(explicitPath: nil))).reportingNotes()
        let sampler = Sampler(params: ck.params, model: ck.model, vocabulary: ck.vocabulary, settings: settings, seed: seed)
        var warmUp = PromptEncoder(vocabulary: ck.vocabulary)
        let output = StandardOutput()
        // Feeds one id, checking for Ctrl-C every few thousand characters.
        let feed: (Int) -> Void = { id in
            sampler.feed(id)
            if sampler.consumed % 4096 == 0 { exitIfInterrupted() }
        }

        if let prefixFile {
            let source = try PromptSource(path: prefixFile)
            defer { source.close() }
            while let chunk = try source.next() {
                chunk.withUnsafeBytes { warmUp.feed($0, to: feed) }
            }
            warmUp.finish(to: feed)
            guard warmUp.consumed > 0 else {
                throw CLIError("the prefix \(prefixFile == "-" ? "on standard input" : "file '\(prefixFile)'") is empty")
            }
        } else {
            let text = prefix ?? Self.defaultPrefix
            Array(text.utf8).withUnsafeBytes { warmUp.feed($0, to: feed) }
            warmUp.finish(to: feed)
            output.write(text)
        }
        for line in warmUp.reportLines() { writeStderr("note: \(line)\n") }

        var remaining = length
        while remaining > 0 {
            exitIfInterrupted(output: output)
            let n = min(remaining, 256)
            output.write(ck.vocabulary.decode(sampler.generate(n)))
            remaining -= n
        }
        output.write("\n")
    }
}

