"""One module per concern, each with ``STRINGS = {key: (thai, english)}``."""
