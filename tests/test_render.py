"""analysis.render: the one table renderer (Markdown and HTML), deterministic and escaped."""
import pandas as pd
import pytest

from analysis import render


def test_markdown_table():
    text = render.markdown_table(["a", "b"], [["1", render.markdown_cell("x | y\nz")]])
    assert text == "| a | b |\n|---|---|\n| 1 | x \\| y z |\n"
    with pytest.raises(ValueError, match="rows"):
        render.markdown_table(["a", "b"], [["1"]])


def test_html_table_breaks_identifiers_and_is_deterministic():
    frame = pd.DataFrame({"id": ["claim_one", "two words_x"], "n": [1, None]})
    first = render.html_table(frame, index=False)
    assert first == render.html_table(frame, index=False)
    assert first.startswith(render.TABLE_STYLE) and 'class="dataframe audit-table"' in first
    assert "claim_\u200bone" in first and "two words_x" in first


def test_grouped_html_table_heads_each_group():
    frame = pd.DataFrame({"category": ["text_slip", "text_slip", "arithmetic"], "what": ["a < b", "c", "d"]})
    text = render.grouped_html_table(frame, ["category"], ["what"], ["100%"])
    assert '<td colspan="1">text slip (2)</td>' in text and '<td colspan="1">arithmetic (1)</td>' in text
    assert "<td>a &lt; b</td>" in text


def test_filterable_html_table():
    rows = [({"kind": "x"}, [render.cell("<b>1</b>", 1), render.cell("a &amp; b", "a")])]
    text = render.filterable_html_table("t1", [("n", "num"), ("name", "text")], rows, [("kind", "Kind", [("x", "x")])],
                                        css_class="c", search_placeholder="p", search_label="l")
    assert text.startswith('<div id="t1" class="c">') and 'data-kind="x"' in text and "nth-child" not in text
    assert '<select data-filter="kind"><option value="">all</option><option value="x">x</option></select>' in text
    with pytest.raises(ValueError, match="table_id"):
        render.filterable_html_table("1 bad", [], [], [], css_class="c", search_placeholder="p", search_label="l")
    with pytest.raises(ValueError, match="cells"):
        render.filterable_html_table("t", [("n", "num")], [({}, [])], [], css_class="c", search_placeholder="p", search_label="l")
