import ArgumentParser
import CharRNN
import CharRNNTerminal
import Foundation

/// `charrnn sample`: generate text from a checkpoint.
struct SampleCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sample", abstract: "Print a prefix and the characters a trained model generates after it.")

    @Option(help: "The checkpoint to sample from (default: the trained model in assets/).")
    var checkpoint: String?
    @Option(help: "The text to warm the model up on.")
    var prefix = "it has"
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
        guard !prefix.isEmpty else { throw ValidationError("--prefix must not be empty") }
        do { try settings.validate() } catch { throw ValidationError(error.description) }
    }

    func run() throws {
        let url = try checkpoint.map { URL(fileURLWithPath: $0) } ?? Assets.defaultCheckpoint()
        let ck = try Checkpoint.read(from: url)
        let encoded = ck.vocabulary.encode(prefix)
        if let report = encoded.unknownReport() { writeStderr("note: \(report)\n") }
        let sampler = Sampler(params: ck.params, model: ck.model, vocabulary: ck.vocabulary, settings: settings, seed: seed)
        sampler.feed(encoded.ids)
        let generated = ck.vocabulary.decode(sampler.generate(length))
        print(prefix + generated)
    }
}
