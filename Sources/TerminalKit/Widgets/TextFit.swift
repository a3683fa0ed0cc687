/// Text fitting for fixed-width columns, one cell per `Character`.
public enum TextFit {
    /// `text` cut to at most `width` cells; when cut, the last cell becomes
    /// `…` (unicode) or `~` (ASCII). Empty when `width <= 0`.
    public static func truncate(_ text: String, to width: Int, unicode: Bool) -> String {
        guard width > 0 else { return "" }
        let count = text.count
        if count <= width { return text }
        let mark: Character = unicode ? "…" : "~"
        return String(text.prefix(width - 1)) + String(mark)
    }

    /// `text` padded with spaces on the left to `width` cells (unchanged when longer).
    public static func padLeft(_ text: String, to width: Int) -> String {
        let count = text.count
        return count >= width ? text : String(repeating: " ", count: width - count) + text
    }

    /// `text` broken at spaces into lines of at most `width` characters (a
    /// longer word gets a line of its own).
    public static func wrap(_ text: String, width: Int) -> [String] {
        var lines: [String] = []
        var current = ""
        for word in text.split(separator: " ") {
            if !current.isEmpty, current.count + 1 + word.count > width {
                lines.append(current)
                current = ""
            }
            current += current.isEmpty ? String(word) : " " + word
        }
        if !current.isEmpty { lines.append(current) }
        return lines
    }
}
