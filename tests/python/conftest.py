"""Shared helpers for the ipseclab pytest files."""

import sys
from pathlib import Path

# Lets one file import another's helpers (vectors.py) when run directly by pytest.
sys.path.insert(0, str(Path(__file__).resolve().parent))
