"""Build ``data/references.csv`` and ``data/references.bib`` from the review's reference list.

The review's plain text (a copy the maintainer supplies by path; the
repository holds none) ends with a section headed
``References``. Its 95 entries come in two styles that number on from each
other: references 1–39 are Markdown bullets (``- ...``), references 40–95 are
numbered (``40. ...``). Every entry has the shape::

    Authors. Title. *Journal*. (Year) volume:pages. doi: 10.xxxx/yyyy

This script parses that list *as written*: it does not correct the review's
slips (misspelt names, a garbled journal, a work listed twice). It reports them
as audit findings instead, so the book can discuss them. It then appends the
works the book cites that the review does not (``data/extra_works.csv``) with an
empty ``ref``.

Outputs (both UTF-8, no BOM):

* ``data/references.csv`` — ``ref,key,doi,first_author,year,title,journal``
* ``data/references.bib`` — one ``@article`` per row, same keys.

Keys are the first author's surname in lowercase ASCII plus the year
(``tanaka2023``); when several references share a stem, they get ``a``, ``b``,
... in reference order (``abravan2020a``, ``abravan2020b``).

Usage (from the repository root)::

    python -m booktools.references --review path/to/review.txt          # write the two files, print the audit
    python -m booktools.references --review path/to/review.txt --check  # parse and audit only, write nothing

``make audit-source REVIEW=path/to/review.txt`` re-derives both files (with the
coverage data) into a temporary folder and reports any difference from the
committed ones.
"""
from __future__ import annotations

import argparse
import csv
import re
import sys
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from analysis import DATA_DIR
from analysis.audit.reference_list import repeated_dois
from analysis.ledger.evidence import N_REFERENCES, REFERENCE_COLUMNS, load_extra_works

CSV_NAME = "references.csv"
BIB_NAME = "references.bib"
DOI_RE = re.compile(r"^10\.\d{4,9}/\S+$")

# One entry: authors. title. *journal*. (year) [vol[:pages]]. doi: DOI
# The journal is the last *...* span before "(year)"; titles may hold *italics* of their own.
JOURNAL_YEAR_RE = re.compile(r"\*(?P<journal>[^*]+)\*\.?\s*\((?P<year>\d{4})\)")
TAIL_RE = re.compile(r"^\s*(?P<volpages>[^\s]*?)\.?\s*doi:\s*(?P<doi>\S+?)\.?\s*$")


@dataclass
class Reference:
    """One parsed reference, with its text kept as the review gives it."""

    ref: int | None
    authors: list[str]
    title: str
    journal: str
    year: str
    volume: str
    pages: str
    doi: str
    raw: str = ""
    key: str = ""
    irregularities: list[str] = field(default_factory=list)

    @property
    def first_author(self) -> str:
        return self.authors[0]


# --------------------------------------------------------------------------- reading

def reference_lines(text: str, where: str = "review.txt") -> list[tuple[int, str, int]]:
    """Return ``(number, entry text, line number)`` for each entry after the "References" heading.

    Bullets get the next number in sequence; numbered entries must carry the
    number that sequence expects, so a gap or a swap stops the build.
    """
    lines = text.splitlines()
    try:
        start = next(i for i, line in enumerate(lines) if line.strip() == "References")
    except StopIteration:
        raise SystemExit(f"{where}: no line 'References' found") from None
    entries: list[tuple[int, str, int]] = []
    for index in range(start + 1, len(lines)):
        line = lines[index].strip()
        if not line:
            continue
        expected = len(entries) + 1
        bullet = re.match(r"^-\s+(.*)$", line)
        numbered = re.match(r"^(\d+)\.\s+(.*)$", line)
        if bullet:
            entries.append((expected, bullet.group(1), index + 1))
        elif numbered:
            number = int(numbered.group(1))
            if number != expected:
                raise SystemExit(f"{where}, line {index + 1}: reference numbered {number}, expected {expected}")
            entries.append((number, numbered.group(2), index + 1))
        else:
            raise SystemExit(f"{where}, line {index + 1}: not a reference entry: {line[:80]!r}")
    if len(entries) != N_REFERENCES:
        raise SystemExit(f"{where}: found {len(entries)} references, expected {N_REFERENCES}")
    return entries


