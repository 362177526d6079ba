"""Text from people and feeds shown as itself, never as markup.

``st.markdown``, ``st.caption``, ``st.info``/``warning``/``error``/``success``, ``st.title``,
``st.subheader``, ``st.write``, ``st.table`` cells, widget, metric, tab and expander labels and
``help`` tooltips all render Markdown. An event name, display name, template title, note, shelter
or station name is typed by a person or sent by a feed, so it is escaped before it is put into any
of them: ``![x](http://host/x.png)`` would load a remote image in every officer's browser,
``**x**`` or ``:red[x]`` would restyle the page. (``st.text`` and ``st.dataframe`` show text as it
is and need nothing.)
"""

from __future__ import annotations

import re

import pandas as pd

# CommonMark lets any ASCII punctuation be backslash-escaped. Escaped everywhere: what starts
# inline markup anywhere in a line (emphasis, code, links and images, HTML, entities,
# strikethrough, LaTeX ``$``, table cells); at the start only: what starts a block (heading,
# list, quote, rule). Ordinary names ("M.7", "Somchai (local gov)", "06:00") stay unescaped.
_INLINE = re.compile(r"([\\`*_\[\]!<>&~$|])")
_BLOCK_START = re.compile(r"^(\s*)([#=+\-])")
_ORDERED_START = re.compile(r"^(\s*\d{1,9})([.)])")
# GitHub's bare links (www.host, scheme://) and Streamlit's :emoji: / :material/icon: shortcodes
_AUTOLINK = re.compile(r"(?i)(?<=www)\.|:(?=//)|:(?=[\w/+-]+:)")
# A line break would end a heading or a list item and start a new block (a quote, a table).
_LINE_BREAK = re.compile(r"[\r\n\u2028\u2029\x0b\x0c]+")


def plain(text: object) -> str:
    """``text`` (anything; None is "") on one line, escaped so that a Markdown-rendering
    element shows exactly the characters typed and no markup made from them."""
    if text is None:
        return ""
    escaped = _INLINE.sub(r"\\\1", _LINE_BREAK.sub(" ", str(text)))
    escaped = _AUTOLINK.sub(lambda m: "\\" + m.group(0), escaped)
    escaped = _BLOCK_START.sub(r"\1\\\2", escaped)
    return _ORDERED_START.sub(r"\1\\\2", escaped)


def plain_table(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``frame`` for ``st.table`` (whose cells render Markdown): every text cell and
    index label escaped with ``plain``; numbers, missing values and ``attrs`` kept."""
    out = frame.copy()
    for column in out.columns:
        if out[column].dtype == object or pd.api.types.is_string_dtype(out[column]):
            out[column] = pd.Series(
                [plain(v) if isinstance(v, str) else v for v in out[column]], index=out.index, dtype=object
            )
    if out.index.dtype == object or pd.api.types.is_string_dtype(out.index):
        out.index = pd.Index([plain(v) if isinstance(v, str) else v for v in out.index], name=out.index.name)
    out.attrs = dict(frame.attrs)
    return out
