"""analysis.schema: the Data Package declares every public data file, the generic check reads it, the page shows it."""
from __future__ import annotations

import csv
import json

import pytest

from analysis import ROOT, DATA_DIR, schema
from analysis.tables import DataFileError

#: A small package exercising every constraint kind the generic check knows.
PACKAGE = {
    "resources": [{
        "name": "toy", "path": "toy.csv",
        "schema": {
            "fields": [
                {"name": "id", "type": "string", "constraints": {"required": True, "unique": True, "pattern": "[a-z]+"}},
                {"name": "kind", "type": "string", "constraints": {"enum": ["cat", "dog"]}},
                {"name": "count", "type": "integer", "constraints": {"minimum": 1}},
                {"name": "share", "type": "number", "constraints": {"minimum": 0, "maximum": 1}},
                {"name": "label", "type": "string", "constraints": {"minLength": 2, "maxLength": 5}},
            ],
        },
    }, {
        "name": "pairs", "path": "pairs.csv",
        "schema": {"fields": [{"name": "a", "type": "string"}, {"name": "b", "type": "string"}], "primaryKey": ["a", "b"]},
    }, {
        "name": "keyed", "path": "keyed.csv",
        "schema": {"fields": [{"name": "a", "type": "integer"}, {"name": "b", "type": "string"}], "primaryKey": ["a"]},
    }],
}
HEADER = "id,kind,count,share,label\n"
GOOD = "abc,cat,3,0.5,ok\n"


class ToyError(DataFileError):
    subject = "the toy table"


def problems_of(tmp_path, text: str, name: str = "toy") -> str:
    path = tmp_path / f"{name}.csv"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ToyError) as caught:
        schema.read_resource(name, path, error=ToyError, package=PACKAGE)
    return str(caught.value)


def test_a_good_file_reads_as_stripped_text(tmp_path):
    path = tmp_path / "toy.csv"
    path.write_text(HEADER + "abc, dog ,1,1,ok\nxyz,,,,\n", encoding="utf-8")
    name, rows = schema.read_resource("toy", path, error=ToyError, package=PACKAGE)
    assert name == str(path)
    assert rows == [(2, {"id": "abc", "kind": "dog", "count": "1", "share": "1", "label": "ok"}),
                    (3, {"id": "xyz", "kind": "", "count": "", "share": "", "label": ""})]


@pytest.mark.parametrize(("row", "expected"), [
    (",cat,3,0.5,ok\n", "column 'id': must not be empty"),
    ("ABC,cat,3,0.5,ok\n", "column 'id': does not match the required pattern [a-z]+ (got 'ABC')"),
    ("abd,cow,3,0.5,ok\n", "column 'kind': is not one of cat, dog (got 'cow')"),
    ("abd,cat,three,0.5,ok\n", "column 'count': must be a whole number >= 1 (got 'three')"),
    ("abd,cat,2.5,0.5,ok\n", "column 'count': must be a whole number >= 1 (got '2.5')"),
    ("abd,cat,0,0.5,ok\n", "column 'count': must be a whole number >= 1 (got '0')"),
    ("abd,cat,3,half,ok\n", "column 'share': must be a number from 0 to 1 (got 'half')"),
    ("abd,cat,3,nan,ok\n", "column 'share': must be a number from 0 to 1 (got 'nan')"),
    ("abd,cat,3,1.5,ok\n", "column 'share': must be a number from 0 to 1 (got '1.5')"),
    ("abd,cat,3,-0.1,ok\n", "column 'share': must be a number from 0 to 1 (got '-0.1')"),
    ("abd,cat,3,0.5,x\n", "column 'label': must be at least 2 characters long (got 'x')"),
    ("abd,cat,3,0.5,toolong\n", "column 'label': must be at most 5 characters long (got 7: 'toolong')"),
    ("abc,dog,1,0,ok\n", "column 'id': must be unique; 'abc' is also on line 2"),
])
def test_each_constraint_names_file_line_column_and_rule(tmp_path, row, expected):
    message = problems_of(tmp_path, HEADER + GOOD + row)
    assert f"toy.csv, line 3, {expected}" in message
    assert "problem(s) in the toy table" in message


