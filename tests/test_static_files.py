"""Static files as a web node serves them with DEBUG off (issue 14 item 1): `collectstatic` writes whitenoise's
hashed, compressed names; pages link the hashed names; whitenoise serves them compressed and cached for good, and an
unhashed original only for a minute (the next release may change it). The rest of the suite renders with the plain
storage (tests/conftest.py), as a checkout without `collectstatic` must. nginx's static location is served in
tests/test_nginx.py; here, its map is checked against what `collectstatic` wrote: every hashed name cached for good,
no original."""

import json
import re
from pathlib import Path

import brotli
import pytest
from django.conf import settings
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.management import call_command
from django.test import override_settings

MANIFEST_STORAGE = {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"}
# The project's own files only: the admin's and DRF's would take the collection from a second to a minute and more.
PROJECT_FILES_ONLY = ["django.contrib.staticfiles.finders.FileSystemFinder"]
SITE_CSS = settings.STATICFILES_DIRS[0] / "css" / "site.css"
NGINX_SITE = Path(settings.BASE_DIR) / "deploy" / "nginx" / "jobfair.conf.template"


@pytest.fixture(scope="module")
def collected(tmp_path_factory):
    """STATIC_ROOT after `collectstatic` with the storage production uses."""
    root = tmp_path_factory.mktemp("staticfiles")
    storages = {**settings.STORAGES, "staticfiles": MANIFEST_STORAGE}
    with override_settings(STATIC_ROOT=str(root), STORAGES=storages, STATICFILES_FINDERS=PROJECT_FILES_ONLY):
        call_command("collectstatic", "--noinput", verbosity=0)
    return root


def manifest_paths(root: Path) -> dict[str, str]:
    """Each collected name and the hashed name pages link instead (whitenoise's staticfiles.json)."""
    return json.loads((root / "staticfiles.json").read_text())["paths"]


@pytest.fixture
def site_css_url(collected, settings):
    """The settings of a web node on that STATIC_ROOT (each test's client builds its whitenoise from them), and the
    URL a page gives for css/site.css."""
    settings.STATIC_ROOT = str(collected)
    settings.STORAGES = {**settings.STORAGES, "staticfiles": MANIFEST_STORAGE}
    return staticfiles_storage.url("css/site.css")


def test_collectstatic_writes_a_hashed_name_and_its_gzip_and_brotli_copies(collected):
    hashed = manifest_paths(collected)["css/site.css"]
    assert hashed != "css/site.css"
    assert all((collected / name).exists() for name in (hashed, f"{hashed}.gz", f"{hashed}.br"))


def test_nginx_caches_for_good_every_name_collectstatic_hashed_and_no_original(collected):
    for_good = re.search(r'"~(.+)" "public, max-age=31536000, immutable";', NGINX_SITE.read_text()).group(1)
    paths = manifest_paths(collected)
    assert [name for name in paths.values() if not re.search(for_good, name)] == []
    assert [name for name in paths if re.search(for_good, name)] == []  # the next release may change them


@pytest.mark.django_db
def test_a_page_links_the_hashed_name(site_css_url, client):
    page = client.get("/")
    assert page.status_code == 200
    assert f'href="{site_css_url}"' in page.content.decode()
    assert site_css_url != "/static/css/site.css"


def test_whitenoise_serves_the_hashed_name_compressed_and_cached_for_good(site_css_url, client):
    response = client.get(site_css_url, HTTP_ACCEPT_ENCODING="gzip, deflate, br")
    assert response.status_code == 200
    assert response["Content-Encoding"] == "br"
    assert brotli.decompress(b"".join(response.streaming_content)) == SITE_CSS.read_bytes()
    assert response["Cache-Control"] == "max-age=315360000, public, immutable"


def test_whitenoise_caches_an_unhashed_name_a_minute(site_css_url, client):
    response = client.get("/static/css/site.css")
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == SITE_CSS.read_bytes()
    assert response["Cache-Control"] == "max-age=60, public"
