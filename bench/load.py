"""Load test: a classroom of students on the Explorer at the same minute.

Each student is a real websocket client speaking Streamlit's own protocol (the BackMsg and
ForwardMsg protobufs the browser exchanges with the server): it opens the page, then keeps
changing α and the start W⁰ for a fixed time, a few seconds apart, and waits for each rerun to
finish. Against one server, and against two replicas behind nginx (deploy/nginx/gdviz.conf).

    .venv/bin/python bench/load.py [--sessions 30] [--seconds 60] [--think 2.0] [--scenario drag]

``--scenario``: ``click`` (the default) types α and W⁰ into the sidebar, one rerun per change;
``drag`` drags W⁰ on the map or α in the viewer: the browser previews the drag itself for 1–2 s,
sending nothing, and the release is one rerun (the viewer's trigger, as the browser sends it).

Reports, per setup: the rerun latency of a lone session (median), then under load p50 / p95 /
max, the errors (a failed connection, a rerun that raised, a page that showed an exception), and
the servers' memory (resident, with their child processes) before, at the peak, and after the
sessions closed and Streamlit let them go (server.disconnectedSessionTTL, 120 s).
Targets: no errors; p95 ≤ 3 × the lone median; memory back within 100 MB.
Not a test: it prints figures for the closing notes.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import random
import statistics
import sys
import tempfile
import threading
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

import websockets  # noqa: E402
from streamlit.proto.BackMsg_pb2 import BackMsg  # noqa: E402
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg  # noqa: E402
from support import app_process, nginx_proxy  # noqa: E402

from gdviz.app.fields import LR_OPTIONS  # noqa: E402

LRS = [v for v in LR_OPTIONS if 0.001 <= v <= 0.15]  # the quadratic bowl converges or crawls: real work


Trigger = tuple[str, str, object]
"""A component's trigger: its key, the event, the value (what the browser's ``setTriggerValue`` sends)."""


@dataclass
class Tally:
    latencies: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


class Student:
    """One browser's worth of Streamlit protocol: connect, run the page, change widgets."""

    def __init__(self, url: str) -> None:
        self.url = url.replace("http://", "ws://") + "/_stcore/stream"
        self.ids: dict[str, str] = {}
        self.ws: websockets.ClientConnection | None = None

    async def connect(self) -> None:
        host = self.url.split("/")[2]
        self.ws = await websockets.connect(
            self.url, subprotocols=["streamlit"], max_size=None, origin=f"http://{host}", open_timeout=30
        )

    async def rerun(
        self, values: dict[str, float] | None = None, trigger: tuple[str, str, object] | None = None
    ) -> float:
        """Ask for a rerun with these widget values, or with a component's trigger (its key, the
        event, the value: what ``setTriggerValue`` sends); return the seconds until it finished."""
        assert self.ws is not None
        msg = BackMsg()
        msg.rerun_script.query_string = ""
        for key, value in (values or {}).items():
            state = msg.rerun_script.widget_states.widgets.add()
            state.id = self.ids[key]
            state.double_value = value
        if trigger is not None:
            key, event, value = trigger
            state = msg.rerun_script.widget_states.widgets.add()
            # the component's trigger aggregator (streamlit.components.v2.bidi_component)
            state.id = f"$$STREAMLIT_INTERNAL_KEY_{self.ids[key]}__events"
            state.json_trigger_value = json.dumps([{"event": event, "value": value}])
            base = msg.rerun_script.widget_states.widgets.add()  # the component's own state, as the browser sends it
            base.id = self.ids[key]
            base.json_value = "{}"
        start = time.perf_counter()
        await self.ws.send(msg.SerializeToString())
        while True:
            reply = ForwardMsg()
            reply.ParseFromString(await asyncio.wait_for(self.ws.recv(), timeout=120))
            kind = reply.WhichOneof("type")
            if kind == "delta" and reply.delta.WhichOneof("type") == "new_element":
                element = reply.delta.new_element
                which = element.WhichOneof("type")
                if which == "exception":
                    raise RuntimeError(f"the page showed an exception: {element.exception.message}")
                widget_id = getattr(getattr(element, which), "id", "")
                if widget_id.startswith("$$ID-"):
                    self.ids[widget_id.split("-", 2)[2]] = widget_id
            elif kind == "script_finished":
                if reply.script_finished != ForwardMsg.FINISHED_SUCCESSFULLY:
                    raise RuntimeError(f"the rerun ended with status {reply.script_finished}")
                return time.perf_counter() - start

    async def close(self) -> None:
        if self.ws is not None:
            await self.ws.close()


