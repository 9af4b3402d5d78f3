"""The occupation list (VSCO 2020) as the centre starts with it: the major groups and two-digit groups of the
reference list (data/code-lists.yaml) and the finer occupations the centre uses (data/vsco-2020-occupations.csv).
Loaded by the data migration, and again by tests whose database was emptied (transactional tests)."""

import csv
from pathlib import Path

import yaml

from jobfair.text import fold_for_search

DATA_DIR = Path(__file__).resolve().parent / "data"


def occupation_rows() -> list[tuple[str, str]]:
    """(code, Vietnamese name), groups before the occupations under them."""
    with open(DATA_DIR / "code-lists.yaml", encoding="utf-8") as fh:
        lists = yaml.safe_load(fh)
    rows = [(str(code), name) for code, name in lists["vsco_major_groups"].items()]
    rows += [(str(code), name) for code, name in lists["vsco_sub_major_groups"].items()]
    with open(DATA_DIR / "vsco-2020-occupations.csv", encoding="utf-8") as fh:
        rows += [(row["code"], row["name"]) for row in csv.DictReader(fh)]
    return rows


def load_occupations(occupation_model) -> None:
    """Create the occupations that are missing (a name staff corrected is kept). `occupation_model` is the model of
    the migration's state or accounts.models.Occupation."""
    existing = set(occupation_model.objects.values_list("code", flat=True))
    known = set(existing)
    for code, name in sorted(occupation_rows(), key=lambda row: (len(row[0]), row[0])):
        if code in existing:
            continue
        parent = next((code[:n] for n in range(len(code) - 1, 0, -1) if code[:n] in known), None)
        occupation_model.objects.create(
            code=code, name=name, level=len(code), parent_id=parent, search_name=fold_for_search(f"{code} {name}")
        )
        known.add(code)
