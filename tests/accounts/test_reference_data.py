"""Reference data loaded by accounts/migrations/0002_reference_data.py: administrative units and cohorts."""

from pathlib import Path

import pytest
import yaml

from accounts.models import AdministrativeUnit, Cohort

pytestmark = pytest.mark.django_db

# The project's copy of shared/reference/code-lists.yaml (the migration's source).
CODE_LISTS = Path(__file__).resolve().parents[2] / "accounts" / "data" / "code-lists.yaml"
SENSITIVE_COHORTS = {"disabled", "released_prisoner", "post_rehab"}


def test_there_are_34_provinces():
    assert AdministrativeUnit.objects.filter(level=AdministrativeUnit.Level.PROVINCE).count() == 34


def test_there_are_3321_wards_and_communes():
    assert AdministrativeUnit.objects.filter(level=AdministrativeUnit.Level.WARD).count() == 3321


def test_ha_noi_has_126_units_51_phuong_and_75_xa():
    ha_noi = AdministrativeUnit.objects.get(code="01")

    assert ha_noi.name == "Thành phố Hà Nội"
    assert ha_noi.level == AdministrativeUnit.Level.PROVINCE
    assert ha_noi.wards.count() == 126
    assert ha_noi.wards.filter(unit_type="phường").count() == 51
    assert ha_noi.wards.filter(unit_type="xã").count() == 75


def test_every_ward_belongs_to_a_province():
    wards = AdministrativeUnit.objects.filter(level=AdministrativeUnit.Level.WARD)

    assert not wards.filter(province__isnull=True).exists()
    assert not wards.exclude(province__level=AdministrativeUnit.Level.PROVINCE).exists()
    assert not AdministrativeUnit.objects.filter(
        level=AdministrativeUnit.Level.PROVINCE, province__isnull=False
    ).exists()


def test_every_province_has_wards():
    provinces = AdministrativeUnit.objects.filter(level=AdministrativeUnit.Level.PROVINCE)

    assert not provinces.filter(wards__isnull=True).exists()


def test_ward_has_official_code_and_folded_search_name():
    ward = AdministrativeUnit.objects.get(code="00070")

    assert ward.name == "Phường Hoàn Kiếm"
    assert ward.province_id == "01"
    assert ward.search_name == "phuong hoan kiem"
    assert AdministrativeUnit.objects.get(code="01").search_name == "thanh pho ha noi"


def test_there_are_8_cohorts():
    assert Cohort.objects.count() == 8


def test_disabled_released_prisoner_and_post_rehab_are_the_only_sensitive_cohorts():
    assert set(Cohort.objects.filter(sensitive=True).values_list("code", flat=True)) == SENSITIVE_COHORTS
    assert Cohort.objects.filter(sensitive=False).count() == 5


def test_cohorts_match_the_code_lists_in_order():
    expected = yaml.safe_load(CODE_LISTS.read_text(encoding="utf-8"))["cohorts"]

    stored = list(Cohort.objects.values("code", "name_vi", "name_en", "sensitive"))

    assert stored == [
        {"code": item["code"], "name_vi": item["vi"], "name_en": item["en"], "sensitive": item["sensitive"]}
        for item in expected
    ]
