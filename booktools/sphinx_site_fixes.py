"""Website fixes for issue 11 (theme, size, valid HTML), all in one local Sphinx extension.

* Loads ``site_static/book.css`` (focus rings, dark-mode panel, print rules, zoom cursor) and
  ``site_static/book.js`` (focus back on the drawer button). They live here, not in a
  ``_static/`` folder at the book root: as soon as ``_static/`` exists, Jupyter Book 1 adds
  *every* ``*.js`` of *every* ``html_static_path`` entry as a script tag — the vendored MathJax
  in ``_vendor/`` would then be loaded twice, plus its font file as a script.
* If a ``_static/`` folder exists at the book root anyway, the vendored MathJax is taken back
  out of ``html_js_files`` (see ``keep_mathjax_single``).
* sphinx-exercise gives every exercise and solution body ``id="exercise-content"`` /
  ``id="solution-content"``: duplicate ids on any page with two of them. The id is used by
  nothing (no CSS, no JS, no link), so it becomes a class.
* Every content image is wrapped in a link to its own file in ``_images/`` (what Sphinx already
  does for scaled images, ``html_scaled_image_link``): a click or tap opens the figure full size,
  with no lightbox script. An image that is already a link, or has class ``no-scaled-link``,
  is left alone.
* Figures keep their shape and stay legible (issue 20). myst-nb writes every output image
  with an inline ``style="width: Wpx; height: Hpx"``; the theme's ``max-width: 100%`` then
  narrows the image but not its height. After the build each ``<img>`` of ``_images/`` keeps
  its width, gets ``height: auto`` with ``width``/``height`` attributes (the file's shape, known
  before it loads), and, when its PNG records its smallest text (``analysis.style.figure_png``),
  that size as ``data-smallest-text`` and a ``min-width`` at which that text is
  ``MIN_TEXT_CSS_PX`` CSS px: on a phone the figure is shown at that width inside its link,
  which scrolls sideways (``book.css``; ``book.js`` says so above the figure).
* MathJax (1.2 MB) only on pages that show maths: Sphinx also loads it on a page whose toctree
  includes a page with maths (the home page includes every chapter); the build removes it from
  every page without a math element.
* Accessibility (axe-core, issue 20): the sidebar's search field and the code toggles lose an
  ``aria-label`` that hid their visible text; the bibliography's entries become ``listitem``
  (the theme gives their container ``role="list"`` and each entry the deprecated
  ``doc-biblioentry``).
* After an HTML build: source maps (``*.map``) are deleted and their ``sourceMappingURL``
  comments stripped; the 1.5 MB ``fontawesome.js`` (Font Awesome's SVG-replacement script) is
  dropped from every page and from ``_static`` — the theme's CSS already carries the Font
  Awesome web fonts, so every icon still renders; the theme's translation catalogues
  (``_static/locales``, used at build time only) are deleted; ``favicon.ico`` is copied to the
  site root.
"""
from __future__ import annotations

import posixpath
import re
import shutil
from pathlib import Path
from typing import Any
from urllib.parse import unquote

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.util import logging

logger = logging.getLogger(__name__)

STATIC = Path(__file__).with_name("site_static")
DUPLICATED_IDS = {"exercise-content", "solution-content"}
FONTAWESOME_JS = re.compile(r'[ \t]*<script\b[^>]*\bsrc="[^"]*_static/scripts/fontawesome\.js[^"]*"[^>]*>\s*</script>[ \t]*\n?')
SOURCE_MAP_COMMENT = re.compile(r"\n?(//[#@] sourceMappingURL=[^\n]*|/\*[#@] sourceMappingURL=[^*]*\*/)\s*$")
IMAGE_REFERENCE = re.compile(r"_images/([^\"'\s?#)]+)")
IMG_TAG = re.compile(r"<img\b[^>]*>")
# MathJax's configuration and loader, as Sphinx writes them into a page's <head>.
MATHJAX_TAGS = re.compile(r'[ \t]*<script>window\.MathJax = [^<]*</script>\n?|[ \t]*<script\b[^>]*\bsrc="[^"]*mathjax/tex-mml-chtml\.js[^"]*"[^>]*>\s*</script>\n?')
# Accessible names that hide the visible text (axe: label-content-name-mismatch): the sidebar's
# search field ("Search Ctrl+K" named "Search") and the code toggles ("Show code cell source"
# named "Toggle hidden content") are named by their own text once the aria-label goes.
HIDING_LABELS = re.compile(r'(<button class="btn search-button-field[^"]*"[^>]*?) aria-label="Search"'
                           r'|(<summary) aria-label="Toggle hidden content"')
