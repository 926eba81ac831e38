"""gunicorn's access log as configured in gunicorn.conf.py: no tokens, no user agent."""

import hashlib
import logging
import runpy
from datetime import timedelta
from pathlib import Path
from types import SimpleNamespace

import pytest
from gunicorn.config import Config

from iww.accesslog import redact

GUNICORN_CONF = Path(__file__).resolve().parent.parent / "gunicorn.conf.py"
TOKEN = "Zx8vQ1-rT_k3LmN0pQrStUvWxYz01234"
USER_AGENT = "Mozilla/5.0 (X11; Linux x86_64) Firefox/140.0"


class Lines(logging.Handler):
    def __init__(self) -> None:
        super().__init__()
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(self.format(record))


def access_line(path: str, referer: str = "-") -> str:
    """One access log line, written by the logger class and format gunicorn.conf.py configures."""
    conf = runpy.run_path(str(GUNICORN_CONF))
    cfg = Config()
    for name in ("accesslog", "access_log_format", "logger_class"):
        if name in conf:  # else gunicorn's default
            cfg.set(name, conf[name])
    logger = cfg.logger_class(cfg)
    lines = Lines()
    logger.access_log.handlers = [lines]
    environ = {
        "REQUEST_METHOD": "GET",
        "RAW_URI": path,
        "PATH_INFO": path,
        "QUERY_STRING": "",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": "127.0.0.1",
        "HTTP_USER_AGENT": USER_AGENT,
        "HTTP_REFERER": referer,
    }
    request = SimpleNamespace(headers=[("USER-AGENT", USER_AGENT), ("REFERER", referer)])
    response = SimpleNamespace(status="200 OK", headers=[("Content-Type", "text/html")], sent=512)
    logger.access(response, request, environ, timedelta(milliseconds=42))
    assert len(lines.lines) == 1
    return lines.lines[0]


@pytest.mark.parametrize(
    ("path", "kept"),
    [
        (f"/hervat/{TOKEN}/", "/hervat/[token]/"),
        (f"/scan/{TOKEN}/", "/scan/[token]/"),
        (f"/scan/{TOKEN}/stap/3/", "/scan/[token]/stap/3/"),
        (f"/account/reset/MTI/{TOKEN}/", "/account/reset/[token]/[token]/"),
        ("/account/reset/MTI/set-password/", "/account/reset/[token]/set-password/"),
    ],
)
def test_the_access_log_holds_no_token(path, kept):
    line = access_line(path, referer=f"https://zelfscan.example.nl/scan/{TOKEN}/stap/2/")
    assert TOKEN not in line
    assert "MTI" not in line
    assert hashlib.sha256(TOKEN.encode()).hexdigest() not in line
    assert kept in line
    assert "GET" in line
    assert " 200 " in line


def test_the_access_log_holds_no_user_agent():
    line = access_line("/kennis/")
    assert "/kennis/" in line
    assert "Mozilla" not in line
    assert "Firefox" not in line


def test_other_paths_are_logged_as_they_are():
    assert redact("GET /rondes/12/uitkomsten/ HTTP/1.1") == "GET /rondes/12/uitkomsten/ HTTP/1.1"
    assert redact("/account/password_reset/") == "/account/password_reset/"


@pytest.mark.django_db
def test_the_apps_own_log_holds_no_token_of_a_missing_page(client):
    # Django logs "Not Found: <path>" for an unknown or revoked link, to the console handler.
    import io

    console = next(h for h in logging.getLogger().handlers if h.get_name() == "console")
    stream = io.StringIO()
    previous = console.setStream(stream)
    try:
        client.get(f"/hervat/{TOKEN}/")
        client.get(f"/scan/{TOKEN}/")
    finally:
        console.setStream(previous)
    logged = stream.getvalue()
    assert "Not Found: /hervat/[token]/" in logged
    assert TOKEN not in logged
