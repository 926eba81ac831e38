"""make loadtest: 200 respondents fill in the scan at once against gunicorn + PostgreSQL.

Production settings (DEBUG off) on loopback. During the run one gunicorn worker is killed with
SIGKILL and PostgreSQL is restarted once. Respondents who hit an error retry through their
personal resume link, as a person would. Afterwards the database must hold exactly the
responses that reached the thanks page, each complete, and no half-stored submission.

Prints requests/s and p50/p95 latency of the scan, and the same for a trivial view under the
same server (the ceiling), with their ratio. Needs PostgreSQL's server binaries (installed with
apt when missing and run as root) and nothing else outside the project's virtualenv.
"""

import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
RESPONDENTS = int(os.environ.get("LOADTEST_RESPONDENTS", 200))
WORKERS = int(os.environ.get("LOADTEST_GUNICORN_WORKERS", 4))
DEADLINE = float(os.environ.get("LOADTEST_DEADLINE_SECONDS", 600))
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
STATEMENT = re.compile(r'name="(stelling-\d+)"')
RESUME = re.compile(r"(/hervat/[A-Za-z0-9_\-]+/)")
STEP = re.compile(r"/stap/(\d+)/$")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def say(message: str) -> None:
    print(message, flush=True)


class Postgres:
    """A throwaway PostgreSQL cluster in a temporary folder, on loopback."""

    def __init__(self) -> None:
        self.bin = self._binaries()
        self.port = free_port()
        self.dir = Path(tempfile.mkdtemp(prefix="iww-loadtest-pg."))
        self.as_root = os.geteuid() == 0

    @staticmethod
    def _binaries() -> Path:
        found = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"))
        if not found and os.geteuid() == 0 and shutil.which("apt-get"):
            say("Installing PostgreSQL (apt)…")
            subprocess.run(["apt-get", "update", "-qq"], check=True)
            subprocess.run(
                ["apt-get", "install", "-y", "-qq", "postgresql"],
                check=True,
                env={**os.environ, "DEBIAN_FRONTEND": "noninteractive"},
                stdout=subprocess.DEVNULL,
            )
            found = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"))
        if not found:
            sys.exit("PostgreSQL server binaries not found; install the postgresql package.")
        return found[-1].parent

    def _run(self, command: str) -> None:
        """A shell command line with one of PostgreSQL's programs; as postgres when root."""
        line = f"{self.bin}/{command}"
        if self.as_root:
            shutil.chown(self.dir, "postgres")
            argv = ["su", "postgres", "-s", "/bin/sh", "-c", line]
        else:
            argv = ["/bin/sh", "-c", line]
        subprocess.run(argv, check=True, stdout=subprocess.DEVNULL)

    def start(self) -> None:
        self._run(f"initdb -D {self.dir}/data -U postgres -A trust -E UTF8")
        self._pg_ctl("start")
        self._run(f"createdb -h 127.0.0.1 -p {self.port} -U postgres iww")

    def _pg_ctl(self, action: str) -> None:
        options = (
            f"-p {self.port} -k {self.dir} -c listen_addresses=127.0.0.1 -c max_connections=200"
        )
        self._run(f"pg_ctl -D {self.dir}/data -l {self.dir}/log -w -m fast -o '{options}' {action}")

    def restart(self) -> None:
        self._pg_ctl("restart")

    def stop(self) -> None:
        try:
            self._pg_ctl("stop")
        finally:
            shutil.rmtree(self.dir, ignore_errors=True)

    @property
    def url(self) -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/iww"


