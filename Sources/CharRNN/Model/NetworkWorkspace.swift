/// Scratch memory for one chunk of R rows over T steps, owned by one thread.
///
/// Time-major, so each step's rows are contiguous and all steps form one matrix.
/// Shared by the layers:
/// - `x`, `y`: (T, R) input and target ids
/// - `logits`: (T, R, Vp), overwritten by dlogits in the backward pass
/// - `dA`, `dB`: (T, R, Hp) ∂loss/∂h of the layer being differentiated, and of the one below
/// - `carry`: (R, Hp) the LSTM's ∂loss/∂c_{t+1} or d2l's GRU's ∂loss/∂(r ⊙ h)
/// Per layer (`LayerWorkspace`): its states and gates.
public final class NetworkWorkspace: @unchecked Sendable {
    public let rowCapacity: Int, steps: Int, hp: Int, vp: Int
    public let x: IndexBuffer, y: IndexBuffer
    public let logits: FloatBuffer, dA: FloatBuffer, dB: FloatBuffer, carry: FloatBuffer
    public let layers: [LayerWorkspace]

    public init(model: ModelConfig, rowCapacity: Int, steps: Int) {
        self.rowCapacity = rowCapacity
        self.steps = steps
        hp = roundUpTo16(model.hidden)
        vp = roundUpTo16(model.vocabularySize)
        x = IndexBuffer(count: steps * rowCapacity)
        y = IndexBuffer(count: steps * rowCapacity)
        logits = FloatBuffer(count: steps * rowCapacity * vp)
        dA = FloatBuffer(count: steps * rowCapacity * hp)
        dB = FloatBuffer(count: steps * rowCapacity * hp)
        carry = FloatBuffer(count: rowCapacity * hp)
        layers = (0..<model.layers).map { _ in LayerWorkspace(cell: model.cell, rows: rowCapacity, steps: steps, hp: roundUpTo16(model.hidden)) }
    }

    /// Bytes of scratch a chunk row needs (used to size chunks to the caches).
    public static func bytesPerRow(model: ModelConfig, steps: Int) -> Int {
        let hp = roundUpTo16(model.hidden), vp = roundUpTo16(model.vocabularySize)
        // Per layer: states, plus the gates (the RNN builds its pre-activations in
        // the states) and the LSTM's c and tanh(c) or the GRU's r ⊙ h.
        let perLayer: Int
        switch model.cell {
        case .rnn: perLayer = 1
        case .gru, .torchGRU: perLayer = 1 + 3 + 1
        case .lstm: perLayer = 1 + 4 + 2
        }
        // Shared: logits, dA, and dB when there is a layer below to hand gradients to.
        let shared = vp + hp + (model.layers > 1 ? hp : 0)
        return 4 * steps * (model.layers * hp * perLayer + shared)
    }

    /// Fills x and y for windows starting at `starts` (R = starts.count rows).
    ///
    /// Row r, step t: x = ids[starts[r] + t], y = ids[starts[r] + t + 1].
    public func load(windows starts: ArraySlice<Int>, from ids: UnsafePointer<Int32>) {
        let rows = starts.count
        // Invariant, not input: every caller sizes its workspace for the largest minibatch it runs.
        precondition(rows <= rowCapacity)
        for (r, s) in starts.enumerated() {
            for t in 0..<steps {
                x.pointer[t * rows + r] = ids[s + t]
                y.pointer[t * rows + r] = ids[s + t + 1]
            }
        }
    }

    /// Floats of one row's recurrent state: per layer h (Hp), and c (Hp) for the LSTM.
    public static func stateWidth(model: ModelConfig) -> Int {
        model.layers * roundUpTo16(model.hidden) * (model.cell == .lstm ? 2 : 1)
    }

    /// Sets every layer's initial state from `carry` (rows × `stateWidth`, row r at r·stateWidth).
    public func loadInitialState(from carry: UnsafePointer<Float>, rows: Int) {
        let width = layers.count * hp * (layers.first?.cells == nil ? 1 : 2)
        for r in 0..<rows {
            var src = carry + r * width
            for l in layers {
                (l.states.pointer + r * hp).update(from: src, count: hp)
                src += hp
                if let c = l.cells {
                    (c.pointer + r * hp).update(from: src, count: hp)
                    src += hp
                }
            }
        }
    }

    /// Writes every layer's state after the last step into `carry` (layout as `loadInitialState`).
    public func storeFinalState(to carry: UnsafeMutablePointer<Float>, rows: Int) {
        let width = layers.count * hp * (layers.first?.cells == nil ? 1 : 2)
        for r in 0..<rows {
            var dst = carry + r * width
            for l in layers {
                dst.update(from: l.states.pointer + (steps * rows + r) * hp, count: hp)
                dst += hp
                if let c = l.cells {
                    dst.update(from: c.pointer + (steps * rows + r) * hp, count: hp)
                    dst += hp
                }
            }
        }
    }

    /// Sets every layer's initial state (h₀, and c₀ for the LSTM) to zero for `rows` rows.
    public func zeroInitialState(rows: Int) {
        for l in layers {
            l.states.pointer.update(repeating: 0, count: rows * hp)
            l.cells?.pointer.update(repeating: 0, count: rows * hp)
        }
    }
}

/// One layer's scratch for a chunk (R rows, T steps):
/// - `states`: (T + 1, R, Hp) h; slot 0 is h₀, slot t + 1 is h_t
/// - `gates`: (T, R, G·Hp) activated gates (the backward pass overwrites them with ∂loss/∂pre-activation)
/// - `cells`, `tanhCells`: the LSTM's c (T + 1, R, Hp) and tanh(c_t) (T, R, Hp)
/// - `resetStates`: d2l's GRU's r_t ⊙ h_{t−1}, PyTorch's GRU's h_{t−1}·W_hh + b_hh (T, R, Hp)
public final class LayerWorkspace: @unchecked Sendable {
    public let states: FloatBuffer, gates: FloatBuffer
    public let cells: FloatBuffer?, tanhCells: FloatBuffer?, resetStates: FloatBuffer?

    init(cell: CellKind, rows: Int, steps: Int, hp: Int) {
        states = FloatBuffer(count: (steps + 1) * rows * hp)
        gates = FloatBuffer(count: cell == .rnn ? 1 : steps * rows * cell.gates * hp)
        cells = cell == .lstm ? FloatBuffer(count: (steps + 1) * rows * hp) : nil
        tanhCells = cell == .lstm ? FloatBuffer(count: steps * rows * hp) : nil
        resetStates = cell.isGRU ? FloatBuffer(count: steps * rows * hp) : nil
    }
}
