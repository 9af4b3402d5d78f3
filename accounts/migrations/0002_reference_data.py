"""Load the administrative units in force since 2025-07-01 and the cohorts from the project's reference copy."""

import csv
from pathlib import Path

import yaml
from django.db import migrations

from jobfair.text import fold_for_search

DATA_DIR = Path(__file__).resolve().parent.parent / "data"


def load_reference_data(apps, schema_editor):
    unit_model = apps.get_model("accounts", "AdministrativeUnit")
    cohort_model = apps.get_model("accounts", "Cohort")

    provinces, wards = {}, []
    with open(DATA_DIR / "vn-administrative-units-2025.csv", encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            if row["province_code"] not in provinces:
                provinces[row["province_code"]] = unit_model(
                    code=row["province_code"],
                    name=row["province_name"],
                    level="province",
                    unit_type=row["province_type"],
                    search_name=fold_for_search(row["province_name"]),
                )
            wards.append(
                unit_model(
                    code=row["ward_code"],
                    name=row["ward_name"],
                    level="ward",
                    unit_type=row["ward_type"],
                    province_id=row["province_code"],
                    search_name=fold_for_search(row["ward_name"]),
                )
            )
    unit_model.objects.bulk_create(provinces.values(), ignore_conflicts=True)
    unit_model.objects.bulk_create(wards, batch_size=500, ignore_conflicts=True)

    with open(DATA_DIR / "code-lists.yaml", encoding="utf-8") as fh:
        cohorts = yaml.safe_load(fh)["cohorts"]
    for position, item in enumerate(cohorts):
        cohort_model.objects.update_or_create(
            code=item["code"],
            defaults={
                "name_vi": item["vi"],
                "name_en": item["en"],
                "sensitive": item["sensitive"],
                "position": position,
            },
        )


class Migration(migrations.Migration):
    dependencies = [("accounts", "0001_initial")]

    operations = [migrations.RunPython(load_reference_data, migrations.RunPython.noop)]
