import CNCursesW
import Testing
@testable import TerminalKit

@Suite struct BackendAttributeTests {
    @Test func styleFlagsBecomeCellAttributes() {
        #expect(CellAttributes(.plain) == [])
        #expect(CellAttributes(.bold) == [.bold])
        #expect(CellAttributes(Style(dim: true, reverse: true, underline: true)) == [.dim, .reverse, .underline])
        // Colours are not attributes.
        #expect(CellAttributes(Style(foreground: .red, background: .blue)) == [])
    }

    @Test func cellAttributesBecomeNcursesBits() {
        #expect(CursesTerminal.attributeBits(for: []) == 0)
        #expect(CursesTerminal.attributeBits(for: [.bold]) == cnc_a_bold())
        #expect(CursesTerminal.attributeBits(for: [.bold, .underline]) == cnc_a_bold() | cnc_a_underline())
        #expect(CursesTerminal.attributeBits(for: [.dim, .reverse]) == cnc_a_dim() | cnc_a_reverse())
        // The bits are ncurses' documented layout: A_BOLD is bit 21, A_UNDERLINE bit 17.
        #expect(cnc_a_bold() == 1 << 21)
        #expect(cnc_a_underline() == 1 << 17)
        #expect(cnc_a_reverse() == 1 << 18)
        #expect(cnc_a_dim() == 1 << 20)
        // No attribute touches the colour-pair bits.
        let all = CursesTerminal.attributeBits(for: [.bold, .dim, .reverse, .underline])
        #expect(all & cnc_a_color() == 0)
    }
}
