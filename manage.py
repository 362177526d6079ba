#!/usr/bin/env python3
"""Flood Room command line: ``python manage.py --help``."""

import sys

from cli import main

if __name__ == "__main__":
    sys.exit(main())
