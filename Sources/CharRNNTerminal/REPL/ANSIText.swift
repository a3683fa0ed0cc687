import TerminalKit

/// Output lines as terminal text: SGR escape sequences for styled spans.
public enum ANSIText {
    /// `line` with each styled span wrapped in its SGR sequence and a reset.
    public static func render(_ line: OutputLine) -> String {
        var out = ""
        for span in line.spans {
            let codes = sgrCodes(span.style)
            if codes.isEmpty {
                out += span.text
            } else {
                out += "\u{1B}[\(codes.joined(separator: ";"))m" + span.text + "\u{1B}[0m"
            }
        }
        return out
    }

    /// The SGR parameters of `style`; empty for the plain style.
    static func sgrCodes(_ style: Style) -> [String] {
        var codes: [String] = []
        if style.bold { codes.append("1") }
        if style.dim { codes.append("2") }
        if style.underline { codes.append("4") }
        if style.reverse { codes.append("7") }
        if case .indexed(let n) = style.foreground { codes.append("38;5;\(n)") }
        if case .indexed(let n) = style.background { codes.append("48;5;\(n)") }
        return codes
    }
}
