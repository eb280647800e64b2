"""Validate every data file before anything is built: ``python -m analysis.validate``.

Exit status 1 with a message naming file, line, column and rule when a file
breaks the schema, so a bad row stops the build before a half-built site exists.
"""
from __future__ import annotations

import sys

from . import ROOT
from .audit.coverage import load_coverage_exclusions, load_number_inventory, load_source_text_locations, number_inventory
from .audit.open_problems import load_open_problems
from .audit.orderings import load_ordering_rules
from .audit.percent_checks import load_percent_denominators
from .audit.primary_pairs import load_review_primary_pairs
from .ledger.chapters import load_chapters
from .ledger.checkpoints import load_checkpoints
from .ledger.course_plan import load_course_plan
from .ledger.evidence import load_claims, load_extra_works, load_references
from .ledger.findings import load_findings
from .ledger.kmdata import EXERCISE_FILES, load_catalogue, load_exercise, load_ipd
from .ledger.questions import load_answers, load_questions
from .ledger.teaching_notes import load_teaching_notes
from .models.mechanisms import load_mechanisms
from .models.trials import load_trials
from .schema import data_package, read_resource
from .tables import DataFileError


def validate_all() -> dict[str, int]:
    """Validate every data file the book reads; returns row counts by file. Raises :class:`DataFileError`.

    This module sits above every loader (the ledger knows none of its clients):
    it imports each file's loader and runs it, checks the committed coverage
    data against the ledger, then every file of ``data/datapackage.json``
    against its Table Schema.
    """
    counts = {"references.csv": len(load_references()), "claims.csv": len(load_claims()),
              "extra_works.csv": len(load_extra_works())}
    for name, loader in (
        ("chapters.csv", load_chapters),
        ("mechanisms.csv", load_mechanisms),
        ("checkpoints.csv", load_checkpoints),
        ("open_problems.csv", load_open_problems),
        ("audit_findings.csv", load_findings),
        ("ordering_rules.csv", load_ordering_rules),
        ("review_primary_pairs.csv", load_review_primary_pairs),
        ("percent_denominators.csv", load_percent_denominators),
        ("coverage_exclusions.csv", load_coverage_exclusions),
        ("review_numbers.csv", load_number_inventory),
        ("source_text_locations.csv", load_source_text_locations),
        ("questions/*.csv", load_questions),
        ("course_plan.csv", load_course_plan),
        ("trials.csv", load_trials),
    ):
        counts[name] = len(loader())
    if ROOT is not None:  # a checkout: the answer key and the teaching notes (never in the wheel)
        counts["instructor/answers/*.csv"] = len(load_answers())
        counts["instructor/teaching_notes.csv"] = len(load_teaching_notes())
    number_inventory()  # the committed coverage data agrees with the ledger
    catalogue = load_catalogue()
    counts["kmdata/catalogue.csv"] = len(catalogue)
    for name in sorted(set(catalogue["file"])):
        counts[f"kmdata/{name}.csv"] = len(load_ipd(name))
    for (file_name, _), frame in zip(EXERCISE_FILES.values(), load_exercise()):
        counts[f"kmdata/{file_name}"] = len(frame)
    # Every file of data/datapackage.json against its schema, also those whose loader still checks its own columns.
    for spec in data_package()["resources"]:
        read_resource(spec["name"])
    return counts


def main() -> int:
    """Validate ``data/``; print a one-line summary (or the problems) and return the exit status."""
    try:
        counts = validate_all()
    except DataFileError as err:
        print(f"data validation FAILED: {err}", file=sys.stderr)
        return 1
    print("data valid: " + ", ".join(f"{name} {rows} rows" for name, rows in counts.items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
