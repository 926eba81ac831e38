"""make loadtest: 200 respondents fill in the scan at once against gunicorn + PostgreSQL.

Production settings (DEBUG off) and production's gunicorn.conf.py (sync workers, as many as it
starts: GUNICORN_WORKERS or 2 x cores + 1; LOADTEST_GUNICORN_WORKERS overrides) on loopback,
with the access log on and the database task backend with one `db_worker` beside it, as in
production (the national comparison after submits runs there, once per burst, not in the
request). Each phase has its own round, checked on its own.

Warm-up (not measured): a few respondents per worker, so every worker has loaded its templates,
translations and questionnaire before the measurement, as a running server has.

Phase 1, the measurement, without faults: 200 respondents (one thread and one HTTP session
each) fill in the scan at once; then 200 clients call /gezond/ (no database, no template) at
once on the same server, as many requests in all. Printed for each:
- throughput in HTTP requests/s (a saved step counts twice: the POST and the page it redirects
  to) and latency per page load as the respondent waits for it (p50/p95);
- gunicorn's own time per request, from its access log (for the scan also per page): the
  server's share of the latency; the rest is queueing for a worker and the client;
- CPU seconds of this client, gunicorn, PostgreSQL, other processes and idle, from /proc: which
  of them is the bottleneck, and how busy the (shared) machine was meanwhile.
"throughput ratio scan / health" is scan requests/s divided by /gezond/ requests/s (issue 17
asks for >= 0.25). Also printed: CPU per request of each (client, gunicorn, PostgreSQL) and two
ratios of it: of all CPU, what the throughput ratio comes to when the CPU is the limit and
nothing else runs (the machine is shared: when "other processes" is large in one phase and not
the other, trust this one more), and of the server's CPU alone, what it would be with the
clients on other machines, as in production.

Phase 2, the faults, for the checks: 200 other respondents fill in the scan while one gunicorn
worker is killed with SIGKILL (after a fifth of all step saves) and PostgreSQL is restarted (at
half of them). Respondents who hit an error retry through their personal resume link, as a
person would. While the database is away the app must answer with its Dutch "probeer het zo
opnieuw" page (503), never a 500; a respondent who was saving a step presses its "Opnieuw
versturen" button, which sends what they typed again. Afterwards the database must hold exactly
the responses that reached the thanks page, each complete, no half-stored submission, and
exactly the answers and comments those respondents typed last. Its requests/s are printed too,
but they include the faults and the respondents' retry waits: not comparable with /gezond/.

The exit status is 1 when a check fails (phase 1's respondents must all submit too); the
ratio is a measurement and does not change it. Needs PostgreSQL's server binaries (installed
with apt when missing and run as root) and nothing else outside the project's virtualenv.
"""

import html
import json
import os
import re
import resource
import runpy
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
# As many gunicorn workers as production runs (gunicorn.conf.py: GUNICORN_WORKERS or 2 x cores
# + 1), unless LOADTEST_GUNICORN_WORKERS says otherwise.
WORKERS = int(
    os.environ.get("LOADTEST_GUNICORN_WORKERS")
    or runpy.run_path(str(ROOT / "gunicorn.conf.py"))["workers"]
)
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
TARGET_RATIO = 0.25  # issue 17: scan requests/s at least a quarter of /gezond/'s


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

    def pid(self) -> int:
        """The postmaster's process id (the first line of postmaster.pid)."""
        return int((self.dir / "data" / "postmaster.pid").read_text().split()[0])

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
        self.http_requests = 0
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
        # HTTP requests the server answered: a saved step is a POST and the redirected GET.
        self.http_requests += 1 + len(response.history)
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
            data={**self.csrf(page), "role": "professional"},
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
        shown: requests.Response | None = None  # the page a saved step redirected to
        while time.monotonic() < deadline:
            if path is None or "bedankt" in path:
                self.outcome = "submitted" if path else "lost"
                return self.outcome
            # Like a browser, go on from the page the last save redirected to; load it only
            # when there is none (the first step, after an error).
            page, shown = shown or self.request("GET", path), None
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
            if posted is not page:
                shown = posted
        self.outcome = "out of time"
        return self.outcome


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


