"""Accessibility: axe-core on every page, in light and in dark mode (issue 20).

axe-core (vendored: ``tests/browser/vendor/axe.min.js``, ``scripts/vendor_axe.sh``)
runs the WCAG 2.0 and 2.1 level A and AA rules on every page of the table of
contents. Each page is loaded once, checked in light mode, switched to dark
mode (the theme's ``data-theme``, as its colour button does) and checked
again. No violation of impact "serious" or "critical" may remain.
"""
from __future__ import annotations

from pathlib import Path

import pytest

from .site import TOC_PAGES

pytestmark = pytest.mark.browser

AXE = Path(__file__).with_name("vendor") / "axe.min.js"
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
BLOCKING = {"serious", "critical"}

RUN = """async (tags) => {
  const result = await axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']});
  return result.violations.map((v) => ({id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.map((n) => n.target.join(' ')).slice(0, 3), count: v.nodes.length}));
}"""


def check_page(context, url: str) -> dict[str, list[dict]]:
    page = context.new_page()
    found = {}
    try:
        page.goto(url, wait_until="load")
        page.add_script_tag(path=str(AXE))
        # The theme animates colours when the mode changes: check the colours the mode ends with.
        page.add_style_tag(content="*, *::before, *::after { transition: none !important; }")
        for mode in ("light", "dark"):
            page.evaluate("(mode) => { document.documentElement.dataset.theme = mode;"
                          " document.documentElement.dataset.mode = mode; }", mode)
            page.evaluate("() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)))")
            found[mode] = page.evaluate(RUN, TAGS)
    finally:
        page.close()
    return found


@pytest.fixture(scope="module")
def violations(context, site_url) -> dict[str, dict[str, list[dict]]]:
    if not AXE.exists():
        pytest.fail(f"{AXE} is missing: bash scripts/vendor_axe.sh")
    return {name: check_page(context, f"{site_url}/{name}.html") for name in TOC_PAGES}


@pytest.mark.parametrize("mode", ["light", "dark"])
def test_no_serious_or_critical_violation(violations, mode):
    problems = [f"{name}: {v['impact']} {v['id']} ({v['count']}x, e.g. {v['nodes']}): {v['help']}"
                for name, modes in violations.items() for v in modes[mode] if v["impact"] in BLOCKING]
    assert not problems, f"{len(problems)} serious or critical axe-core violations in {mode} mode:\n" + "\n".join(problems)
