"""Pure domain functions on DataFrames: situation classes, trends, key stations.

Nothing here does IO except reading the packaged configuration files."""
