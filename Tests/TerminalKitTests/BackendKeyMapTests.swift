import CNCursesW
import Testing
@testable import TerminalKit

@Suite struct BackendKeyMapTests {
    @Test func charactersDecode() {
        #expect(CursesKeyMap.key(forCharacter: 0x61) == .character("a"))
        #expect(CursesKeyMap.key(forCharacter: 0x20AC) == .character("€"))
        #expect(CursesKeyMap.key(forCharacter: 0x0D) == .enter)
        #expect(CursesKeyMap.key(forCharacter: 0x0A) == .enter)
        #expect(CursesKeyMap.key(forCharacter: 0x09) == .tab)
        #expect(CursesKeyMap.key(forCharacter: 0x7F) == .backspace)
        #expect(CursesKeyMap.key(forCharacter: 0x08) == .backspace)
        #expect(CursesKeyMap.key(forCharacter: 0x1B) == .escape)
        #expect(CursesKeyMap.key(forCharacter: 0x01) == .control("a"))
        #expect(CursesKeyMap.key(forCharacter: 0x0C) == .control("l"))
        #expect(CursesKeyMap.key(forCharacter: 0x1A) == .control("z"))
        #expect(CursesKeyMap.key(forCharacter: 0x00) == nil)
        #expect(CursesKeyMap.key(forCharacter: 0x1C) == nil)
        #expect(CursesKeyMap.key(forCharacter: 0x85) == nil)
        #expect(CursesKeyMap.key(forCharacter: 0xD800) == nil)
    }

    @Test func keyCodesDecode() {
        let expected: [(Int32, Key)] = [
            (KEY_UP, .up), (KEY_DOWN, .down), (KEY_LEFT, .left), (KEY_RIGHT, .right),
            (KEY_HOME, .home), (KEY_END, .end), (KEY_PPAGE, .pageUp), (KEY_NPAGE, .pageDown),
            (KEY_IC, .insert), (KEY_DC, .delete), (KEY_BACKSPACE, .backspace), (KEY_ENTER, .enter),
            (KEY_BTAB, .backTab), (cnc_key_f(1), .function(1)), (cnc_key_f(12), .function(12)),
            (cnc_key_f(13), .function(1)), (cnc_key_f(24), .function(12)),
        ]
        for (code, key) in expected {
            #expect(CursesKeyMap.key(forKeyCode: code) == key)
        }
        #expect(CursesKeyMap.key(forKeyCode: cnc_key_f(25)) == nil)
        #expect(CursesKeyMap.key(forKeyCode: KEY_MOUSE) == nil)
    }

    @Test func extendedNamesDecodeWithoutModifiers() {
        #expect(CursesKeyMap.key(forExtendedName: "kRIT5") == .right)
        #expect(CursesKeyMap.key(forExtendedName: "kLFT3") == .left)
        #expect(CursesKeyMap.key(forExtendedName: "kUP2") == .up)
        #expect(CursesKeyMap.key(forExtendedName: "kDN7") == .down)
        #expect(CursesKeyMap.key(forExtendedName: "kHOM5") == .home)
        #expect(CursesKeyMap.key(forExtendedName: "kDC5") == .delete)
        #expect(CursesKeyMap.key(forExtendedName: "kRIT") == nil)
        #expect(CursesKeyMap.key(forExtendedName: "kxIN") == nil)
    }
}