def parse_reference(number: int, raw: str, where: str = "review.txt") -> Reference:
    """Split one entry into authors, title, journal, year, volume, pages and DOI.

    ``where`` names the entry in error messages (file and line).
    """
    matches = list(JOURNAL_YEAR_RE.finditer(raw))
    if not matches:
        raise SystemExit(f"{where} (ref {number}): no '*Journal*. (year)' found in {raw!r}")
    match = matches[-1]
    head, tail = raw[: match.start()].strip(), raw[match.end():]
    authors_text, sep, title = head.partition(". ")
    if not sep:
        raise SystemExit(f"{where} (ref {number}): cannot separate authors from title in {head!r}")
    tail_match = TAIL_RE.match(tail)
    if not tail_match:
        raise SystemExit(f"{where} (ref {number}): cannot read volume/pages and DOI from {tail!r}")
    volume, _, pages = tail_match.group("volpages").partition(":")
    authors = [name.strip() for name in authors_text.split(",") if name.strip()]
    reference = Reference(
        ref=number,
        authors=authors,
        title=title.strip().rstrip("."),
        journal=match.group("journal").strip().rstrip("."),
        year=match.group("year"),
        volume=volume,
        pages=pages,
        doi=tail_match.group("doi").rstrip("."),
        raw=raw,
    )
    reference.irregularities = irregularities(reference)
    return reference


def irregularities(reference: Reference) -> list[str]:
    """Formal oddities of one entry worth an audit note (the entry is kept as written)."""
    notes = []
    if "*" in reference.title:
        notes.append("title carries Markdown italics (*...*); written without them in both files")
    if not reference.volume:
        notes.append("no volume or pages given")
    for name in reference.authors:
        if name == "et al":
            continue
        if not re.match(r"^\S.*\s[A-Z][A-Z-]*$", name) or "." in name:
            notes.append(f"author written oddly: {name!r}")
    if re.search(r"[a-z][A-Z]", reference.journal):
        notes.append(f"journal name run together: {reference.journal!r}")
    return notes


# --------------------------------------------------------------------------- keys

ASCII_EXTRA = str.maketrans({"ı": "i", "ø": "o", "Ø": "O", "ł": "l", "Ł": "L", "æ": "ae", "ß": "ss", "đ": "d"})


def ascii_fold(text: str) -> str:
    """``'Dörner'`` → ``'Dorner'``: drop accents, keep the base letters."""
    decomposed = unicodedata.normalize("NFKD", text.translate(ASCII_EXTRA))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def split_name(name: str) -> tuple[str, str]:
    """``'Yanikkaya Demirel G'`` → ``('Yanikkaya Demirel', 'G')``; initials are the last word."""
    surname, _, initials = name.rpartition(" ")
    return (surname, initials) if surname else (name, "")


def key_stem(reference: Reference) -> str:
    surname, _ = split_name(reference.first_author)
    letters = re.sub(r"[^a-z]", "", ascii_fold(surname).lower())
    return f"{letters}{reference.year}"


def assign_keys(references: list[Reference]) -> None:
    """Give each numbered reference its key; colliding stems get a, b, c in reference order."""
    stems = [key_stem(r) for r in references]
    counts = Counter(stems)
    seen: dict[str, int] = defaultdict(int)
    for reference, stem in zip(references, stems):
        if counts[stem] > 1:
            reference.key = stem + "abcdefghijklmnopqrstuvwxyz"[seen[stem]]
            seen[stem] += 1
        else:
            reference.key = stem


# --------------------------------------------------------------------------- BibTeX

BIBTEX_SPECIALS = {"\\": r"\textbackslash{}", "&": r"\&", "%": r"\%", "_": r"\_", "#": r"\#",
                   "$": r"\$", "{": r"\{", "}": r"\}", "~": r"\textasciitilde{}", "^": r"\textasciicircum{}"}


def escape_bibtex(text: str) -> str:
    return "".join(BIBTEX_SPECIALS.get(ch, ch) for ch in text)


def bibtex_name(name: str) -> str:
    """``'Pointer KB'`` → ``'Pointer, K. B.'``; ``'Liu Z-G'`` → ``'Liu, Z.-G.'``; ``'et al'`` → ``'others'``."""
    if name == "et al":
        return "others"
    surname, initials = split_name(name)
    if " " in surname and all(word[:1].isupper() for word in surname.split()):
        surname = "{" + surname + "}"  # compound surname, not "First von Last"
    given = "-".join(" ".join(f"{letter}." for letter in chunk) for chunk in initials.split("-") if chunk)
    return f"{surname}, {given}" if given else surname


