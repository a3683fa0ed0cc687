/// Scratch memory for one chunk of R rows over T steps, owned by one thread.
///
/// Time-major, so each step's rows are contiguous and all steps form one matrix:
/// - `x`, `y`: (T, R) input and target ids
/// - `states`: (T + 1, R, Hp); slot 0 is h₀, slot t + 1 is h_t
/// - `logits`: (T, R, Vp); overwritten by dlogits in the backward pass
/// - `dH`: (T, R, Hp); ∂loss/∂h_t, then overwritten by ∂loss/∂pre_t
public final class RNNWorkspace: @unchecked Sendable {
    public let rowCapacity: Int, steps: Int, hp: Int, vp: Int
    public let x: IndexBuffer, y: IndexBuffer
    public let states: FloatBuffer, logits: FloatBuffer, dH: FloatBuffer

    public init(rowCapacity: Int, steps: Int, hp: Int, vp: Int) {
        self.rowCapacity = rowCapacity
        self.steps = steps
        self.hp = hp
        self.vp = vp
        x = IndexBuffer(count: steps * rowCapacity)
        y = IndexBuffer(count: steps * rowCapacity)
        states = FloatBuffer(count: (steps + 1) * rowCapacity * hp)
        logits = FloatBuffer(count: steps * rowCapacity * vp)
        dH = FloatBuffer(count: steps * rowCapacity * hp)
    }

    /// Fills x and y for windows starting at `starts` (R = starts.count rows) and zeroes h₀.
    ///
    /// Row r, step t: x = ids[starts[r] + t], y = ids[starts[r] + t + 1].
    public func load(windows starts: ArraySlice<Int>, from ids: UnsafePointer<Int32>) {
        let rows = starts.count
        precondition(rows <= rowCapacity)
        for (r, s) in starts.enumerated() {
            for t in 0..<steps {
                x.pointer[t * rows + r] = ids[s + t]
                y.pointer[t * rows + r] = ids[s + t + 1]
            }
        }
        states.pointer.update(repeating: 0, count: rows * hp)
    }
}
