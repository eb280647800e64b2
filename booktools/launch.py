"""Run a chapter elsewhere: "Open in Colab" and "Open in Binder" links to the reader's notebooks.

The links exist only where ``_config.yml`` names a GitHub repository
(``repository: url: https://github.com/OWNER/NAME``); with none, the site
shows no such link. They point to the branch :data:`NOTEBOOK_BRANCH`, which
the publishing workflow fills from the built site with :func:`stage`: every
reader's notebook at the path of its page (``chapters/04_cold_to_hot.ipynb``),
a ``requirements.txt`` for Binder (the reader's pins and the wheel, which the
branch carries) and a README. On Colab the notebook's first cell installs the
wheel and the reader's requirements from the published site
(:func:`site_address`) when they are missing. Nothing is requested from any
other host until a reader clicks a link.

Usage (the workflow): ``python -m booktools.launch stage OUT_DIR``.
"""
from __future__ import annotations

import argparse
import re
import shutil
import sys
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

import yaml

from . import ROOT
from .downloads import READER_REQUIREMENTS, wheel_name
from .paths import DOWNLOADS_DIR, SITE

__all__ = ["NOTEBOOK_BRANCH", "Launch", "launch_settings", "config_launch", "colab_url", "binder_url", "site_address", "stage"]

#: The branch the publishing workflow fills with the reader's notebooks (see .github/workflows/book.yml).
NOTEBOOK_BRANCH = "notebooks"
_GITHUB = re.compile(r"^https://github\.com/([A-Za-z0-9_.-]+)/([A-Za-z0-9_.-]+?)(?:\.git)?/?$")


@dataclass(frozen=True)
class Launch:
    """Where the links lead: the GitHub repository ``owner/name`` and the published site's address."""

    repository: str
    site: str


def launch_settings(repository_url: str | None, baseurl: str | None = None) -> Launch | None:
    """The launch settings for ``repository_url`` (``_config.yml``'s ``repository.url``), or None without one.

    ``baseurl`` (``html.baseurl``) is where the site is published; by default
    the repository's GitHub Pages address. Raises ``ValueError`` naming the
    setting when the URL is not a GitHub repository's.
    """
    if not repository_url:
        return None
    match = _GITHUB.match(repository_url.strip())
    if not match:
        raise ValueError(f"_config.yml, repository.url: expected https://github.com/OWNER/NAME, got {repository_url!r}")
    owner, name = match.groups()
    site = (baseurl or f"https://{owner.lower()}.github.io/{name}/").rstrip("/") + "/"
    return Launch(f"{owner}/{name}", site)


def config_launch(root: Path = ROOT) -> Launch | None:
    """:func:`launch_settings` from ``root/_config.yml``."""
    config = yaml.safe_load((root / "_config.yml").read_text(encoding="utf-8")) or {}
    return launch_settings((config.get("repository") or {}).get("url"), (config.get("html") or {}).get("baseurl"))


def colab_url(launch: Launch, docname: str) -> str:
    """Colab's address for the reader's notebook of page ``docname`` (``chapters/04_cold_to_hot``)."""
    return f"https://colab.research.google.com/github/{launch.repository}/blob/{NOTEBOOK_BRANCH}/{quote(docname)}.ipynb"


def binder_url(launch: Launch, docname: str) -> str:
    """mybinder.org's address that builds :data:`NOTEBOOK_BRANCH` and opens page ``docname``'s notebook in JupyterLab."""
    return (f"https://mybinder.org/v2/gh/{launch.repository}/{NOTEBOOK_BRANCH}"
            f"?urlpath={quote('lab/tree/' + docname + '.ipynb', safe='')}")


def site_address(launch: Launch, name: str) -> str:
    """The published address of the download ``name`` (the wheel, the reader's requirements)."""
    return f"{launch.site}downloads/{quote(name)}"


def stage(out_dir: Path, site: Path = SITE, root: Path = ROOT) -> list[Path]:
    """Fill ``out_dir`` with what :data:`NOTEBOOK_BRANCH` holds; returns the notebooks staged.

    Every reader's notebook of the built ``site`` at its page's path, the
    wheel, ``requirements.txt`` (the reader's pins plus the wheel: Binder
    installs it) and a README. Raises ``FileNotFoundError`` when the site is
    not built.
    """
    from .toc import toc_notebooks

    wheel = site / DOWNLOADS_DIR / wheel_name(root)
    if not wheel.is_file():
        raise FileNotFoundError(f"{wheel} is missing: build the book first (make book)")
    out_dir.mkdir(parents=True, exist_ok=True)
    staged = []
    for source in toc_notebooks(root):
        relative = source.relative_to(root).with_suffix(".ipynb")
        (out_dir / relative).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(site / relative, out_dir / relative)
        staged.append(relative)
    shutil.copy2(wheel, out_dir / wheel.name)
    pins = (root / READER_REQUIREMENTS).read_text(encoding="utf-8")
    (out_dir / "requirements.txt").write_text(pins.rstrip("\n") + f"\n./{wheel.name}\n", encoding="utf-8")
    (out_dir / "README.md").write_text(
        "# The book's reader's notebooks, for Binder and Colab\n\n"
        "Written by the publishing workflow from the built site (booktools/launch.py); do not edit.\n",
        encoding="utf-8")
    return staged


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    staging = commands.add_parser("stage", help="write the notebooks branch's files into OUT_DIR")
    staging.add_argument("out_dir", type=Path)
    args = parser.parse_args(argv)
    staged = stage(args.out_dir)
    print(f"staged {len(staged)} notebooks, the wheel and requirements.txt in {args.out_dir}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
