"""Deployment: the Dockerfile (linted, and its recipe run outside Docker), the production
settings, and the app behind nginx with two replicas and sticky sessions, in a real browser."""

from __future__ import annotations

import json
import os
import shlex
import shutil
import subprocess
import sys
import tomllib
import urllib.request
from pathlib import Path

import pytest
from support import ROOT, free_port, wait_healthy

pytestmark = pytest.mark.deploy


DOCKERFILE = ROOT / "Dockerfile"


def instructions(path: Path = DOCKERFILE) -> list[tuple[str, str]]:
    """The Dockerfile as (INSTRUCTION, arguments), continuation lines joined, comments dropped."""
    out: list[tuple[str, str]] = []
    pending = ""
    for raw in path.read_text().splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line.endswith("\\"):
            pending += line[:-1] + " "
            continue
        line, pending = pending + line, ""
        word, _, rest = line.partition(" ")
        out.append((word.upper(), rest.strip()))
    return out


def _exec_form(text: str) -> list[str]:
    value = json.loads(text)
    assert isinstance(value, list) and all(isinstance(v, str) for v in value), text
    return value


def test_hadolint_reports_nothing() -> None:
    hadolint = shutil.which("hadolint") or str(Path(sys.executable).with_name("hadolint"))
    result = subprocess.run([hadolint, str(DOCKERFILE)], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0 and not result.stdout.strip(), result.stdout + result.stderr


def test_the_dockerfile_follows_the_deployment_guide() -> None:
    steps = dict(instructions())
    kinds = [k for k, _ in instructions()]
    assert steps["FROM"].startswith("python:3.11-slim")
    assert steps["WORKDIR"] == "/app" and steps["EXPOSE"] == "8501"
    assert steps["USER"] not in ("root", "0") and kinds.index("USER") > kinds.index("RUN")
    assert "/_stcore/health" in steps["HEALTHCHECK"]
    entry = _exec_form(steps["ENTRYPOINT"])
    assert entry[:3] == ["streamlit", "run", "app.py"] and "--server.address=0.0.0.0" in entry
    assert "-r requirements.txt" in steps["RUN"]


def test_dockerignore_keeps_what_the_image_copies() -> None:
    ignored = {
        line.strip().rstrip("/")
        for line in (ROOT / ".dockerignore").read_text().splitlines()
        if line.strip() and not line.startswith("#")
    }
    copied = [src for kind, args in instructions() if kind == "COPY" for src in args.split()[:-1]]
    assert copied and not ignored & set(copied), ignored & set(copied)
    assert {".git", ".venv", "tests", "bench"} <= ignored


def test_production_settings() -> None:
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text())
    server, client = config["server"], config["client"]
    assert server["headless"] is True and server["fileWatcherType"] == "none"
    assert server["maxUploadSize"] == 1  # MB, as gdviz.data reads
    from gdviz.data import MAX_BYTES

    assert server["maxUploadSize"] * 1_000_000 >= MAX_BYTES
    assert config["browser"]["gatherUsageStats"] is False
    assert client["showErrorDetails"] == "none" and client["toolbarMode"] == "viewer"
    assert config["theme"]["base"] == "light"


# ---------------------------------------------------------------------------------------------
# The class polls' Redis, in compose and Kubernetes

COMPOSE = ROOT / "deploy" / "docker-compose.yml"
KUBERNETES = ROOT / "deploy" / "kubernetes" / "gdviz.yaml"


def _redis_url_host(url: str) -> tuple[str, int]:
    from urllib.parse import urlsplit

    parts = urlsplit(url)
    assert parts.scheme == "redis" and parts.hostname, url
    return parts.hostname, parts.port or 6379


def test_compose_gives_every_replica_one_redis() -> None:
    import yaml

    services = yaml.safe_load(COMPOSE.read_text())["services"]
    app, redis = services["app"], services["redis"]
    assert redis["image"].startswith("redis:7") and "ports" not in redis  # not published outside
    command = redis["command"]
    assert command[0] == "redis-server" and command[command.index("--save") + 1] == ""
    assert command[command.index("--appendonly") + 1] == "no"
    assert "redis-cli" in redis["healthcheck"]["test"]
    # every replica (one service, scaled) gets the URL of that service, and waits for it
    host, port = _redis_url_host(app["environment"]["GDVIZ_REDIS_URL"])
    assert host == "redis" and port == 6379
    assert app["depends_on"]["redis"]["condition"] == "service_healthy"
    assert "GDVIZ_REDIS_URL" not in services["proxy"].get("environment", {})