class Respondent:
    """One person filling in the scan; retries through the resume link after an error."""

    def __init__(self, base: str, token: str, latencies: list, errors: list) -> None:
        self.base, self.token = base, token
        self.session = requests.Session()
        self.latencies, self.errors = latencies, errors
        self.resume: str | None = None
        self.outcome = "unfinished"

    def request(self, method: str, path: str, **kwargs) -> requests.Response | None:
        start = time.perf_counter()
        try:
            response = self.session.request(method, self.base + path, timeout=30, **kwargs)
        except requests.RequestException as exc:
            self.errors.append(type(exc).__name__)
            return None
        if response.status_code >= 500:
            self.errors.append(f"HTTP {response.status_code}")
            return None
        self.latencies.append(time.perf_counter() - start)
        return response

    def csrf(self, response: requests.Response) -> dict:
        found = CSRF.search(response.text)
        return {"csrfmiddlewaretoken": found.group(1)} if found else {}

    def start(self) -> bool:
        page = self.request("GET", f"/scan/{self.token}/start/")
        if page is None:
            return False
        started = self.request(
            "POST",
            f"/scan/{self.token}/start/",
            data={**self.csrf(page), "perspective": "professional"},
        )
        if started is None or not (found := RESUME.search(started.text)):
            return False
        self.resume = found.group(1)
        return True

    def where(self) -> str | None:
        """After an error: the resume link tells which page comes next."""
        if self.resume is None:
            return None
        landed = self.request("GET", self.resume)
        return landed.url.removeprefix(self.base) if landed is not None else None

    def run(self, deadline: float) -> str:
        rng = secrets.SystemRandom()
        while not self.start():
            if time.monotonic() > deadline:
                self.outcome = "gave up before starting"
                return self.outcome
            time.sleep(0.5)
            self.session = requests.Session()  # a new browser tab
        path = f"/scan/{self.token}/stap/1/"
        while time.monotonic() < deadline:
            if path is None or "bedankt" in path:
                self.outcome = "submitted" if path else "lost"
                return self.outcome
            page = self.request("GET", path)
            if page is None:
                time.sleep(0.5)
                path = self.where() or path
                continue
            if STEP.search(path):
                fields = {
                    name: str(rng.randint(1, 5)) for name in set(STATEMENT.findall(page.text))
                }
                posted = self.request(
                    "POST", path, data={**self.csrf(page), **fields, "richting": "volgende"}
                )
            elif path.endswith("/controle/"):
                posted = self.request("POST", f"/scan/{self.token}/indienen/", data=self.csrf(page))
            else:
                posted = page
            if posted is None:
                time.sleep(0.5)
                path = self.where() or path
                continue
            path = posted.url.removeprefix(self.base)
            if "bedankt" in path:
                self.outcome = "submitted"
                return self.outcome
        self.outcome = "out of time"
        return self.outcome


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def main() -> None:
    postgres = Postgres()
    say(f"PostgreSQL {postgres.bin.parent.name} on 127.0.0.1:{postgres.port}")
    postgres.start()
    port = free_port()
    env = {
        **os.environ,
        "DEBUG": "false",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1",
        "DATABASE_URL": postgres.url,
        "SECURE_SSL_REDIRECT": "false",
        "SECURE_COOKIES": "false",
        "SECURE_HSTS_SECONDS": "0",
        "TASK_BACKEND": "immediate",
        "LOG_LEVEL": "WARNING",
    }
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    manage = [PYTHON, str(ROOT / "manage.py")]

    def manage_shell(code: str) -> str:
        """Runs Python in the app (manage.py shell) and returns the last line it printed."""
        result = subprocess.run(
            [*manage, "shell", "-c", code],
            env=env,
            check=True,
            cwd=ROOT,
            capture_output=True,
            text=True,
        )
        return result.stdout.strip().splitlines()[-1]

    server = None
    try:
        subprocess.run([*manage, "migrate", "--noinput", "-v0"], env=env, check=True, cwd=ROOT)
        subprocess.run(
            [*manage, "collectstatic", "--noinput", "-v0"], env=env, check=True, cwd=ROOT
        )
        subprocess.run(
            [*manage, "loaddata", "knowledge", "questionnaire", "-v0"],
            env=env,
            check=True,
            cwd=ROOT,
        )
        token = manage_shell(SETUP_ROUND)
        server = subprocess.Popen(
            [
                PYTHON,
                "-m",
                "gunicorn",
                "-c",
                str(ROOT / "gunicorn.conf.py"),
                "iww.wsgi",
                "--bind",
                f"127.0.0.1:{port}",
                "--workers",
                str(WORKERS),
                "--access-logfile",
                "/dev/null",
            ],
            env=env,
            cwd=ROOT,
        )
        base = f"http://127.0.0.1:{port}"
        for _ in range(100):
            try:
                if requests.get(base + "/gezond/", timeout=1).status_code == 200:
                    break
            except requests.RequestException:
                time.sleep(0.2)
        say(f"gunicorn with {WORKERS} workers on {base}; {RESPONDENTS} respondents")

        latencies: list[float] = []
        errors: list[str] = []
        respondents = [Respondent(base, token, latencies, errors) for _ in range(RESPONDENTS)]
        deadline = time.monotonic() + DEADLINE
        faults: list[str] = []

        def inject() -> None:
            # Kill a worker when a third of the respondents are done, restart PostgreSQL at two
            # thirds, while requests are in flight.
            while sum(r.outcome != "unfinished" for r in respondents) < RESPONDENTS // 3:
                time.sleep(0.05)
            children = subprocess.run(
                ["pgrep", "-P", str(server.pid)], capture_output=True, text=True
            ).stdout.split()
            if children:
                os.kill(int(children[0]), signal.SIGKILL)
                faults.append(f"SIGKILL to gunicorn worker {children[0]}")
            while sum(r.outcome != "unfinished" for r in respondents) < 2 * RESPONDENTS // 3:
                time.sleep(0.05)
            started = time.perf_counter()
            postgres.restart()
            faults.append(f"PostgreSQL restarted ({time.perf_counter() - started:.1f} s)")

        injector = threading.Thread(target=inject, daemon=True)
        injector.start()
        start = time.perf_counter()
        with ThreadPoolExecutor(max_workers=RESPONDENTS) as pool:
            outcomes = list(pool.map(lambda r: r.run(deadline), respondents))
        elapsed = time.perf_counter() - start
        injector.join(timeout=5)

        # The trivial view under the same server and concurrency: the ceiling.
        ceiling: list[float] = []
        ceiling_errors: list[str] = []
        probe = Respondent(base, token, ceiling, ceiling_errors)
        per_thread = max(1, len(latencies) // RESPONDENTS)
        ceiling_start = time.perf_counter()
        with ThreadPoolExecutor(max_workers=RESPONDENTS) as pool:
            list(
                pool.map(
                    lambda _i: [probe.request("GET", "/gezond/") for _ in range(per_thread)],
                    range(RESPONDENTS),
                )
            )
        ceiling_elapsed = time.perf_counter() - ceiling_start

        check = manage_shell(VERIFY)
        stored, complete, half, drafts = (int(x) for x in check.split())
    finally:
        if server is not None:
            server.terminate()
            server.wait(timeout=30)
        postgres.stop()

    submitted = outcomes.count("submitted")
    scan_rps = len(latencies) / elapsed
    ceiling_rps = len(ceiling) / ceiling_elapsed
    say("")
    say(f"faults injected: {'; '.join(faults) or 'none'}")
    say(
        f"respondents: {RESPONDENTS}; reached the thanks page: {submitted}; other outcomes: "
        f"{ {o: outcomes.count(o) for o in set(outcomes) if o != 'submitted'} }"
    )
    say(
        f"errors seen by respondents (then retried): {len(errors)} "
        f"{ {e: errors.count(e) for e in set(errors)} }"
    )
    say(
        f"database: {stored} submitted responses, {complete} complete (25 answers, 5 scores), "
        f"{half} half-stored, {drafts} unfinished drafts"
    )
    for label, values, seconds in (
        ("scan", latencies, elapsed),
        ("trivial view", ceiling, ceiling_elapsed),
    ):
        say(
            f"{label + ':':<14}{len(values)} requests in {seconds:.1f} s = "
            f"{len(values) / seconds:.0f} req/s; p50 {percentile(values, 0.5) * 1000:.0f} ms, "
            f"p95 {percentile(values, 0.95) * 1000:.0f} ms"
        )
    say(
        f"ratio scan / trivial view: {scan_rps / ceiling_rps:.2f} (requests/s), "
        f"p95 {percentile(latencies, 0.95) / percentile(ceiling, 0.95):.1f}x"
    )
    ok = stored == submitted == complete and half == 0
    say("RESULT: " + ("OK, nothing lost and nothing half-stored" if ok else "FAILED"))
    sys.exit(0 if ok else 1)


SETUP_ROUND = """
from datetime import timedelta
from django.utils import timezone
from evaluation import services
from evaluation.models import Gemeente, Questionnaire, Team
g, _ = Gemeente.objects.get_or_create(slug="belasting", defaults={"name": "Belasting"})
t, _ = Team.objects.get_or_create(gemeente=g, slug="team", defaults={"name": "Team"})
today = timezone.localdate()
q = Questionnaire.objects.get(key="standaard", version=1)
r = services.round_create(team=t, questionnaire=q, title="Load",
    opens_on=today - timedelta(days=1), closes_on=today + timedelta(days=1))
print(r.invitations.get(revoked_at__isnull=True).token)
"""

VERIFY = """
from django.db.models import Count, Q
from evaluation.models import Response
rs = Response.objects.annotate(a=Count("answers", distinct=True), s=Count("scores", distinct=True))
sub = rs.filter(status="ingediend")
complete = sub.filter(a=25, s=5).count()
half = sub.exclude(a=25, s=5).count()
print(sub.count(), complete, half, rs.filter(status="gestart").count())
"""


if __name__ == "__main__":
    main()
