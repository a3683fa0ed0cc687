/// The element-wise parts of the LSTM and GRU steps, forward beside backward.
///
/// Each works on R rows of one time step. Gate blocks are Hp wide and sit side by
/// side in rows of `ld = G·Hp` floats (`gates`); states are rows of Hp floats.
/// Hp is a multiple of 16. The forward functions overwrite pre-activations with
/// activated gates; the backward functions overwrite activated gates with the
/// gradients of the pre-activations.
public enum GatePointwise {
    public typealias V = SIMD16<Float>

    @inline(__always) static func load(_ p: UnsafePointer<Float>) -> V { Matmul.load(p) }
    @inline(__always) static func load(_ p: UnsafeMutablePointer<Float>) -> V { Matmul.load(p) }
    @inline(__always) static func store(_ v: V, _ p: UnsafeMutablePointer<Float>) { Matmul.store(v, p) }

    /// σ(x) = 1 / (1 + e^{−x}).
    @_transparent public static func sigmoid(_ x: V) -> V { 1 / (1 + SIMDMath.exp(-x)) }

    // MARK: - LSTM

    /// i, f, o = σ(·), c̃ = tanh(·); c = f ⊙ c₋ + i ⊙ c̃; h = o ⊙ tanh(c).
    /// gates: (R, 4Hp) [i | f | o | c̃]; cPrev, c, tanhC, h: (R, Hp)
    public static func lstmForward(
        gates: UnsafeMutablePointer<Float>, cPrev: UnsafePointer<Float>, c: UnsafeMutablePointer<Float>,
        tanhC: UnsafeMutablePointer<Float>, h: UnsafeMutablePointer<Float>, rows: Int, hp: Int
    ) {
        let ld = 4 * hp
        for r in 0..<rows {
            let g = gates + r * ld, s = r * hp
            var j = 0
            while j < hp {
                let i = sigmoid(load(g + j)), f = sigmoid(load(g + hp + j)), o = sigmoid(load(g + 2 * hp + j))
                let cand = SIMDMath.tanh(load(g + 3 * hp + j))
                store(i, g + j); store(f, g + hp + j); store(o, g + 2 * hp + j); store(cand, g + 3 * hp + j)
                let cNew = f * load(cPrev + s + j) + i * cand
                let t = SIMDMath.tanh(cNew)
                store(cNew, c + s + j); store(t, tanhC + s + j); store(o * t, h + s + j)
                j += 16
            }
        }
    }

    /// Backward of `lstmForward` for one step. dh: (R, Hp) ∂loss/∂h_t (all paths);
    /// dc: (R, Hp) in: ∂loss/∂c_t from step t + 1, out: ∂loss/∂c_{t−1}.
    /// Writes [∂i, ∂f, ∂o, ∂c̃] of the pre-activations over `gates`.
    public static func lstmBackward(
        gates: UnsafeMutablePointer<Float>, cPrev: UnsafePointer<Float>, tanhC: UnsafePointer<Float>,
        dh: UnsafePointer<Float>, dc: UnsafeMutablePointer<Float>, rows: Int, hp: Int
    ) {
        let ld = 4 * hp
        for r in 0..<rows {
            let g = gates + r * ld, s = r * hp
            var j = 0
            while j < hp {
                let i = load(g + j), f = load(g + hp + j), o = load(g + 2 * hp + j), cand = load(g + 3 * hp + j)
                let t = load(tanhC + s + j), d = load(dh + s + j)
                let dcTotal = (d * o).addingProduct(d * o * t, -t) + load(dc + s + j)  // d·o·(1 − t²) + dc
                store(dcTotal * cand * i * (1 - i), g + j)
                store(dcTotal * load(cPrev + s + j) * f * (1 - f), g + hp + j)
                store(d * t * o * (1 - o), g + 2 * hp + j)
                store(dcTotal * i * (1 - cand * cand), g + 3 * hp + j)
                store(dcTotal * f, dc + s + j)
                j += 16
            }
        }
    }

    // MARK: - GRU

    /// z, r = σ(·); rh = r ⊙ h₋. gates: (R, 3Hp) [z | r | h̃]; hPrev, rh: (R, Hp)
    public static func gruForwardGates(gates: UnsafeMutablePointer<Float>, hPrev: UnsafePointer<Float>, rh: UnsafeMutablePointer<Float>, rows: Int, hp: Int) {
        let ld = 3 * hp
        for r in 0..<rows {
            let g = gates + r * ld, s = r * hp
            var j = 0
            while j < hp {
                let z = sigmoid(load(g + j)), reset = sigmoid(load(g + hp + j))
                store(z, g + j); store(reset, g + hp + j)
                store(reset * load(hPrev + s + j), rh + s + j)
                j += 16
            }
        }
    }

