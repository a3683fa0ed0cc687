import CharRNN
import Foundation
import TerminalKit

/// How command output is styled: plain text (scripts, pipes, tests) or with
/// colours and attributes (a terminal, the TUI).
public enum OutputStyle: Hashable, Sendable {
    case plain
    case color
}

/// Column-aligned rows of text, turned into output lines.
struct TextTable {
    enum Alignment {
        case left
        case right
    }

    struct Column {
        var header: String
        var alignment: Alignment
    }

    var columns: [Column]
    var rows: [(cells: [String], emphasised: Bool)] = []
    var indent = ""
    var separator = "  "

    init(_ columns: [(String, Alignment)], indent: String = "") {
        self.columns = columns.map { Column(header: $0.0, alignment: $0.1) }
        self.indent = indent
    }

    mutating func add(_ cells: [String], emphasised: Bool = false) {
        rows.append((cells, emphasised))
    }

    /// The header and the rows; in colour the header is bold and emphasised rows reversed.
    func lines(style: OutputStyle) -> [OutputLine] {
        var widths = columns.map(\.header.count)
        for row in rows {
            for (i, cell) in row.cells.enumerated() where i < widths.count { widths[i] = max(widths[i], cell.count) }
        }
        func format(_ cells: [String]) -> String {
            var parts: [String] = []
            for (i, cell) in cells.enumerated() where i < columns.count {
                let pad = String(repeating: " ", count: widths[i] - cell.count)
                let last = i == columns.count - 1
                switch columns[i].alignment {
                case .left: parts.append(last ? cell : cell + pad)
                case .right: parts.append(pad + cell)
                }
            }
            let line = indent + parts.joined(separator: separator)
            return String(line.reversed().drop(while: { $0 == " " }).reversed())
        }
        let color = style == .color
        var out = [OutputLine(format(columns.map(\.header)), style: color ? .bold : .plain)]
        for row in rows {
            out.append(OutputLine(format(row.cells), style: color && row.emphasised ? .reverse : .plain))
        }
        return out
    }
}

/// How the commands write tokens, bars, key–value rows and notes.
enum OutputText {
    /// A token shown in one column: ' ' as `␠`, `<unk>` as `unknown`, control
    /// characters as visible stand-ins.
    static func token(_ token: String, unknown: String = "?") -> String {
        if token == Vocabulary.unknownToken { return unknown }
        if token == " " { return "␠" }
        guard token.count == 1, let ch = token.first else { return token }
        return String(Buffer.visibleGlyph(ch))
    }

    /// A text with each character shown as `token` shows it (one column each).
    static func visible(_ text: String) -> String {
        String(text.map { $0 == " " ? " " : Buffer.visibleGlyph($0) })
    }

    /// `fraction` of `width` columns in block glyphs, with eighths at the end.
    static func bar(_ fraction: Double, width: Int) -> String {
        guard fraction.isFinite, fraction > 0 else { return "" }
        let eighths = Int((min(fraction, 1) * Double(width * 8)).rounded())
        let partial = ["", "▏", "▎", "▍", "▌", "▋", "▊", "▉"]
        return String(repeating: "█", count: eighths / 8) + partial[eighths % 8]
    }

    /// Lines of `text`, split at newlines (model output may contain them).
    static func lines(_ text: String) -> [OutputLine] {
        text.split(separator: "\n", omittingEmptySubsequences: false).map { OutputLine(String($0)) }
    }

    /// Rows of `key  value` with the keys aligned (bold in colour).
    static func keyValueLines(_ rows: [(String, String)], indent: String = "", style: OutputStyle) -> [OutputLine] {
        let width = rows.map(\.0.count).max() ?? 0
        return rows.map { key, value in
            let padded = indent + key + String(repeating: " ", count: width - key.count) + "  "
            return OutputLine(spans: [OutputLine.Span(padded, style: style == .color ? .bold : .plain), OutputLine.Span(value)])
        }
    }

    /// A note line about characters that became `<unk>`, if any.
    static func unknownNote(_ encoded: EncodedPrompt) -> [OutputLine] {
        encoded.unknownReport().map { [OutputLine("note: \($0)")] } ?? []
    }
}
