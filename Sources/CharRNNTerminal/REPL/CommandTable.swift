/// One REPL command: its name, arguments, help texts and what it does.
public struct CommandSpec: Sendable {
    /// Where `help` lists the command.
    public enum Group: String, CaseIterable, Sendable {
        case training = "Training"
        case generation = "Generation"
        case inspection = "Inspection"
        case settings = "Settings"
        case session = "Session"
    }

    public let name: String
    public let group: Group
    public let grammar: ArgumentGrammar
    /// One line for the command list.
    public let summary: String
    /// The paragraphs of `help NAME` after the usage line.
    public let details: [String]
    let handler: @Sendable (CommandInterpreter, ParsedArguments) throws -> CommandInterpreter.Plan

    /// `predict PREFIX [N]`.
    public var usage: String { grammar.synopsis.isEmpty ? name : "\(name) \(grammar.synopsis)" }
}

/// The settings `set` changes.
enum SettingName: String, CaseIterable {
    case lr, clip, temperature
    case topK = "top-k"
    case topP = "top-p"
    case seed, greedy
}

/// Every command, in the order `help` lists them.
enum CommandTable {
    static func named(_ name: String) -> CommandSpec? { all.first { $0.name == name } }

    static let all: [CommandSpec] = [
        CommandSpec(
            name: "train", group: .training, grammar: ArgumentGrammar([.optional("N")]),
            summary: "train N more epochs (default: up to --epochs, or 1)",
            details: [
                "Trains N more epochs. Without N, trains up to the configured --epochs, or one epoch when the model is already there.",
                "In a script the command waits for the run and prints a line per epoch, as `charrnn train` does. At the prompt training runs in the background: the prompt stays usable, epoch lines appear before the next prompt (press Enter to see them), and `status`, `pause`, `resume` and `stop` steer the run.",
            ],
            handler: { try $0.trainCommand($1) }),
        CommandSpec(
            name: "pause", group: .training, grammar: ArgumentGrammar(),
            summary: "pause the background training run",
            details: ["Pauses the run after its current minibatch; `resume` continues it exactly where it stopped."],
            handler: { try $0.pauseCommand($1) }),
        CommandSpec(
            name: "resume", group: .training, grammar: ArgumentGrammar(),
            summary: "resume a paused training run",
            details: ["Continues a run paused with `pause`."],
            handler: { try $0.resumeCommand($1) }),
        CommandSpec(
            name: "stop", group: .training, grammar: ArgumentGrammar(),
            summary: "end the training run after its current minibatch",
            details: ["Ends the run after its current minibatch and waits for it. The position within the epoch is kept, so a later `train` continues from there (needed before `load`)."],
            handler: { try $0.stopCommand($1) }),
        CommandSpec(
            name: "status", group: .training, grammar: ArgumentGrammar(),
            summary: "state, epoch, step, perplexities, speed, time, lr and clip",
            details: ["Shows the run's state, the epoch and target epoch, the minibatch and step, the last epoch's training and validation perplexity, tokens per second, elapsed time and estimated time left, the learning rate, the clipping threshold and how many steps were clipped."],
            handler: { try $0.statusCommand($1) }),
        CommandSpec(
            name: "eval", group: .training, grammar: ArgumentGrammar(),
            summary: "validation loss and perplexity of the current weights",
            details: ["Computes the mean loss over every validation window with the current weights. `val ppl` has the two decimals of the epoch lines (the same figure `charrnn train` prints for the same weights); the figure in parentheses has four."],
            handler: { try $0.evalCommand($1) }),

        CommandSpec(
            name: "predict", group: .generation, grammar: ArgumentGrammar([.text("PREFIX"), .optional("N")]),
            summary: "d2l's greedy predict: PREFIX then N characters (default 20)",
            details: [
                "Warms the model up on PREFIX, then appends the N most likely characters one at a time, as d2l's `predict` does; prints the prefix and the characters.",
                "Characters outside the vocabulary become <unk> and are reported with their positions. Example: predict \"time traveller\" 50",
            ],
            handler: { try $0.predictCommand($1) }),
        CommandSpec(
            name: "sample", group: .generation,
            grammar: ArgumentGrammar(
                [.text("PREFIX"), .optional("N")],
                keywords: [.keyword("temperature", "T"), .keyword("top-k", "K"), .keyword("top-p", "P"), .keyword("seed", "S")]),
            summary: "PREFIX then N sampled characters (default 20)",
            details: [
                "Like `predict`, but draws each character from the model's distribution: divided by temperature T (> 0), cut to the K most likely characters (0: all) and to the smallest set whose probability reaches P (in (0, 1]).",
                "Unset options come from `set temperature|top-k|top-p|seed`; the same seed gives the same text. Example: sample \"time traveller\" 50 temperature 0.5 seed 7",
            ],
            handler: { try $0.sampleCommand($1) }),
        CommandSpec(
            name: "step", group: .generation, grammar: ArgumentGrammar([.text("PREFIX", optional: true)]),
            summary: "advance one character: candidates, choice, probability, entropy",
            details: [
                "With PREFIX, starts a new sequence on it; without, continues where the last step stopped. Shows the chosen character, its probability, the entropy of the distribution (nats and bits) and the most likely candidates with their probabilities (5, or `set top-k` when it is above 0).",
                "The choice follows the sampling settings: `set greedy on` takes the most likely character (as `predict` does), otherwise it is drawn with `set temperature|top-k|top-p` from `set seed`.",
            ],
            handler: { try $0.stepCommand($1) }),
        CommandSpec(
            name: "reset", group: .generation, grammar: ArgumentGrammar(),
            summary: "forget the step-by-step sequence",
            details: ["Clears the state of `step` and restarts its draws from the seed; the next `step` needs a prefix."],
            handler: { try $0.resetCommand($1) }),

        CommandSpec(
            name: "onehot", group: .inspection, grammar: ArgumentGrammar([.text("TEXT")]),
            summary: "the one-hot matrix of TEXT (steps × vocabulary)",
            details: ["One row per character of TEXT, labelled with the character and its index, one column per vocabulary token (␠ is the space, ? is <unk>): the model's input before it is multiplied by W_xh."],
            handler: { try $0.onehotCommand($1) }),
        CommandSpec(
            name: "hidden", group: .inspection, grammar: ArgumentGrammar([.text("TEXT")], keywords: [.keyword("unit", "U")]),
            summary: "the hidden state at each step of TEXT, and one unit's values",
            details: [
                "Runs the model over TEXT from a zero state and draws the hidden state after each character as a heatmap: one row per hidden unit, one column per character, from -1 to 1 (shades ' ░▒▓█' in plain output, blue to red on a terminal).",
                "Then lists the exact values of unit U (default 0) at each step.",
            ],
            handler: { try $0.hiddenCommand($1) }),
        CommandSpec(
            name: "vocab", group: .inspection, grammar: ArgumentGrammar(),
            summary: "index, token and corpus frequency of each vocabulary entry",
            details: ["Lists the vocabulary in index order with how often each token occurs in the corpus."],
            handler: { try $0.vocabCommand($1) }),
        CommandSpec(
            name: "weights", group: .inspection, grammar: ArgumentGrammar([.optional("NAME")]),
            summary: "shape, mean, std, min, max and norm of each weight tensor",
            details: ["Summary statistics of every parameter tensor (W_xh, W_hh, b_h, W_hq, b_q), or of tensor NAME only, for the current weights. std is the population standard deviation, norm the L2 norm."],
            handler: { try $0.weightsCommand($1) }),

        CommandSpec(
            name: "activations", group: .inspection,
            grammar: ArgumentGrammar(
                [.required("UNIT"), .optional("STATE"), .text("TEXT", optional: true)], keywords: [.keyword("--file", "PATH"), .keyword("--html", "OUT.html")]),
            summary: "one unit's value at every character of a long text",
            details: [
                "Runs the model from a zero state over the whole text as one sequence and shows unit UNIT of STATE (h, c, z, l1.h, …; default: the last layer's h) after each character. The text is TEXT, the file PATH, or the first 2,000 characters of the validation part of the corpus.",
                "On a terminal the text is coloured by the value (blue below zero, red above) and wrapped to the width; otherwise one line per character: step, token and value with 6 decimals, separated by tabs. --html OUT.html writes a standalone page instead (the value shows on hover).",
            ],
            handler: { try $0.activationsCommand($1) }),
        CommandSpec(
            name: "units", group: .inspection,
            grammar: ArgumentGrammar([.required("FEATURE"), .optional("N")], keywords: [.keyword("--file", "PATH")]),
            summary: "the units that best follow a feature of the text (Pearson r)",
            details: [
                "Ranks every unit of every state by the Pearson correlation r between its value and FEATURE at each step, over the text of `activations` (the validation text, or --file PATH), and prints the N best by |r| (default 10): state, unit and r with 4 decimals, separated by tabs.",
                "Features: space, vowel, word-pos (position in the word, 0 on a space); for raw text also newline, line-pos (column), in-quotes, in-parens; or /REGEX/, 1 on each character inside a match.",
            ],
            handler: { try $0.unitsCommand($1) }),
        CommandSpec(
            name: "saliency", group: .inspection, grammar: ArgumentGrammar([.text("PREFIX"), .optional("NEXT")]),
            summary: "how much each character of PREFIX moved the prediction of NEXT",
            details: [
                "For the prediction after PREFIX of NEXT (one token; default: the most likely), the derivative of log p(NEXT | PREFIX) with respect to each prefix character's one-hot input entry, by backpropagation through time: step, token and score with 6 decimals, separated by tabs. On a terminal the prefix is first shown coloured by the score.",
            ],
            handler: { try $0.saliencyCommand($1) }),
        CommandSpec(
            name: "match", group: .inspection, grammar: ArgumentGrammar([.required("FROM"), .required("TO"), .optional("THRESHOLD")]),
            summary: "corpus spans where the units on over steps FROM…TO are on together",
            details: [
                "LSTMVis's match: takes the units of the last layer's h that are above THRESHOLD (default 0.5) at every step FROM…TO (from 0) of the probe text (`step`'s sequence), runs the model over the whole corpus and lists the 20 best spans where all of them are on at every step for at least as many steps: rank, overlap (the selected units over the units on throughout the span), length, position in the corpus and the span in [brackets] with its context.",
            ],
            handler: { try $0.matchCommand($1) }),
        CommandSpec(
            name: "samples", group: .inspection, grammar: ArgumentGrammar(),
            summary: "the text generated at the sampled epochs of training",
            details: ["Lists the samples training took (train --sample-every N, --sample-prefix TEXT): the prefix and 100 characters drawn at temperature 1 from seed 0 at the end of the epoch, the same text `charrnn sample` prints for that epoch's checkpoint."],
            handler: { try $0.samplesCommand($1) }),
        CommandSpec(
            name: "histograms", group: .inspection, grammar: ArgumentGrammar(),
            summary: "histograms of every tensor's weights and last gradient, norms by epoch",
            details: ["For every parameter tensor: the range of its weights and of the last minibatch's gradient (as applied, after clipping), a 16-bin histogram, norm, mean and standard deviation, and the weights' norm at the end of each epoch of this session's runs."],
            handler: { try $0.histogramsCommand($1) }),

        CommandSpec(
            name: "set", group: .settings,
            grammar: ArgumentGrammar([.required(SettingName.allCases.map(\.rawValue).joined(separator: "|")), .required("VALUE")]),
            summary: "change the learning rate, clipping or a sampling setting",
            details: [
                "lr and clip (≥ 0; clip 0 turns clipping off) apply to training from the next minibatch. temperature (> 0), top-k (≥ 0, 0 keeps all), top-p (in (0, 1]) and seed apply to `sample` and `step`; greedy on|off makes `step` take the most likely character.",
            ],
            handler: { try $0.setCommand($1) }),
        CommandSpec(
            name: "show", group: .settings, grammar: ArgumentGrammar([.required("config")]),
            summary: "the training configuration, sampling settings and files",
            details: ["Prints the training configuration, the sampling settings, the corpus location and SHA-1, and the checkpoint last saved or loaded."],
            handler: { try $0.showCommand($1) }),

        CommandSpec(
            name: "save", group: .session, grammar: ArgumentGrammar([.text("PATH")]),
            summary: "save the model and training state to a checkpoint",
            details: ["Writes a safetensors checkpoint atomically (while training, between two minibatches). `charrnn train --resume PATH` and `load PATH` continue from it."],
            handler: { try $0.saveCommand($1) }),
        CommandSpec(
            name: "load", group: .session, grammar: ArgumentGrammar([.text("PATH")]),
            summary: "replace the model with a checkpoint's",
            details: ["Loads a checkpoint trained on the same corpus and preprocessing; training must be stopped first (`stop`)."],
            handler: { try $0.loadCommand($1) }),
        CommandSpec(
            name: "help", group: .session, grammar: ArgumentGrammar([.optional("COMMAND")]),
            summary: "list the commands, or explain one",
            details: ["Without COMMAND, lists every command. With it, shows its usage and what it does. Words with spaces are quoted: predict \"time traveller\" 50."],
            handler: { try $0.helpCommand($1) }),
        CommandSpec(
            name: "quit", group: .session, grammar: ArgumentGrammar(),
            summary: "leave the REPL",
            details: ["Ends the session (so does end of input). At the prompt, unsaved changes to the model are pointed out once: `quit` again to leave anyway."],
            handler: { try $0.quitCommand($1) }),
    ]
}
