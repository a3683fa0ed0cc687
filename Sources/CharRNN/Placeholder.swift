enum CharRNNPlaceholder {}