def process_cpu(pid: int, children: bool = False) -> float:
    """CPU seconds a process used; with ``children``, also those of its ended children."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    ticks = int(fields[11]) + int(fields[12])  # utime, stime
    if children:
        ticks += int(fields[13]) + int(fields[14])  # cutime, cstime
    return ticks / CLOCK_TICKS


def tree_cpu(pid: int) -> float:
    """CPU seconds of a process and its children, ended or running (gunicorn's workers,
    PostgreSQL's backends)."""
    children = subprocess.run(["pgrep", "-P", str(pid)], capture_output=True, text=True).stdout
    return process_cpu(pid, children=True) + sum(process_cpu(int(c)) for c in children.split())


def machine_cpu() -> tuple[float, float]:
    """CPU seconds of the whole machine since boot: (busy, idle), all cores together."""
    ticks = [int(x) for x in Path("/proc/stat").read_text().splitlines()[0].split()[1:]]
    idle = ticks[3] + ticks[4]  # idle, iowait
    return (sum(ticks[:8]) - idle) / CLOCK_TICKS, idle / CLOCK_TICKS


class CpuMeter:
    """Where the CPU time of a phase went: this client, gunicorn, PostgreSQL, other processes
    on the machine (the machine is shared), and idle."""

    def __init__(self, gunicorn_pid: int, postgres: "Postgres") -> None:
        self.gunicorn_pid, self.postgres = gunicorn_pid, postgres
        self.start = self._read()

    def _read(self) -> dict[str, float]:
        usage = resource.getrusage(resource.RUSAGE_SELF)
        busy, idle = machine_cpu()
        return {
            "wall": time.perf_counter(),
            "client": usage.ru_utime + usage.ru_stime,
            "gunicorn": tree_cpu(self.gunicorn_pid),
            "PostgreSQL": tree_cpu(self.postgres.pid()),
            "busy": busy,
            "idle": idle,
        }

    def stop(self) -> dict[str, float]:
        """CPU seconds per part since the start, and the wall-clock seconds ("wall")."""
        end = self._read()
        self.used = {name: end[name] - self.start[name] for name in end}
        self.used["other processes"] = max(
            0.0, self.used["busy"] - sum(self.used[part] for part in OURS)
        )
        return self.used

    def describe(self) -> str:
        used = self.used
        return (
            f"CPU seconds ({os.cpu_count()} cores x {used['wall']:.1f} s): "
            + ", ".join(f"{part} {used[part]:.1f}" for part in (*OURS, "other processes"))
            + f", idle {used['idle']:.1f}"
        )


OURS = ("client", "gunicorn", "PostgreSQL")


def server_times(log: Path, start: int, end: int) -> dict[str, list[float]]:
    """gunicorn's own duration of each request in seconds (the access log's last field, in ms)
    between two offsets of the access log, per page ("POST /stap/N/") and for all scan pages
    ("scan") and /gezond/ ("health"): the server's share of what the client measured."""
    with log.open("rb") as file:
        file.seek(start)
        lines = file.read(end - start).decode(errors="replace").splitlines()
    times: dict[str, list[float]] = {"scan": [], "health": []}
    for line in lines:
        found = re.search(r'"(GET|POST) (\S+) [^"]*" \d+ \S+ (\d+)ms$', line)
        if not found:
            continue
        method, path, seconds = found.group(1), found.group(2), int(found.group(3)) / 1000
        if path == "/gezond/":
            times["health"].append(seconds)
            continue
        times["scan"].append(seconds)
        page = re.sub(r"^/scan/[^/]+", "", re.sub(r"/\d+/$", "/N/", path))
        times.setdefault(f"{method} {page}", []).append(seconds)
    return times


def figures(label: str, requests_: int, values: list[float], seconds: float) -> str:
    """Throughput in HTTP requests/s; latency per page load as the respondent waits for it
    (a saved step: the POST and the page it redirects to)."""
    return (
        f"{label + ':':<26}{requests_} HTTP requests ({len(values)} page loads) in "
        f"{seconds:.1f} s = {requests_ / seconds:.0f} req/s; per page load p50 "
        f"{percentile(values, 0.5) * 1000:.0f} ms, p95 {percentile(values, 0.95) * 1000:.0f} ms"
    )


def served(label: str, values: list[float]) -> str:
    mean = sum(values) / len(values) if values else 0.0
    return (
        f"  {label + ' in gunicorn:':<24}mean {mean * 1000:.1f} ms, "
        f"p50 {percentile(values or [0], 0.5) * 1000:.0f} ms, "
        f"p95 {percentile(values or [0], 0.95) * 1000:.0f} ms (its access log)"
    )


def by_page(times: dict[str, list[float]]) -> str:
    pages = [(page, values) for page, values in times.items() if page not in ("scan", "health")]
    return "  mean per page in gunicorn: " + ", ".join(
        f"{page} {sum(values) / len(values) * 1000:.0f} ms ({len(values)}x)"
        for page, values in sorted(pages, key=lambda item: -len(item[1]))
    )


def cpu_per_request(used: dict[str, float], count: int, parts: tuple = OURS) -> float:
    """Milliseconds of CPU these parts (client, gunicorn, PostgreSQL) spent per request."""
    return sum(used[part] for part in parts) / count * 1000


def cpu_parts(used: dict[str, float], count: int) -> str:
    return ", ".join(f"{part} {cpu_per_request(used, count, (part,)):.1f}" for part in OURS)


def fill_in(respondents: list[Respondent], deadline: float) -> tuple[list[str], float]:
    """All respondents fill in the scan at once, each in its own thread; (outcomes, seconds)."""
    start = time.perf_counter()
    with ThreadPoolExecutor(max_workers=len(respondents)) as pool:
        outcomes = list(pool.map(lambda r: r.run(deadline), respondents))
    return outcomes, time.perf_counter() - start


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
        # As in production: background work (the national comparison after submits, coalesced
        # per burst) is queued in the database and run by a task worker, not in the request.
        "TASK_BACKEND": "database",
        "LOG_LEVEL": "WARNING",
    }
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    manage = [PYTHON, str(ROOT / "manage.py")]
    access_log = postgres.dir / "access.log"

    def manage_shell(code: str) -> str:
        """Runs Python in the app (manage.py shell) and returns the lines it printed."""
        result = subprocess.run(
            [*manage, "shell", "-c", code],
            env=env,
            check=True,
            cwd=ROOT,
            capture_output=True,
            text=True,
        )
        return result.stdout.strip().splitlines()

    def log_offset() -> int:
        return access_log.stat().st_size if access_log.exists() else 0

    server = worker = None
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
        # One round (and team) per phase, so each phase's responses are checked on their own.
        rounds = [line.split() for line in manage_shell(SETUP_ROUNDS)[-3:]]
        (_, warm_token), (calm_round, calm_token), (fault_round, fault_token) = rounds
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
                # As in production, every request is logged; the log gives the server's time.
                "--access-logfile",
                str(access_log),
            ],
            env=env,
            cwd=ROOT,
        )
        # One task worker beside the web server, as docs/deployment.md runs it.
        worker = subprocess.Popen(
            [*manage, "db_worker"],
            env=env,
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        base = f"http://127.0.0.1:{port}"
        for _ in range(100):
            try:
                if requests.get(base + "/gezond/", timeout=1).status_code == 200:
                    break
            except requests.RequestException:
                time.sleep(0.2)
        say(f"gunicorn with {WORKERS} sync workers on {base}; {RESPONDENTS} respondents per phase")

        # Phase 1, the measurement: the scan without faults, then /gezond/ with as many
        # concurrent clients making as many requests, on the same server.
        # Every worker first serves some respondents (not measured), as a running server has:
        # its first requests load templates, translations and the questionnaire's steps.
        warm = [Respondent(base, warm_token, [], []) for _ in range(WORKERS * 4)]
        fill_in(warm, time.monotonic() + DEADLINE)
        say("phase 1: the scan without faults, then /gezond/ at the same concurrency…")
        calm_latencies: list[float] = []
        calm_errors: list[str] = []
        calm = [
            Respondent(base, calm_token, calm_latencies, calm_errors) for _ in range(RESPONDENTS)
        ]
        log_start, meter = log_offset(), CpuMeter(server.pid, postgres)
        calm_outcomes, calm_elapsed = fill_in(calm, time.monotonic() + DEADLINE)
        calm_cpu, log_calm = meter.stop(), log_offset()
        calm_cpu_text = meter.describe()

        ceiling: list[float] = []
        ceiling_errors: list[str] = []
        probes = [Respondent(base, "", ceiling, ceiling_errors) for _ in range(RESPONDENTS)]
        calm_requests = sum(r.http_requests for r in calm)
        per_thread = max(1, calm_requests // RESPONDENTS)
        meter = CpuMeter(server.pid, postgres)
        ceiling_start = time.perf_counter()
        with ThreadPoolExecutor(max_workers=RESPONDENTS) as pool:
            list(
                pool.map(
                    lambda probe: [probe.request("GET", "/gezond/") for _ in range(per_thread)],
                    probes,
                )
            )
        ceiling_elapsed = time.perf_counter() - ceiling_start
        ceiling_cpu, log_ceiling = meter.stop(), log_offset()
        ceiling_cpu_text = meter.describe()

        # Phase 2, the faults: the same again on another round, with a killed worker and a
        # database restart, for the checks that nothing is lost.
        say("phase 2: the scan with a killed worker and a PostgreSQL restart…")
        latencies: list[float] = []
        errors: list[str] = []
        events: list[str] = []
        respondents = [
            Respondent(base, fault_token, latencies, errors, events) for _ in range(RESPONDENTS)
        ]
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
        outcomes, elapsed = fill_in(respondents, time.monotonic() + DEADLINE)
        injector.join(timeout=5)

        calm_check = [int(x) for x in manage_shell(VERIFY % {"round": calm_round})[-1].split()]
        check = [int(x) for x in manage_shell(VERIFY % {"round": fault_round})[-1].split()]
        stored_typed = json.loads(manage_shell(STORED_TYPED % {"round": fault_round})[-1])
    finally:
        for process in (server, worker):
            if process is not None:
                process.terminate()
                process.wait(timeout=30)
        timings = (
            {
                "calm": server_times(access_log, log_start, log_calm),
                "ceiling": server_times(access_log, log_calm, log_ceiling),
            }
            if server is not None and access_log.exists()
            else {}
        )
        postgres.stop()

    calm_rps = calm_requests / calm_elapsed
    ceiling_rps = len(ceiling) / ceiling_elapsed
    ratio = calm_rps / ceiling_rps
    say("")
    say(f"PHASE 1, MEASUREMENT (no faults; {RESPONDENTS} concurrent clients, {WORKERS} workers)")
    say(
        f"respondents: {RESPONDENTS}; reached the thanks page: {calm_outcomes.count('submitted')}; "
        f"errors: {len(calm_errors) + len(ceiling_errors)}"
    )
    say(figures("scan", calm_requests, calm_latencies, calm_elapsed))
    say(served("scan", timings.get("calm", {}).get("scan", [])))
    say(by_page(timings.get("calm", {})))
    say(f"  {calm_cpu_text}")
    say(figures("health (/gezond/)", len(ceiling), ceiling, ceiling_elapsed))
    say(served("/gezond/", timings.get("ceiling", {}).get("health", [])))
    say(f"  {ceiling_cpu_text}")
    scan_cost = cpu_per_request(calm_cpu, calm_requests)
    health_cost = cpu_per_request(ceiling_cpu, len(ceiling))
    scan_server = cpu_per_request(calm_cpu, calm_requests, ("gunicorn", "PostgreSQL"))
    health_server = cpu_per_request(ceiling_cpu, len(ceiling), ("gunicorn", "PostgreSQL"))
    say(
        f"CPU per request: scan {scan_cost:.1f} ms ("
        + cpu_parts(calm_cpu, calm_requests)
        + f"), /gezond/ {health_cost:.1f} ms ("
        + cpu_parts(ceiling_cpu, len(ceiling))
        + ")"
    )
    say(
        f"  ratio of all CPU per request {health_cost / scan_cost:.2f} (the throughput ratio when "
        f"the CPU is the limit and nothing else runs); of the server's alone "
        f"{health_server / scan_server:.2f} (with the clients on other machines, as in production)"
    )
    say(
        f"throughput ratio scan / health (/gezond/): {ratio:.2f} "
        f"(HTTP requests/s, fault-free, same server and concurrency; target >= {TARGET_RATIO}), "
        f"p95 {percentile(calm_latencies, 0.95) / percentile(ceiling, 0.95):.1f}x"
    )

    submitted = outcomes.count("submitted")
    say("")
    say("PHASE 2, FAULTS (for the checks; its throughput includes the faults and retry waits)")
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
    stored, complete, half, drafts = check
    say(
        f"database: {stored} submitted responses, {complete} complete (an answer to every "
        f"statement, a score per condition), {half} half-stored, {drafts} unfinished drafts"
    )
    say(figures("scan with faults", sum(r.http_requests for r in respondents), latencies, elapsed))

    calm_stored, calm_complete, calm_half, _drafts = calm_check
    server_errors = [e for e in errors + calm_errors if e.endswith("HTTP 500")]
    dutch_pages = events.count("Dutch 'try again' page")
    resend_failed = events.count("resend failed")
    resent = events.count("resent from the Dutch page and saved")
    checks = {
        "phase 1: every respondent submitted, each complete": calm_outcomes.count("submitted")
        == calm_stored
        == calm_complete
        == RESPONDENTS
        and calm_half == 0,
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
        + f"; throughput ratio scan / health {ratio:.2f} (target >= {TARGET_RATIO})"
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


SETUP_ROUNDS = """
from datetime import timedelta
from django.utils import timezone
from evaluation import services
from evaluation.models import Gemeente, Questionnaire, Team
g, _ = Gemeente.objects.get_or_create(slug="belasting", defaults={"name": "Belasting"})
today = timezone.localdate()
q = Questionnaire.objects.get(key="standaard", version=1)
for name in ("opwarmen", "meten", "storingen"):
    t, _ = Team.objects.get_or_create(gemeente=g, slug=name, defaults={"name": name})
    r = services.round_create(team=t, questionnaire=q, title="Load",
        opens_on=today - timedelta(days=1), closes_on=today + timedelta(days=1))
    print(r.pk, r.invitations.get(revoked_at__isnull=True).token)
"""

# Of one round: submitted responses, how many of them are complete (an answer to every statement
# of the questionnaire, a score for each of its conditions), how many are not, unfinished drafts.
VERIFY = """
from django.db.models import Count
from evaluation.models import Response, Round
r = Round.objects.get(pk=%(round)s)
statements = r.questionnaire.statements.all()
answers, conditions = statements.count(), statements.values("condition").distinct().count()
rs = Response.objects.filter(round=r).annotate(
    a=Count("answers", distinct=True), s=Count("scores", distinct=True))
sub = rs.filter(status="ingediend")
complete = sub.filter(a=answers, s=conditions).count()
half = sub.exclude(a=answers, s=conditions).count()
print(sub.count(), complete, half, rs.filter(status="gestart").count())
"""

STORED_TYPED = """
import json
from django.db.models import Count, Sum
from evaluation.models import Answer, Comment
answers = Answer.objects.filter(response__round=%(round)s, response__status="ingediend")
answers = answers.values("statement_id").annotate(total=Sum("value"), count=Count("pk"))
comments = Comment.objects.filter(response__round=%(round)s, response__status="ingediend")
comments = comments.values_list("text", flat=True)
print(json.dumps({
    "total": {str(a["statement_id"]): a["total"] for a in answers},
    "count": {str(a["statement_id"]): a["count"] for a in answers},
    "comments": sorted(comments),
}))
"""


if __name__ == "__main__":
    main()
