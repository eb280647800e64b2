"""TEMPORARY (development only): rebuild data/claims.csv from data/_drafts/claims_*.csv.

Deterministic (files in sorted order) and atomic (write, then rename), so
several authors may run it. Removed once the ledger is frozen.
"""
import csv, glob, os, sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
rows, header = [], None
for name in sorted(glob.glob(str(ROOT / "data/_drafts/claims_*.csv"))):
    with open(name, newline="", encoding="utf-8") as handle:
        table = list(csv.reader(handle))
    if header is None:
        header = table[0]
    elif table[0] != header:
        sys.exit(f"{name}: header differs from the others")
    rows += [row for row in table[1:] if row]
tmp = ROOT / "data/.claims.tmp"
with open(tmp, "w", newline="", encoding="utf-8") as handle:
    writer = csv.writer(handle, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
os.replace(tmp, ROOT / "data/claims.csv")
print(f"data/claims.csv: {len(rows)} rows")
