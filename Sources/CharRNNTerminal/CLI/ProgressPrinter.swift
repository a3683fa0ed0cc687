import CharRNN
import Foundation
import TerminalKit

/// Prints a run's progress: one line per epoch on stdout and, when stderr is a
/// terminal, a progress bar on stderr that is redrawn in place.
///
/// A `Trainer` listener: it only formats events, the loop knows nothing of it.
public final class ProgressPrinter {
    private let totalEpochs: Int
    private let showBar: Bool
    private var barVisible = false
    private var lastBar = ContinuousClock.now - .seconds(1)

    public init(totalEpochs: Int, showBar: Bool = isatty(2) == 1) {
        self.totalEpochs = totalEpochs
        self.showBar = showBar
    }

    public func handle(_ event: TrainingEvent) {
        switch event {
        case .step(let r):
            guard showBar, ContinuousClock.now - lastBar > .milliseconds(100) else { return }
            lastBar = .now
            let done = Double(r.epoch) + Double(r.batch + 1) / Double(max(1, r.batchesPerEpoch))
            let fraction = min(1, done / Double(max(1, totalEpochs)))
            let width = 30
            let filled = Int(fraction * Double(width))
            let bar = String(repeating: "#", count: filled) + String(repeating: "-", count: width - filled)
            writeStderr("\r[\(bar)] epoch \(r.epoch + 1)/\(totalEpochs) batch \(r.batch + 1)/\(r.batchesPerEpoch) loss \(NumberFormat.fixed(r.loss, 4))\u{1B}[K")
            barVisible = true
        case .epoch(let m):
            clearBar()
            print(ProgressPrinter.epochLine(m, totalEpochs: totalEpochs))
            fflush(nil)
            if let sample = m.sample { writeStderr(ProgressPrinter.sampleLine(m.epoch, sample) + "\n") }
        case .nonFinite(_, _, let message):
            clearBar()
            writeStderr("warning: \(message)\n")
        case .finished:
            clearBar()
        default:
            break
        }
    }

    /// `epoch 3/100  train ppl 16.51  val ppl 14.46  2,084,801 tok/s  0.46 s`
    public static func epochLine(_ m: EpochMetrics, totalEpochs: Int) -> String {
        let width = String(totalEpochs).count
        let epoch = String(repeating: " ", count: max(0, width - String(m.epoch).count)) + String(m.epoch)
        let val = m.valPerplexity.map { NumberFormat.fixed($0, 2) } ?? "-"
        return "epoch \(epoch)/\(totalEpochs)  train ppl \(NumberFormat.fixed(m.trainPerplexity, 2))  val ppl \(val)  "
            + "\(NumberFormat.grouped(m.tokensPerSecond)) tok/s  \(NumberFormat.fixed(m.elapsedSeconds, 2)) s"
    }

    /// `sample at epoch 10: time traveller …`, newlines shown as ↵ so it stays one line.
    public static func sampleLine(_ epoch: Int, _ sample: String) -> String {
        "sample at epoch \(epoch): " + sample.replacingOccurrences(of: "\n", with: "↵")
    }

    private func clearBar() {
        if barVisible {
            writeStderr("\r\u{1B}[K")
            barVisible = false
        }
    }
}

/// Writes to standard error without buffering.
public func writeStderr(_ s: String) {
    FileHandle.standardError.write(Data(s.utf8))
}

/// A progress bar for loading a large corpus, on stderr when it is a terminal.
public final class LoadingBar {
    private let enabled: Bool
    private var shown = false
    private var lastPercent = -1

    public init(enabled: Bool = isatty(2) == 1) {
        self.enabled = enabled
    }

    /// Draws the bar at `fraction` (0…1); cheap to call often.
    public func update(_ fraction: Double) {
        guard enabled else { return }
        let percent = Int(fraction * 100)
        guard percent != lastPercent else { return }
        lastPercent = percent
        // Small corpora load at once: only draw when there is something to watch.
        if !shown && fraction >= 1 { return }
        shown = true
        let width = 30, filled = Int(fraction * Double(width))
        writeStderr("\rloading corpus [" + String(repeating: "#", count: filled) + String(repeating: "-", count: width - filled) + "] \(percent)%\u{1B}[K")
    }

    /// Erases the bar.
    public func finish() {
        if shown { writeStderr("\r\u{1B}[K") }
        shown = false
    }
}