def _is_acronym(part: str) -> bool:
    """An acronym-like piece of a word whose capitals a citation style must not lower."""
    letters = re.sub(r"[^A-Za-z]", "", part)
    if not letters:
        return False
    upper = sum(ch.isupper() for ch in letters)
    return (
        upper >= 2                                                  # NSCLC, PD, FLASH, IV
        or (len(letters) == 1 and letters.isupper() and part != "A")  # T cell, type I (not the article)
        or (upper >= 1 and not letters[0].isupper())                # cGAS, irAEs
    )


#: Capitalised words of sentence-case titles that are names, not sentence starts.
PROPER_NOUNS = {"Huaier", "Trametes", "Murr", "Toll-like"}


def protect_title(title: str) -> str:
    """Escape a title for BibTeX and brace the capitals a sentence-case style must keep.

    Braced: acronyms and gene/protein names (``{PD-1}``, ``{NSCLC}``, ``{FLASH}``,
    ``{CD8+}``, ``{Tim-3/galectin-9}``), single capital letters (``{T}`` cell,
    type ``{I}``) and the names in :data:`PROPER_NOUNS`. Other capitals are left
    to the citation style. Markdown ``*italics*`` are dropped (pybtex renders
    no LaTeX italics command; it would print ``\\textit`` literally).
    """
    out = []
    for word in plain_title(title).split(" "):
        lead, core, trail = re.match(r"^([(\[\"“]*)(.*?)([)\],.;:?!\"”]*)$", word).groups()
        parts = [p for p in re.split(r"[-/]", core) if p]
        has_caps_and_digit = any(c.isupper() for c in core) and any(c.isdigit() for c in core)
        protect = core in PROPER_NOUNS or has_caps_and_digit or any(_is_acronym(p) for p in parts)
        text = escape_bibtex(core)
        out.append(lead + ("{" + text + "}" if core and protect else text) + trail)
    return " ".join(out)


def plain_title(title: str) -> str:
    """The title for the CSV: Markdown italics markers removed, words kept."""
    return re.sub(r"\*([^*]+)\*", r"\1", title)


def bibtex_entry(reference: Reference) -> str:
    fields = [
        ("author", " and ".join(bibtex_name(a) for a in reference.authors)),
        ("title", protect_title(reference.title)),
        ("journal", escape_bibtex(reference.journal)),
        ("year", reference.year),
        ("volume", escape_bibtex(reference.volume)),
        ("pages", escape_bibtex(reference.pages.replace("–", "--"))),
        ("doi", reference.doi),  # raw: it becomes a link, and DOIs hold no BibTeX braces
    ]
    body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields if value)
    comment = f"% review reference {reference.ref}\n" if reference.ref else "% not in the review's reference list\n"
    return f"{comment}@article{{{reference.key},\n{body}\n}}\n"


# --------------------------------------------------------------------------- audit

def audit(references: list[Reference]) -> list[str]:
    """Problems that stop the build (returned) — DOI format, key uniqueness, numbering."""
    problems = []
    numbers = [r.ref for r in references if r.ref is not None]
    if numbers != list(range(1, N_REFERENCES + 1)):
        problems.append(f"numbered references are not 1..{N_REFERENCES} in order")
    for r in references:
        if not DOI_RE.match(r.doi):
            problems.append(f"ref {r.ref} ({r.key}): DOI {r.doi!r} does not match {DOI_RE.pattern}")
    for key, count in Counter(r.key for r in references).items():
        if count > 1:
            problems.append(f"key {key!r} used {count} times")
    return problems


