"""Adapters for outside data sources: one module per source.

Each module has ``fetch_*(session, ...)`` functions that do the HTTP and pure
``parse_*(payload)`` functions that turn a payload into a DataFrame.
"""
