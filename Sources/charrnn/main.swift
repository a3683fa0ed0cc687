CharRNNCommand.runAndExit()
