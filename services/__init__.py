"""Use cases: what a person does (import an impact file, a shelter list, a flood extent), one
function each, called by a page and by a ``manage.py`` command alike. Neither ``ui`` nor ``cli``
owns this package; it imports neither, and neither imports the other (see docs/ARCHITECTURE.md)."""
