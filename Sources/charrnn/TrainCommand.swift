import ArgumentParser
import CharRNN
import CharRNNTerminal
import Foundation
import TerminalKit

/// `charrnn train`: headless training with a line per epoch.
///
/// Nothing trained is lost: `--save` is checked before training starts, saved
/// atomically at every `--save-every` and at the end, and also when the run is
/// interrupted (Ctrl-C, SIGTERM, SIGHUP: the current minibatch finishes, the
/// state is saved mid-epoch, the exit status is 128 + the signal). A run halted
/// by non-finite values saves the last epoch whose weights were all finite, and
/// never replaces a checkpoint with non-finite weights. Without `--save`, an
/// interrupted run (or one whose output was closed) saves to a new emergency
/// file (`EmergencyFile`) and names it on the last line of standard error.
struct TrainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "train", abstract: "Train the model without the TUI, printing a line per epoch.")

    @OptionGroup var options: TrainingOptions
    @Option(help: "Save a checkpoint (safetensors) here at the end, at every --save-every, and when interrupted.")
    var save: String?
    @Option(help: "Save the checkpoint every N epochs (needs --save).")
    var saveEvery: Int?
    @Option(help: "Continue the run saved in this checkpoint up to --epochs in total, with its model and data settings (--lr and --clip may be changed).")
    var resume: String?
    @Option(help: "Write one JSON line per epoch to this file.")
    var metrics: String?
    @Flag(help: "Print only errors.")
    var quiet = false
    @Option(help: ArgumentHelp("Testing aid: from this step on, every gradient is made NaN.", visibility: .hidden))
    var injectNonfinite: Int?

    func validate() throws {
        if let n = saveEvery {
            guard n > 0 else { throw ValidationError("--save-every must be positive, got \(n)") }
            guard save != nil else { throw ValidationError("--save-every needs --save PATH") }
        }
        if let n = injectNonfinite, n <= 0 { throw ValidationError("--inject-nonfinite must be positive, got \(n)") }
    }

    func run() throws {
        // From here on a termination signal is honoured in every phase: loading
        // stops with the status, training stops at the next minibatch and saves.
        Interrupts.watch()
        let saveURL = save.map { URL(fileURLWithPath: $0) }
        let metricsURL = metrics.map { URL(fileURLWithPath: $0) }
        try OutputPaths.check(
            outputs: [("--save", saveURL), ("--metrics", metricsURL)].compactMap { label, url in url.map { (label, $0) } },
            inputs: options.inputFiles + (resume.map { [("the checkpoint resumed (--resume)", URL(fileURLWithPath: $0))] } ?? [])
                .filter { _ in metricsURL != nil })
        // A save that cannot work fails now, not after the training.
        if let saveURL { try AtomicFile.prepareTarget(saveURL) }
        let given = try options.runOptions()
        var config = given.config()
        let loaded = try resume.map { path in
            try Checkpoint.load(
                from: URL(fileURLWithPath: path),
                options: .init(base: config, vocabularyPath: options.vocab, corpus: .standard(explicitPath: options.corpus)))
        }
        let resumed = loaded?.checkpoint
        if let ck = resumed {
            try given.checkAgreement(with: ck.config)
            _ = loaded?.reportingNotes(quiet: quiet)
            // Settings left out continue as saved, so the run goes on exactly.
            config = given.config(over: ck.config)
            if !given.contains("epochs") { config.epochs = max(TrainingConfig().epochs, ck.progress.epoch) }
        }
        let bar = LoadingBar(enabled: !quiet && isatty(2) == 1)
        let corpus = try RunSetup.loadCorpus(mode: config.textMode, locator: .standard(explicitPath: options.corpus), progress: bar.update)
        bar.finish()
        let trainer = try RunSetup.trainer(config: config, corpus: corpus, resume: resumed)
        if let ck = resumed, let sha = ck.corpusSHA1, sha != corpus.sha1, !quiet {
            writeStderr("note: the corpus differs from the one this checkpoint was trained on; continuing on \(corpus.located.url.path)\n")
        }
        if resumed != nil {
            // A learning rate or clip given on resume takes over from the saved one.
            if given.contains("lr") { trainer.learningRate = config.learningRate }
            if given.contains("clip") { trainer.clip = config.clip }
        }
        if let step = injectNonfinite { trainer.faultInjector = { $0 >= step } }
        let target = trainer.config.epochs
        if let ck = resumed, ck.progress.epoch >= target, !quiet {
            writeStderr("note: the checkpoint is already at epoch \(ck.progress.epoch); nothing to train (raise --epochs)\n")
        }
        if !quiet {
            let printer = ProgressPrinter(totalEpochs: target)
            trainer.addListener(printer.handle)
        }
        if let metricsURL {
            let writer = try MetricsWriter(url: metricsURL, append: resumed != nil, warn: { writeStderr($0 + "\n") })
            trainer.addListener(writer.handle)
        }

        let saver = RunSaver(url: saveURL, trainer: trainer, corpusSHA1: corpus.sha1, totalEpochs: target, quiet: quiet)
        trainer.addListener { event in
            switch event {
            case .step:
                if SignalWatcher.hasTermination { trainer.control.send(.stop) }
            case .epoch(let m):
                saver.epochEnded(m, periodic: saveEvery.map { m.epoch % $0 == 0 && m.epoch < target } ?? false)
            default:
                break
            }
        }
        if SignalWatcher.hasTermination { trainer.control.send(.stop) }
        let reason = trainer.run()
        if let error = saver.failure { throw error }

        let signals = SignalWatcher.peekSignals().intersection(.termination)
        switch reason {
        case .halted(let message):
            let kept = try saver.saveLastGood()
            throw CLIError(Self.haltMessage(message, kept: kept, saveURL: saveURL, resumed: resume))
        case .completed where signals.isEmpty:
            // Output nobody reads any more: the weights are the one result left.
            let saved = try saver.saveFinal(interrupted: false, rescue: StandardStreams.anyBroken)
            if let saved, saveURL == nil { writeStderr("charrnn: the output was closed; saved '\(saved.url.path)'\n") }
        case .completed, .stopped:
            let saved = try saver.saveFinal(interrupted: true, rescue: true)
            let p = trainer.progress
            let place = p.batchInEpoch == 0
                ? "after epoch \(p.epoch)/\(target)"
                : "in epoch \(p.epoch + 1)/\(target) after batch \(p.batchInEpoch)/\(trainer.batchesPerEpoch)"
            let what: String
            if let saved {
                what = "saved '\(saved.url.path)'" + (saved.checkpoint.progress.step == p.step ? "" : " (epoch \(saved.checkpoint.progress.epoch))")
                    + "; continue with --resume"
            } else {
                what = "nothing saved (no step finished)"
            }
            writeStderr("charrnn: interrupted \(place); \(what)\n")
            Foundation.exit(signals.exitStatus ?? 130)
        }
    }

    static func haltMessage(_ message: String, kept: RunSaver.Saved?, saveURL: URL?, resumed: String?) -> String {
        let suffix = "; the weights are those of the last good step"
        let base = message.hasSuffix(suffix) ? String(message.dropLast(suffix.count)) : message
        guard saveURL != nil else { return base }
        if let kept {
            return base + "; saved the last good checkpoint (epoch \(kept.checkpoint.progress.epoch)) to '\(kept.url.path)'"
        }
        let why = "; nothing was saved because no epoch of this run ended with finite weights and losses"
        return base + why + (resumed.map { ", so '\($0)' is still the last good checkpoint" } ?? "")
    }
}


/// A failure with a message for the user; exit status 1.
struct CLIError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
