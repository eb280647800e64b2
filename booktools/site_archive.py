"""One tarball of the built website that any static host serves as it is (``make site-archive``).

``python -m booktools.site_archive`` writes ``_build/rt-io-book-<version>-site.tar.gz``:
every file of ``_build/html`` under a top folder ``rt-io-book-<version>-site/``,
in sorted order with fixed timestamps and owners (the same site gives the same
bytes). Unpack it into the host's web root (``tar xzf … --strip-components=1``);
``index.html`` is the entry page. Nothing in it names another host.
"""
from __future__ import annotations

import gzip
import sys
import tarfile
from pathlib import Path

from . import ROOT
from .downloads import project_version
from .paths import BUILD, SITE, in_book

_SKIPPED = {".buildinfo"}


def archive_name(root: Path = ROOT) -> str:
    """``rt-io-book-<version>-site.tar.gz``."""
    return f"rt-io-book-{project_version(root)}-site.tar.gz"


def write(site: Path = SITE, target: Path | None = None, root: Path = ROOT) -> Path:
    """Write the archive of ``site`` (default ``_build/<archive_name>``); returns its path."""
    if not (site / "index.html").exists():
        raise FileNotFoundError(f"{site}/index.html is missing: build the book first (make book)")
    target = target or in_book(root, BUILD) / archive_name(root)
    top = archive_name(root).removesuffix(".tar.gz")
    files = sorted(path for path in site.rglob("*") if path.is_file() and path.name not in _SKIPPED)
    with target.open("wb") as raw, gzip.GzipFile(filename="", fileobj=raw, mode="wb", mtime=0) as packed, \
            tarfile.open(fileobj=packed, mode="w", format=tarfile.PAX_FORMAT) as tar:
        for path in files:
            info = tarfile.TarInfo(f"{top}/{path.relative_to(site).as_posix()}")
            info.size, info.mtime, info.mode = path.stat().st_size, 0, 0o644
            info.uid = info.gid = 0
            info.uname = info.gname = ""
            with path.open("rb") as handle:
                tar.addfile(info, handle)
    return target


def main() -> int:
    try:
        path = write()
    except FileNotFoundError as error:
        print(f"site archive: {error}", file=sys.stderr)
        return 1
    print(f"site archive: {path.relative_to(ROOT)} ({path.stat().st_size / 1e6:.1f} MB); "
          "unpack it into any static host's web root (index.html is the entry page)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