def test_the_kubernetes_manifest_wires_redis_to_the_app() -> None:
    import yaml

    docs = list(yaml.safe_load_all(KUBERNETES.read_text()))
    by = {(d["kind"], d["metadata"]["name"]): d for d in docs}
    app = by["Deployment", "gdviz"]["spec"]["template"]["spec"]["containers"][0]
    env = {e["name"]: e.get("value") for e in app["env"]}
    host, port = _redis_url_host(env["GDVIZ_REDIS_URL"])
    service = by["Service", host]  # the URL names a Service of this manifest...
    assert any(p["port"] == port for p in service["spec"]["ports"])
    deployments = [d for (kind, _), d in by.items() if kind == "Deployment"]
    target = [d for d in deployments if d["spec"]["template"]["metadata"]["labels"] == service["spec"]["selector"]]
    assert len(target) == 1  # ...which selects the one Redis Deployment, on the port Redis listens to
    redis = target[0]["spec"]["template"]["spec"]["containers"][0]
    assert redis["image"].startswith("redis:7") and target[0]["spec"]["replicas"] == 1
    target_port = next(p["targetPort"] for p in service["spec"]["ports"] if p["port"] == port)
    assert {p["containerPort"] for p in redis["ports"]} == {target_port}
    assert redis["args"][redis["args"].index("--save") + 1] == ""


def test_the_shipped_redis_settings_run_on_a_real_redis(tmp_path: Path) -> None:
    """Debian's redis-server started with the compose file's own arguments (the port moved):
    they are valid, it keeps nothing on disk, and the app's store works against it."""
    import yaml
    from support import redis_server

    from gdviz.poll_redis import RedisStore

    command = yaml.safe_load(COMPOSE.read_text())["services"]["redis"]["command"]
    assert command[0] == "redis-server"
    with redis_server(*command[1:], cwd=tmp_path) as url:  # fails when redis-server refuses them
        store = RedisStore(url)
        created, _ = store.create("choice", "/?lr=0.19")
        store.answer(created.code, "ana", "zigzag")
        assert store.tally(created.code)["zigzag"] == 1
        assert store.redis.config_get("maxmemory-policy")["maxmemory-policy"] == "volatile-lru"
        assert store.redis.config_get("save")["save"] == ""
        assert store.redis.config_get("appendonly")["appendonly"] == "no"
    assert not list(tmp_path.iterdir())  # no dump.rdb, no appendonly file


@pytest.mark.timeout(600)
def test_the_recipe_reaches_a_healthy_server_in_a_fresh_environment(tmp_path: Path) -> None:
    """Docker does not run here: the Dockerfile's own steps are carried out by hand instead —
    COPY into a fresh /app, RUN with a fresh virtual environment's python and pip first on the
    PATH, ENV as given, then the ENTRYPOINT and the HEALTHCHECK command (on a free port, not 8501).
    The system's own setup before the first COPY (creating the user account) is not done to this
    machine, and USER is not switched."""
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, timeout=120)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("VIRTUAL_ENV", "PYTHON"))}
    env["PATH"] = f"{venv / 'bin'}{os.pathsep}{env.get('PATH', '')}"
    workdir = tmp_path
    entry: list[str] = []
    health: list[str] = []
    copied = False
    for kind, args in instructions():
        if kind == "ENV":
            for pair in shlex.split(args):
                key, _, value = pair.partition("=")
                env[key] = value
        elif kind == "WORKDIR":
            workdir = tmp_path / args.lstrip("/")
            workdir.mkdir(parents=True, exist_ok=True)
        elif kind == "COPY":
            copied = True
            *sources, dest = args.split()
            for src in sources:
                origin, target = ROOT / src, workdir / dest
                if dest.endswith("/"):
                    target = target / origin.name
                if origin.is_dir():
                    shutil.copytree(origin, target, ignore=shutil.ignore_patterns("__pycache__"))
                else:
                    target.parent.mkdir(parents=True, exist_ok=True)
                    shutil.copy2(origin, target)
        elif kind == "RUN" and copied:
            subprocess.run(["bash", "-c", args], cwd=workdir, env=env, check=True, timeout=480)
        elif kind == "RUN":  # before any COPY: the system's own setup (the user account), not for this machine
            assert args.startswith("useradd "), args
        elif kind == "ENTRYPOINT":
            entry = _exec_form(args)
        elif kind == "HEALTHCHECK":
            health = _exec_form(args.split(" CMD ", 1)[1])
    assert (workdir / "gdviz" / "assets" / "plotly.min.js").exists()  # committed, copied with gdviz/
    port = free_port()
    command = [a.replace("8501", str(port)) for a in entry]
    assert command != entry  # the port really was moved
    url = f"http://127.0.0.1:{port}"
    with open(tmp_path / "server.log", "w") as log:
        proc = subprocess.Popen(command, cwd=workdir, env=env, stdout=log, stderr=subprocess.STDOUT)
        try:
            wait_healthy(url, proc, 90)
            check = subprocess.run(
                [a.replace("8501", str(port)) for a in health], cwd=workdir, env=env, timeout=30, capture_output=True
            )
            assert check.returncode == 0, check.stderr
            with urllib.request.urlopen(url, timeout=10) as r:
                assert r.status == 200 and b"<noscript>" in r.read()
            served_by = subprocess.run(["bash", "-c", "command -v streamlit"], env=env, capture_output=True, text=True)
            assert served_by.stdout.startswith(str(venv))  # the fresh environment's streamlit
        finally:
            proc.terminate()
            proc.wait(timeout=20)


