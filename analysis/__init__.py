"""Shared code for the executable edition of Jiang et al. (2025).

Chapters import what they need from here so that every number and figure is
computed by tested code rather than typed by hand.

The package carries the evidence ledger. Installed from the wheel (``pip
install rt_io_book-….whl``), the data files sit inside it (``analysis/_data``)
and are found through :mod:`importlib.resources`; in a checkout of the
repository (an editable install), they are the repository's ``data/`` folder.

The modules sit in one folder per layer, bottom to top: this package's top
holds the foundation (``tables``, ``schema``, ``checks``, ``style``,
``render``); :mod:`analysis.ledger` loads and checks the data;
:mod:`analysis.models` (the science) and :mod:`analysis.audit` (checking the
review) compute from the ledger; :mod:`analysis.plots` draws; ``book`` is
what chapters call and ``validate`` runs every loader. A module imports only
from its own layer or below (``tests/test_architecture.py``).
"""
from __future__ import annotations

from importlib.resources import files
from pathlib import Path

__all__ = ["ROOT", "DATA_DIR", "INSTALLED_FROM_WHEEL"]

_PACKAGED_DATA = Path(str(files(__name__).joinpath("_data")))
_CHECKOUT = Path(__file__).resolve().parent.parent

#: True when the package was installed from a wheel (its data travel inside it).
INSTALLED_FROM_WHEEL: bool = (_PACKAGED_DATA / "claims.csv").is_file()
#: Folder of the evidence ledger and the other data files.
DATA_DIR: Path = _PACKAGED_DATA if INSTALLED_FROM_WHEEL else _CHECKOUT / "data"
#: The repository checkout (the folder holding ``data/`` and ``chapters/``), or
#: ``None`` when the package was installed from a wheel and has no checkout.
ROOT: Path | None = None if INSTALLED_FROM_WHEEL else _CHECKOUT

if not (DATA_DIR / "claims.csv").is_file():  # pragma: no cover - a broken install
    raise ImportError(
        f"analysis: no data files at {DATA_DIR} (expected claims.csv); install the package from its "
        "wheel or work in a checkout of the repository (pip install -e .)"
    )