# The bibliography's entries: a role="list" may only hold list items; doc-biblioentry is deprecated.
BIBLIOENTRY = ' role="doc-biblioentry"'
MATH_ELEMENT = re.compile(r'class="[^"]*\bmath\b')
SIZED_STYLE = re.compile(r'\sstyle="width:\s*([\d.]+)px;\s*height:\s*([\d.]+)px;?"')


# --------------------------------------------------------------------------- assets

def add_static_path(app: Sphinx) -> None:
    if app.builder.format == "html" and str(STATIC) not in app.config.html_static_path:
        app.config.html_static_path.append(str(STATIC))


def keep_mathjax_single(app: Sphinx, config: Any) -> None:
    """Guard for a ``_static/`` folder at the book root: Jupyter Book then lists every ``*.js``
    under every ``html_static_path`` entry in ``html_js_files`` -- the vendored MathJax
    (``_vendor/mathjax``) would be loaded on every page, twice on pages with math, with its
    font file run as a script. MathJax is loaded by ``mathjax_path`` alone."""
    def name(entry: Any) -> str:
        return str(entry[0] if isinstance(entry, (tuple, list)) else entry)
    config.html_js_files = [f for f in config.html_js_files if not name(f).startswith("mathjax/")]


# --------------------------------------------------------------------------- valid HTML

