"""Question variants for graded quizzes (make quiz): templates, independent recomputation, GIFT and QTI exports."""
import json
import math
import re
import xml.etree.ElementTree as ET
import zipfile

import pytest
from scipy import stats as scipy_stats

from analysis.ledger.questions import load_answer_key, load_questions
from booktools import ROOT
from booktools.quiz import quiz_items, repeated_questions, write_quiz
from booktools.paths import SITE
from booktools.templates import TEMPLATES

#: Numeric questions about the book itself (counts of its own tables): nothing to vary.
ABOUT_THE_BOOK = {"intro_empty_sections", "future_n_problems", "trials_count_consolidation"}


# --------------------------------------------------------------------------- templates = the book's questions

@pytest.mark.parametrize("template", TEMPLATES, ids=lambda item: item.question_id)
def test_template_with_the_book_parameters_is_the_public_question_and_its_key(template):
    key = load_answer_key().set_index("question_id").loc[template.question_id]
    parameters = template.book()
    assert key.kind == "number"
    assert template.question(parameters) == key.question, "the template's text must give the public question"
    assert abs(template.answer(**parameters) - float(key.answer)) <= float(key.tolerance)
    assert template.tolerance == float(key.tolerance)


def test_every_computed_numeric_question_has_a_template():
    templated = {template.question_id for template in TEMPLATES}
    for row in load_answer_key().itertuples():
        if row.kind == "number" and not row.claim_id and row.question_id not in ABOUT_THE_BOOK:
            assert row.question_id in templated, f"{row.question_id}: computed, but no template in booktools/templates.py"


# --------------------------------------------------------------------------- independent recomputation

def _fit(percent: str, low: int, high: int) -> list[int]:
    """Group sizes from low to high with a whole count whose percentage is within half a printed unit of percent."""
    half = 0.5 * 10 ** -len(percent.split(".")[1])
    return [n for n in range(low, high + 1) if any(abs(100 * k / n - float(percent)) <= half + 1e-9 for k in range(n + 1))]


def _per_arm(p1: float, p2: float) -> int:
    z_a, z_b = scipy_stats.norm.ppf(0.975), scipy_stats.norm.ppf(0.8)
    mean = (p1 + p2) / 2
    root = z_a * math.sqrt(2 * mean * (1 - mean)) + z_b * math.sqrt(p1 * (1 - p1) + p2 * (1 - p2))
    return math.ceil(root ** 2 / (p1 - p2) ** 2)


INDEPENDENT = {
    "immune_nlr_units": lambda neutrophils, lymphocytes: neutrophils / lymphocytes,
    "immune_kyn_trp": lambda down, up: 100 * ((100 + up) / (100 - down) - 1),
    "synergy_g3_ci_lower": lambda count, n: 100 * scipy_stats.beta.ppf(0.025, count, n - count + 1),
    "synergy_hr_from_percent": lambda pct: (100 + pct) / 100,
    "cold_hot_no_ici_min": lambda total, pct: _fit(pct, 1, total)[0],
    "dose_eqd2_sbrt_tumour": lambda dose, fractions, ab: dose * (1 + dose / fractions / ab) / (1 + 2 / ab),
    "dose_edic_worked_example": lambda lung, heart, body, fractions:
        0.12 * lung + 0.08 * heart + (0.45 + 0.35 * 0.85 * math.sqrt(fractions / 45)) * body,
    "sbrt_window_end_reading_b": lambda cd8_low, cd8_high, treg_low, treg_high: cd8_high + treg_high,
    "sbrt_wild_denominator": lambda pct, arm: _fit(pct, 1, arm)[0],
    "protons_hr_inverted": lambda hr: 1 / float(hr),
    "protons_hr_inverted_upper": lambda lower, upper: 1 / float(lower),
    "protons_flash_orders": lambda flash, conventional: math.log10(flash) - math.log10(conventional),
    "future_n_retro": lambda before, after: _per_arm(float(before) / 100, float(after) / 100),
    "audit_exact_share": lambda count, n: math.floor(1000 * count / n + 0.5) / 10,
    "audit_dolphin_safety_set": lambda pct, low, high: _fit(pct, low, high)[0],
    "survival_constant_hazard": lambda survival, months: -math.log(survival / 100) / months,
    "trials_z_99_73": lambda level: scipy_stats.norm.ppf(0.5 + float(level) / 200),
    "trials_se_pacific_os": lambda trial, level, lower, upper:
        (math.log(float(upper)) - math.log(float(lower))) / (2 * scipy_stats.norm.ppf(0.5 + float(level) / 200)),
}


@pytest.fixture(scope="module")
def quiz_3():
    return quiz_items(3)


def test_independent_formulas_reproduce_the_book_key():
    key = load_answer_key().set_index("question_id")
    for template in TEMPLATES:
        row = key.loc[template.question_id]
        assert abs(INDEPENDENT[template.question_id](**template.book()) - float(row.answer)) <= float(row.tolerance), \
            template.question_id


def test_variant_answers_recomputed_independently(quiz_3):
    varied = [item for item in quiz_3 if item["varied"]]
    assert {item["question_id"] for item in varied} == set(INDEPENDENT)
    for item in varied:
        expected = INDEPENDENT[item["question_id"]](**item["parameters"])
        assert abs(item["answer"] - expected) <= item["tolerance"], (item["question_id"], item["parameters"])
        for value in item["parameters"].values():
            assert str(value) in item["text"], f"{item['question_id']}: parameter {value} not in the question"
    share = next(item for item in varied if item["question_id"] == "sbrt_wild_denominator")
    assert _fit(share["parameters"]["pct"], 1, share["parameters"]["arm"]) == [int(share["answer"])], "one fit only"


