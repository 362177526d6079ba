"""Operations: backups, the single-ingest-worker lock, upload limits, safe exports.

No Streamlit here; the CLI (``cli/ops.py``, ``cli/core.py``) and the import pages call these.
"""
