enum CharRNNTerminalPlaceholder {}
