import TerminalKit

/// How long recent frames took to render (state → buffer) and to flush
/// (diff and write to the terminal), as exponential moving averages.
public struct FrameStats: Hashable, Sendable {
    /// Milliseconds, averaged; nil before the first frame.
    public private(set) var renderMilliseconds: Double?
    public private(set) var flushMilliseconds: Double?
    /// The slowest frame (render + flush) so far, in milliseconds.
    public private(set) var worstMilliseconds: Double = 0
    public private(set) var frames = 0

    /// Weight of the running average (older frames).
    static let weight = 0.9

    public init() {}

    /// Adds one frame's times.
    public mutating func record(renderMilliseconds render: Double, flushMilliseconds flush: Double) {
        renderMilliseconds = renderMilliseconds.map { Self.weight * $0 + (1 - Self.weight) * render } ?? render
        flushMilliseconds = flushMilliseconds.map { Self.weight * $0 + (1 - Self.weight) * flush } ?? flush
        worstMilliseconds = max(worstMilliseconds, render + flush)
        frames += 1
    }

    /// `frame 1.9 ms (render 1.2 + flush 0.7), worst 6.3 ms`, or nil before the first frame.
    public var summary: String? {
        guard let render = renderMilliseconds, let flush = flushMilliseconds else { return nil }
        func ms(_ x: Double) -> String { NumberFormat.fixed(x, x < 10 ? 2 : 1) }
        return "frame \(ms(render + flush)) ms (render \(ms(render)) + flush \(ms(flush))), worst \(ms(worstMilliseconds)) ms"
    }
}
