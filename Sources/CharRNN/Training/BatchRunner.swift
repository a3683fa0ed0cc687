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
    public let weights: PackedNetwork
    private let workspaces: [NetworkWorkspace]
    private let gradientLayout: PaddedGradientLayout
    private let gradientCount: Int
    private let maxChunks: Int
    private let chunkGradients: FloatBuffer  // (maxChunks, gradientCount)
    private let chunkLosses: UnsafeMutablePointer<Double>
    private let total: FloatBuffer  // (gradientCount)

    public init(config: ModelConfig, steps: Int, maxBatch: Int, threads: Int) {
        self.config = config
        self.steps = steps
        self.threads = max(1, threads)
        weights = PackedNetwork(model: config)
        let rows = BatchRunner.chunkRows(model: config, steps: steps)
        chunkRows = rows
        workspaces = (0..<self.threads).map { _ in NetworkWorkspace(model: config, rowCapacity: rows, steps: steps) }
        gradientLayout = PaddedGradientLayout(model: config)
        gradientCount = gradientLayout.count
        maxChunks = max(1, (maxBatch + chunkRows - 1) / chunkRows)
        chunkGradients = FloatBuffer(count: maxChunks * gradientCount)
        chunkLosses = .allocate(capacity: maxChunks)
        chunkLosses.initialize(repeating: 0, count: maxChunks)
        total = FloatBuffer(count: gradientCount)
    }

    deinit { chunkLosses.deallocate() }

    /// Rows per chunk: a multiple of 8 whose working set (states, gates,
    /// gradients, logits) is about 768 KiB, so a chunk stays in a core's L2
    /// cache; between 8 and 256. It depends on the model only, never on threads.
    public static func chunkRows(model: ModelConfig, steps: Int) -> Int {
        let bytesPerRow = NetworkWorkspace.bytesPerRow(model: model, steps: steps)
        return min(256, max(8, (786_432 / bytesPerRow) / 8 * 8))
    }

    /// Loads new weights; call after every update and before `run`.
    public func load(_ params: ParameterArena) { weights.load(params) }

    /// The summed loss over the windows starting at `starts`; when `gradient` is
    /// given, it is overwritten with ∂(mean loss)/∂θ in the layout `config.layout`.
    ///
    /// `carry` (rows × `NetworkWorkspace.stateWidth`), when given, holds each
    /// row's initial state and receives its final one (the sequential partition's
    /// detached state); otherwise every row starts from zero.
    public func run(starts: ArraySlice<Int>, ids: UnsafePointer<Int32>, gradient: UnsafeMutablePointer<ParameterArena>?,
                    carry: UnsafeMutablePointer<Float>? = nil) -> Double {
        let rows = starts.count
        guard rows > 0 else { return 0 }
        let chunks = (rows + chunkRows - 1) / chunkRows
        precondition(chunks <= maxChunks, "batch larger than the runner was built for")
        let wantGradient = gradient != nil
        let scale = 1 / Float(rows * steps)
        let base = starts.startIndex
        let layout = gradientLayout
        let stateWidth = NetworkWorkspace.stateWidth(model: config)
        nonisolated(unsafe) let ids = ids
        nonisolated(unsafe) let carry = carry  // rows are disjoint between chunks  // read-only for the duration of the call

        parallel(threads) { worker in
            let ws = self.workspaces[worker]
            for c in stride(from: worker, to: chunks, by: self.threads) {
                let lo = base + c * self.chunkRows, hi = min(lo + self.chunkRows, base + rows)
                ws.load(windows: starts[lo..<hi], from: ids)
                let rowCarry = carry.map { $0 + (lo - base) * stateWidth }
                if let rowCarry { ws.loadInitialState(from: rowCarry, rows: hi - lo) } else { ws.zeroInitialState(rows: hi - lo) }
                var g: UnsafeMutablePointer<Float>?
                if wantGradient {
                    g = self.chunkGradients.pointer + c * self.gradientCount
                    g!.update(repeating: 0, count: self.gradientCount)
                }
                self.chunkLosses[c] = NetworkForwardBackward.run(
                    weights: self.weights, workspace: ws, rows: hi - lo, gradient: g, layout: layout, gradientScale: scale)
                if let rowCarry { ws.storeFinalState(to: rowCarry, rows: hi - lo) }
            }
        }
        var loss: Double = 0
        for c in 0..<chunks { loss += chunkLosses[c] }
        if let gradient {
            reduceChunkGradients(chunks)
            gradientLayout.unpad(total.pointer, into: &gradient.pointee)
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
