import Foundation

extension Saliency {
    /// The attribution of each token of `ids` (T ≥ 1) to the prediction of
    /// `next` (nil: the most likely token) after them, from a zero state.
    ///
    /// One forward pass over the T steps, dlogits = ∂ log p(next)/∂z at the last
    /// step only (onehot(next) − softmax(z), zero elsewhere), then the network's
    /// own backward pass through time, which hands back ∂/∂x_t[id_t] for every step.
    public static func compute(weights: PackedNetwork, ids: [Int], next: Int?) -> (scores: [Double], next: Int, logProbability: Double) {
        // Invariant, not input: the session refuses an empty prefix with a message first.
        precondition(!ids.isEmpty)
        let model = weights.model, T = ids.count, hp = weights.hp, vp = weights.vp, v = weights.v
        let ws = NetworkWorkspace(model: model, rowCapacity: 1, steps: T)
        ws.zeroInitialState(rows: 1)
        for (t, id) in ids.enumerated() { ws.x.pointer[t] = Int32(id) }
        NetworkForwardBackward.forward(weights: weights, workspace: ws, rows: 1)

        // Logits of the last step: z = h_T · W_hq + b_q. (V)
        let last = ws.layers[model.layers - 1].states.pointer + T * hp
        let z = FloatBuffer(count: vp)
        Matmul.gemmPacked(m: 1, n: vp, k: hp, a: last, lda: hp, panels: weights.whq.pointer, c: z.pointer, ldc: vp, accumulate: false)
        let logits = (0..<v).map { Double(z.pointer[$0] + weights.bq.pointer[$0]) }
        let target = next ?? Sampler.argmax(logits.map(Float.init))
        let m = logits.max()!
        let logSum = m + Foundation.log(logits.reduce(0) { $0 + Foundation.exp($1 - m) })

        let dLogits = ws.logits.pointer
        dLogits.update(repeating: 0, count: T * vp)
        for k in 0..<v {
            dLogits[(T - 1) * vp + k] = Float((k == target ? 1 : 0) - Foundation.exp(logits[k] - logSum))
        }
        let layout = PaddedGradientLayout(model: model)
        let gradient = FloatBuffer(count: layout.count)
        let oneHot = FloatBuffer(count: T)
        NetworkForwardBackward.backward(
            weights: weights, workspace: ws, rows: 1, gradient: gradient.pointer, layout: layout, oneHotGradient: oneHot.pointer)
        return ((0..<T).map { Double(oneHot.pointer[$0]) }, target, logits[target] - logSum)
    }
}
