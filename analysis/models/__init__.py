"""Layer 2, the science: statistics, models and simulations computed from the ledger.

* :mod:`~analysis.models.stats` — proportions, denominators, trial size;
* :mod:`~analysis.models.survival`, :mod:`~analysis.models.reconstruct`,
  :mod:`~analysis.models.km_compare`, :mod:`~analysis.models.sketch_error` —
  survival curves, their reconstruction and sketches;
* :mod:`~analysis.models.radiobiology`, :mod:`~analysis.models.dose_bands`,
  :mod:`~analysis.models.edic`, :mod:`~analysis.models.immune`,
  :mod:`~analysis.models.physics` — dose, schedules, the immune models, beam physics;
* :mod:`~analysis.models.mechanisms`, :mod:`~analysis.models.graph_layout` —
  the mechanism maps and how their graphs are laid out;
* :mod:`~analysis.models.trials`, :mod:`~analysis.models.trials_text`,
  :mod:`~analysis.models.trials_table` — the randomised trials;
* :mod:`~analysis.models.exercises` — the check cells of the exercises.

Modules here import from the ledger and the foundation, never from
:mod:`analysis.plots` or above; ``tests/test_architecture.py`` reads a
module's layer from this folder.
"""
