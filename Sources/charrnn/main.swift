import CharRNNTerminal

StandardStreams.ignoreBrokenPipes()
CharRNNCommand.runAndExit()
