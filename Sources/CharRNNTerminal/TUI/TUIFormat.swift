import Foundation
import TerminalKit

/// Number, time and token formats shared by the panes.
enum TUIFormat {
    /// `x` with exactly `decimals` digits after the point; `-` when not finite.
    static func fixed(_ x: Double, decimals: Int) -> String {
        guard x.isFinite else { return "-" }
        return String(format: "%.\(max(0, decimals))f", x)
    }

    /// `mm:ss`, or `h:mm:ss` from an hour on; `--:--` when unknown.
    static func duration(_ seconds: Double?) -> String {
        guard let seconds, seconds.isFinite, seconds >= 0 else { return "--:--" }
        let total = Int(seconds.rounded())
        let (h, m, s) = (total / 3600, total / 60 % 60, total % 60)
        func two(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
        return h > 0 ? "\(h):\(two(m)):\(two(s))" : "\(two(m)):\(two(s))"
    }

    /// A percentage with one decimal: `62.3%`.
    static func percent(_ fraction: Double) -> String {
        fixed(fraction * 100, decimals: 1) + "%"
    }

    /// `text` cut to `width` cells, the last one `…` when cut.
    static func cut(_ text: String, _ width: Int) -> String {
        guard width > 0 else { return "" }
        return text.count <= width ? text : String(text.prefix(width - 1)) + "…"
    }

    /// A learning rate or clip threshold: `1`, `0.5`, `1e-3`.
    static func setting(_ x: Float) -> String { NumberFormat.compact(Double(x), significantDigits: 3) }
}
