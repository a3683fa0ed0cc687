/// Runs minibatches through the RNN on several threads with results that do not
/// depend on the thread count.
///
/// Two strategies, chosen from the shapes alone (`strategy(model:steps:batch:)`):
/// - `chunks`: the batch is cut into chunks of a fixed number of rows; threads
///   take chunks round-robin, each writing its loss and gradient into its own
///   slot, and the slots are summed in chunk order (each element's sum in the same
///   order whichever thread adds it). No synchronisation until the end of the
///   batch; best while a chunk's working set and the weights fit a core's cache.
/// - `wholeBatch`: all rows go through every time step at once and every
///   operation is shared by the threads (`WorkerTeam`): each step's products
///   split their output columns, so each thread reads only its part of the
///   weights, once per step for the whole batch instead of once per chunk.
/// Either way 1 or 8 threads give bit-identical losses and gradients.
public final class BatchRunner: @unchecked Sendable {
    /// How a minibatch is spread over the threads.
    public enum Strategy: Equatable, Sendable {
        /// Chunks of this many rows, one thread each.
        case chunks(rows: Int)
        /// The whole batch at once, every operation shared by all threads.
        case wholeBatch
    }

    public let config: ModelConfig
    public let steps: Int
    public let threads: Int
    public let strategy: Strategy
    public let weights: PackedNetwork
    private let workspaces: [NetworkWorkspace]
    private let gradientLayout: PaddedGradientLayout
    private let gradientCount: Int
    private let maxBatch: Int
    private let chunkGradients: FloatBuffer  // (maxChunks, gradientCount); chunks only
    private let chunkLosses: UnsafeMutablePointer<Double>  // (maxChunks), or (steps) for the whole batch
    private let total: FloatBuffer  // (gradientCount)

    /// `strategy` defaults to the one the shapes choose; tests pass one to exercise both.
    public init(config: ModelConfig, steps: Int, maxBatch: Int, threads: Int, strategy: Strategy? = nil) {
        self.config = config
        self.steps = steps
        self.threads = max(1, threads)
        self.maxBatch = max(1, maxBatch)
        let strategy = strategy ?? BatchRunner.strategy(model: config, steps: steps, batch: self.maxBatch)
        self.strategy = strategy
        weights = PackedNetwork(model: config)
        gradientLayout = PaddedGradientLayout(model: config)
        gradientCount = gradientLayout.count
        let slots: Int
        switch strategy {
        case .chunks(let rows):
            workspaces = (0..<self.threads).map { _ in NetworkWorkspace(model: config, rowCapacity: rows, steps: steps) }
            slots = (self.maxBatch + rows - 1) / rows
            chunkGradients = FloatBuffer(count: slots * gradientCount)
        case .wholeBatch:
            workspaces = [NetworkWorkspace(model: config, rowCapacity: self.maxBatch, steps: steps)]
            slots = steps
            chunkGradients = FloatBuffer(count: 0)
        }
        chunkLosses = .allocate(capacity: slots)
        chunkLosses.initialize(repeating: 0, count: slots)
        total = FloatBuffer(count: gradientCount)
    }

    deinit { chunkLosses.deallocate() }

    /// The strategy for a model and batch: the whole batch once a layer's
    /// recurrent weights and their transposes, read at every step, pass 1 MiB
    /// (a chunk of 8 rows then does 4 FLOP per byte of weights it streams), as
    /// long as a step's rows are few enough (≤ 256) for its states to stay in
    /// cache; else chunks of `chunkRows` rows. It depends on the shapes only,
    /// never on threads or the machine.
    public static func strategy(model: ModelConfig, steps: Int, batch: Int) -> Strategy {
        let hp = roundUpTo16(model.hidden)
        let recurrentBytes = 2 * hp * model.cell.gates * hp * 4
        return recurrentBytes > 1 << 20 && batch <= 256 ? .wholeBatch : .chunks(rows: chunkRows(model: model, steps: steps))
    }

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
        // Invariant, not input: the trainer builds its runner for its largest minibatch.
        precondition(rows <= maxBatch, "batch larger than the runner was built for")
        let loss: Double
        switch strategy {
        case .chunks(let chunkRows):
            loss = runChunks(chunkRows, starts: starts, ids: ids, wantGradient: gradient != nil, carry: carry)
        case .wholeBatch:
            loss = runWholeBatch(starts: starts, ids: ids, wantGradient: gradient != nil, carry: carry)
        }
        if let gradient { gradientLayout.unpad(total.pointer, into: &gradient.pointee) }
        return loss
    }

    /// The chunk strategy; leaves the gradient in `total`.
    private func runChunks(_ chunkRows: Int, starts: ArraySlice<Int>, ids: UnsafePointer<Int32>, wantGradient: Bool,
                           carry: UnsafeMutablePointer<Float>?) -> Double {
        let rows = starts.count
        let chunks = (rows + chunkRows - 1) / chunkRows
        let scale = 1 / Float(rows * steps)
        let base = starts.startIndex
        let layout = gradientLayout
        let stateWidth = NetworkWorkspace.stateWidth(model: config)
        nonisolated(unsafe) let ids = ids  // read-only for the duration of the call
        nonisolated(unsafe) let carry = carry  // rows are disjoint between chunks

        parallel(threads) { worker in
            let ws = self.workspaces[worker]
            for c in stride(from: worker, to: chunks, by: self.threads) {
                let lo = base + c * chunkRows, hi = min(lo + chunkRows, base + rows)
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
        if wantGradient { reduceChunkGradients(chunks) }
        return loss
    }

    /// The whole-batch strategy; leaves the gradient in `total`.
    private func runWholeBatch(starts: ArraySlice<Int>, ids: UnsafePointer<Int32>, wantGradient: Bool,
                               carry: UnsafeMutablePointer<Float>?) -> Double {
        let rows = starts.count
        let ws = workspaces[0]
        ws.load(windows: starts, from: ids)
        if let carry { ws.loadInitialState(from: carry, rows: rows) } else { ws.zeroInitialState(rows: rows) }
        if wantGradient { total.zero() }
        let loss = NetworkForwardBackward.run(
            weights: weights, workspace: ws, rows: rows, gradient: wantGradient ? total.pointer : nil, layout: gradientLayout,
            gradientScale: 1 / Float(rows * steps), team: WorkerTeam(threads: threads), stepLosses: chunkLosses)
        if let carry { ws.storeFinalState(to: carry, rows: rows) }
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