def click(s: Student, rng: random.Random) -> Awaitable[float]:
    """Today's change: α and W⁰ typed into the sidebar, one rerun."""
    return s.rerun({"lr": rng.choice(LRS), "x0": round(rng.uniform(-3, 3), 2), "y0": round(rng.uniform(-3, 3), 2)})


async def drag(s: Student, rng: random.Random) -> float:
    """A drag of W⁰ on the map or of α in the viewer: 1–2 s the browser previews alone, then the
    release, one rerun."""
    await asyncio.sleep(rng.uniform(1.0, 2.0))
    if rng.random() < 0.5:
        release = ("explorer_viewer", "start", {"x": round(rng.uniform(-3, 3), 2), "y": round(rng.uniform(-3, 3), 2)})
    else:
        release = ("explorer_viewer", "lr", rng.choice(LRS))
    return await s.rerun(trigger=release)


SCENARIOS: dict[str, Callable[[Student, random.Random], Awaitable[float]]] = {"click": click, "drag": drag}


async def student(url: str, seconds: float, think: float, tally: Tally, seed: int, change=click) -> None:  # type: ignore[no-untyped-def]
    rng = random.Random(seed)
    s = Student(url)
    try:
        await s.connect()
        await s.rerun()  # the page opens
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            await asyncio.sleep(rng.uniform(0.5, 1.5) * think)
            tally.latencies.append(await change(s, rng))
    except Exception as err:  # every failure counts, whatever it is
        tally.errors.append(f"{type(err).__name__}: {err}")
    finally:
        with contextlib.suppress(Exception):
            await s.close()


def cpu_seconds(pids: list[int]) -> float:
    """User + system CPU time these processes have used so far."""
    total = 0
    for pid in pids:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        total += int(fields[11]) + int(fields[12])
    return total / os.sysconf("SC_CLK_TCK")


def rss_mb(pids: list[int]) -> float:
    """Resident memory of these processes and all their descendants, in MB."""
    total, seen, todo = 0, set(), list(pids)
    while todo:
        pid = todo.pop()
        if pid in seen:
            continue
        seen.add(pid)
        with contextlib.suppress(OSError):
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
            for task in Path(f"/proc/{pid}/task").iterdir():
                children = (task / "children").read_text().split()
                todo += [int(c) for c in children]
    return total / 1024


class MemoryWatch(threading.Thread):
    def __init__(self, pids: list[int]) -> None:
        super().__init__(daemon=True)
        self.pids, self.peak, self.running = pids, 0.0, True

    def run(self) -> None:
        while self.running:
            self.peak = max(self.peak, rss_mb(self.pids))
            time.sleep(0.25)


async def classroom(url: str, sessions: int, seconds: float, think: float, change=click) -> Tally:  # type: ignore[no-untyped-def]
    tally = Tally()
    # students arrive over two seconds, as a class opening a link does
    tasks = []
    for i in range(sessions):
        tasks.append(asyncio.create_task(student(url, seconds, think, tally, seed=i, change=change)))
        await asyncio.sleep(2.0 / sessions)
    await asyncio.gather(*tasks)
    return tally