def drop_duplicated_ids(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    for node in doctree.findall(nodes.Element):
        ids = node.get("ids") or []
        shared = [i for i in ids if i in DUPLICATED_IDS]
        if shared:
            node["ids"] = [i for i in ids if i not in DUPLICATED_IDS]
            node["classes"] = list(node.get("classes", [])) + [i for i in shared if i not in node.get("classes", [])]


# --------------------------------------------------------------------------- click to enlarge

def link_images_to_files(app: Sphinx) -> None:
    """Extend Sphinx's "link scaled images to their file" to every content image."""
    builder = app.builder
    if builder.format != "html" or not hasattr(builder, "post_process_images"):
        return
    original = builder.post_process_images

    def post_process_images(doctree: nodes.Node) -> None:
        original(doctree)  # picks the image files, sets builder.images and links scaled images
        for image in list(doctree.findall(nodes.image)):
            if isinstance(image.parent, nodes.reference) or "no-scaled-link" in image["classes"]:
                continue
            uri = image["uri"]
            if uri not in builder.images:  # a remote or data: image
                continue
            reference = nodes.reference("", "", internal=True,
                                        refuri=posixpath.join(builder.imgpath, builder.images[uri]))
            image.replace_self(reference)
            reference.append(image)

    builder.post_process_images = post_process_images


# --------------------------------------------------------------------------- true shape, legible size

def smallest_text_px(path: Path) -> float | None:
    """The smallest text a figure's PNG records (font size in the file's pixels), or None."""
    from PIL import Image

    from analysis.style import SMALLEST_TEXT_KEY

    try:
        with Image.open(path) as image:
            value = image.text.get(SMALLEST_TEXT_KEY) if hasattr(image, "text") else None
    except OSError:
        return None
    return float(value) if value else None


def shape_image_tag(tag: str, images: Path, cache: dict[str, float | None]) -> str:
    """One ``<img>`` of ``_images/``: keep its width, let its height follow (true shape), and set its legible minimum."""
    from analysis.style import MIN_TEXT_CSS_PX, PIXEL_RATIO

    size = SIZED_STYLE.search(tag)
    source = IMAGE_REFERENCE.search(tag)
    if not size or not source:
        return tag
    name = unquote(source.group(1))
    if name not in cache:
        cache[name] = smallest_text_px(images / name)
    width, height = size.group(1), size.group(2)
    style = f"width: {width}px"
    extra = f' width="{width}" height="{height}"'
    smallest = cache[name]
    if smallest:
        # Shown width at which the smallest text is MIN_TEXT_CSS_PX CSS px (the file is PIXEL_RATIO x the CSS size).
        legible = MIN_TEXT_CSS_PX * float(width) * PIXEL_RATIO / smallest
        style += f"; min-width: {min(legible, float(width)):.0f}px"
        extra += f' data-smallest-text="{smallest:g}"'
    return tag[:size.start()] + f' style="{style}"' + extra + tag[size.end():]


def shape_images(html: str, images: Path, cache: dict[str, float | None]) -> str:
    return IMG_TAG.sub(lambda match: shape_image_tag(match.group(0), images, cache), html)


# --------------------------------------------------------------------------- size

def slim_output(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None or app.builder.format != "html":
        return
    out = Path(app.outdir)
    static = out / "_static"
    # Sphinx 7.4 does not overwrite a static file that is already in the output: copy ours again.
    for asset in STATIC.iterdir():
        if asset.is_file():
            shutil.copyfile(asset, static / asset.name)
    saved = 0
    for path in static.rglob("*.map"):
        saved += path.stat().st_size
        path.unlink()
    for path in list(static.rglob("*.js")) + list(static.rglob("*.css")):
        text = path.read_text(encoding="utf8", errors="surrogateescape")
        stripped = SOURCE_MAP_COMMENT.sub("", text)
        if stripped != text:
            path.write_text(stripped, encoding="utf8", errors="surrogateescape")
    for name in ("scripts/fontawesome.js", "scripts/fontawesome.js.LICENSE.txt"):
        path = static / name
        if path.exists():
            saved += path.stat().st_size
            path.unlink()
    # /favicon.ico at the site root too: a browser asks for it when a reader opens a bare
    # image (a figure's full-size file), which has no <link rel="icon">.
    if (STATIC / "favicon.ico").exists():
        shutil.copyfile(STATIC / "favicon.ico", out / "favicon.ico")
    locales = static / "locales"
    if locales.is_dir():
        saved += sum(p.stat().st_size for p in locales.rglob("*") if p.is_file())
        shutil.rmtree(locales)
    pages = 0
    shown_images: set[str] = set()
    smallest: dict[str, float | None] = {}
    for page in out.rglob("*.html"):
        text = page.read_text(encoding="utf8")
        shown_images.update(unquote(name) for name in IMAGE_REFERENCE.findall(text))
        new = shape_images(FONTAWESOME_JS.sub("", text), out / "_images", smallest)
        if not MATH_ELEMENT.search(new):
            new = MATHJAX_TAGS.sub("", new)
        new = HIDING_LABELS.sub(lambda match: match.group(1) or match.group(2), new)
        new = new.replace(BIBLIOENTRY, ' role="listitem"')
        if new != text:
            page.write_text(new, encoding="utf8")
            pages += 1
    # Sphinx never removes a figure from _images: every re-drawn figure (a new hash-named PNG)
    # would stay on the site beside its successor. Keep only what a page shows.
    stale = [path for path in (out / "_images").glob("*") if path.is_file() and path.name not in shown_images]
    saved += sum(path.stat().st_size for path in stale)
    for path in stale:
        path.unlink()
    logger.info(f"[site-fixes] removed {saved / 1e6:.2f} MB (source maps, fontawesome.js, locales, {len(stale)} stale figures); "
                f"{pages} pages rewritten (fontawesome.js, figure sizes, MathJax where no maths)")


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_css_file("book.css")
    app.add_js_file("book.js")
    app.connect("config-inited", keep_mathjax_single)
    app.connect("builder-inited", add_static_path)
    app.connect("builder-inited", link_images_to_files)
    app.connect("doctree-resolved", drop_duplicated_ids)
    app.connect("build-finished", slim_output)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
