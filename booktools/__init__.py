"""The book's own build and test tooling (not part of the ``analysis`` package readers install).

Run its commands from the repository root as modules, e.g.
``python -m booktools.audit_source --review path/to/review.txt``. It sits above
:mod:`analysis` (it calls the package; the package never imports it).
"""
from pathlib import Path

#: The repository root: the folder holding ``_config.yml``, ``chapters/`` and ``data/``.
ROOT = Path(__file__).resolve().parent.parent
