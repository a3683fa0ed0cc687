import ArgumentParser
import CharRNN
import Foundation

/// `charrnn bench`: figures of this machine and of the engine, measured in one run.
struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench", abstract: "Measure training and sampling speed, kernel GFLOP/s and the machine's FP32 peak.")

    @Flag(help: "Print the figures as one JSON object.")
    var json = false
    @Flag(help: "Kernels and peak only (skip the training runs).")
    var kernelsOnly = false

    func run() throws {
        let peak1 = PeakFLOPs.singleThread()
        let peakAll = PeakFLOPs.allThreads(ProcessInfo.processInfo.activeProcessorCount)
        print(String(format: "peak FP32: %.1f GFLOP/s one thread, %.1f all threads", peak1, peakAll))
        var kernels: [KernelBench.Result] = []
        for h in [32, 128, 256, 512] {
            let rows = BatchRunner.chunkRows(hp: h, vp: 32, steps: 32)
            kernels.append(KernelBench.gemm(m: rows, n: h, k: h, name: "recurrent H=\(h)"))
            kernels.append(KernelBench.gemm(m: rows * 32, n: 32, k: h, name: "output H=\(h)"))
            kernels.append(KernelBench.gemmTN(m: h, n: h, k: rows * 32, name: "dW_hh H=\(h)"))
        }
        kernels += KernelBench.elementwise(count: 64 * 32 * 32, v: 28)
        for k in kernels {
            print(k.name.padding(toLength: 18, withPad: " ", startingAt: 0), k.shape.padding(toLength: 22, withPad: " ", startingAt: 0),
                  String(format: "%7.1f GFLOP/s %10.1f ns", k.gflops, k.nanosecondsPerCall))
        }
    }
}
