"""Layer 2, the audit: checking the review's text and numbers against the ledger.

* :mod:`~analysis.audit.coverage` — which of the review's numbers the ledger holds;
* :mod:`~analysis.audit.percent_checks`, :mod:`~analysis.audit.orderings`,
  :mod:`~analysis.audit.primary_pairs` — percentages against the counts and
  group sizes the ledger states, the orderings and sums its numbers should
  satisfy, the review's numbers beside the cited works';
* :mod:`~analysis.audit.reference_list` — one work listed under two numbers;
* :mod:`~analysis.audit.open_problems` — the questions the review leaves open;
* :mod:`~analysis.audit.evidence_map`, :mod:`~analysis.audit.evidence_table` —
  what kind of study stands behind the ledger's numbers, and the ledger as one
  searchable table;
* :mod:`~analysis.audit.audit_tables` — the audit appendix's tables as printed.

Modules here import from the models, the ledger and the foundation, never
from :mod:`analysis.plots` or above; ``tests/test_architecture.py`` reads a
module's layer from this folder.
"""
