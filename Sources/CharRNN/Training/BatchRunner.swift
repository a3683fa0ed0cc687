import Dispatch

/// Runs minibatches through the RNN on several threads with results that do not
/// depend on the thread count.
///
/// A batch is cut into chunks of `chunkRows` rows — a size fixed by the model
/// shape alone — and each chunk writes its loss and gradient into its own slot.
/// Threads take chunks round-robin; afterwards the slots are summed in chunk order
/// (each element's sum in the same order whichever thread adds it), so 1 or 8
/// threads give bit-identical losses and gradients.
public final class BatchRunner: @unchecked Sendable {
    public let config: ModelConfig
    public let steps: Int
    public let threads: Int
    public let chunkRows: Int
    public let weights: PackedRNN
    private let workspaces: [RNNWorkspace]
    private let gradientCount: Int
    private let maxChunks: Int
    private let chunkGradients: FloatBuffer  // (maxChunks, gradientCount)
    private let chunkLosses: UnsafeMutablePointer<Double>
    private let total: FloatBuffer  // (gradientCount)

    public init(config: ModelConfig, steps: Int, maxBatch: Int, threads: Int) {
        self.config = config
        self.steps = steps
        self.threads = max(1, threads)
        weights = PackedRNN(config: config)
        let (hp, vp) = (weights.hp, weights.vp)
        chunkRows = BatchRunner.chunkRows(hp: hp, vp: vp, steps: steps)
        workspaces = (0..<self.threads).map { _ in RNNWorkspace(rowCapacity: BatchRunner.chunkRows(hp: hp, vp: vp, steps: steps), steps: steps, hp: hp, vp: vp) }
        gradientCount = PaddedRNNGradient.count(v: config.vocabularySize, hp: hp, vp: vp)
        maxChunks = max(1, (maxBatch + chunkRows - 1) / chunkRows)
        chunkGradients = FloatBuffer(count: maxChunks * gradientCount)
        chunkLosses = .allocate(capacity: maxChunks)
        chunkLosses.initialize(repeating: 0, count: maxChunks)
        total = FloatBuffer(count: gradientCount)
    }

    deinit { chunkLosses.deallocate() }

    /// Rows per chunk: a multiple of 8 whose working set (states, dH, logits) is
    /// about 768 KiB, so a chunk stays in a core's L2 cache; between 8 and 256.
    public static func chunkRows(hp: Int, vp: Int, steps: Int) -> Int {
        let bytesPerRow = 4 * steps * (2 * hp + vp)
        return min(256, max(8, (786_432 / bytesPerRow) / 8 * 8))
    }

    /// Loads new weights; call after every update and before `run`.
    public func load(_ params: ParameterArena) { weights.load(params) }

    /// The summed loss over the windows starting at `starts`; when `gradient` is
    /// given, it is overwritten with ∂(mean loss)/∂θ in the layout `config.layout`.
    public func run(starts: ArraySlice<Int>, ids: UnsafePointer<Int32>, gradient: UnsafeMutablePointer<ParameterArena>?) -> Double {
        let rows = starts.count
        guard rows > 0 else { return 0 }
        let chunks = (rows + chunkRows - 1) / chunkRows
        precondition(chunks <= maxChunks, "batch larger than the runner was built for")
        let wantGradient = gradient != nil
        let scale = 1 / Float(rows * steps)
        let base = starts.startIndex
        let (v, h, vp, hp) = (weights.v, weights.h, weights.vp, weights.hp)
        nonisolated(unsafe) let ids = ids  // read-only for the duration of the call

        parallel(threads) { worker in
            let ws = self.workspaces[worker]
            for c in stride(from: worker, to: chunks, by: self.threads) {
                let lo = base + c * self.chunkRows, hi = min(lo + self.chunkRows, base + rows)
                ws.load(windows: starts[lo..<hi], from: ids)
                var g: PaddedRNNGradient?
                if wantGradient {
                    let slot = self.chunkGradients.pointer + c * self.gradientCount
                    slot.update(repeating: 0, count: self.gradientCount)
                    g = PaddedRNNGradient(v: v, h: h, vp: vp, hp: hp, storage: slot)
                }
                self.chunkLosses[c] = RNNForwardBackward.run(weights: self.weights, workspace: ws, rows: hi - lo, gradient: g, gradientScale: scale)
            }
        }
        var loss: Double = 0
        for c in 0..<chunks { loss += chunkLosses[c] }
        if let gradient {
            reduceChunkGradients(chunks)
            PaddedRNNGradient(v: v, h: h, vp: vp, hp: hp, storage: total.pointer).unpad(into: &gradient.pointee)
        }
        return loss
    }

    /// total = Σ_c chunk c, each element summed in chunk order; threads split the elements.
    private func reduceChunkGradients(_ chunks: Int) {
        let n = gradientCount
        let parts = n >= 1 << 16 ? threads : 1
        let per = roundUpTo16((n + parts - 1) / parts)
        parallel(parts) { p in
            let lo = min(n, p * per), hi = min(n, lo + per)
            guard lo < hi else { return }
            let dst = self.total.pointer + lo
            dst.update(from: self.chunkGradients.pointer + lo, count: hi - lo)
            for c in 1..<max(1, chunks) {
                VectorOps.add(self.chunkGradients.pointer + c * n + lo, into: dst, count: hi - lo)
            }
        }
    }
}

/// Runs `body(0..<count)` on `count` threads (inline when `count == 1`) and waits.
func parallel(_ count: Int, _ body: @Sendable (Int) -> Void) {
    if count <= 1 {
        body(0)
    } else {
        DispatchQueue.concurrentPerform(iterations: count, execute: body)
    }
}
