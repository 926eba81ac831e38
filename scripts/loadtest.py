"""make loadtest: 200 respondents fill in the scan at once against gunicorn + PostgreSQL.

Production settings (DEBUG off) on loopback. During the run one gunicorn worker is killed with
SIGKILL and PostgreSQL is restarted once. Respondents who hit an error retry through their
personal resume link, as a person would. While the database is away the app must answer with its
Dutch "probeer het zo opnieuw" page (503), never a 500; a respondent who was saving a step
presses its "Opnieuw versturen" button, which sends what they typed again. Afterwards the
database must hold exactly the responses that reached the thanks page, each complete, no
half-stored submission, and exactly the answers and comments those respondents typed last.

Prints requests/s and p50/p95 latency of the scan, and the same for a trivial view under the
same server (the ceiling), with their ratio. Needs PostgreSQL's server binaries (installed with
apt when missing and run as root) and nothing else outside the project's virtualenv.
"""

import html
import json
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
TRY_AGAIN = "Probeer het zo opnieuw"
RESEND_FORM = re.compile(r'<form method="post" action="([^"]+)">')
HIDDEN = re.compile(r'<input type="hidden" name="([^"]+)" value="([^"]*)">')
RESEND_ATTEMPTS = 30
STEPS = 5  # the standard questionnaire: one step per condition


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

    def __init__(
        self, base: str, token: str, latencies: list, errors: list, events: list | None = None
    ) -> None:
        self.base, self.token = base, token
        self.session = requests.Session()
        self.latencies, self.errors = latencies, errors
        self.events = events if events is not None else []
        self.resume: str | None = None
        self.outcome = "unfinished"
        # What this person typed last on each step: {step number: {field: value}}.
        self.typed: dict[int, dict[str, str]] = {}

    def request(self, method: str, path: str, **kwargs) -> requests.Response | None:
        start = time.perf_counter()
        try:
            response = self.session.request(method, self.base + path, timeout=30, **kwargs)
        except requests.RequestException as exc:
            self.errors.append(type(exc).__name__)
            return None
        if response.status_code == 503 and TRY_AGAIN in response.text:
            self.events.append("Dutch 'try again' page")
            if RESEND_FORM.search(response.text):
                return self.resend(response)
            return self.reload(response.url)
        if response.status_code >= 500:
            self.errors.append(f"HTTP {response.status_code}")
            return None
        self.latencies.append(time.perf_counter() - start)
        return response

    def reload(self, url: str) -> requests.Response | None:
        """Does what the Dutch page asks for a page load: waits a second and loads it again."""
        for _attempt in range(RESEND_ATTEMPTS):
            time.sleep(1)
            try:
                response = self.session.get(url, timeout=30)
            except requests.RequestException as exc:
                self.errors.append(f"reload: {type(exc).__name__}")
                continue
            if response.status_code == 503 and TRY_AGAIN in response.text:
                continue
            if response.status_code >= 500:
                self.errors.append(f"reload: HTTP {response.status_code}")
                return None
            self.events.append("reloaded after the Dutch page")
            return response
        self.events.append("reload failed")
        return None

    def resend(self, page: requests.Response) -> requests.Response | None:
        """Presses "Opnieuw versturen" on the Dutch page, a second later, until it is saved."""
        for _attempt in range(RESEND_ATTEMPTS):
            action = html.unescape(RESEND_FORM.search(page.text).group(1))
            fields = [(name, html.unescape(value)) for name, value in HIDDEN.findall(page.text)]
            time.sleep(1)
            try:
                response = self.session.post(self.base + action, data=fields, timeout=30)
            except requests.RequestException as exc:
                self.errors.append(f"resend: {type(exc).__name__}")
                continue
            if response.status_code == 503 and TRY_AGAIN in response.text:
                page = response
                continue
            if response.status_code >= 400:
                self.errors.append(f"resend: HTTP {response.status_code}")
                self.events.append("resend failed")
                return None
            self.events.append("resent from the Dutch page and saved")
            return response
        self.events.append("resend failed")
        return None

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
            if step := STEP.search(path):
                fields = {
                    name: str(rng.randint(1, 5)) for name in set(STATEMENT.findall(page.text))
                }
                if 'name="comment"' in page.text and rng.random() < 0.3:
                    fields["comment"] = f"opmerking {secrets.token_hex(6)} & <later>"
                self.typed[int(step.group(1))] = fields
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
        events: list[str] = []
        respondents = [
            Respondent(base, token, latencies, errors, events) for _ in range(RESPONDENTS)
        ]
        deadline = time.monotonic() + DEADLINE
        faults: list[str] = []

        def saved_steps() -> int:
            return sum(len(r.typed) for r in respondents)

        def inject() -> None:
            # While respondents are in the middle of the scan (they move almost in step, so
            # "a third of them done" would be the end): kill a worker after a fifth of all step
            # saves, restart PostgreSQL at half of them, with requests in flight.
            all_steps = RESPONDENTS * STEPS
            while saved_steps() < all_steps // 5:
                time.sleep(0.05)
            children = subprocess.run(
                ["pgrep", "-P", str(server.pid)], capture_output=True, text=True
            ).stdout.split()
            if children:
                os.kill(int(children[0]), signal.SIGKILL)
                faults.append(f"SIGKILL to gunicorn worker {children[0]}")
            while saved_steps() < all_steps // 2:
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
        stored_typed = json.loads(manage_shell(STORED_TYPED))
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
        f"pages seen while the database restarted: "
        f"{ {e: events.count(e) for e in sorted(set(events))} }"
    )
    typed_last = typed_by_the_respondents([r for r in respondents if r.outcome == "submitted"])
    typed_kept = typed_last == stored_typed
    say(
        f"what respondents typed last (answers per statement, comments) "
        f"{'equals' if typed_kept else 'DIFFERS FROM'} what the database holds: "
        f"{sum(typed_last['count'].values())} answers, {len(typed_last['comments'])} comments"
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
        f"throughput ratio scan / health (/gezond/): {scan_rps / ceiling_rps:.2f} "
        f"(requests/s), p95 {percentile(latencies, 0.95) / percentile(ceiling, 0.95):.1f}x"
    )
    server_errors = [e for e in errors if e.endswith("HTTP 500")]
    dutch_pages = events.count("Dutch 'try again' page")
    resend_failed = events.count("resend failed")
    resent = events.count("resent from the Dutch page and saved")
    checks = {
        "nothing lost or half-stored": stored == submitted == complete and half == 0,
        "what was typed is what is stored": typed_kept,
        "no 500 page": not server_errors,
        "the Dutch 'try again' page was seen": dutch_pages > 0,
        "a step being saved was sent again from it": resent > 0,
        "every resend was saved and every reload answered": resend_failed == 0
        and "reload failed" not in events,
    }
    for name, passed in checks.items():
        say(f"  {'ok  ' if passed else 'FAIL'} {name}")
    ok = all(checks.values())
    say(
        "RESULT: "
        + (
            "OK, nothing lost and nothing half-stored; the Dutch page kept what was typed"
            if ok
            else "FAILED"
        )
    )
    sys.exit(0 if ok else 1)


def typed_by_the_respondents(respondents: list[Respondent]) -> dict:
    """Per statement the sum and number of answers, and every comment, as STORED_TYPED prints."""
    total: dict[str, int] = {}
    count: dict[str, int] = {}
    comments: list[str] = []
    for respondent in respondents:
        for fields in respondent.typed.values():
            for name, value in fields.items():
                if name == "comment":
                    comments.append(value)
                    continue
                statement = name.removeprefix("stelling-")
                total[statement] = total.get(statement, 0) + int(value)
                count[statement] = count.get(statement, 0) + 1
    return {"total": total, "count": count, "comments": sorted(comments)}


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

STORED_TYPED = """
import json
from django.db.models import Count, Sum
from evaluation.models import Answer, Comment
answers = Answer.objects.filter(response__status="ingediend").values("statement_id")
answers = answers.annotate(total=Sum("value"), count=Count("pk"))
comments = Comment.objects.filter(response__status="ingediend").values_list("text", flat=True)
print(json.dumps({
    "total": {str(a["statement_id"]): a["total"] for a in answers},
    "count": {str(a["statement_id"]): a["count"] for a in answers},
    "comments": sorted(comments),
}))
"""


if __name__ == "__main__":
    main()
