"""Sphinx extension: two look-ups Sphinx's own code repeats, done once per build.

**Plugins.** 
pybtex and sphinxcontrib-bibtex find their style, backend and parser plugins
through ``importlib.metadata.entry_points``, which scans every installed
package's metadata on each call. The book resolves about 300 citations, each
asking several times: a profile of the build showed these scans taking a
third of Sphinx's own time. The installed packages do not change during a
build, so the answer is cached for the life of the process. Plugins
registered at run time are still looked up first by both libraries, as before.

**Figure numbers.** Sphinx 7.4 resolves each ``{numref}`` by unpickling the
whole doctree of the page that holds the target, once per reference (about
120 in the book, the second largest cost of writing the pages). The target
page's doctree is only read there (its ids and figure type), and no page is
read again while references are resolved, so each is unpickled once and
kept until the pages are written.
"""
from __future__ import annotations

import functools
from importlib import metadata
from typing import Any

from sphinx.application import Sphinx


@functools.lru_cache(maxsize=None)
def cached_entry_points(**selection: str) -> tuple[metadata.EntryPoint, ...]:
    """``importlib.metadata.entry_points(**selection)`` as a tuple, computed once per selection."""
    return tuple(metadata.entry_points(**selection))


def cache_plugin_lookups() -> None:
    """Make pybtex and sphinxcontrib-bibtex use :func:`cached_entry_points`."""
    import pybtex.plugin
    import sphinxcontrib.bibtex.plugin

    pybtex.plugin.entry_points = cached_entry_points
    sphinxcontrib.bibtex.plugin.entry_points = cached_entry_points


_numref_doctrees: dict[str, Any] = {}


def cache_numref_doctrees() -> None:
    """Let ``StandardDomain._resolve_numref_xref`` read each target page's doctree once per build."""
    from sphinx.domains.std import StandardDomain

    original = StandardDomain._resolve_numref_xref
    if getattr(original, "rtio_cached", False):
        return

    def resolve(self, env, *args, **kwargs):
        unpickle = env.get_doctree

        def get_doctree(docname: str):
            if docname not in _numref_doctrees:
                _numref_doctrees[docname] = unpickle(docname)
            return _numref_doctrees[docname]

        env.get_doctree = get_doctree  # this call only: an instance attribute over the method
        try:
            return original(self, env, *args, **kwargs)
        finally:
            del env.get_doctree

    resolve.rtio_cached = True
    StandardDomain._resolve_numref_xref = resolve


def forget_numref_doctrees(*_args: Any) -> None:
    """Drop the kept doctrees (pages were re-read, or the build ended)."""
    _numref_doctrees.clear()


def setup(app: Sphinx) -> dict[str, Any]:
    cache_plugin_lookups()
    cache_numref_doctrees()
    app.connect("env-updated", forget_numref_doctrees)
    app.connect("build-finished", forget_numref_doctrees)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
