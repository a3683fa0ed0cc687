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
    @Flag(inversion: .prefixedNo, help: "Also measure the GRU, the LSTM and a 2-layer RNN at H=32.")
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
        let text = try RunSetup.loadCorpus(path: corpus, mode: .letters).corpus
        let say: (String) -> Void = json ? { _ in } : { print($0); fflush(nil) }
        let peak1 = PeakFLOPs.singleThread()
        let peakAll = PeakFLOPs.allThreads(threads)
        say("cpu: \(Self.cpuName()), \(threads) threads")
        say(String(format: "peak FP32 (FMA loop): %.1f GFLOP/s one thread, %.1f GFLOP/s %d threads", peak1, peakAll, threads))
        say("")
        say("training (batch 1024, 32 steps, V=\(text.vocabulary.count)):")
        say("  model             train tok/s   epoch tok/s   GFLOP/s  % peak   sample char/s")
        var training: [TrainingBenchResult] = []
        let models = hidden.map { (CellKind.rnn, 1, $0) } + (cells ? [(.gru, 1, 32), (.lstm, 1, 32), (.rnn, 2, 32)] : [])
        for (cell, layers, h) in models {
            // About 0.5–2 s per size: fewer minibatches for the bigger models.
            let batches = max(2, min(10, 10 * 32 * 32 / (h * h * cell.gates * layers) + 2))
            let r = try TrainingBench.run(corpus: text, hidden: h, cell: cell, layers: layers, threads: threads, batches: batches,
                                          peakGFLOPs: peakAll, withEpoch: h == 32)
            training.append(r)
            let name = ModelConfig(vocabularySize: text.vocabulary.count, hidden: h, cell: cell, layers: layers).summary
                .replacingOccurrences(of: ", V=\(text.vocabulary.count)", with: "")
            say("  " + name.padding(toLength: 16, withPad: " ", startingAt: 0) + TextFit.padLeft(NumberFormat.grouped(r.trainingTokensPerSecond), to: 12)
                + TextFit.padLeft(r.epochTokensPerSecond.map(NumberFormat.grouped) ?? "-", to: 14) + TextFit.padLeft(NumberFormat.fixed(r.achievedGFLOPs, 1), to: 10)
                + TextFit.padLeft(NumberFormat.fixed(r.percentOfPeak, 1), to: 8) + TextFit.padLeft(NumberFormat.grouped(r.samplingCharactersPerSecond), to: 16))
        }
        say("")
        say("kernels (one thread):")
        var kernels: [KernelBench.Result] = []
        for h in hidden {
            let rows = BatchRunner.chunkRows(model: ModelConfig(vocabularySize: text.vocabulary.count, hidden: h), steps: 32)
            let hp = roundUpTo16(h)
            kernels.append(KernelBench.gemm(m: rows, n: hp, k: hp, name: "h·W_hh H=\(h)"))
            kernels.append(KernelBench.gemm(m: rows * 32, n: 32, k: hp, name: "H·W_hq H=\(h)"))
            kernels.append(KernelBench.gemmTN(m: hp, n: hp, k: rows * 32, name: "dW_hh H=\(h)"))
        }
        kernels += KernelBench.elementwise(count: 64 * 32 * 32, v: text.vocabulary.count)
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

    /// The CPU model from /proc/cpuinfo, or "unknown".
    static func cpuName() -> String {
        guard let info = try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8),
            let line = info.split(separator: "\n").first(where: { $0.hasPrefix("model name") }),
            let name = line.split(separator: ":", maxSplits: 1).last
        else { return "unknown" }
        return name.trimmingCharacters(in: .whitespaces)
    }
}
