"""The question bank and the exercises' check cells."""
import pytest

from analysis.ledger import evidence
from analysis.ledger.questions import (ANSWER_COLUMNS, QUESTION_COLUMNS, QuestionBankError, load_answer_key,
                                       load_answers, load_questions)
from analysis.models.exercises import WrongAnswer, check_choice, check_number
from booktools import ROOT
from booktools.question_bank import answer_key_markdown, learning_objectives

HEADER = ",".join(QUESTION_COLUMNS) + "\n"
ANSWER_HEADER = ",".join(ANSWER_COLUMNS) + "\n"


# --------------------------------------------------------------------------- the bank

def test_every_question_is_keyed_to_an_existing_objective():
    bank = load_questions()
    assert len(bank) >= 3
    for row in bank.itertuples():
        chapter = ROOT / "chapters" / f"{row.chapter}.md"
        assert chapter.exists(), f"{row.question_id}: no chapter {chapter.name}"
        objectives = learning_objectives(chapter)
        assert 1 <= row.objective <= len(objectives), f"{row.question_id}: {chapter.name} has no objective {row.objective}"


def test_answers_tied_to_the_ledger_equal_it():
    for row in load_answer_key().itertuples():
        if row.claim_id:
            assert float(row.answer) == pytest.approx(evidence.claim(row.claim_id).value), row.question_id


def test_every_question_has_exactly_one_answer_in_the_instructor_folder():
    bank, key = load_questions(), load_answer_key()
    assert list(key["question_id"]) == list(bank["question_id"])
    assert key["answer"].str.len().gt(0).all() and key["explanation"].str.len().gt(0).all()
    assert sorted(path.name for path in (ROOT / "instructor" / "answers").glob("*.csv")) == \
        sorted(path.name for path in (ROOT / "data" / "questions").glob("*.csv"))


def test_public_question_files_hold_no_answer():
    for path in (ROOT / "data" / "questions").glob("*.csv"):
        header = path.read_text(encoding="utf-8").splitlines()[0].split(",")
        assert not {"answer", "explanation", "tolerance", "claim_id"} & set(header), path.name


def test_answer_key_has_every_answer():
    bank = load_answer_key()
    key = answer_key_markdown(bank)
    assert key.count("**Answer:**") == len(bank) and key.count("**Why:**") == len(bank)
    assert all(row.explanation in key for row in bank.itertuples())


@pytest.mark.parametrize("row, expected", [
    ("q_a,1,choice,Q?,a) x,\n", "line 2, column 'choices': needs at least two options"),
    ("q_a,0,choice,Q?,a) x|b) y,\n", "line 2, column 'objective'"),
    ("q_a,1,essay,Q?,,\n", "line 2, column 'kind'"),
    ("q_a,1,number,Q?,a) x|b) y,Gy\n", "line 2, column 'choices': a 'number' question has no choices"),
    ("q_a,1,choice,Q?,a) x|b) y,Gy\n", "line 2, column 'unit': only a 'number' question"),
    ("Q A,1,choice,,a) x|b) y,\n", "line 2, column 'question': must not be empty"),
])
def test_loader_names_file_line_and_column(tmp_path, row, expected):
    path = tmp_path / "99_test.csv"
    path.write_text(HEADER + row, encoding="utf-8")
    with pytest.raises(QuestionBankError, match=f"99_test.csv, {expected}".replace("(", r"\(").replace(")", r"\)")):
        load_questions(path)


QUESTIONS = HEADER + "q_c,1,choice,Q?,a) x|b) y,\nq_n,1,number,How much?,,Gy\n"


