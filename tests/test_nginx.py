"""The shipped nginx site (deploy/nginx/) passes `nginx -t`, and serves the project on loopback as production would:
TLS, the proxy headers Django trusts, static files, the sign-in rate limit, /healthz never limited (issue 14 item 2).

nginx is Debian's (scripts/ensure-nginx.sh installs it in `make test`); a machine without it fails, never skips."""

import json
import os
import shutil
import socket
import ssl
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "deploy" / "nginx"))
from render import render  # noqa: E402

NGINX = shutil.which("nginx") or "/usr/sbin/nginx"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def nginx_site(tmp_path):
    """A self-signed certificate, the site rendered for loopback, and an nginx.conf around it in tmp_path."""
    if not os.access(NGINX, os.X_OK):
        pytest.fail(f"nginx is not installed ({NGINX}): run scripts/ensure-nginx.sh")

    def make(upstream: str, static_root: Path, venue_networks: list[str] = ()) -> dict:
        cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
        subprocess.run(
            [
                *("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=localhost"),
                *("-keyout", str(key), "-out", str(cert)),
            ],
            check=True,
            capture_output=True,
        )
        http_port, https_port = free_port(), free_port()
        site = render(
            server_name="localhost",
            upstreams=[upstream],
            tls_certificate=str(cert),
            tls_certificate_key=str(key),
            static_root=str(static_root),
            http_listen=f"127.0.0.1:{http_port}",
            https_listen=f"127.0.0.1:{https_port}",
            venue_networks=venue_networks,
        )
        (tmp_path / "jobfair.conf").write_text(site, encoding="utf-8")
        user = "user root;\n" if os.geteuid() == 0 else ""  # workers must read tmp_path, as the master does
        temp = "".join(
            f"    {name}_temp_path {tmp_path / name};\n"
            for name in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
        )
        (tmp_path / "nginx.conf").write_text(
            f"{user}worker_processes 1;\npid {tmp_path / 'nginx.pid'};\nerror_log {tmp_path / 'error.log'};\n"
            "events { worker_connections 256; }\n"
            f"http {{\n    include /etc/nginx/mime.types;\n    access_log {tmp_path / 'access.log'};\n{temp}"
            f"    include {tmp_path / 'jobfair.conf'};\n}}\n",
            encoding="utf-8",
        )
        return {"conf": tmp_path / "nginx.conf", "http": http_port, "https": https_port, "prefix": tmp_path}

    return make


def nginx_test(conf: Path, prefix: Path) -> subprocess.CompletedProcess:
    return subprocess.run([NGINX, "-t", "-p", str(prefix), "-c", str(conf)], capture_output=True, text=True)


def test_the_shipped_site_passes_nginx_t(nginx_site, tmp_path):
    site = nginx_site("127.0.0.1:8000", tmp_path / "static")
    checked = nginx_test(site["conf"], site["prefix"])
    assert checked.returncode == 0, checked.stderr
    assert "test is successful" in checked.stderr


def test_the_site_refuses_to_render_without_a_node():
    with pytest.raises(ValueError):
        render(server_name="x", upstreams=[], tls_certificate="c", tls_certificate_key="k", static_root="/s")


def test_the_site_refuses_a_venue_network_that_is_not_one():
    with pytest.raises(ValueError):
        render(
            server_name="x",
            upstreams=["127.0.0.1:8000"],
            tls_certificate="c",
            tls_certificate_key="k",
            static_root="/s",
            venue_networks=["10.0.0.0/8; }"],
        )


def test_the_site_with_venue_networks_passes_nginx_t(nginx_site, tmp_path):
    site = nginx_site("127.0.0.1:8000", tmp_path / "static", ["10.20.0.0/16", "2001:db8::/48"])
    checked = nginx_test(site["conf"], site["prefix"])
    assert checked.returncode == 0, checked.stderr
    assert "    10.20.0.0/16 1;" in (tmp_path / "jobfair.conf").read_text()


TLS = ssl.create_default_context()
TLS.check_hostname = False
TLS.verify_mode = ssl.CERT_NONE  # the test's own self-signed certificate