def test_every_question_of_the_bank_is_in_the_quiz_once(quiz_3):
    bank = load_questions()
    left_out = repeated_questions(load_answer_key())
    assert [item["question_id"] for item in quiz_3] == [q for q in bank["question_id"] if q not in left_out]
    texts = [item["text"] for item in quiz_3]
    assert len(texts) == len(set(texts))


def test_choices_are_the_bank_options_shuffled_by_the_seed(quiz_3):
    key = load_answer_key().set_index("question_id")
    quiz_5 = {item["question_id"]: item for item in quiz_items(5)}
    moved = 0
    for item in quiz_3:
        if item["kind"] != "choice":
            continue
        row = key.loc[item["question_id"]]
        options = [part.split(")", 1)[1].strip() for part in row.choices.split("|")]
        assert sorted(item["options"]) == sorted(options)
        assert item["answer"] == options["abcdefgh".index(row.answer)]
        moved += item["options"] != quiz_5[item["question_id"]]["options"]
    assert moved >= 10, "a different seed should reorder the options of most choice questions"


def test_same_seed_same_quiz_other_seed_other_numbers(quiz_3):
    again = quiz_items(3)
    assert json.dumps(again) == json.dumps(quiz_3)
    other = {item["question_id"]: item for item in quiz_items(4)}
    varied = [item for item in quiz_3 if item["varied"]]
    changed = [item for item in varied if item["parameters"] != other[item["question_id"]]["parameters"]]
    assert len(changed) >= len(varied) - 2, "seed 4 should draw other numbers for (almost) every template"
    book = {template.question_id: template.book() for template in TEMPLATES}
    assert sum(item["parameters"] != book[item["question_id"]] for item in varied) >= len(varied) - 2


# --------------------------------------------------------------------------- the files: GIFT, text2qti, QTI

GIFT_QUESTION = re.compile(r"^::(?P<name>(?:[^:\\]|\\.)+)::(?P<text>(?:[^{}\\]|\\.)+)\{(?P<body>(?:[^{}\\]|\\.)*)\}$", re.S)


def parse_gift(text: str) -> list[dict]:
    """A strict reading of the GIFT the quiz writes: comments, one category, questions separated by blank lines."""
    blocks = [block.strip() for block in re.split(r"\n\s*\n", text) if block.strip()]
    questions = []
    for block in blocks:
        lines = [line for line in block.splitlines() if not line.startswith("//")]
        if not lines or lines[0].startswith("$CATEGORY:"):
            continue
        match = GIFT_QUESTION.match("\n".join(lines))
        assert match, f"not a GIFT question: {block[:120]!r}"
        body = match["body"].strip()
        if body.startswith("#"):
            answer, tolerance = re.fullmatch(r"#(-?[0-9.]+):([0-9.]+)", body).groups()
            questions.append({"name": match["name"], "kind": "number", "answer": float(answer), "tolerance": float(tolerance)})
        else:
            options = [line.strip() for line in body.splitlines() if not line.strip().startswith("####")]
            assert all(option[0] in "=~" for option in options), block[:120]
            assert sum(option[0] == "=" for option in options) == 1, f"one right option: {block[:120]!r}"
            questions.append({"name": match["name"], "kind": "choice", "options": options})
    return questions


@pytest.fixture(scope="module")
def written(tmp_path_factory):
    folders = {name: tmp_path_factory.mktemp(name) for name in ("a", "b", "c")}
    return {"a": write_quiz(11, folders["a"]), "b": write_quiz(11, folders["b"]), "c": write_quiz(12, folders["c"])}


def test_same_seed_writes_the_same_bytes_other_seed_others(written):
    for kind, path in written["a"].items():
        assert path.read_bytes() == written["b"][kind].read_bytes(), f"{kind}: seed 11 wrote different files"
        assert path.read_bytes() != written["c"][kind].read_bytes(), f"{kind}: seeds 11 and 12 wrote the same file"


def test_gift_parses_and_carries_every_answer(written):
    items = json.loads(written["a"]["json"].read_text(encoding="utf-8"))["items"]
    questions = parse_gift(written["a"]["gift"].read_text(encoding="utf-8"))
    assert [question["name"].replace("\\", "") for question in questions] == [item["question_id"] for item in items]
    for question, item in zip(questions, items):
        assert question["kind"] == item["kind"]
        if item["kind"] == "number":
            assert question["answer"] == pytest.approx(item["answer"]) and question["tolerance"] == item["tolerance"]
        else:
            right = next(option for option in question["options"] if option.startswith("="))
            assert right[1:].replace("\\", "") == item["answer"]


def test_qti_zip_is_a_valid_package_with_every_question(written):
    items = json.loads(written["a"]["json"].read_text(encoding="utf-8"))["items"]
    with zipfile.ZipFile(written["a"]["qti"]) as archive:
        assert archive.testzip() is None
        names = archive.namelist()
        assert "imsmanifest.xml" in names
        manifest = ET.fromstring(archive.read("imsmanifest.xml"))
        assert manifest.tag.endswith("manifest")
        assessment = next(name for name in names if name.endswith(".xml") and "assessment_meta" not in name
                          and name != "imsmanifest.xml")
        root = ET.fromstring(archive.read(assessment))
    found = [element for element in root.iter() if element.tag.endswith("}item") or element.tag == "item"]
    assert len(found) == len(items)
    titles = [element.get("title") for element in found]
    assert titles == [item["question_id"] for item in items]


def test_the_key_never_goes_into_the_site(tmp_path):
    with pytest.raises(ValueError, match="published site"):
        write_quiz(1, SITE / "quiz")
