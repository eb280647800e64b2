"""analysis.book: glue records exactly as myst-nb writes them, and figures shown in the cell."""
import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import pytest
from IPython.display import HTML

from analysis import book
from analysis.ledger import evidence


@pytest.fixture
def displayed(monkeypatch):
    """Every (object, kwargs) passed to IPython's display, by our glue and by myst-nb's."""
    import IPython.display
    import myst_nb.ext.glue as myst_glue

    calls = []

    def record(*objects, **kwargs):
        calls.extend((obj, kwargs) for obj in objects)

    monkeypatch.setattr(IPython.display, "display", record)
    monkeypatch.setattr(myst_glue, "ipy_display", record)
    return calls


@pytest.mark.parametrize("value", ["94.7%", 12, HTML("<b>x</b>")])
def test_glue_writes_the_record_myst_nb_writes(displayed, value):
    from myst_nb import glue as myst_nb_glue

    book.glue("key", value)
    myst_nb_glue("key", value, display=False)
    ours, theirs = displayed
    assert ours == theirs
    assert all(mime.startswith(book.GLUE_PREFIX) for mime in ours[0])


def test_glue_figure_records_and_shows_the_figure(displayed):
    fig, ax = plt.subplots()
    ax.plot([0, 1], [0, 1])
    book.glue_figure("fig_x", fig)
    (record, record_kwargs), (shown, shown_kwargs) = displayed
    # Outside a kernel IPython formats a figure as text only; in a chapter the record also holds the PNG
    # (tests/site/test_reader_notebooks.py checks the built notebooks).
    assert f"{book.GLUE_PREFIX}text/plain" in record and record_kwargs["metadata"]["scrapbook"]["name"] == "fig_x"
    # The cell shows the very bundle that was glued (the figure is drawn once).
    assert shown == {mime.removeprefix(book.GLUE_PREFIX): data for mime, data in record.items()} and shown_kwargs["raw"]
    assert not plt.fignum_exists(fig.number)


def test_glue_figure_refuses_illegible_text(displayed):
    fig, ax = plt.subplots(figsize=(12, 3))
    ax.plot([0, 1], [0, 1])
    ax.set_xlabel("time (months)", fontsize=6)
    with pytest.raises(ValueError, match=r"fig_small: its smallest text \('time \(months\)'\) would show at .* CSS px"):
        book.glue_figure("fig_small", fig)
    assert not displayed


def test_glue_claims_formats_through_the_claim(displayed):
    found = book.glue_claims({"after": "sequencing_after_rt_os6", "after_pct": ("sequencing_after_rt_os6", "value_text")})
    texts = [obj[f"{book.GLUE_PREFIX}text/plain"] for obj, _ in displayed]
    claim = evidence.claim("sequencing_after_rt_os6")
    assert texts == [repr(claim.text), repr(claim.value_text)]
    assert found["after"] == claim


@pytest.mark.parametrize("call, message", [
    (lambda: book.glue_text("not an id", "x"), "glue key"),
    (lambda: book.glue_claim("x", "sequencing_after_rt_os6", form="bold"), "form must be one of"),
    (lambda: book.glue_claims({}), "non-empty mapping"),
    (lambda: book.glue_claim("x", "no_such_claim"), "claim_id 'no_such_claim' is not in data/claims.csv"),
])
def test_bad_arguments_are_named(call, message):
    with pytest.raises(ValueError, match=message):
        call()


def test_glue_claims_takes_templates_of_forms(displayed):
    book.glue_claims({"p": ("sequencing_os6_p", "p {text}"), "days": ("sbrt_cd8_increase_days", "days {lower}–{upper}")})
    texts = [obj[f"{book.GLUE_PREFIX}text/plain"] for obj, _ in displayed]
    assert texts == [repr("p < 0.001"), repr("days 5–8")]
    assert book.claim_text(evidence.claim("sbrt_cd8_increase_days"), "bounds") == "5–8"
    with pytest.raises(ValueError, match="template"):
        book.claim_text(evidence.claim("sbrt_cd8_increase_days"), "{lower} to {middle}")


def test_glue_claims_shows_nothing_when_a_cell_ends_with_it(displayed):
    found = book.glue_claims({"after": "sequencing_after_rt_os6"})
    assert isinstance(found, dict) and found._ipython_display_() is None


def test_glue_texts_and_start_chapter(displayed):
    import matplotlib as mpl

    book.glue_texts({"n_a": 3, "pct": "94.7%"})
    texts = [obj[f"{book.GLUE_PREFIX}text/plain"] for obj, _ in displayed]
    assert texts == [repr("3"), repr("94.7%")]
    with pytest.raises(ValueError, match="non-empty mapping"):
        book.glue_texts({})
    mpl.rcParams["figure.dpi"] = 72
    book.start_chapter()
    assert mpl.rcParams["figure.dpi"] == 110 and mpl.rcParams["axes.facecolor"] == "white"
