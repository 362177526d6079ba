"""Errors whose words are the catalogue's (house style: diagnostics are data).

``coded(SomeError, key, **params)`` makes the exception with its English text (what logs and
``str(exc)`` show) and keeps the catalogue key and parameters on it; ``say(exc, lang)`` gives
the text in the reader's language (the CLI's ``DEFAULT_LANGUAGE``, a page's language), or
``str(exc)`` for an exception that carries no key."""

from __future__ import annotations

from i18n import t


def coded(cls: type[Exception], key: str, *args: object, **params: object) -> Exception:
    """``cls(*args, english_text)`` carrying ``key`` and ``params`` for ``say``."""
    exc = cls(*args, t(key, "en", **params))
    exc.i18n_key, exc.i18n_params = key, params
    return exc


def say(exc: BaseException, lang: str) -> str:
    """The text of ``exc`` in ``lang`` ('th' or 'en')."""
    key = getattr(exc, "i18n_key", None)
    return t(key, lang, **exc.i18n_params) if key else str(exc)
