"""Layer 1, the ledger: loading and checking the data files, and what they hold.

* :mod:`~analysis.ledger.evidence`, :mod:`~analysis.ledger.claim` — the evidence
  ledger (``claims.csv``, ``references.csv``) and :class:`~analysis.ledger.claim.Claim`
  with its forms;
* :mod:`~analysis.ledger.chapters` — the chapter map (``chapters.csv``);
* :mod:`~analysis.ledger.review_text`, :mod:`~analysis.ledger.findings`,
  :mod:`~analysis.ledger.checkpoints` — the review's numbers, the audit's
  findings, the checkpoints;
* :mod:`~analysis.ledger.kmdata` — the survival curves' individual patient data;
* :mod:`~analysis.ledger.questions`, :mod:`~analysis.ledger.course_plan`,
  :mod:`~analysis.ledger.teaching_notes` — the question bank, the course plans
  and the teaching notes.

Modules here import only from the foundation (:mod:`analysis` and its
top-level modules) and from each other; ``tests/test_architecture.py`` reads
a module's layer from this folder.
"""
