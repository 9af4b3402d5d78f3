"""Static files as a web node serves them with DEBUG off (issue 14 item 1): `collectstatic` writes whitenoise's
hashed, compressed names; pages link the hashed names; whitenoise serves them compressed and cached for good, and an
unhashed original only for a minute (the next release may change it). The rest of the suite renders with the plain
storage (tests/conftest.py), as a checkout without `collectstatic` must; nginx's own static location is tested in
tests/test_nginx.py."""

import brotli
import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import override_settings

MANIFEST_STORAGE = {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"}
# The project's own files only: the admin's and DRF's would take the collection from a second to a minute and more.
PROJECT_FILES_ONLY = ["django.contrib.staticfiles.finders.FileSystemFinder"]
SITE_CSS = settings.STATICFILES_DIRS[0] / "css" / "site.css"


@pytest.fixture(scope="module")
def collected(tmp_path_factory):
    """STATIC_ROOT after `collectstatic` with the storage production uses."""
    root = tmp_path_factory.mktemp("staticfiles")
    storages = {**settings.STORAGES, "staticfiles": MANIFEST_STORAGE}
    with override_settings(STATIC_ROOT=str(root), STORAGES=storages, STATICFILES_FINDERS=PROJECT_FILES_ONLY):
        call_command("collectstatic", "--noinput", verbosity=0)
    return root


@pytest.fixture
def served(collected, settings):
    """The settings of a web node on that STATIC_ROOT; each test's client builds its whitenoise from them."""
    settings.STATIC_ROOT = str(collected)
    settings.STORAGES = {**settings.STORAGES, "staticfiles": MANIFEST_STORAGE}
    from django.contrib.staticfiles.storage import staticfiles_storage

    return staticfiles_storage.url("css/site.css")


def test_collectstatic_writes_a_hashed_name_and_its_gzip_and_brotli_copies(collected):
    hashed = [path.name for path in (collected / "css").glob("site.*.css")]
    assert len(hashed) == 1 and len(hashed[0]) == len("site.0123456789ab.css")
    assert (collected / "css" / f"{hashed[0]}.gz").exists() and (collected / "css" / f"{hashed[0]}.br").exists()
    assert (collected / "staticfiles.json").exists()


@pytest.mark.django_db
def test_a_page_links_the_hashed_name(served, client):
    page = client.get("/")
    assert page.status_code == 200
    assert f'href="{served}"' in page.content.decode()
    assert served != "/static/css/site.css"


def test_whitenoise_serves_the_hashed_name_compressed_and_cached_for_good(served, client):
    response = client.get(served, HTTP_ACCEPT_ENCODING="gzip, deflate, br")
    assert response.status_code == 200
    assert response["Content-Encoding"] == "br"
    assert brotli.decompress(b"".join(response.streaming_content)) == SITE_CSS.read_bytes()
    assert response["Cache-Control"] == "max-age=315360000, public, immutable"


def test_whitenoise_caches_an_unhashed_name_a_minute(served, client):
    response = client.get("/static/css/site.css")
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == SITE_CSS.read_bytes()
    assert response["Cache-Control"] == "max-age=60, public"