# ---------------------------------------------------------------------------------------------
# Two replicas behind Debian's nginx, with deploy/nginx/gdviz.conf as it is shipped


@pytest.fixture(scope="module")
def proxy(tmp_path_factory):
    """nginx on a free port in front of two app processes; yields (proxy URL, replica URLs)."""
    from contextlib import ExitStack

    from support import app_server, nginx_proxy

    with ExitStack() as stack:
        replicas = [stack.enter_context(app_server()) for _ in range(2)]
        url = stack.enter_context(nginx_proxy(tmp_path_factory.mktemp("nginx"), replicas))
        yield url, replicas


def _get(url: str, cookie: str | None = None) -> tuple[str, str | None]:
    request = urllib.request.Request(url, headers={"Cookie": cookie} if cookie else {})
    with urllib.request.urlopen(request, timeout=10) as r:
        r.read()
        route = next((c for c in r.headers.get_all("Set-Cookie") or [] if c.startswith("gdviz_route=")), None)
        return r.headers["X-Gdviz-Upstream"], route


def test_the_proxy_spreads_new_browsers_and_keeps_each_on_its_replica(proxy) -> None:
    url, replicas = proxy
    first = [_get(url) for _ in range(30)]
    assert {upstream for upstream, _ in first} == {r.removeprefix("http://") for r in replicas}
    upstream, cookie = first[0]
    assert cookie is not None
    key = cookie.split(";")[0]
    assert {_get(f"{url}/_stcore/health", key)[0] for _ in range(20)} == {upstream}
    with urllib.request.urlopen(f"{url}/healthz", timeout=10) as r:
        assert r.status == 200 and r.read() == b"ok"


def test_a_browser_session_through_the_proxy(proxy) -> None:
    playwright = pytest.importorskip("playwright.sync_api")
    from support import APP_IDLE, launch, lr_slider, wait_drawn

    url, _ = proxy
    with playwright.sync_playwright() as p:
        browser = launch(p)
        try:
            context = browser.new_context(viewport={"width": 1400, "height": 1000})
            page = context.new_page()
            upstreams: set[str] = set()
            errors: list[str] = []
            page.on("response", lambda r: upstreams.add(r.headers.get("x-gdviz-upstream", "")))
            page.on("pageerror", lambda e: errors.append(str(e)))
            page.on("websocket", lambda ws: upstreams.add("websocket:" + ws.url))
            page.goto(url)
            rev = wait_drawn(page, timeout=60_000)
            path = "document.querySelector('[data-testid=gdviz-contour]').data.find((t) => t.name === 'path Wᵗ')"
            before = page.evaluate(f"() => {path}.x.length")
            lr_slider(page).focus()
            page.keyboard.press("ArrowLeft")
            wait_drawn(page, rev)
            assert page.evaluate(f"() => {path}.x.length") != before  # α changed, the charts redrew
            assert "lr=" in page.url
            with page.expect_download() as download:  # a file the replica holds for this session
                page.get_by_role("button", name="download the steps (CSV)").click()
            assert download.value.path().read_text(encoding="utf-8-sig").startswith("t,")
            page.wait_for_selector(APP_IDLE)
            answered = {u for u in upstreams if u and not u.startswith("websocket:")}
            assert len(answered) == 1, answered  # every response of this browser: one replica
            assert any(u.startswith("websocket:") and "/_stcore/stream" in u for u in upstreams)
            assert not errors, errors
        finally:
            browser.close()