def test_every_problem_of_a_file_is_reported_at_once(tmp_path):
    message = problems_of(tmp_path, HEADER + ",cow,0,2,ok\nabc,cat,x,0.5,ok\n")
    assert message.startswith("5 problem(s)")
    for expected in ("line 2, column 'id'", "line 2, column 'kind'", "line 2, column 'count'", "line 2, column 'share'",
                     "line 3, column 'count'"):
        assert expected in message


def test_a_composite_key_must_be_unique(tmp_path):
    message = problems_of(tmp_path, "a,b\nx,y\nx,z\nx,y\n", name="pairs")
    assert "pairs.csv, line 4, column 'a': the key (a, b) must be unique; (x, y) is also on line 2" in message
    assert "line 3" not in message


def test_a_one_column_key_is_required_and_unique(tmp_path):
    message = problems_of(tmp_path, "a,b\n1,x\n,y\n01,z\n", name="keyed")
    assert "keyed.csv, line 3, column 'a': must not be empty" in message
    assert "keyed.csv, line 4, column 'a': must be unique; '01' is also on line 2" in message


def test_a_field_of_the_schema_missing_from_the_file_is_named(tmp_path):
    message = problems_of(tmp_path, "id,kind,count,share\nabc,cat,3,0.5\n")
    assert "toy.csv, line 1: missing column(s) 'label'" in message
    message = problems_of(tmp_path, "id,kind,count,share,label,extra\nabc,cat,3,0.5,ok,x\n")
    assert "toy.csv, line 1: unexpected column(s) 'extra'" in message
    message = problems_of(tmp_path, "kind,id,count,share,label\ncat,abc,3,0.5,ok\n")
    assert "toy.csv, line 1: columns out of order (expected: id,kind,count,share,label)" in message


def test_check_resource_returns_problems_for_the_loader_to_add_to(tmp_path):
    path = tmp_path / "toy.csv"
    path.write_text(HEADER + "abc,cow,3,0.5,ok\n", encoding="utf-8")
    name, rows, problems = schema.check_resource("toy", path, error=ToyError, package=PACKAGE)
    assert [line for line, _ in rows] == [2]
    assert problems == [f"{name}, line 2, column 'kind': is not one of cat, dog (got 'cow')"]


def test_unknown_resource_and_field_are_named():
    with pytest.raises(KeyError, match="no resource 'nowhere'"):
        schema.resource("nowhere")
    with pytest.raises(KeyError, match="has no field 'nothing'"):
        schema.field("chapters", "nothing")
    with pytest.raises(KeyError, match="has the path 'none.csv'"):
        schema.resource_for_path("none.csv")


# ---------------------------------------------------------------- the real package
def public_csv_files() -> list[str]:
    return sorted(path.relative_to(DATA_DIR).as_posix() for path in DATA_DIR.rglob("*.csv"))


def test_every_public_csv_file_is_a_resource_and_every_column_a_field():
    package = schema.data_package()
    paths = [spec["path"] for spec in package["resources"]]
    assert len(paths) == len(set(paths)), "a file is declared twice"
    assert sorted(paths) == public_csv_files()
    for spec in package["resources"]:
        with (DATA_DIR / spec["path"]).open(encoding="utf-8", newline="") as handle:
            header = next(csv.reader(handle))
        assert header == [field["name"] for field in spec["schema"]["fields"]], spec["path"]


def test_every_real_file_keeps_its_schema():
    for spec in schema.data_package()["resources"]:
        _, rows, problems = schema.check_resource(spec["name"])
        assert rows and not problems, problems[:3]


def test_the_package_follows_the_table_schema_rules_the_book_relies_on():
    """Names unique, every field typed and described, keys and foreign keys naming real fields."""
    package = schema.data_package()
    names = [spec["name"] for spec in package["resources"]]
    assert len(names) == len(set(names))
    for spec in package["resources"]:
        assert spec.get("title") and spec.get("description"), spec["name"]
        fields = {field["name"]: field for field in spec["schema"]["fields"]}
        for field in fields.values():
            assert field["type"] in ("string", "integer", "number"), (spec["name"], field["name"])
            assert field.get("description"), (spec["name"], field["name"])
        assert set(spec["schema"].get("primaryKey", [])) <= set(fields), spec["name"]
        for link in spec["schema"].get("foreignKeys", []):
            assert set(link["fields"]) <= set(fields), spec["name"]
            target = schema.resource(link["reference"]["resource"])
            assert set(link["reference"]["fields"]) <= set(schema.field_names(target["name"])), spec["name"]


