"""The store: SQLAlchemy models, Alembic migrations and one write path per record type.

Each concern has its own module (``health``, later ``water``, ``impact``,
``checklists``, ...). All models share ``store.base.Base``; ``store.schema``
imports every module so Alembic and the tests see the whole schema.
"""
