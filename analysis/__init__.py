"""Shared code for the executable edition of Jiang et al. (2025).

Chapters import what they need from here so that every number and figure is
computed by tested code rather than typed by hand.
"""
from pathlib import Path

#: Repository root (the folder holding ``data/`` and ``chapters/``).
ROOT = Path(__file__).resolve().parent.parent
#: Folder of the evidence ledger and other data files.
DATA_DIR = ROOT / "data"

__all__ = ["ROOT", "DATA_DIR"]