def test_instructor_files_stay_out_of_the_package():
    from analysis.ledger.questions import ANSWER_COLUMNS

    resources = schema.data_package()["resources"]
    assert not [spec["path"] for spec in resources if spec["path"].startswith(("instructor", "answers", ".."))]
    secret = set(ANSWER_COLUMNS) - {"question_id"}
    assert not [(spec["name"], field["name"]) for spec in resources for field in spec["schema"]["fields"]
                if spec["name"].startswith("questions_") and field["name"] in secret]


def test_vocabularies_the_code_names_are_the_schema_s():
    from analysis.ledger import course_plan, findings

    from analysis.models import trials
    assert list(trials.TIMING_CLASSES) == schema.field("trials", "timing_class")["constraints"]["enum"]
    assert list(trials.RANDOMISED_WHEN) == schema.field("trials", "randomised_when")["constraints"]["enum"]
    assert list(trials.SOURCE_KINDS) == schema.field("trials", "source_kind")["constraints"]["enum"]
    assert findings.CATEGORIES == schema.field("audit_findings", "category")["constraints"]["enum"]
    assert course_plan.KINDS == tuple(schema.field("course_plan", "kind")["constraints"]["enum"])


# ---------------------------------------------------------------- the data dictionary page
def test_the_data_dictionary_page_is_generated_from_the_package():
    page = (ROOT / "data_dictionary.md").read_text(encoding="utf-8")
    assert page == schema.dictionary_page(), "data_dictionary.md is stale: run `.venv/bin/python -m analysis.schema`"


def test_the_data_dictionary_lists_every_field_of_every_resource():
    page = schema.dictionary_page()
    sections = page.split("\n## ")[1:]
    for spec in schema.data_package()["resources"]:
        # The heading, or the line under it that lists the files of a shared section.
        section = next((s for s in sections if f"`{spec['path']}`" in "\n".join(s.splitlines()[:3])), None)
        assert section is not None, f"no section names {spec['path']}"
        for field in spec["schema"]["fields"]:
            row = next((line for line in section.splitlines() if line.startswith(f"| `{field['name']}` |")), None)
            assert row is not None, f"{spec['path']}: field {field['name']} missing from the page"
            assert f"| {field['type']} |" in row


def test_the_dictionary_shows_constraints_and_foreign_keys():
    page = schema.dictionary_page()
    assert "| `timing_class` | string | yes | one of `consolidation_after_crt`" in page
    assert "| `week` | integer | yes | >= 1 |" in page
    assert "- `ref` is a `ref` of `references.csv`" in page
    assert "13 files with the same columns: `questions/01_introduction.csv`" in page


def test_the_frictionless_library_finds_the_package_valid():
    """The standard's own validator (frictionless, a build and test dependency only) accepts the package."""
    import frictionless

    report = frictionless.validate(str(DATA_DIR / "datapackage.json"))
    errors = [f"{task.name}: {error.message}" for task in report.tasks for error in task.errors] + \
        [error.message for error in report.errors]
    assert report.valid, errors[:5]


def test_the_frictionless_library_sees_a_broken_copy(tmp_path):
    """The same check on a copy whose chapter map breaks its schema: the library reports it (the test above can fail)."""
    import frictionless

    package = schema.data_package()
    chapters = schema.resource("chapters")
    (tmp_path / "datapackage.json").write_text(json.dumps({**package, "resources": [chapters]}), encoding="utf-8")
    text = (DATA_DIR / "chapters.csv").read_text(encoding="utf-8").replace("chapter-cold-to-hot", "Cold To Hot", 1)
    (tmp_path / "chapters.csv").write_text(text, encoding="utf-8")
    report = frictionless.validate(str(tmp_path / "datapackage.json"))
    assert not report.valid
    assert any(error.type == "constraint-error" for task in report.tasks for error in task.errors)