@pytest.mark.parametrize("answers, expected", [
    ("q_c,c,,,why\nq_n,12,1,,why\n", "line 2, column 'answer': must be one of the option letters"),
    ("q_c,a,1,,why\nq_n,12,1,,why\n", "line 2, column 'tolerance': only a 'number' question"),
    ("q_c,a,,,why\nq_n,12,0,,why\n", "line 3, column 'tolerance': must be > 0"),
    ("q_c,a,,,why\nq_n,twelve,1,,why\n", "line 3, column 'answer': must be a number"),
    ("q_c,a,,,\nq_n,12,1,,why\n", "line 2, column 'explanation': must not be empty"),
    ("q_c,a,,,why\nq_n,12,1,Bad Id,why\n", "line 3, column 'claim_id'"),
    ("q_c,a,,,why\nq_n,12,1,,why\nq_x,a,,,why\n", "line 4, column 'question_id': 'q_x' is not a question"),
    ("q_c,a,,,why\nq_c,a,,,why\nq_n,12,1,,why\n", "line 3, column 'question_id': 'q_c' is already answered on line 2"),
    ("q_c,a,,,why\n", ": no answer to the question 'q_n'"),
])
def test_answer_loader_names_file_line_and_column(tmp_path, answers, expected):
    (tmp_path / "q").mkdir(), (tmp_path / "a").mkdir()
    (tmp_path / "q" / "99_test.csv").write_text(QUESTIONS, encoding="utf-8")
    (tmp_path / "a" / "99_test.csv").write_text(ANSWER_HEADER + answers, encoding="utf-8")
    with pytest.raises(QuestionBankError, match=f"99_test.csv{expected if expected.startswith(':') else ', ' + expected}"
                       .replace("(", r"\(").replace(")", r"\)")):
        load_answers(tmp_path / "q", tmp_path / "a")


def test_answer_loader_needs_a_file_per_bank_file(tmp_path):
    (tmp_path / "q").mkdir(), (tmp_path / "a").mkdir()
    (tmp_path / "q" / "99_test.csv").write_text(QUESTIONS, encoding="utf-8")
    with pytest.raises(QuestionBankError, match="99_test.csv: file not found"):
        load_answers(tmp_path / "q", tmp_path / "a")
    (tmp_path / "a" / "99_test.csv").write_text(ANSWER_HEADER + "q_c,b,,,why\nq_n,12,1,,why\n", encoding="utf-8")
    (tmp_path / "a" / "98_other.csv").write_text(ANSWER_HEADER, encoding="utf-8")
    with pytest.raises(QuestionBankError, match="98_other.csv: answers to no bank file"):
        load_answers(tmp_path / "q", tmp_path / "a")
    (tmp_path / "a" / "98_other.csv").unlink()
    key = load_answers(tmp_path / "q", tmp_path / "a")
    assert list(key["answer"]) == ["b", "12"]


# --------------------------------------------------------------------------- check cells

def test_check_number_passes_a_right_answer_and_waits_for_none(capsys):
    assert check_number(0.0198, expected=0.01977, tolerance=0.001, what="the p-value") is None
    assert "Correct" in capsys.readouterr().out
    assert check_number(None, expected=1.0, tolerance=0.1, what="the p-value") is None
    assert "Set `answer`" in capsys.readouterr().out


def test_check_number_explains_a_wrong_answer():
    with pytest.raises(WrongAnswer, match="one-sided"):
        check_number(0.0099, expected=0.0198, tolerance=0.001, what="the p-value", hints={0.0099: "That is the one-sided p-value."})
    with pytest.raises(WrongAnswer, match="too high .*times the expected value"):
        check_number(80, expected=0.8, tolerance=0.01, what="the proportion")
    with pytest.raises(WrongAnswer, match="should be a number"):
        check_number("about 2", expected=2, tolerance=0.1, what="x")
    with pytest.raises(ValueError, match="tolerance"):
        check_number(1, expected=1, tolerance=0, what="x")


def test_check_choice(capsys):
    assert check_choice("B", "b", options="abcd", what="q", explanations={"b": "cGAS senses DNA."}) is None
    assert "cGAS senses DNA" in capsys.readouterr().out
    with pytest.raises(WrongAnswer, match="Not a. TLR4 senses"):
        check_choice("a", "b", options="abcd", what="q", explanations={"a": "TLR4 senses HMGB1, not DNA."})
    with pytest.raises(WrongAnswer, match="one of"):
        check_choice("z", "b", options="abcd", what="q")
    with pytest.raises(ValueError, match="correct"):
        check_choice("a", "e", options="abcd", what="q")
