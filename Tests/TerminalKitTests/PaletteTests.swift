import Testing
import TerminalKit

@Suite struct PaletteTests {
    let diverging = Palette.diverging
    let sequential = Palette.sequential

    @Test func divergingColoursOfKnownValues() {
        #expect(diverging.color(for: -1) == .indexed(19))   // cube(0,0,3): dark blue
        #expect(diverging.color(for: -0.5) == .indexed(105)) // cube(2,2,5)
        #expect(diverging.color(for: 0) == .indexed(253))   // light grey
        #expect(diverging.color(for: 0.5) == .indexed(210)) // cube(5,2,2)
        #expect(diverging.color(for: 1) == .indexed(124))   // cube(3,0,0): dark red
    }

    @Test func clampsAndGivesNaNItsOwnColour() {
        #expect(diverging.color(for: 7) == diverging.color(for: 1))
        #expect(diverging.color(for: -.infinity) == diverging.color(for: -1))
        let nan = diverging.color(for: .nan)
        #expect(nan == Palette.nanColor)
        for i in -100...100 { #expect(diverging.color(for: Double(i) / 100) != nan) }
        for i in 0...100 { #expect(sequential.color(for: Double(i) / 100) != nan) }
    }

    @Test func divergingIsMonotoneWithAtLeastFiveStepsPerSide() {
        // Rank of each colour along the scale: blue side, neutral, red side.
        let ramp = diverging.steps
        #expect(ramp.count == 13 && ramp[6] == diverging.color(for: 0))
        let ranks = (-200...200).map { ramp.firstIndex(of: diverging.color(for: Double($0) / 200))! }
        #expect(zip(ranks, ranks.dropFirst()).allSatisfy { $0 <= $1 })
        #expect(Set((1...200).map { diverging.color(for: Double($0) / 200) }).count >= 5)
        #expect(Set((1...200).map { diverging.color(for: -Double($0) / 200) }).count >= 5)
    }

    @Test func sequentialColours() {
        #expect(sequential.color(for: 0) == .indexed(54))
        #expect(sequential.color(for: 0.5) == .indexed(42))
        #expect(sequential.color(for: 1) == .indexed(226))
        let ranks = (0...100).map { sequential.steps.firstIndex(of: sequential.color(for: Double($0) / 100))! }
        #expect(zip(ranks, ranks.dropFirst()).allSatisfy { $0 <= $1 })
    }

    @Test func shadesWithoutColour() {
        #expect([-1, -0.5, 0, 0.5, 1].map { diverging.shade(for: $0, unicode: true) } == [" ", "░", "▒", "▓", "█"])
        #expect([-1, 0, 1].map { diverging.shade(for: $0, unicode: false) } == [" ", "+", "@"])
        #expect(sequential.shade(for: 0.5, unicode: true) == "▒")
        #expect(diverging.shade(for: .nan, unicode: true) == "?")
    }

    @Test func cellsUseBackgroundOrShade() {
        #expect(diverging.cell(for: 1, theme: .full) == Cell(" ", style: Style(background: .indexed(124))))
        #expect(diverging.cell(for: 1, theme: Theme(color: false)) == Cell("█"))
        #expect(diverging.cell(for: 1, theme: Theme(color: false, unicode: false)) == Cell("@"))
    }

    @Test func legend() {
        let legend = PaletteLegend(palette: .diverging)
        let plain = legend.cells(width: 40, theme: Theme(color: false))
        #expect(String(plain.map(\.character)) == "-1    ░░▒ 0 ▒▓▓███ +1")
        let coloured = legend.cells(width: 40, theme: .full)
        #expect(coloured[3].style.background == diverging.color(for: -1))
        #expect(coloured[17].style.background == diverging.color(for: 1))
        #expect(legend.cells(width: 13, theme: .full).count == 13)
        #expect(legend.cells(width: 10, theme: .full).isEmpty)
        let seq = PaletteLegend(palette: .sequential, steps: 2).cells(width: 40, theme: Theme(color: false))
        #expect(String(seq.map(\.character)) == "0  ░▓█ 1")
    }

    @Test func legendStaysInsideItsArea() {
        #expect(cellsDrawnOutside(PaletteLegend(palette: .diverging)).isEmpty)
        #expect(cellsDrawnOutside(PaletteLegend(palette: .sequential, steps: 40)).isEmpty)
    }
}
