"""Render the nginx site of the job-fair system from jobfair.conf.template (README "Production").

    python deploy/nginx/render.py --server-name vieclam.example.vn --upstream 10.0.0.11:8000 --upstream 10.0.0.12:8000 \
        > /etc/nginx/sites-available/jobfair.conf

Only ${UPPER_CASE} placeholders are filled; nginx's own $variables pass through untouched. A placeholder left
without a value is an error, never an empty line in the config."""

from __future__ import annotations

import argparse
import ipaddress
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
TEMPLATE = HERE / "jobfair.conf.template"
PLACEHOLDER = re.compile(r"\$\{([A-Z][A-Z0-9_]*)\}")


def render(
    *,
    server_name: str,
    upstreams: list[str],
    tls_certificate: str,
    tls_certificate_key: str,
    static_root: str,
    http_listen: str = "80",
    https_listen: str = "443",
    static_url: str = "/static/",
    proxy_params: str = str(HERE / "proxy_params.conf"),
    venue_networks: list[str] = (),
) -> str:
    if not upstreams:
        raise ValueError("name at least one gunicorn node (--upstream host:port)")
    # parsed, so that what reaches the config is a network and nothing else (ValueError names a typing slip)
    venues = [str(ipaddress.ip_network(network, strict=False)) for network in venue_networks]
    values = {
        "SERVER_NAME": server_name,
        "UPSTREAM_SERVERS": "\n".join(f"    server {node} max_fails=3 fail_timeout=10s;" for node in upstreams),
        "TLS_CERTIFICATE": tls_certificate,
        "TLS_CERTIFICATE_KEY": tls_certificate_key,
        "STATIC_ROOT": static_root.rstrip("/"),
        "STATIC_URL": "/" + static_url.strip("/") + "/",
        "HTTP_LISTEN": http_listen,
        "HTTPS_LISTEN": https_listen,
        "PROXY_PARAMS": proxy_params,
        "VENUE_NETWORKS": "\n".join(f"    {network} 1;" for network in venues)
        or "    # no venue network (render.py --venue-network)",
    }

    def fill(match: re.Match) -> str:
        name = match.group(1)
        if name not in values:
            raise KeyError(f"no value for ${{{name}}} in {TEMPLATE.name}")
        return values[name]

    return PLACEHOLDER.sub(fill, TEMPLATE.read_text(encoding="utf-8"))


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--server-name", default="vieclam.example.vn")
    parser.add_argument("--upstream", action="append", help="a gunicorn node, host:port (repeat for each node)")
    parser.add_argument("--tls-certificate", default="/etc/ssl/jobfair/fullchain.pem")
    parser.add_argument("--tls-certificate-key", default="/etc/ssl/jobfair/privkey.pem")
    parser.add_argument("--static-root", default="/opt/jobfair/staticfiles")
    parser.add_argument("--http-listen", default="80")
    parser.add_argument("--https-listen", default="443")
    parser.add_argument("--proxy-params", default=str(HERE / "proxy_params.conf"))
    parser.add_argument(
        "--venue-network",
        action="append",
        default=[],
        help="a network of the centre's venues, CIDR (repeat for each; the same list as VENUE_NETWORKS)",
    )
    args = parser.parse_args(argv)
    sys.stdout.write(
        render(
            server_name=args.server_name,
            upstreams=args.upstream or ["127.0.0.1:8000"],
            tls_certificate=args.tls_certificate,
            tls_certificate_key=args.tls_certificate_key,
            static_root=args.static_root,
            http_listen=args.http_listen,
            https_listen=args.https_listen,
            proxy_params=args.proxy_params,
            venue_networks=args.venue_network,
        )
    )


if __name__ == "__main__":
    main()
