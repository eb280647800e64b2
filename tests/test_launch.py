"""booktools.launch: "Open in Colab" / "Open in Binder" only where a repository is configured, pointing
to the files the publishing workflow puts on the notebooks branch."""
from types import SimpleNamespace
from urllib.parse import parse_qs, unquote, urlparse

import nbformat
import pytest

from booktools import ROOT, launch, sphinx_notebooks
from booktools.launch import NOTEBOOK_BRANCH, binder_url, colab_url, launch_settings, site_address


def test_no_repository_no_launch():
    assert launch_settings(None) is None and launch_settings("") is None


def test_a_repository_that_is_not_github_is_named_in_the_error():
    with pytest.raises(ValueError, match=r"_config.yml, repository.url: expected https://github.com/OWNER/NAME"):
        launch_settings("https://gitlab.com/a/b")


def test_links_are_well_formed_and_point_to_the_notebooks_branch():
    settings = launch_settings("https://github.com/Teach-RT/rt-io-book.git")
    assert settings.repository == "Teach-RT/rt-io-book" and settings.site == "https://teach-rt.github.io/rt-io-book/"
    colab = urlparse(colab_url(settings, "chapters/04_cold_to_hot"))
    assert colab.scheme == "https" and colab.netloc == "colab.research.google.com"
    assert colab.path == f"/github/Teach-RT/rt-io-book/blob/{NOTEBOOK_BRANCH}/chapters/04_cold_to_hot.ipynb"
    binder = urlparse(binder_url(settings, "chapters/04_cold_to_hot"))
    assert binder.netloc == "mybinder.org" and binder.path == f"/v2/gh/Teach-RT/rt-io-book/{NOTEBOOK_BRANCH}"
    assert parse_qs(binder.query)["urlpath"] == ["lab/tree/chapters/04_cold_to_hot.ipynb"]
    assert site_address(launch_settings("https://github.com/a/b", "https://book.example.org"), "x y.whl") == \
        "https://book.example.org/downloads/x%20y.whl"


def test_the_workflow_fills_the_branch_the_links_name():
    workflow = (ROOT / ".github" / "workflows" / "book.yml").read_text(encoding="utf-8")
    assert "booktools.launch stage _build/notebooks-branch" in workflow
    assert f"git init -q -b {NOTEBOOK_BRANCH}" in workflow and f".git\" {NOTEBOOK_BRANCH}" in workflow


def _page_buttons(repository_url, tmp_path):
    # Jupyter Book puts its own repository into Sphinx's options when the book names none: not a reason for links.
    app = SimpleNamespace(srcdir=str(tmp_path), config=SimpleNamespace(
        html_theme_options={"repository_url": "https://github.com/executablebooks/jupyter-book"}, html_baseurl=""))
    repository = f"repository:\n  url: {repository_url}\n" if repository_url else ""
    (tmp_path / "_config.yml").write_text(f"title: t\n{repository}")
    context = {"header_buttons": [{"label": "download-buttons", "buttons": []}], "pathto": lambda name, _: name}
    original = sphinx_notebooks.executed_docs
    sphinx_notebooks.executed_docs = lambda _app: ["chapters/04_cold_to_hot"]
    try:
        sphinx_notebooks.add_menu_entry(app, "chapters/04_cold_to_hot", "page.html", context, doctree=object())
    finally:
        sphinx_notebooks.executed_docs = original
    return {button["label"]: button["url"] for group in context["header_buttons"] for button in group["buttons"]}


def test_a_page_offers_the_links_only_with_a_repository(tmp_path):
    assert "launch-colab-button" not in _page_buttons(None, tmp_path)
    buttons = _page_buttons("https://github.com/a/b", tmp_path)
    assert unquote(buttons["launch-colab-button"]).endswith(f"/blob/{NOTEBOOK_BRANCH}/chapters/04_cold_to_hot.ipynb")
    assert "mybinder.org/v2/gh/a/b/" in buttons["launch-binder-button"]


def test_stage_writes_every_notebook_where_the_links_look(tmp_path):
    from booktools.downloads import wheel_name
    from booktools.toc import toc_notebooks

    site = tmp_path / "html"
    notebooks = toc_notebooks(ROOT)
    for source in notebooks:
        target = site / source.relative_to(ROOT).with_suffix(".ipynb")
        target.parent.mkdir(parents=True, exist_ok=True)
        nbformat.write(nbformat.v4.new_notebook(), target)
    (site / "downloads").mkdir()
    (site / "downloads" / wheel_name()).write_bytes(b"wheel")
    staged = launch.stage(tmp_path / "branch", site=site)
    settings = launch_settings("https://github.com/a/b")
    for source in notebooks:
        docname = source.relative_to(ROOT).with_suffix("").as_posix()
        linked = unquote(urlparse(colab_url(settings, docname)).path).split(f"/blob/{NOTEBOOK_BRANCH}/", 1)[1]
        assert (tmp_path / "branch" / linked).is_file(), linked
    assert len(staged) == len(notebooks)
    requirements = (tmp_path / "branch" / "requirements.txt").read_text()
    assert f"./{wheel_name()}" in requirements and "numpy==" in requirements


def test_stage_needs_a_built_site(tmp_path):
    with pytest.raises(FileNotFoundError, match="build the book first"):
        launch.stage(tmp_path / "out", site=tmp_path / "nothing")
