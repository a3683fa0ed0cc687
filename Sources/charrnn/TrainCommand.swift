import ArgumentParser
import CharRNN
import CharRNNTerminal
import Foundation

/// `charrnn train`: headless training with a line per epoch.
struct TrainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "train", abstract: "Train the model without the TUI, printing a line per epoch.")

    @OptionGroup var options: TrainingOptions
    @Option(help: "Save a checkpoint (safetensors) here at the end, and at every --save-every.")
    var save: String?
    @Option(help: "Save the checkpoint every N epochs (needs --save).")
    var saveEvery: Int?
    @Option(help: "Continue the run saved in this checkpoint up to --epochs in total.")
    var resume: String?
    @Option(help: "Write one JSON line per epoch to this file.")
    var metrics: String?
    @Flag(help: "Print only errors.")
    var quiet = false

    func validate() throws {
        if let n = saveEvery {
            guard n > 0 else { throw ValidationError("--save-every must be positive, got \(n)") }
            guard save != nil else { throw ValidationError("--save-every needs --save PATH") }
        }
    }

    func run() throws {
        let bar = LoadingBar(enabled: !quiet && isatty(2) == 1)
        let corpus = try RunSetup.loadCorpus(path: options.corpus, mode: options.text, progress: bar.update)
        bar.finish()
        let resumed = try resume.map { try Checkpoint.read(from: URL(fileURLWithPath: $0)) }
        if let ck = resumed, let sha = ck.corpusSHA1, sha != corpus.sha1, !quiet {
            writeStderr("note: the corpus differs from the one this checkpoint was trained on; continuing on \(corpus.located.url.path)\n")
        }
        let trainer = try RunSetup.trainer(config: options.config, corpus: corpus, resume: resumed)
        let saveURL = save.map { URL(fileURLWithPath: $0) }
        if !quiet {
            let printer = ProgressPrinter(totalEpochs: trainer.config.epochs)
            trainer.addListener(printer.handle)
        }
        if let metrics {
            let writer = try MetricsWriter(url: URL(fileURLWithPath: metrics), append: resumed != nil)
            trainer.addListener(writer.handle)
        }
        var saveError: Error?
        if let saveURL, let every = saveEvery {
            trainer.addListener { event in
                guard case .epoch(let m) = event, m.epoch % every == 0, m.epoch < trainer.config.epochs else { return }
                do { try RunSetup.checkpoint(of: trainer, corpusSHA1: corpus.sha1).write(to: saveURL) } catch { saveError = error }
            }
        }
        let reason = trainer.run()
        if let saveError { throw saveError }
        if let saveURL { try RunSetup.checkpoint(of: trainer, corpusSHA1: corpus.sha1).write(to: saveURL) }
        if case .halted(let message) = reason { throw CLIError(message) }
    }
}

/// A failure with a message for the user; exit status 1.
struct CLIError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
