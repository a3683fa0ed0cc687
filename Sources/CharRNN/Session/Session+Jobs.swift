import Foundation

/// Evaluation, saving and loading: slow work, whose replies come when it is done.
extension Session {
    func evaluate(_ ticket: Ticket) {
        let (trainer, generation) = shared.withLock { ($0.trainer, $0.generation) }
        guard trainer.config.numVal > 0 else { return reply(ticket, .failed("no validation windows (the run has --num-val 0)")) }
        let snapshot = trainer.snapshot()
        evalQueue.async {
            if self.evalRunner?.generation != generation {
                self.evalRunner = (generation, Trainer.runner(model: trainer.model, config: trainer.config))
            }
            let loss = Trainer.validationLoss(
                snapshot.params, runner: self.evalRunner!.runner, dataset: trainer.dataset, config: trainer.config,
                cancelled: { self.isCancelled(ticket) })
            guard let loss else { return self.reply(ticket, .cancelled) }
            self.reply(ticket, .evaluated(loss: loss, epoch: snapshot.epoch, step: snapshot.step, whileTraining: snapshot.state == .running))
        }
    }

    func save(to url: URL, _ ticket: Ticket) {
        let trainer = self.trainer
        if let corpus = published.corpus?.located.url, OutputPaths.sameFile(url, corpus) {
            return reply(ticket, .failed("'\(url.path)' is the corpus; name another file"))
        }
        trainer.send(.checkpoint(corpusSHA1: trainer.corpusSHA1) { checkpoint in
            self.fileQueue.async {
                do {
                    try checkpoint.write(to: url)
                } catch {
                    return self.reply(ticket, .failed("\(error)"))
                }
                trainer.markSaved(step: checkpoint.progress.step)
                self.publish { $0.checkpointURL = url }
                self.reply(ticket, .saved(url, epoch: checkpoint.progress.epoch, step: checkpoint.progress.step))
            }
        })
    }

    func load(from url: URL, _ ticket: Ticket) {
        let old = trainer
        guard !old.isActive else { return reply(ticket, .failed("stop training (pause is not enough) before loading")) }
        let state = published
        guard let corpus = state.corpus else { return reply(ticket, .failed("no corpus is loaded")) }
        let replacement: Trainer
        let notes: [String]
        do {
            // A weights-only file without a vocabulary takes the corpus's.
            let vocabulary = corpus.corpus.vocabulary
            let loaded = try Checkpoint.load(from: url, options: .init(base: state.config, corpusVocabulary: { _ in vocabulary }))
            notes = loaded.notes
            replacement = try RunSetup.trainer(config: loaded.checkpoint.config, corpus: corpus, resume: loaded.checkpoint)
        } catch {
            return reply(ticket, .failed(String(describing: error)))
        }
        old.close()
        let background = BackgroundTrainer(trainer: replacement, corpusSHA1: corpus.sha1, unsaved: false)
        let snapshot = background.snapshot()
        work = Work(snapshot: snapshot, model: replacement.model, vocabulary: replacement.corpus.vocabulary, sampling: state.sampling, seed: state.seed)
        let generation = shared.withLock { s -> Int in
            s.generation += 1
            s.trainer = background
            s.state.model = replacement.model
            s.state.config = replacement.config
            s.state.modelVersion += 1
            s.state.checkpointURL = url
            s.state.steps = .empty
            s.state.probe = nil
            return s.generation
        }
        background.onEvent = trainerEventHandler(generation: generation)
        events.postUnlessPending(.changed)
        reply(ticket, .loaded(url, notes: notes))
    }
}
