"""Proportions, their uncertainty, and what a rounded percentage can tell us.

The review reports percentages, mostly without denominators. These helpers put
a confidence interval on a proportion whose denominator *is* known, compare two
proportions with Fisher's exact test, and list which denominators are
consistent with a rounded (or cut) percentage when it is not. The last helper,
:func:`patients_per_arm`, turns two expected proportions into the size of a
randomised trial that could tell them apart.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING


from .. import checks
from ..checks import printed_decimals

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "Proportion",
    "proportion_ci",
    "fisher_exact",
    "fisher_p_range",
    "consistent_denominators",
    "consistent_counts",
    "plausible_group_sizes",
    "group_size_p_texts",
    "printed_decimals",
    "MAX_DENOMINATOR",
    "rounding_denominators",
    "truncation_denominators",
    "count_percent_denominators",
    "smallest_denominator",
    "truncated_percent",
    "patients_per_arm",
]

_METHODS = {"exact": "beta", "clopper-pearson": "beta", "wilson": "wilson"}


@dataclass(frozen=True)
class Proportion:
    """A proportion ``count / n`` with a confidence interval (all as fractions in [0, 1])."""

    count: int
    n: int
    estimate: float
    lower: float
    upper: float
    method: str
    confidence: float

    @property
    def percent(self) -> tuple[float, float, float]:
        """Estimate, lower and upper bound in percent (%)."""
        return (100 * self.estimate, 100 * self.lower, 100 * self.upper)

    def __str__(self) -> str:
        est, lo, hi = self.percent
        return f"{est:.1f}% ({self.count}/{self.n}; {self.confidence:.0%} CI {lo:.1f}–{hi:.1f}%)"


def proportion_ci(count: int, n: int, *, method: str = "exact", confidence: float = 0.95) -> Proportion:
    """Confidence interval for a proportion of ``count`` events among ``n``.

    Parameters
    ----------
    count, n : int
        Events and denominator (patients, animals); ``0 <= count <= n``, ``n >= 1``.
    method : {"exact", "clopper-pearson", "wilson"}
        ``"exact"`` (Clopper–Pearson, conservative; the default) or ``"wilson"`` (score interval).
    confidence : float
        Coverage in (0, 1), default 0.95.

    Returns
    -------
    Proportion
        Estimate and bounds as fractions in [0, 1]; ``.percent`` gives them in %.

    Examples
    --------
    >>> str(proportion_ci(39, 66))
    '59.1% (39/66; 95% CI 46.3–71.0%)'
    """
    n = checks.whole_number(n, "n", 1)
    count = checks.whole_number(count, "count", 0)
    if count > n:
        raise ValueError(f"count must be between 0 and n={n}, got {count}")
    key = method.lower() if isinstance(method, str) else method
    if key not in _METHODS:
        raise ValueError(f"method must be one of {sorted(_METHODS)}, got {method!r}")
    confidence = checks.open_interval(confidence, "confidence", 0, 1, "e.g. 0.95")
    from statsmodels.stats.proportion import proportion_confint  # imported when used: heavy for a kernel's start

    lower, upper = proportion_confint(count, n, alpha=1 - confidence, method=_METHODS[key])
    estimate = count / n
    # statsmodels returns e.g. 0.9999999999 for count == n; clip for clean bounds.
    lower, upper = max(0.0, min(float(lower), estimate)), min(1.0, max(float(upper), estimate))
    return Proportion(count, n, estimate, lower, upper, "clopper-pearson" if key != "wilson" else "wilson", confidence)


def fisher_exact(count_a: int, n_a: int, count_b: int, n_b: int, *, alternative: str = "two-sided") -> float:
    """Two-sided (by default) Fisher exact test p-value comparing ``count_a/n_a`` with ``count_b/n_b``."""
    n_a = checks.whole_number(n_a, "n_a", 1)
    n_b = checks.whole_number(n_b, "n_b", 1)
    count_a = checks.whole_number(count_a, "count_a", 0)
    count_b = checks.whole_number(count_b, "count_b", 0)
    if count_a > n_a:
        raise ValueError(f"count_a must be between 0 and n_a={n_a}, got {count_a}")
    if count_b > n_b:
        raise ValueError(f"count_b must be between 0 and n_b={n_b}, got {count_b}")
    if alternative not in ("two-sided", "less", "greater"):
        raise ValueError(f"alternative must be 'two-sided', 'less' or 'greater', got {alternative!r}")
    table = [[count_a, n_a - count_a], [count_b, n_b - count_b]]
    from scipy import stats as scipy_stats  # imported when used: heavy for a kernel's start

    return float(scipy_stats.fisher_exact(table, alternative=alternative).pvalue)


def fisher_p_range(options_a, options_b) -> tuple[float, float]:
    """Smallest and largest Fisher exact p-value over every pairing of a candidate ``(count, n)`` of two groups.

    ``options_a`` and ``options_b`` are ``(count, n)`` pairs (patients), e.g.
    :func:`consistent_denominators` of each group's percentage when its size
    is unknown; each of group a is compared with each of group b by
    :func:`fisher_exact` (two-sided). ``ValueError`` if either is empty.
    """
    options_a, options_b = list(options_a), list(options_b)
    if not options_a or not options_b:
        raise ValueError("options_a and options_b must each hold at least one (count, n) pair")
    p_values = [fisher_exact(k_a, n_a, k_b, n_b) for k_a, n_a in options_a for k_b, n_b in options_b]
    return min(p_values), max(p_values)


def _percent_and_places(percent, decimals, name: str = "percent", decimals_name: str = "decimals") -> tuple[float, int]:
    """The percentage as a number and how many decimals it was printed with.

    ``percent`` is either the text as printed (``"59.0"``: the places come from
    the text) or a number together with ``decimals``. A float alone is refused:
    it cannot tell 59 from 59.0, and the answer depends on which was printed.
    """
    if isinstance(percent, str):
        text = percent.strip().rstrip("%").strip()
        try:
            value = float(text)
        except ValueError:
            raise ValueError(f"{name} must be a percentage such as '59.0', got {percent!r}") from None
        places = printed_decimals(text)
        if decimals is not None and checks.whole_number(decimals, decimals_name, 0) != places:
            raise ValueError(f"{decimals_name}={decimals!r} disagrees with the {places} decimal(s) of {name}={percent!r}")
        return checks.in_range(value, name, 0, 100, "%"), places
    value = checks.in_range(percent, name, 0, 100, "%")
    if decimals is None:
        raise ValueError(
            f"{decimals_name}: say how many decimals the source printed (59.0% -> {decimals_name}=1), "
            f"or give {name} as printed, e.g. '59.0'; a number cannot tell 59 from 59.0"
        )
    return value, checks.whole_number(decimals, decimals_name, 0)


def consistent_counts(percent: float | str, n: int, *, decimals: int | None = None) -> list[int]:
    """Event counts ``k`` (0 ≤ k ≤ n) for which ``100·k/n`` rounds to ``percent``.

    Give ``percent`` as printed (``"59.0"``) or as a number with ``decimals``,
    the decimals the source printed (``59.0, decimals=1``); a number alone
    raises ``ValueError`` naming ``decimals``. A count is consistent when its
    exact percentage lies within half a unit of the last printed digit
    (conventional rounding; a source that truncates instead will not match).
    """
    percent, places = _percent_and_places(percent, decimals)
    n = checks.whole_number(n, "n", 1)
    half_unit = 0.5 * 10.0 ** (-places)
    eps = 1e-9
    low_k = math.ceil((percent - half_unit) * n / 100 - eps)
    high_k = math.floor((percent + half_unit) * n / 100 + eps)
    return [k for k in range(max(low_k, 0), min(high_k, n) + 1) if abs(100 * k / n - percent) <= half_unit + eps]


def consistent_denominators(percent: float | str, max_n: int = 100, *, decimals: int | None = None, min_n: int = 1) -> list[tuple[int, int]]:
    """All ``(count, n)`` with ``min_n ≤ n ≤ max_n`` whose percentage rounds to ``percent``.

    ``percent`` as printed (``"94.7"``) or a number with ``decimals`` (see
    :func:`consistent_counts`). For example ``consistent_denominators("94.7", 40)``
    gives ``[(18, 19), (36, 38)]``:
    a 6-month survival of 94.7% is 18 of 19 or 36 of 38 patients, nothing else up
    to 40. Use it to say what a reported percentage implies when the source
    does not give its denominator — never to pick one as fact.
    """
    percent, places = _percent_and_places(percent, decimals)
    max_n = checks.whole_number(max_n, "max_n", 1)
    min_n = checks.whole_number(min_n, "min_n", 1)
    if min_n > max_n:
        raise ValueError(f"min_n must be <= max_n, got min_n={min_n}, max_n={max_n}")
    return [(k, n) for n in range(min_n, max_n + 1) for k in consistent_counts(percent, n, decimals=places)]


def plausible_group_sizes(
    percent_a: float,
    percent_b: float,
    *,
    max_total: int,
    min_group: int = 1,
    decimals_a: int | None = None,
    decimals_b: int | None = None,
) -> "pd.DataFrame":
    """Every pair of groups whose sizes add up to at most ``max_total`` and reproduce both percentages.

    For two reported percentages (%) with unknown denominators, e.g. 6-month
    survival 94.7% vs 40.0% in a study of 80 patients, list each combination
    ``(count_a, n_a, count_b, n_b)`` with ``n_a + n_b <= max_total``, the exact
    95% intervals of both proportions and the two-sided Fisher exact p-value.
    Treats each percentage as a plain ``count / n`` (no censoring), which is
    itself an assumption a caller must state.
    """
    import pandas as pd

    percent_a, decimals_a = _percent_and_places(percent_a, decimals_a, "percent_a", "decimals_a")
    percent_b, decimals_b = _percent_and_places(percent_b, decimals_b, "percent_b", "decimals_b")
    max_total = checks.whole_number(max_total, "max_total", 2)
    min_group = checks.whole_number(min_group, "min_group", 1)
    options_a = consistent_denominators(percent_a, max_total - min_group, decimals=decimals_a, min_n=min_group)
    options_b = consistent_denominators(percent_b, max_total - min_group, decimals=decimals_b, min_n=min_group)
    rows = []
    for count_a, n_a in options_a:
        ci_a = proportion_ci(count_a, n_a)
        for count_b, n_b in options_b:
            if n_a + n_b > max_total:
                continue
            ci_b = proportion_ci(count_b, n_b)
            rows.append(
                {
                    "count_a": count_a, "n_a": n_a, "lower_a": 100 * ci_a.lower, "upper_a": 100 * ci_a.upper,
                    "count_b": count_b, "n_b": n_b, "lower_b": 100 * ci_b.lower, "upper_b": 100 * ci_b.upper,
                    "p_fisher": fisher_exact(count_a, n_a, count_b, n_b),
                }
            )
    columns = ["count_a", "n_a", "lower_a", "upper_a", "count_b", "n_b", "lower_b", "upper_b", "p_fisher"]
    return pd.DataFrame(rows, columns=columns)


def group_size_p_texts(pairs: "pd.DataFrame", p_bound: float) -> dict[str, str | int]:
    """What the pairs of :func:`plausible_group_sizes` say about a reported p-value bound ``p < p_bound``.

    Returns, keyed by the glue names of the cold-to-hot chapter: how many
    pairs there are (``n_pairs``) and how many give a Fisher p-value below
    ``p_bound`` (``n_pairs_p_ok``); the largest (``p_max``, three decimals) and
    smallest (``p_min``) p-value; and the smallest such pair by total size
    (``smallest_ok_pair``, "count_a/n_a vs count_b/n_b"). ``ValueError`` if no
    pair reaches the bound.
    """
    p_bound = checks.in_range(p_bound, "p_bound", 0.0, 1.0)
    below = pairs[pairs["p_fisher"] < p_bound]
    if below.empty:
        raise ValueError(f"no pair of group sizes gives p < {p_bound:g}: the smallest p is {pairs['p_fisher'].min():.3g}")
    smallest = below.assign(total=lambda d: d.n_a + d.n_b).sort_values("total").iloc[0]
    return {
        "n_pairs": len(pairs),
        "n_pairs_p_ok": len(below),
        "p_max": f"{pairs['p_fisher'].max():.3f}",
        "p_min": f"{pairs['p_fisher'].min():.6f}".rstrip("0"),
        "smallest_ok_pair": f"{int(smallest.count_a)}/{int(smallest.n_a)} vs {int(smallest.count_b)}/{int(smallest.n_b)}",
    }


#: Widest denominator the searches below try (patients).
MAX_DENOMINATOR = 100_000


def rounding_denominators(count: int, percent: float, decimals: int) -> list[int]:
    """Denominators n >= count for which 100·count/n *rounds* to ``percent`` at ``decimals`` places."""
    if count == 0:
        return []  # any n reproduces 0%
    half = 0.5 * 10.0 ** (-decimals)
    low = max(count, math.floor(100 * count / (percent + half)))
    high = MAX_DENOMINATOR if percent - half <= 0 else min(MAX_DENOMINATOR, math.ceil(100 * count / (percent - half)))
    return [n for n in range(max(low, 1), high + 1) if count in consistent_counts(percent, n, decimals=decimals)]


def truncation_denominators(count: int, percent: float, decimals: int) -> list[int]:
    """Denominators n >= count for which 100·count/n, *cut* (not rounded) after ``decimals`` places, equals ``percent``."""
    if count == 0:
        return []
    step = 10.0 ** (-decimals)
    low = max(count, math.floor(100 * count / (percent + step)))
    high = MAX_DENOMINATOR if percent <= 0 else min(MAX_DENOMINATOR, math.ceil(100 * count / percent))
    scale = 10 ** decimals
    return [n for n in range(max(low, 1), high + 1) if math.floor(100 * count * scale / n + 1e-9) == round(percent * scale)]


def count_percent_denominators(count: int, percent: float, decimals: int | None = None) -> dict[str, tuple[int, ...]]:
    """Whole denominators n (patients) that turn ``count`` into the reported ``percent`` (%).

    Returns ``{"rounding": (...), "truncation": (...)}``: the n for which
    100·count/n *rounds* to ``percent`` at ``decimals`` places, and those for
    which it gives ``percent`` when *cut* after ``decimals`` places.
    Give ``percent`` as printed (``"59.0"``) or a number with ``decimals``
    (e.g. ``Claim.decimals``); a number alone raises ``ValueError``: a float
    forgets trailing zeros (59.0 is 59), and the answer depends on them.
    Searches n up to :data:`MAX_DENOMINATOR`; a count of 0 gives empty tuples
    (every n reproduces 0%).
    """
    count = checks.whole_number(count, "count", 0, description="a whole number >= 0")
    percent, decimals = _percent_and_places(percent, decimals)
    return {
        "rounding": tuple(rounding_denominators(count, percent, decimals)),
        "truncation": tuple(truncation_denominators(count, percent, decimals)),
    }


def truncated_percent(count: int, n: int, decimals: int = 1) -> float:
    """100·count/n *cut* (not rounded) after ``decimals`` places, as some sources print it: 39/66 → 59.0."""
    factor = 10 ** decimals
    return math.floor(100 * count / n * factor + 1e-9) / factor


def smallest_denominator(percent: float | str, *, decimals: int | None = None, max_n: int = MAX_DENOMINATOR) -> int:
    """The smallest group size (patients) whose whole counts can give ``percent`` (%) when rounded.

    E.g. 40.0% needs at least 5 patients (2 of 5), 94.7% at least 19 (18 of 19).
    Raises ``ValueError`` naming ``percent`` if no n up to ``max_n`` fits.
    """
    value, places = _percent_and_places(percent, decimals)
    max_n = checks.whole_number(max_n, "max_n", 1)
    for n in range(1, max_n + 1):  # stop at the first fit: the search can run to 100 000
        if consistent_counts(value, n, decimals=places):
            return n
    raise ValueError(f"percent {percent!r} is not reproduced by any group of up to {max_n} patients")


def _z(p: float) -> float:
    from scipy import stats as scipy_stats

    return float(scipy_stats.norm.ppf(p))


def patients_per_arm(p_control: float, p_treatment: float, *, alpha: float = 0.05, power: float = 0.8) -> int:
    """Patients per arm to compare two proportions in a 1:1 randomised trial.

    The classic normal-approximation formula (two-sided test at level
    ``alpha``)::

        n = (z_{1-α/2} √(2 p̄ q̄) + z_{1-β} √(p1 q1 + p2 q2))² / (p1 − p2)²

    with p̄ the mean of the two proportions, rounded up to a whole patient.

    Parameters
    ----------
    p_control, p_treatment:
        Expected proportions (fractions in (0, 1), not percent) with the
        event of interest, e.g. alive at 6 months, in each arm; must differ.
    alpha:
        Two-sided significance level in (0, 1), default 0.05.
    power:
        Probability of detecting the difference if it is real, in (0, 1),
        default 0.8.

    Returns
    -------
    int
        Patients per arm (the trial needs twice as many, before drop-out).

    Raises ``ValueError`` naming the bad argument.
    """
    p1 = checks.open_interval(p_control, "p_control", 0, 1, "a fraction, not a percentage")
    p2 = checks.open_interval(p_treatment, "p_treatment", 0, 1, "a fraction, not a percentage")
    alpha = checks.open_interval(alpha, "alpha", 0, 1)
    power = checks.open_interval(power, "power", 0, 1)
    if p1 == p2:
        raise ValueError(f"p_treatment must differ from p_control (both {p1!r}); no trial can detect a zero difference")
    p_bar = (p1 + p2) / 2
    numerator = (_z(1 - alpha / 2) * math.sqrt(2 * p_bar * (1 - p_bar)) + _z(power) * math.sqrt(p1 * (1 - p1) + p2 * (1 - p2))) ** 2
    return math.ceil(numerator / (p1 - p2) ** 2 - 1e-9)