    /// h̃ = tanh(·); h = z ⊙ h₋ + (1 − z) ⊙ h̃.
    public static func gruForwardState(gates: UnsafeMutablePointer<Float>, hPrev: UnsafePointer<Float>, h: UnsafeMutablePointer<Float>, rows: Int, hp: Int) {
        let ld = 3 * hp
        for r in 0..<rows {
            let g = gates + r * ld, s = r * hp
            var j = 0
            while j < hp {
                let cand = SIMDMath.tanh(load(g + 2 * hp + j)), z = load(g + j), hp0 = load(hPrev + s + j)
                store(cand, g + 2 * hp + j)
                store(cand.addingProduct(z, hp0 - cand), h + s + j)
                j += 16
            }
        }
    }

    /// First half of the GRU step's backward: ∂z and ∂h̃ pre-activations over the
    /// z and h̃ blocks, and dhPrev += dh ⊙ z (the direct path; nil at t = 0).
    public static func gruBackwardState(
        gates: UnsafeMutablePointer<Float>, hPrev: UnsafePointer<Float>, dh: UnsafePointer<Float>,
        dhPrev: UnsafeMutablePointer<Float>?, rows: Int, hp: Int
    ) {
        let ld = 3 * hp
        for r in 0..<rows {
            let g = gates + r * ld, s = r * hp
            var j = 0
            while j < hp {
                let z = load(g + j), cand = load(g + 2 * hp + j), d = load(dh + s + j)
                store(d * (load(hPrev + s + j) - cand) * z * (1 - z), g + j)
                store(d * (1 - z) * (1 - cand * cand), g + 2 * hp + j)
                if let dhPrev { store(load(dhPrev + s + j).addingProduct(d, z), dhPrev + s + j) }
                j += 16
            }
        }
    }

    /// Second half: from drh = ∂loss/∂(r ⊙ h₋), the ∂r pre-activation over the r
    /// block, and dhPrev += drh ⊙ r (nil at t = 0).
    public static func gruBackwardReset(
        gates: UnsafeMutablePointer<Float>, hPrev: UnsafePointer<Float>, drh: UnsafePointer<Float>,
        dhPrev: UnsafeMutablePointer<Float>?, rows: Int, hp: Int
    ) {
        let ld = 3 * hp
        for r in 0..<rows {
            let g = gates + r * ld, s = r * hp
            var j = 0
            while j < hp {
                let reset = load(g + hp + j), d = load(drh + s + j)
                store(d * load(hPrev + s + j) * reset * (1 - reset), g + hp + j)
                if let dhPrev { store(load(dhPrev + s + j).addingProduct(d, reset), dhPrev + s + j) }
                j += 16
            }
        }
    }

    // MARK: - PyTorch's GRU

    /// z, r = σ(·); n = tanh(pre_n + r ⊙ nh); h = z ⊙ h₋ + (1 − z) ⊙ n.
    /// gates: (R, 3Hp) [z | r | pre_n] in, [z | r | n] out, with pre_n = x·W_xh + b_h;
    /// nh: (R, Hp) = h₋·W_hh + b_hh; hPrev, h: (R, Hp)
    public static func torchGRUForward(
        gates: UnsafeMutablePointer<Float>, hPrev: UnsafePointer<Float>, nh: UnsafePointer<Float>,
        h: UnsafeMutablePointer<Float>, rows: Int, hp: Int
    ) {
        let ld = 3 * hp
        for r in 0..<rows {
            let g = gates + r * ld, s = r * hp
            var j = 0
            while j < hp {
                let z = sigmoid(load(g + j)), reset = sigmoid(load(g + hp + j))
                let n = SIMDMath.tanh(load(g + 2 * hp + j).addingProduct(reset, load(nh + s + j)))
                store(z, g + j); store(reset, g + hp + j); store(n, g + 2 * hp + j)
                store(n.addingProduct(z, load(hPrev + s + j) - n), h + s + j)
                j += 16
            }
        }
    }

    /// Backward of `torchGRUForward` for one step. dh: (R, Hp) ∂loss/∂h_t (all
    /// paths); nh in: h₋·W_hh + b_hh, out: ∂loss/∂nh; dhPrev += dh ⊙ z (the
    /// direct path; nil at t = 0). Writes [∂z, ∂r, ∂pre_n] over `gates`.
    public static func torchGRUBackward(
        gates: UnsafeMutablePointer<Float>, hPrev: UnsafePointer<Float>, nh: UnsafeMutablePointer<Float>,
        dh: UnsafePointer<Float>, dhPrev: UnsafeMutablePointer<Float>?, rows: Int, hp: Int
    ) {
        let ld = 3 * hp
        for r in 0..<rows {
            let g = gates + r * ld, s = r * hp
            var j = 0
            while j < hp {
                let z = load(g + j), reset = load(g + hp + j), n = load(g + 2 * hp + j), d = load(dh + s + j)
                let dn = d * (1 - z) * (1 - n * n)
                let hn = load(nh + s + j)
                store(d * (load(hPrev + s + j) - n) * z * (1 - z), g + j)
                store(dn * hn * reset * (1 - reset), g + hp + j)
                store(dn, g + 2 * hp + j)
                store(dn * reset, nh + s + j)
                if let dhPrev { store(load(dhPrev + s + j).addingProduct(d, z), dhPrev + s + j) }
                j += 16
            }
        }
    }
}
