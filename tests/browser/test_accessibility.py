"""Accessibility: axe-core on every page, in light and in dark mode (issue 20).

axe-core (vendored: ``tests/browser/vendor/axe.min.js``, ``scripts/vendor_axe.sh``)
runs the WCAG 2.0 and 2.1 level A and AA rules on every page of the table of
contents, during the one desktop visit of each page (``desktop.py``, shared
with ``test_site.py``): checked in light mode, switched to dark mode (the
theme's ``data-theme``, as its colour button does) and checked again. No
violation of impact "serious" or "critical" may remain.
"""
from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser

BLOCKING = {"serious", "critical"}


@pytest.fixture(scope="module")
def violations(crawl) -> dict[str, dict[str, list[dict]]]:
    """Per page, per mode: what axe-core found (run during the desktop visit, tests/browser/desktop.py)."""
    return {name: report.axe for name, report in crawl.items()}


@pytest.mark.parametrize("mode", ["light", "dark"])
def test_no_serious_or_critical_violation(violations, mode):
    problems = [f"{name}: {v['impact']} {v['id']} ({v['count']}x, e.g. {v['nodes']}): {v['help']}"
                for name, modes in violations.items() for v in modes[mode] if v["impact"] in BLOCKING]
    assert not problems, f"{len(problems)} serious or critical axe-core violations in {mode} mode:\n" + "\n".join(problems)