def lone(url: str, changes: int, think: float, change=click) -> float:  # type: ignore[no-untyped-def]
    tally = asyncio.run(student_changes(url, changes, think, change))
    if tally.errors:
        raise RuntimeError(tally.errors[0])
    return statistics.median(tally.latencies)


async def student_changes(url: str, changes: int, think: float, change=click) -> Tally:  # type: ignore[no-untyped-def]
    tally = Tally()
    rng = random.Random(99)
    s = Student(url)
    await s.connect()
    await s.rerun()
    for _ in range(changes):
        await asyncio.sleep(think / 4)
        tally.latencies.append(await change(s, rng))
    await s.close()
    return tally


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def measure(name: str, url: str, servers: list[tuple[str, int]], args: argparse.Namespace) -> dict[str, float]:
    """The lone session, then the class, against ``url``; ``servers``: each replica's own URL and PID."""
    for own, _ in servers:  # warm every replica directly: its first page loads code and fills caches
        lone(own, 3, args.think)
    time.sleep(2)
    pids = [pid for _, pid in servers]
    before = rss_mb(pids)
    cpu = cpu_seconds(pids)
    alone = lone(url, 20, args.think, SCENARIOS[args.scenario])
    cpu = (cpu_seconds(pids) - cpu) / 21  # the page's first run and 20 changes
    watch = MemoryWatch(pids)
    watch.start()
    started = time.perf_counter()
    tally = asyncio.run(classroom(url, args.sessions, args.seconds, args.think, SCENARIOS[args.scenario]))
    took = time.perf_counter() - started
    watch.running = False
    watch.join()
    time.sleep(args.settle)
    after = rss_mb(pids)
    lat = tally.latencies
    p50, p95 = percentile(lat, 0.5), percentile(lat, 0.95)
    print(
        f"\n{name}: {args.sessions} sessions × {args.seconds:g} s, a change every ~{args.think:g} s each "
        f"({args.scenario})"
    )
    print(f"  lone session: median {alone * 1000:.0f} ms; server CPU per rerun {cpu * 1000:.0f} ms")
    print(
        f"  under load: {len(lat)} reruns in {took:.0f} s, p50 {p50 * 1000:.0f} ms, p95 {p95 * 1000:.0f} ms, "
        f"max {max(lat) * 1000:.0f} ms; p95 / lone median = {p95 / alone:.2f} (target ≤ 3)"
    )
    print(f"  errors: {len(tally.errors)}" + (f" — e.g. {tally.errors[0]}" if tally.errors else ""))
    print(
        f"  memory (servers + children): before {before:.0f} MB, peak {watch.peak:.0f} MB, "
        f"after {after:.0f} MB ({after - before:+.0f} MB; target ≤ +100)"
    )
    return {"p50": p50, "p95": p95, "alone": alone, "errors": len(tally.errors), "grew": after - before}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sessions", type=int, default=30)
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--think", type=float, default=2.0, help="mean seconds between one student's changes")
    parser.add_argument(
        "--settle",
        type=float,
        default=130.0,
        help="seconds to wait after the sessions close (Streamlit keeps a closed session 120 s for a reconnect)",
    )
    parser.add_argument("--only", choices=("one", "two"), help="run only one setup")
    parser.add_argument("--scenario", choices=tuple(SCENARIOS), default="click", help="what a change is (see above)")
    args = parser.parse_args()
    if args.only != "two":
        with app_process() as (url, proc):
            measure("one server", url, [(url, proc.pid)], args)
    if args.only != "one":
        with contextlib.ExitStack() as stack:
            servers = [stack.enter_context(app_process()) for _ in range(2)]
            tmp = Path(stack.enter_context(tempfile.TemporaryDirectory()))
            url = stack.enter_context(nginx_proxy(tmp, [u for u, _ in servers]))
            measure("two replicas behind nginx", url, [(u, p.pid) for u, p in servers], args)


if __name__ == "__main__":
    main()
