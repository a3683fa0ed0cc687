import CharRNN
@testable import CharRNNTerminal
import CharRNNTestSupport
import Foundation
import TerminalKit
import Testing

/// Keys stay fast whatever the length of the prompt: the editor edits in
/// place, the prompt pane lays out only what it can show, and a long text is
/// synchronised with the session once the keys pause, not per key.
@Suite struct TUILongPromptTests {
    /// 1 MB of the Time Machine (letters and spaces).
    static func megabyte() throws -> String {
        let book = try Fixtures.timeMachineText().lowercased().unicodeScalars.map { ("a"..."z").contains($0) ? Character($0) : " " }
        var text = ""
        text.reserveCapacity(1 << 20)
        while text.utf8.count < 1 << 20 { text.append(contentsOf: book.prefix((1 << 20) - text.utf8.count)) }
        return text
    }

    /// The trained model's state at 120×40 typing into a 1 MB prompt with
    /// 100,000 generated characters after it.
    static func longState() throws -> AppState {
        var state = AppState(width: 120, height: 40, theme: .full, session: try TUIFixtures.trainedSession().state(), prefix: try megabyte())
        state.prompt.generated = (0..<100_000).map { $0 % state.model.vocabulary.count }
        state.focus = .prompt
        return state
    }

    @Test func twoHundredKeysWithAMegabytePromptTakeUnderEightSeconds() throws {
        var state = try Self.longState()
        #expect(state.prompt.editor.text.count == 1 << 20)
        // Typing at the end, moving, deleting, typing in the middle, and Home/End over the whole text.
        let keys: [Key] = (0..<120).map { .character(Array("the time traveller ")[$0 % 19]) }
            + Array(repeating: .left, count: 30) + Array(repeating: .backspace, count: 20)
            + (0..<20).map { _ in .character("x") } + [.home, .character("a"), .end] + Array(repeating: .right, count: 7)
        try #require(keys.count == 200)
        let clock = ContinuousClock()
        var slowest = Duration.zero
        let total = clock.measure {
            for key in keys {
                let start = clock.now
                let effects = AppUpdate.update(&state, .key(key))
                let screen = AppView.render(state)
                slowest = max(slowest, clock.now - start)
                #expect(effects.isEmpty, "a long prompt is not sent to the session per key")
                _ = screen
            }
        }
        print("200 keys with a 1 MB prompt and 100,000 generated characters: \(total) in all, slowest \(slowest)")
        #expect(total < .seconds(8), "200 keys took \(total)")
        #expect(state.prompt.editor.text.count == (1 << 20) + 120 - 20 + 20 + 1)
        #expect(!state.prompt.isSynced)

        // The pause synchronises once: the session is asked to start on the whole text.
        var effects: [AppEffect] = []
        let sync = clock.measure { effects = AppUpdate.update(&state, .promptIdle) }
        print("synchronising the 1 MB prompt once the keys pause: \(sync)")
        #expect(state.prompt.isSynced)
        #expect(effects == [.restartSteps(prefix: state.prompt.prefix)])
        #expect(AppUpdate.update(&state, .promptIdle).isEmpty)
    }

    @Test func theVisibleEndIsLaidOutAsTheWholeTextWouldBe() throws {
        // Hard wraps only (no spaces), so the full layout's tail is well defined.
        let session = try TUIFixtures.trainedSession().state()
        for text in [String(repeating: "abcdefg", count: 3_000), String(repeating: "abcdefghijklmnopqrstuvw\n", count: 400)] {
            var state = AppState(width: 120, height: 40, theme: .full, session: session, prefix: text)
            state.focus = .prompt
            let width = 30, rows = 5
            let full = PromptView.textPane(state).wrappedLines(width: width)
            let window = PromptView.textPane(state, capacity: width * rows).wrappedLines(width: width)
            #expect(window.count < 20, "only the end is laid out")
            #expect(Array(window.suffix(rows)) == Array(full.suffix(rows)))
        }
    }

    @Test func typingFarBeforeTheEndShowsTheCursor() throws {
        var state = AppState(width: 120, height: 40, theme: .full, session: try TUIFixtures.trainedSession().state(),
                             prefix: String(repeating: "abcdefg", count: 3_000))
        state.focus = .prompt
        state.press(.home)
        state.type("xyz")
        let pane = PromptView.textPane(state, capacity: 150)
        #expect(pane.cursor == 3)
        #expect(pane.spans.map(\.text).joined().hasPrefix("xyzabcdefg"))
        #expect(pane.spans.map(\.text).joined().count == 150)
    }
}
