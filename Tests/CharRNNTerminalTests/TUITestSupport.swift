import CharRNN
@testable import CharRNNTerminal
import CharRNNTestSupport
import Foundation
import TerminalKit

/// Builds TUI states and apps on real sessions, without a terminal.
enum TUIFixtures {
    /// The package's trained model.
    static var trainedCheckpoint: URL {
        URL(fileURLWithPath: #filePath)  // …/Tests/CharRNNTerminalTests/TUITestSupport.swift
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("assets/d2l-rnn.safetensors")
    }

    /// The trained d2l model on the Time Machine, not training.
    static func trainedSession() throws -> Session {
        try Session.open(config: TrainingConfig(), corpus: .file(Fixtures.timeMachineURL.path), checkpoint: trainedCheckpoint).session
    }

    /// A small fresh model that trains an epoch in milliseconds.
    static func tinySession(epochs: Int = 3) throws -> Session {
        var config = TrainingConfig()
        config.hidden = 8
        config.batchSize = 64
        config.numSteps = 8
        config.numTrain = 512
        config.numVal = 64
        config.epochs = epochs
        config.threads = 1
        return try Session.open(config: config, corpus: .file(Fixtures.timeMachineURL.path), checkpoint: nil).session
    }

    /// A fresh, untrained small model of `cell` with `layers` layers on `corpus`
    /// (default: the Time Machine) read as `text`; opens in milliseconds.
    static func smallSession(
        cell: CellKind = .rnn, layers: Int = 1, hidden: Int = 8, text: TextMode = .letters, corpus: URL? = nil
    ) throws -> Session {
        var config = SmallRun.config(hidden: hidden, epochs: 2, threads: 1)
        config.cell = cell
        config.layers = layers
        config.textMode = text
        return try Session.open(config: config, corpus: .file((corpus ?? Fixtures.timeMachineURL).path), checkpoint: nil).session
    }

    /// An app on `session` whose first probe is traced.
    static func app(
        _ session: Session, width: Int = 120, height: Int = 40, theme: Theme = .full, prefix: String = "the time traveller",
        savePath: URL? = nil, comparePath: URL? = nil
    ) -> TUIApp {
        let app = TUIApp(
            session: session, width: width, height: height, theme: theme, prefix: prefix, savePath: savePath,
            comparePath: comparePath)
        app.settle()
        return app
    }

    /// A state on the trained model at `width` × `height`.
    static func state(width: Int = 120, height: Int = 40, theme: Theme = .full) throws -> AppState {
        app(try trainedSession(), width: width, height: height, theme: theme).state
    }

    /// The 100 epochs of the default run (`charrnn train --metrics`, d2l's
    /// settings, seed 0), as the release binary wrote them.
    static func defaultRunHistory() throws -> [EpochMetrics] {
        let url = Fixtures.packageRoot.appendingPathComponent("Tests/CharRNNTerminalTests/Fixtures/default-run.jsonl")
        return try EpochMetrics.parseLines(String(contentsOf: url, encoding: .utf8))
    }

    /// A state on the trained model showing the default run done: its
    /// history, epoch 100/100, no per-step losses (the metrics file has none).
    static func doneState(width: Int = 120, height: Int = 40) throws -> AppState {
        var state = try self.state(width: width, height: height)
        let history = try defaultRunHistory()
        state.snapshot.history = history
        state.snapshot.stepLosses = []
        state.snapshot.epoch = history.count
        state.snapshot.targetEpoch = history.count
        state.snapshot.step = history.last?.step ?? 0
        state.snapshot.tokensPerSecond = history.last?.tokensPerSecond ?? 0
        state.snapshot.state = .done
        return state
    }
}

extension AppState {
    /// Sends each key through the update; returns every effect asked for.
    @discardableResult
    mutating func press(_ keys: Key...) -> [AppEffect] {
        keys.flatMap { AppUpdate.update(&self, .key($0)) }
    }

    /// Types `text` one character at a time.
    @discardableResult
    mutating func type(_ text: String) -> [AppEffect] {
        text.flatMap { AppUpdate.update(&self, .key(.character($0))) }
    }
}

extension TUIApp {
    /// Presses each key, then waits for the session to answer.
    func press(_ keys: Key...) {
        for key in keys { send(.key(key)) }
        settle()
    }

    /// Types `text` one character at a time, then waits for the session to answer.
    func type(_ text: String) {
        for ch in text { send(.key(.character(ch))) }
        settle()
    }

    /// Applies the session's events until every command sent has been answered
    /// and the TUI's own background work is done: what the run loop does, turn
    /// after turn, while the user watches.
    func settle() {
        while true {
            work.sync {}
            handleSessionEvents()
            // A command leaves `running` only once its reply is in the events.
            if session.state().running.isEmpty {
                handleSessionEvents()
                if session.state().running.isEmpty { return }
            }
            session.events.wait(alsoOn: [localMessages.descriptor])
        }
    }
}

extension Buffer {
    /// All rows joined by newlines (for failure messages and searches).
    var text: String { lines.joined(separator: "\n") }

    /// The cells in `rect` holding braille patterns with at least one dot.
    func braillePositions(in rect: Rect) -> [(x: Int, y: Int)] {
        var found: [(x: Int, y: Int)] = []
        for y in rect.y..<rect.maxY {
            for x in rect.x..<rect.maxX {
                guard let scalar = self[x, y].character.unicodeScalars.first else { continue }
                if scalar.value > 0x2800 && scalar.value <= 0x28FF { found.append((x, y)) }
            }
        }
        return found
    }

    /// Row `y` from column `x0` to `x1` (exclusive), as text.
    func text(y: Int, from x0: Int, to x1: Int) -> String {
        String((x0..<x1).map { self[$0, y].character })
    }

    /// Every cell as a test reads a screen: character and foreground colour index.
    var screenCells: [[ScreenCell]] {
        (0..<height).map { y in
            (0..<width).map { x in
                let cell = self[x, y]
                if case .indexed(let index) = cell.style.foreground { return ScreenCell(cell.character, foreground: Int(index)) }
                return ScreenCell(cell.character)
            }
        }
    }

    /// The rows of `rect`, each cut to the rectangle.
    func rows(in rect: Rect) -> [String] {
        (rect.y..<rect.maxY).map { text(y: $0, from: rect.x, to: rect.maxX) }
    }
}
