import CharRNN
@testable import CharRNNTerminal
import CharRNNTestSupport
import Foundation
import TerminalKit

/// Builds TUI states and apps on real workbenches, without a terminal.
enum TUIFixtures {
    /// The package's trained model.
    static var trainedCheckpoint: URL {
        URL(fileURLWithPath: #filePath)  // …/Tests/CharRNNTerminalTests/TUITestSupport.swift
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("assets/d2l-rnn.safetensors")
    }

    /// The trained d2l model on the Time Machine, not training.
    static func trainedWorkbench() throws -> Workbench {
        try Workbench.open(config: TrainingConfig(), corpus: .file(Fixtures.timeMachineURL.path), checkpoint: trainedCheckpoint)
    }

    /// A small fresh model that trains an epoch in milliseconds.
    static func tinyWorkbench(epochs: Int = 3) throws -> Workbench {
        var config = TrainingConfig()
        config.hidden = 8
        config.batchSize = 64
        config.numSteps = 8
        config.numTrain = 512
        config.numVal = 64
        config.epochs = epochs
        config.threads = 1
        return try Workbench.open(config: config, corpus: .file(Fixtures.timeMachineURL.path), checkpoint: nil)
    }

    /// A fresh, untrained small model of `cell` with `layers` layers on `corpus`
    /// (default: the Time Machine) read as `text`; opens in milliseconds.
    static func smallWorkbench(
        cell: CellKind = .rnn, layers: Int = 1, hidden: Int = 8, text: TextMode = .letters, corpus: URL? = nil
    ) throws -> Workbench {
        var config = SmallRun.config(hidden: hidden, epochs: 2, threads: 1)
        config.cell = cell
        config.layers = layers
        config.textMode = text
        return try Workbench.open(config: config, corpus: .file((corpus ?? Fixtures.timeMachineURL).path), checkpoint: nil)
    }

    static func app(
        _ workbench: Workbench, width: Int = 120, height: Int = 40, theme: Theme = .full, prefix: String = "the time traveller",
        savePath: URL? = nil, comparePath: URL? = nil
    ) -> TUIApp {
        TUIApp(
            workbench: workbench, width: width, height: height, theme: theme, prefix: prefix, savePath: savePath,
            comparePath: comparePath, runCommand: UnknownCommand.execute)
    }

    /// A state on the trained model at `width` × `height`.
    static func state(width: Int = 120, height: Int = 40, theme: Theme = .full) throws -> AppState {
        app(try trainedWorkbench(), width: width, height: height, theme: theme).state
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
    func press(_ keys: Key...) {
        for key in keys { send(.key(key)) }
    }

    func type(_ text: String) {
        for ch in text { send(.key(.character(ch))) }
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

/// A stand-in for the command interpreter in tests that only look at how the
/// TUI shows a command's result: every command is unknown.
enum UnknownCommand {
    static func execute(_ line: String) -> CommandResult {
        let name = line.split(separator: " ").first.map(String.init) ?? line
        return CommandResult(status: .failed(message: "unknown command '\(name)'"))
    }
}
