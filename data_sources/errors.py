"""The exception tree for everything that comes from outside the product.

    SourceError                  base: pages catch this and show the last good data
    ├── SourceUnavailable        network down, timeout, HTTP 5xx/429, refused
    └── SourceFormatError        a reply or a file that does not have the documented shape
        └── MissingFieldError    a documented field is absent (names the field)

Messages are written for a person: they name the source, the bad value and what
was expected. They never contain secrets (API keys are masked before raising).
"""

from __future__ import annotations


class SourceError(Exception):
    """Base of every outside-data failure."""

    def __init__(self, source: str, message: str):
        super().__init__(f"{source}: {message}")
        self.source = source
        self.message = message


class SourceUnavailable(SourceError):
    """The source could not be reached or refused to answer (retry later)."""

    def __init__(self, source: str, message: str, status: int | None = None):
        super().__init__(source, message)
        self.status = status


class SourceFormatError(SourceError):
    """The source answered, but not in the documented format."""


class MissingFieldError(SourceFormatError):
    """A documented field is missing; ``field`` names it."""

    def __init__(self, source: str, field: str, where: str = "reply", message: str | None = None):
        super().__init__(
            source, message or f"field '{field}' is missing from the {where}; the source may have changed its format"
        )
        self.field = field
