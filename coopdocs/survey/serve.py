"""Running the survey's pages: uvicorn, where it listens, TLS or a reverse proxy in front.

The server listens on 127.0.0.1 by default, so a round is reachable only from this computer
until someone decides otherwise. Partners reach it over the internet in one of two ways:

- **behind a reverse proxy** (recommended): nginx or another web server on the same machine
  terminates TLS with the site's certificate and passes requests to 127.0.0.1:8400; the survey
  learns the client's address and ``https`` from ``X-Forwarded-For`` / ``X-Forwarded-Proto``,
  which uvicorn trusts only from 127.0.0.1 (``FORWARDED_ALLOW_IPS`` to change that), and
  ``--base-url`` is the public address (its path the prefix the proxy publishes it under);
- **with its own certificate**: ``--certfile``/``--keyfile``, uvicorn speaks TLS itself.

Binding to another address without TLS still starts (a test network may want it), but the
command prints how to set up the proxy, since answers and links would travel unencrypted.

uvicorn's own access log is off: it would write every link's token; ``security.AccessLog``
writes the requests with the tokens redacted. A stop (Ctrl+C, SIGTERM) is graceful: uvicorn
stops accepting, lets running requests finish (up to ``SHUTDOWN_SECONDS``) and ends; every
save is a single transaction, so a request cut off mid-submit leaves the previous answers as
they were, never half of the new ones.
"""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import uvicorn
from starlette.types import ASGIApp

from coopdocs.i18n import _
from coopdocs.survey.store import Store
from coopdocs.survey.web.app import create_app

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8400
SHUTDOWN_SECONDS = 10  # how long a stop waits for running requests

# What a reverse proxy in front of the survey needs: TLS, the client's address and scheme
# passed on, no access log of its own (the URLs hold the tokens), the body limit of the app.
NGINX_EXAMPLE = """\
    server {{
        listen 443 ssl;
        server_name {name};
        ssl_certificate     /etc/ssl/certs/{name}.pem;
        ssl_certificate_key /etc/ssl/private/{name}.key;
        access_log off;                  # the addresses hold the links' tokens
        client_max_body_size 256k;
        location / {{
            proxy_pass http://127.0.0.1:{port};
            proxy_set_header Host $host;
            proxy_set_header X-Forwarded-For $remote_addr;
            proxy_set_header X-Forwarded-Proto $scheme;
        }}
    }}"""

LOG_CONFIG: dict[str, Any] = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "handlers": {"stderr": {"class": "logging.StreamHandler", "formatter": "plain",
                            "stream": "ext://sys.stderr"}},
    "loggers": {
        "uvicorn.error": {"handlers": ["stderr"], "level": "INFO", "propagate": False},
        "coopdocs.survey": {"handlers": ["stderr"], "level": "INFO", "propagate": False},
    },
}


@dataclass(frozen=True)
class ServeOptions:
    """Where and how the survey is served (``coopdocs survey serve``'s options)."""

    host: str = DEFAULT_HOST
    port: int = DEFAULT_PORT
    base_url: str | None = None
    certfile: Path | None = None
    keyfile: Path | None = None

    @property
    def tls(self) -> bool:
        return self.certfile is not None

    @property
    def public_url(self) -> str:
        """``--base-url``, else the address the server listens on."""
        if self.base_url:
            return self.base_url.rstrip("/")
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"{'https' if self.tls else 'http'}://{host}:{self.port}"

    @property
    def secure(self) -> bool:
        """Whether browsers reach the pages over TLS (here or at the proxy): HSTS is sent."""
        return self.tls or self.public_url.startswith("https://")


def is_loopback(host: str) -> bool:
    """Whether ``host`` is reachable only from this computer (127.0.0.0/8, ::1, localhost)."""
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def proxy_advice(options: ServeOptions) -> str | None:
    """What to print when the server is reachable from the network without TLS; else None."""
    if options.tls or is_loopback(options.host):
        return None
    example = NGINX_EXAMPLE.format(name="survey.example.org", port=options.port)
    return _("listening on {host} without TLS: answers and links would travel unencrypted. "
             "Run the survey behind a reverse proxy that speaks TLS, on 127.0.0.1 "
             "(the default), and give the public address with --base-url (to survey open as "
             "well). With nginx:\n\n{example}\n\n  coopdocs survey serve --base-url "
             "https://survey.example.org\n\nOr serve TLS directly with --certfile and "
             "--keyfile.").format(host=options.host, example=example)


def uvicorn_config(app: ASGIApp, options: ServeOptions) -> uvicorn.Config:
    """The configuration of uvicorn: our access log only, proxy headers from 127.0.0.1, TLS."""
    return uvicorn.Config(
        app, host=options.host, port=options.port, access_log=False, log_config=LOG_CONFIG,
        proxy_headers=True, server_header=False, lifespan="off",
        timeout_graceful_shutdown=SHUTDOWN_SECONDS,
        ssl_certfile=str(options.certfile) if options.certfile else None,
        ssl_keyfile=str(options.keyfile) if options.keyfile else None)


def serve(store: Store, options: ServeOptions) -> None:
    """Serve the survey over ``store`` until the process is stopped (SIGINT, SIGTERM)."""
    app = create_app(store, base_url=options.public_url, secure=options.secure)
    uvicorn.Server(uvicorn_config(app, options)).run()