def findings(references: list[Reference]) -> list[str]:
    """Audit findings about the review's list (reported, never corrected)."""
    notes = []
    by_title: dict[str, list[Reference]] = defaultdict(list)
    for r in references:
        by_title[re.sub(r"\W+", " ", plain_title(r.title).lower()).strip()].append(r)
    for doi, numbers in repeated_dois((r.ref, r.doi) for r in references).items():
        notes.append(f"DOI {doi} appears under refs {', '.join(map(str, numbers))} (same work listed twice)")
    for title, group in by_title.items():
        if len(group) > 1 and len({r.doi.lower() for r in group}) > 1:
            notes.append(f"title {title!r} appears under refs {', '.join(str(r.ref) for r in group)} with different DOIs")
    for r in references:
        for note in r.irregularities:
            notes.append(f"ref {r.ref}: {note}")
        doi_year = re.search(r"[./](19|20)(\d\d)[./]", r.doi)
        if r.ref and doi_year and abs(int(doi_year.group(1) + doi_year.group(2)) - int(r.year)) > 1:
            notes.append(f"ref {r.ref}: year {r.year} far from the year in its DOI {r.doi}")
    return notes


# --------------------------------------------------------------------------- output

def check_bib(path: Path, references: list[Reference]) -> list[str]:
    """Parse the written .bib with pybtex (the book's BibTeX reader) and compare its keys."""
    try:
        from pybtex.database import parse_file
    except ImportError:
        return ["pybtex is not installed: could not check that the .bib parses"]
    try:
        entries = parse_file(str(path), bib_format="bibtex").entries
    except Exception as err:  # pybtex raises several error types; any of them fails the build
        return [f"{path.name} does not parse with pybtex: {err}"]
    if list(entries.keys()) != [r.key for r in references]:
        return [f"{path.name}: pybtex reads other keys than were written"]
    return []


def extra_references(path: Path | None = None) -> list[Reference]:
    """The works the book cites that the review does not, from ``data/extra_works.csv``."""
    return [
        Reference(ref=None, key=row.key, authors=list(row.authors), title=row.title, journal=row.journal,
                  year=str(row.year), volume=row.volume, pages=row.pages, doi=row.doi)
        for row in load_extra_works(path).itertuples()
    ]


def write_csv(references: list[Reference], path: Path) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(REFERENCE_COLUMNS)
        for r in references:
            writer.writerow([r.ref if r.ref is not None else "", r.key, r.doi, r.first_author,
                             r.year, plain_title(r.title), r.journal])


def write_bib(references: list[Reference], path: Path) -> None:
    header = (
        "% Generated by `python -m booktools.references` from the review's text — do not edit by hand.\n"
        "% Entries reproduce the review's reference list as written (its slips included);\n"
        "% the last entries are works the book cites that the review does not.\n\n"
    )
    path.write_text(header + "\n".join(bibtex_entry(r) for r in references), encoding="utf-8")


def build(review: Path, extra_works: Path | None = None) -> list[Reference]:
    """Parse the review's list (from a copy of its text at ``review``), assign keys, append the book's extra works."""
    text = Path(review).read_text(encoding="utf-8")
    references = [
        parse_reference(number, raw, f"{Path(review).name}, line {line}")
        for number, raw, line in reference_lines(text, Path(review).name)
    ]
    assign_keys(references)
    return references + extra_references(extra_works)


def write(references: list[Reference], out_dir: Path) -> list[str]:
    """Write ``references.csv`` and ``references.bib`` into ``out_dir``; returns problems of the .bib (empty if none)."""
    out_dir.mkdir(parents=True, exist_ok=True)
    write_csv(references, out_dir / CSV_NAME)
    write_bib(references, out_dir / BIB_NAME)
    return check_bib(out_dir / BIB_NAME, references)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--review", type=Path, required=True, help="path of a copy of the review's plain text (review.txt)")
    parser.add_argument("--out-dir", type=Path, default=DATA_DIR, help="where to write the two files (default: data/)")
    parser.add_argument("--check", action="store_true", help="parse and audit only; write nothing")
    args = parser.parse_args(argv)
    if not args.review.is_file():
        print(f"--review: no file at {args.review}", file=sys.stderr)
        return 2

    references = build(args.review)
    problems = audit(references)
    if problems:
        print("Cannot build the reference files:", *problems, sep="\n  ", file=sys.stderr)
        return 1
    if not args.check:
        problems = write(references, args.out_dir)
        if problems:
            print(*problems, sep="\n", file=sys.stderr)
            return 1
        print(f"wrote {CSV_NAME} and {BIB_NAME} in {args.out_dir} ({len(references)} entries)")
    print("Audit findings (the review's list, kept as written):")
    for note in findings(references):
        print("  -", note)
    return 0


if __name__ == "__main__":
    sys.exit(main())
