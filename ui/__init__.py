"""Streamlit helpers shared by the pages (the only package besides pages/ and
dashboard.py that imports streamlit)."""
