/// One cell of a screen as a test reads it: the character and its foreground
/// colour (a 256-colour index, nil for the terminal's default).
public struct ScreenCell: Hashable, Sendable {
    public var character: Character
    public var foreground: Int?

    public init(_ character: Character, foreground: Int? = nil) {
        self.character = character
        self.foreground = foreground
    }
}

extension ScreenCell {
    /// The rows of a terminal capture with SGR escapes (`tmux capture-pane -p -e`),
    /// one cell per character, each with the foreground colour in force.
    public static func rows(ansi text: String) -> [[ScreenCell]] {
        var rows: [[ScreenCell]] = [[]]
        var foreground: Int? = nil
        var scalars = text.unicodeScalars.makeIterator()
        while let scalar = scalars.next() {
            if scalar == "\n" { rows.append([]); continue }
            guard scalar == "\u{1B}" else { rows[rows.count - 1].append(ScreenCell(Character(scalar), foreground: foreground)); continue }
            guard scalars.next() == "[" else { continue }
            var parameters = ""
            var final: Unicode.Scalar = "m"
            while let next = scalars.next() {
                if (0x40...0x7E).contains(next.value) { final = next; break }
                parameters.unicodeScalars.append(next)
            }
            guard final == "m" else { continue }
            var codes = parameters.split(separator: ";", omittingEmptySubsequences: false).map { Int($0) ?? 0 }.makeIterator()
            while let code = codes.next() {
                switch code {
                case 0, 39: foreground = nil
                case 30...37: foreground = code - 30
                case 90...97: foreground = code - 90 + 8
                case 38:
                    if codes.next() == 5 { foreground = codes.next() } else { _ = (codes.next(), codes.next(), codes.next()) }
                default: break
                }
            }
        }
        if rows.last?.isEmpty == true { rows.removeLast() }
        return rows
    }
}
