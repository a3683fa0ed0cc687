import Testing
import TerminalKit

@Suite struct BarListTests {
    /// Top 4 candidates of a known distribution.
    let topK = BarList(
        items: [
            BarItem(label: "'e'", fraction: 0.5, trailing: "50.0%"),
            BarItem(label: "'a'", fraction: 0.3, trailing: "30.0%"),
            BarItem(label: "↵", fraction: 0.125, trailing: "12.5%"),
            BarItem(label: "' '", fraction: 0.01, trailing: "1.0%"),
        ],
        highlighted: 1
    )

    @Test func eighthsAndBars() {
        #expect(BarList.eighths(fraction: 0.5, width: 10) == 40)
        #expect(BarList.eighths(fraction: 0.3, width: 10) == 24)
        #expect(BarList.eighths(fraction: 0.33, width: 10) == 26)
        #expect(BarList.eighths(fraction: 2, width: 10) == 80)
        #expect(BarList.eighths(fraction: .nan, width: 10) == 0)
        #expect(BarList.bar(eighths: 26, unicode: true) == "███▎")
        #expect(BarList.bar(eighths: 7, unicode: true) == "▉")
        #expect(BarList.bar(eighths: 26, unicode: false) == "###")
        #expect(BarList.bar(eighths: 28, unicode: false) == "####")
    }

    @Test func rowsOfTopK() {
        // 40 wide: label column 3, trailing column 5, bar 40 - 3 - 5 - 2 = 30 cells = 240 eighths.
        let buffer = rendered(topK, width: 40, height: 6)
        #expect(buffer.line(0) == "'e' " + String(repeating: "█", count: 15) + String(repeating: " ", count: 16) + "50.0%")
        #expect(buffer.line(1) == "'a' " + String(repeating: "█", count: 9) + String(repeating: " ", count: 22) + "30.0%")
        // 0.125 × 240 = 30 eighths = 3 cells + 6/8.
        #expect(buffer.line(2) == "↵   ███▊" + String(repeating: " ", count: 27) + "12.5%")
        // 0.01 × 240 = 2.4 → 2 eighths.
        #expect(buffer.line(3) == "' ' ▎" + String(repeating: " ", count: 31) + "1.0%")
        #expect(trimmedLine(buffer, 4).isEmpty)
    }

    @Test func highlightedRowAndColours() {
        let buffer = rendered(topK, width: 40, height: 6)
        #expect(buffer[0, 1].style == Style(bold: true, reverse: true))
        #expect(buffer[4, 1].style == Style(foreground: .yellow, bold: true))
        #expect(buffer[0, 0].style == .plain)
        #expect(buffer[4, 0].style.foreground == .green)
        let plain = rendered(topK, width: 40, height: 6, theme: Theme(color: false))
        #expect(plain[4, 0].style == .plain && plain[4, 1].style == .bold)
    }

    @Test func asciiBars() {
        let buffer = rendered(topK, width: 40, height: 6, theme: Theme(unicode: false))
        #expect(buffer.line(2) == "↵   ####" + String(repeating: " ", count: 27) + "12.5%")
    }

    @Test func onlyRowsThatFit() {
        let buffer = rendered(topK, width: 40, height: 2)
        #expect(buffer.line(1).hasPrefix("'a' "))
    }

    @Test func staysInsideItsArea() {
        #expect(cellsDrawnOutside(topK).isEmpty)
        let odd = BarList(items: [BarItem(label: String(repeating: "L", count: 100), fraction: .infinity, trailing: String(repeating: "t", count: 50)), BarItem(label: "", fraction: -1)], highlighted: 7)
        #expect(cellsDrawnOutside(odd).isEmpty)
        #expect(cellsDrawnOutside(BarList(items: [])).isEmpty)
    }
}
