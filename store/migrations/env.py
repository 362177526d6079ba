"""Alembic environment: the URL comes from the config the code builds (``store.db``)."""

from alembic import context

from store.db import make_engine
from store.schema import load_models

target_metadata = load_models()
url = context.config.get_main_option("sqlalchemy.url") or ""  # set by store.db.alembic_config


def run_migrations_offline() -> None:
    context.configure(url=url, target_metadata=target_metadata, literal_binds=True, render_as_batch=True)
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    engine = make_engine(url)
    with engine.connect() as connection:
        context.configure(connection=connection, target_metadata=target_metadata, render_as_batch=True)
        with context.begin_transaction():
            context.run_migrations()
    engine.dispose()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
