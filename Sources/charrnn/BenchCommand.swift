import ArgumentParser
import CharRNN
import CharRNNTerminal
import Foundation
import TerminalKit

/// `charrnn bench`: figures of this machine and of the engine, measured in one run.
struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Measure training and sampling speed, kernel GFLOP/s and this machine's FP32 peak, in one run.")

    @Option(help: "UTF-8 text to train on (default: the Time Machine).")
    var corpus: String?
    @Option(parsing: .upToNextOption, help: "Hidden sizes to measure.")
    var hidden: [Int] = [32, 128, 256, 512]
    @Option(help: "Worker threads.")
    var threads = ProcessInfo.processInfo.activeProcessorCount
    @Flag(inversion: .prefixedNo, help: "Also measure the GRU, the LSTM and a 2-layer RNN at H=32, and 2-layer LSTMs (H=128, 512) on the raw text.")
    var cells = true
    @Flag(help: "Print one JSON object instead of tables.")
    var json = false

    struct Report: Codable {
        var cpu: String
        var threads: Int
        var peakGFLOPsOneThread: Double
        var peakGFLOPsAllThreads: Double
        var training: [TrainingBenchResult]
        var kernels: [KernelBench.Result]
    }

    func validate() throws {
        guard threads > 0 else { throw ValidationError("--threads must be positive, got \(threads)") }
        guard hidden.allSatisfy({ $0 > 0 && $0 <= 4096 }) else { throw ValidationError("--hidden sizes must be in 1...4096") }
    }

    func run() throws {
        let letters = try RunSetup.loadCorpus(mode: .letters, locator: .standard(explicitPath: corpus)).corpus
        let raw = cells ? try RunSetup.loadCorpus(mode: .raw, locator: .standard(explicitPath: corpus)).corpus : letters
        let say: (String) -> Void = json ? { _ in } : { print($0); fflush(nil) }
        let peak1 = PeakFLOPs.singleThread()
        let peakAll = PeakFLOPs.allThreads(threads)
        say("cpu: \(Self.cpuName()), \(threads) threads")
        say(String(format: "peak FP32 (FMA loop): %.1f GFLOP/s one thread, %.1f GFLOP/s %d threads", peak1, peakAll, threads))
        say("")
        say("training (SGD, clip 1; d2l's letters, or the raw text):")
        let shapes = models.map { model in
            ModelConfig(vocabularySize: (model.text == .raw ? raw : letters).vocabulary.count, hidden: model.hidden, cell: model.cell, layers: model.layers)
        }
        // The model column fits the longest name, so no name is cut.
        let nameWidth = max(20, shapes.map { Self.rowName($0).count + 1 }.max() ?? 0)
        say("  " + "model".padding(toLength: nameWidth, withPad: " ", startingAt: 0)
            + "     B×T    V   strategy      train tok/s   epoch tok/s   GFLOP/s  % peak   sample char/s")
        var training: [TrainingBenchResult] = []
        for (model, shape) in zip(models, shapes) {
            let text = model.text == .raw ? raw : letters
            // About 10 GFLOP per timed epoch: 0.3–1 s here, fewer minibatches for the bigger models.
            let batchFLOPs = Double(model.batchSize * model.numSteps) * shape.trainingFLOPsPerToken
            let batches = max(2, min(10, Int((1e10 / batchFLOPs).rounded(.up))))
            let r = try TrainingBench.run(corpus: text, model: model, threads: threads, batches: batches,
                                          peakGFLOPs: peakAll, withEpoch: model.hidden == 32 && model.text == .letters)
            training.append(r)
            let strategy: String
            switch BatchRunner.strategy(model: shape, steps: model.numSteps, batch: model.batchSize) {
            case .chunks(let rows): strategy = "chunks of \(rows)"
            case .wholeBatch: strategy = "whole batch"
            }
            say("  " + Self.rowName(shape).padding(toLength: nameWidth, withPad: " ", startingAt: 0) + TextFit.padLeft("\(model.batchSize)×\(model.numSteps)", to: 8)
                + TextFit.padLeft("\(text.vocabulary.count)", to: 5) + "   " + strategy.padding(toLength: 12, withPad: " ", startingAt: 0)
                + TextFit.padLeft(NumberFormat.grouped(r.trainingTokensPerSecond), to: 13)
                + TextFit.padLeft(r.epochTokensPerSecond.map(NumberFormat.grouped) ?? "-", to: 14)
                + TextFit.padLeft(NumberFormat.fixed(r.achievedGFLOPs, 1), to: 10)
                + TextFit.padLeft(NumberFormat.fixed(r.percentOfPeak, 1), to: 8)
                + TextFit.padLeft(NumberFormat.grouped(r.samplingCharactersPerSecond), to: 16))
        }
        say("")
        say("kernels (one thread):")
        var kernels: [KernelBench.Result] = []
        for h in hidden {
            let shape = ModelConfig(vocabularySize: letters.vocabulary.count, hidden: h)
            let hp = roundUpTo16(h)
            let rows: Int
            switch BatchRunner.strategy(model: shape, steps: 32, batch: 1024) {
            case .chunks(let r): rows = r
            case .wholeBatch: rows = 1024
            }
            kernels.append(KernelBench.gemm(m: rows, n: hp, k: hp, name: "h·W_hh H=\(h)"))
            kernels.append(KernelBench.gemm(m: rows * 32, n: 32, k: hp, name: "H·W_hq H=\(h)"))
            kernels.append(KernelBench.gemmTN(m: hp, n: hp, k: rows * 32, name: "dW_hh H=\(h)"))
        }
        kernels += KernelBench.elementwise(count: 64 * 32 * 32, v: letters.vocabulary.count)
        for k in kernels {
            let figure = k.gflops > 0 ? String(format: "%7.1f GFLOP/s", k.gflops) : String(format: "%7.2f ns/item", k.nanosecondsPerCall)
            say("  " + k.name.padding(toLength: 16, withPad: " ", startingAt: 0) + k.shape.padding(toLength: 24, withPad: " ", startingAt: 0) + figure)
        }
        if json {
            let report = Report(cpu: Self.cpuName(), threads: threads, peakGFLOPsOneThread: peak1, peakGFLOPsAllThreads: peakAll,
                                training: training, kernels: kernels)
            let enc = JSONEncoder()
            enc.outputFormatting = [.prettyPrinted, .sortedKeys]
            print(String(decoding: try enc.encode(report), as: UTF8.self))
        }
    }

    /// The rows of the training table: d2l's RNN at each `--hidden` size, then
    /// (unless `--no-cells`) the book's GRU, LSTM and 2-layer RNN at H=32, and
    /// char-rnn's 2-layer LSTMs on the raw text.
    var models: [BenchModel] {
        hidden.map { BenchModel(hidden: $0) }
            + (cells ? [BenchModel(cell: .gru, hidden: 32), BenchModel(cell: .lstm, hidden: 32), BenchModel(layers: 2, hidden: 32)]
                + [128, 512].map { BenchModel(cell: .lstm, layers: 2, hidden: $0, batchSize: 50, numSteps: 50, text: .raw) } : [])
    }

    /// `2-layer RNN, H=32`: the model's summary without the vocabulary (a column of its own).
    static func rowName(_ shape: ModelConfig) -> String {
        shape.summary.replacingOccurrences(of: ", V=\(shape.vocabularySize)", with: "")
    }

    /// The CPU model from /proc/cpuinfo, or "unknown".
    static func cpuName() -> String {
        guard let info = try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8),
            let line = info.split(separator: "\n").first(where: { $0.hasPrefix("model name") }),
            let name = line.split(separator: ":", maxSplits: 1).last
        else { return "unknown" }
        return name.trimmingCharacters(in: .whitespaces)
    }
}