def fetch(url: str, *, method: str = "GET") -> tuple[int, dict, bytes]:
    request = urllib.request.Request(url, method=method, headers={"Host": "localhost"})
    opener = urllib.request.build_opener(urllib.request.HTTPSHandler(context=TLS), NoRedirect())
    try:
        with opener.open(request, timeout=10) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as refused:
        return refused.code, dict(refused.headers), refused.read()


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


@pytest.fixture
def nginx_in_front(request, nginx_site, live_server, settings, tmp_path):
    """nginx before the live server; `request.param` (indirect) names venue networks for the site."""
    settings.ROOT_URLCONF = "tests.nginx_urls"
    settings.TRUSTED_PROXY_COUNT = 1
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    settings.ALLOWED_HOSTS = ["localhost", "127.0.0.1", "testserver"]
    settings.SECURE_SSL_REDIRECT = False
    static = tmp_path / "static"
    static.mkdir()
    (static / "hello.txt").write_text("xin chào", encoding="utf-8")
    (static / "hello.0123456789ab.txt").write_text("xin chào", encoding="utf-8")  # a name collectstatic hashed
    site = nginx_site(live_server.url.removeprefix("http://"), static, getattr(request, "param", ()))
    process = subprocess.Popen(
        [NGINX, "-p", str(site["prefix"]), "-c", str(site["conf"]), "-g", "daemon off;"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    base = f"https://127.0.0.1:{site['https']}"
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", site["https"]), timeout=0.5).close()
            break
        except OSError:
            time.sleep(0.05)
    else:
        process.kill()
        pytest.fail(f"nginx did not start: {process.stderr.read().decode()}")
    yield {"https": base, "http": f"http://127.0.0.1:{site['http']}"}
    process.terminate()
    process.wait(timeout=10)


@pytest.mark.django_db(transaction=True)
def test_through_nginx_django_sees_https_the_client_and_the_request_id(nginx_in_front):
    status, headers, body = fetch(nginx_in_front["https"] + "/_seen/")
    seen = json.loads(body)
    assert status == 200
    assert seen["secure"] is True  # X-Forwarded-Proto from nginx, trusted by SECURE_PROXY_SSL_HEADER
    assert seen["client"] == "127.0.0.1"  # one trusted hop: the address nginx saw, not the socket's
    assert seen["host"] == "localhost"
    assert len(seen["request_id"]) == 32 and headers["X-Request-ID"] == seen["request_id"]


@pytest.mark.django_db(transaction=True)
def test_plain_http_is_sent_to_https(nginx_in_front):
    status, headers, _body = fetch(nginx_in_front["http"] + "/healthz")
    assert status == 301 and headers["Location"].startswith("https://")


@pytest.mark.django_db(transaction=True)
def test_nginx_caches_a_hashed_static_name_for_good_and_an_unhashed_one_a_minute(nginx_in_front):
    hashed = fetch(nginx_in_front["https"] + "/static/hello.0123456789ab.txt")
    unhashed = fetch(nginx_in_front["https"] + "/static/hello.txt")
    assert [(status, body.decode()) for status, _headers, body in (hashed, unhashed)] == [(200, "xin chào")] * 2
    assert hashed[1]["Cache-Control"] == "public, max-age=31536000, immutable"
    assert unhashed[1]["Cache-Control"] == "public, max-age=60"  # the next release may change what it holds


@pytest.mark.django_db(transaction=True)
def test_sign_in_is_rate_limited_and_healthz_never_is(nginx_in_front):
    sign_in = [fetch(nginx_in_front["https"] + "/accounts/login/")[0] for _ in range(12)]
    health = [fetch(nginx_in_front["https"] + "/healthz")[0] for _ in range(30)]
    assert sign_in[:5] == [200] * 5  # the burst passes
    assert 429 in sign_in
    assert health == [200] * 30


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("nginx_in_front", [["127.0.0.0/8"]], indirect=True)
def test_sign_in_from_a_venue_network_is_not_limited_per_address(nginx_in_front):
    sign_in = [fetch(nginx_in_front["https"] + "/accounts/login/")[0] for _ in range(12)]
    assert sign_in == [200] * 12  # a hall's Wi-Fi: the app limits each account instead
