import CharRNN

/// d2l's scratch RNN language model written as plainly as possible, in Double,
/// with the one-hot inputs multiplied out in full — the reference the fast
/// engine is checked against.
///
/// Parameters use `ModelConfig.layout`. `x`, `y`: (B, T) ids. Loss is the mean
/// cross-entropy over B·T.
public struct ReferenceRNN {
    public let v: Int, h: Int
    public var wxh: [Double], whh: [Double], bh: [Double], whq: [Double], bq: [Double]

    public init(config: ModelConfig, params: ParameterArena) {
        v = config.vocabularySize
        h = config.hidden
        wxh = params.tensor("W_xh").map(Double.init)
        whh = params.tensor("W_hh").map(Double.init)
        bh = params.tensor("b_h").map(Double.init)
        whq = params.tensor("W_hq").map(Double.init)
        bq = params.tensor("b_q").map(Double.init)
    }

    /// Flattened in layout order, like the engine's arena.
    public var flat: [Double] { wxh + whh + bh + whq + bq }

    public mutating func setFlat(_ f: [Double]) {
        var i = 0
        func take(_ n: Int) -> [Double] { defer { i += n }; return Array(f[i..<(i + n)]) }
        wxh = take(v * h); whh = take(h * h); bh = take(h); whq = take(h * v); bq = take(v)
    }

    /// Hidden states h_1…h_T of one sequence: (T, H).
    public func states(_ x: [Int], h0: [Double]? = nil) -> [[Double]] {
        var hPrev = h0 ?? [Double](repeating: 0, count: h)
        var out: [[Double]] = []
        for id in x {
            let onehot = (0..<v).map { $0 == id ? 1.0 : 0.0 }
            var hNew = [Double](repeating: 0, count: h)
            for j in 0..<h {
                var s = bh[j]
                for i in 0..<v { s += onehot[i] * wxh[i * h + j] }
                for i in 0..<h { s += hPrev[i] * whh[i * h + j] }
                hNew[j] = Foundation_tanh(s)
            }
            out.append(hNew)
            hPrev = hNew
        }
        return out
    }

    /// Logits of one state: (V).
    public func logits(_ state: [Double]) -> [Double] {
        (0..<v).map { k in bq[k] + (0..<h).reduce(0) { $0 + state[$1] * whq[$1 * v + k] } }
    }

    /// Mean loss and its gradient (flattened in layout order) by backpropagation through time.
    public func lossAndGradient(x: [[Int]], y: [[Int]]) -> (loss: Double, gradient: [Double]) {
        var gWxh = [Double](repeating: 0, count: v * h), gWhh = [Double](repeating: 0, count: h * h)
        var gBh = [Double](repeating: 0, count: h), gWhq = [Double](repeating: 0, count: h * v)
        var gBq = [Double](repeating: 0, count: v)
        let n = Double(x.count * x[0].count)
        var loss = 0.0
        for (xs, ys) in zip(x, y) {
            let hs = states(xs)
            var dNext = [Double](repeating: 0, count: h)
            for t in stride(from: xs.count - 1, through: 0, by: -1) {
                let z = logits(hs[t])
                let m = z.max()!
                let e = z.map { Foundation_exp($0 - m) }
                let s = e.reduce(0, +)
                loss += Foundation_log(s) + m - z[ys[t]]
                var dz = e.map { $0 / s / n }
                dz[ys[t]] -= 1 / n
                var dh = dNext
                for j in 0..<h {
                    for k in 0..<v {
                        gWhq[j * v + k] += hs[t][j] * dz[k]
                        dh[j] += dz[k] * whq[j * v + k]
                    }
                }
                for k in 0..<v { gBq[k] += dz[k] }
                let dpre = (0..<h).map { dh[$0] * (1 - hs[t][$0] * hs[t][$0]) }
                let hPrev = t > 0 ? hs[t - 1] : [Double](repeating: 0, count: h)
                for i in 0..<h { for j in 0..<h { gWhh[i * h + j] += hPrev[i] * dpre[j] } }
                for j in 0..<h { gBh[j] += dpre[j]; gWxh[xs[t] * h + j] += dpre[j] }
                dNext = (0..<h).map { i in (0..<h).reduce(0) { $0 + dpre[$1] * whh[i * h + $1] } }
            }
        }
        return (loss / n, gWxh + gWhh + gBh + gWhq + gBq)
    }

    /// The mean loss only.
    public func loss(x: [[Int]], y: [[Int]]) -> Double {
        var total = 0.0
        for (xs, ys) in zip(x, y) {
            for (t, state) in states(xs).enumerated() {
                let z = logits(state)
                let m = z.max()!
                total += Foundation_log(z.reduce(0) { $0 + Foundation_exp($1 - m) }) + m - z[ys[t]]
            }
        }
        return total / Double(x.count * x[0].count)
    }
}
