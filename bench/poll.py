"""A class answers a poll: 60 students within 10 s, the teacher's view watching.

The same schedule in every setup: each student answers at a random moment of the window, and one
in five changes their mind a moment later. Two setups on the store alone:

- ``memory``: one process, one MemoryStore: the default of a single ``streamlit run``;
- ``redis``: two replica processes, each with its own RedisStore and half the class, and the
  teacher's store in a third process, all on one real redis-server (tests/support.py starts it);

and two through the real app, every student and the teacher a websocket client speaking
Streamlit's protocol as bench/load.py does (a student opens /poll?code=…, then presses an
option's button; the teacher creates the poll with "Poll the class" in presenter mode, reads the
teacher's link off its page (the token is not in the address), then watches /poll?code=…&token=…,
whose live fragment it reruns as the browser does):

- ``app-one``: one server, its in-process store;
- ``app-two``: two replicas behind nginx (deploy/nginx/gdviz.conf), GDVIZ_REDIS_URL to one Redis.

On the store, the teacher's view does what the live page does: every ``--interval`` seconds it
asks ``version()`` and reads ``answers()`` only when it changed. Through the app, the teacher's
page reruns its fragment at the interval the page asks for, and is complete when its tally chart
shows every final answer. Reported, per setup: answers sent, kept and lost (a voter whose final
answer is not the one they last sent counts as lost), the latency of one answer (the store's
``answer()``, or the button's rerun through the app: p50 / p95 / max), and the time from the last
answer's return until the teacher's view held every final answer (``complete_after_last_s``).
Targets: 0 lost, complete within 2 s. Not a test: it prints JSON for the closing notes. The app
setups need the class poll's pages (pages/poll.py and "Poll the class" in presenter mode).

    .venv/bin/python bench/poll.py [--students 60] [--window 10] [--interval 0.5] [--setup all]
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import multiprocessing
import random
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from support import app_process, nginx_proxy, redis_server  # noqa: E402

from gdviz.poll import CHOICES, MemoryStore, PollStore  # noqa: E402
from gdviz.poll_redis import RedisStore  # noqa: E402

LINK = "/?loss=quadratic&lr=0.19"


def schedule(students: int, window: float, seed: int = 0) -> list[tuple[str, float, list[str]]]:
    """(voter, when, answers in order): one answer each within the window, some changed once."""
    rng = random.Random(seed)
    plan = []
    for i in range(students):
        answers = [rng.choice(CHOICES)]
        if rng.random() < 0.2:
            answers.append(rng.choice([c for c in CHOICES if c != answers[0]]))
        plan.append((f"student-{i:03d}", rng.uniform(0, window), answers))
    return plan


def play(store: PollStore, code: str, plan: list, start: float) -> dict:
    """Each student of ``plan`` in a thread of its own (Streamlit's sessions are threads)."""
    latencies: list[float] = []
    errors: list[str] = []
    done: list[float] = []
    lock = threading.Lock()

    def student(voter: str, when: float, answers: list[str]) -> None:
        time.sleep(max(0.0, start + when - time.time()))
        for answer in answers:
            t0 = time.perf_counter()
            try:
                store.answer(code, voter, answer)
            except Exception as err:  # a lost answer: counted, the bench goes on
                with lock:
                    errors.append(f"{voter}: {err!r}")
                continue
            with lock:
                latencies.append(time.perf_counter() - t0)
                done.append(time.time())
            time.sleep(0.3)  # a change of mind takes a moment

    threads = [threading.Thread(target=student, args=s) for s in plan]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return {"latencies": latencies, "errors": errors, "last": max(done, default=start)}


def _replica(url: str, code: str, plan: list, start: float, out: multiprocessing.Queue) -> None:
    out.put(play(RedisStore(url), code, plan, start))


class Teacher(threading.Thread):
    """The live view: version() every ``interval`` s, answers() when it changed."""

    def __init__(self, store: PollStore, code: str, expected: dict[str, str], interval: float) -> None:
        super().__init__(daemon=True)
        self.store, self.code, self.expected, self.interval = store, code, expected, interval
        self.complete_at: float | None = None
        self.reads: list[float] = []
        self.checks = 0
        self.stop = threading.Event()

    def run(self) -> None:
        seen = None
        while not self.stop.is_set() and self.complete_at is None:
            self.checks += 1
            version = self.store.version(self.code)
            if version != seen:
                seen = version
                t0 = time.perf_counter()
                answers = self.store.answers(self.code)
                self.reads.append(time.perf_counter() - t0)
                if answers == self.expected:
                    self.complete_at = time.time()
            self.stop.wait(self.interval)


def _ms(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return round(1000 * ordered[min(len(ordered) - 1, int(q * len(ordered)))], 2)


def report(setup: str, plan: list, results: list[dict], teacher: Teacher, final: dict, start: float) -> dict:
    expected = {voter: answers[-1] for voter, _, answers in plan}
    latencies = [x for r in results for x in r["latencies"]]
    last = max(r["last"] for r in results)
    lost = sum(1 for voter, answer in expected.items() if final.get(voter) != answer)
    return {
        "setup": setup,
        "students": len(plan),
        "answers_sent": sum(len(a) for _, _, a in plan),
        "answers_kept": len(final),
        "lost": lost,
        "errors": [e for r in results for e in r["errors"]][:5],
        "answer_ms": {"p50": _ms(latencies, 0.5), "p95": _ms(latencies, 0.95), "max": _ms(latencies, 1.0)},
        "window_s": round(last - start, 2),
        "teacher_interval_s": teacher.interval,
        "teacher_read_ms_p50": _ms(teacher.reads, 0.5),
        "teacher_checks": teacher.checks,
        "complete_after_last_s": None
        if teacher.complete_at is None
        else round(max(0.0, teacher.complete_at - last), 3),
    }


def bench_memory(args: argparse.Namespace) -> dict:
    store = MemoryStore()
    poll, _ = store.create("choice", LINK, "α = 0.19: converge, zig-zag or diverge?")
    plan = schedule(args.students, args.window)
    teacher = Teacher(store, poll.code, {v: a[-1] for v, _, a in plan}, args.interval)
    start = time.time() + 0.5
    teacher.start()
    result = play(store, poll.code, plan, start)
    teacher.join(timeout=10)
    teacher.stop.set()
    return report("memory: one process", plan, [result], teacher, store.answers(poll.code), start)


def bench_redis(args: argparse.Namespace) -> dict:
    with redis_server() as url:
        store = RedisStore(url)  # the teacher's: a process of its own, as a third replica could be
        poll, _ = store.create("choice", LINK, "α = 0.19: converge, zig-zag or diverge?")
        plan = schedule(args.students, args.window)
        context = multiprocessing.get_context("spawn")
        out = context.Queue()
        start = time.time() + 3.0  # time for the replicas' processes to start
        halves = [plan[0::2], plan[1::2]]
        replicas = [context.Process(target=_replica, args=(url, poll.code, h, start, out)) for h in halves]
        for replica in replicas:
            replica.start()
        teacher = Teacher(store, poll.code, {v: a[-1] for v, _, a in plan}, args.interval)
        teacher.start()
        results = [out.get(timeout=args.window + 60) for _ in replicas]
        for replica in replicas:
            replica.join()
        teacher.join(timeout=10)
        teacher.stop.set()
        return report(
            "redis: two replica processes, one redis-server", plan, results, teacher, store.answers(poll.code), start
        )


# ---------------------------------------------------------------------------------------------
# Through the app: websocket clients speaking Streamlit's protocol


@dataclass
class Page:
    """What one run of a page sent back: its widgets' ids by key, the texts of its alerts, the
    bars of its charts, its auto-rerunning fragments, and the query string it moved to."""

    ids: dict[str, str] = field(default_factory=dict)
    alerts: list[str] = field(default_factory=list)
    codes: list[str] = field(default_factory=list)
    bars: list[list[float]] = field(default_factory=list)
    fragments: dict[str, float] = field(default_factory=dict)
    query: str | None = None


class Browser:
    """One browser tab's Streamlit session over its websocket."""

    def __init__(self, url: str) -> None:
        self.url = url.replace("http://", "ws://") + "/_stcore/stream"
        self.ws = None
        self.upstream = ""

    async def connect(self) -> None:
        import websockets

        host = self.url.split("/")[2]
        self.ws = await websockets.connect(
            self.url, subprotocols=["streamlit"], max_size=None, origin=f"http://{host}", open_timeout=60
        )
        self.upstream = self.ws.response.headers.get("X-Gdviz-Upstream", host)  # the replica behind nginx

    async def run(self, page: str, query: str, press: str | None = None, fragment: str | None = None) -> Page:
        """Run ``page`` with ``query``, pressing the button of id ``press`` or rerunning one fragment."""
        from streamlit.proto.BackMsg_pb2 import BackMsg
        from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

        msg = BackMsg()
        msg.rerun_script.query_string = query
        msg.rerun_script.page_name = page
        if fragment:
            msg.rerun_script.fragment_id = fragment
            msg.rerun_script.is_auto_rerun = True
        if press:
            state = msg.rerun_script.widget_states.widgets.add()
            state.id, state.trigger_value = press, True
        await self.ws.send(msg.SerializeToString())
        out = Page()
        while True:
            reply = ForwardMsg()
            reply.ParseFromString(await asyncio.wait_for(self.ws.recv(), timeout=120))
            kind = reply.WhichOneof("type")
            if kind == "delta" and reply.delta.WhichOneof("type") == "new_element":
                element = reply.delta.new_element
                which = element.WhichOneof("type")
                if which == "exception":
                    raise RuntimeError(f"the page showed an exception: {element.exception.message}")
                if which == "alert":
                    out.alerts.append(element.alert.body)
                elif which == "code":
                    out.codes.append(element.code.code_text)
                elif which == "plotly_chart":
                    data = json.loads(element.plotly_chart.spec).get("data", [])
                    out.bars += [t["x"] for t in data if t.get("type") == "bar" and isinstance(t.get("x"), list)]
                widget = getattr(getattr(element, which), "id", "")
                if widget.startswith("$$ID-"):
                    out.ids[widget.split("-", 2)[2]] = widget
            elif kind == "auto_rerun":
                out.fragments[reply.auto_rerun.fragment_id] = reply.auto_rerun.interval
            elif kind == "page_info_changed":
                out.query = reply.page_info_changed.query_string
            elif kind == "script_finished":
                if reply.script_finished == ForwardMsg.FINISHED_EARLY_FOR_RERUN:
                    continue  # st.switch_page or st.rerun: the next run follows on this websocket
                if reply.script_finished not in (
                    ForwardMsg.FINISHED_SUCCESSFULLY,
                    ForwardMsg.FINISHED_FRAGMENT_RUN_SUCCESSFULLY,
                ):
                    raise RuntimeError(f"the run ended with status {reply.script_finished}")
                return out

    async def close(self) -> None:
        if self.ws is not None:
            with contextlib.suppress(Exception):
                await self.ws.close()


async def create_through_the_app(url: str) -> tuple[str, str]:
    """The teacher's "Poll the class" in presenter mode on the Explorer: (code, token)."""
    teacher = Browser(url)
    await teacher.connect()
    try:
        page = await teacher.run("", "present=1")
        moved = await teacher.run("", "present=1", press=page.ids["poll_create"])
    finally:
        await teacher.close()
    # the token is not in the page's address: the teacher's link, folded on the page, holds it
    (link,) = [c for c in moved.codes if "token=" in c]
    query = parse_qs(urlsplit(link).query)
    return query["code"][0], query["token"][0]


async def app_class(url: str, code: str, token: str, plan: list, args: argparse.Namespace) -> dict:
    """The students and the teacher's live view, all on ``url``."""
    expected = {voter: answers[-1] for voter, _, answers in plan}
    final_counts = [sum(a == option for a in expected.values()) for option in CHOICES]
    latencies: list[float] = []
    errors: list[str] = []
    done: list[float] = []
    confirmed: dict[str, str] = {}
    replicas: dict[str, int] = {}
    opened = asyncio.Event()  # every student has the page open (or failed to)
    settled: list[str] = []

    def settle(voter: str) -> None:
        settled.append(voter)
        if len(settled) == len(plan):
            opened.set()

    async def student(voter: str, when: float, answers: list[str], start: asyncio.Future) -> None:
        tab = Browser(url)
        try:
            await tab.connect()
            page = await tab.run("poll", f"code={code}")
            replicas[tab.upstream] = replicas.get(tab.upstream, 0) + 1
            settle(voter)
            begin = await start
            await asyncio.sleep(max(0.0, begin + when - time.time()))
            for answer in answers:
                t0 = time.perf_counter()
                page = await tab.run("poll", f"code={code}", press=page.ids[f"poll_option_{CHOICES.index(answer)}"])
                latencies.append(time.perf_counter() - t0)
                done.append(time.time())
                if not any("Your answer" in text for text in page.alerts):
                    raise RuntimeError(f"no confirmation: {page.alerts}")
                confirmed[voter] = answer
                await asyncio.sleep(0.3)
        except Exception as err:  # a lost answer: counted, the bench goes on
            errors.append(f"{voter}: {type(err).__name__}: {err}")
            if voter not in settled:
                settle(voter)
        finally:
            await tab.close()

    loop = asyncio.get_running_loop()
    start: asyncio.Future = loop.create_future()
    tasks = []
    for voter, when, answers in plan:  # the class opens the link over a few seconds
        tasks.append(asyncio.create_task(student(voter, when, answers, start)))
        await asyncio.sleep(4.0 / len(plan))
    teacher = Browser(url)
    await teacher.connect()
    query = f"code={code}&token={token}&present=1"
    page = await teacher.run("poll", query)
    (fragment, interval), *_ = page.fragments.items()
    await asyncio.wait_for(opened.wait(), timeout=300)
    begin = time.time() + 0.5
    start.set_result(begin)
    complete_at, refreshes, reads = None, 0, []
    deadline = begin + args.window + 60
    while complete_at is None and time.time() < deadline:
        await asyncio.sleep(interval)
        t0 = time.perf_counter()
        page = await teacher.run("poll", query, fragment=fragment)
        reads.append(time.perf_counter() - t0)
        refreshes += 1
        if page.bars and page.bars[0] == final_counts and done and len(done) == sum(len(a) for _, _, a in plan):
            complete_at = time.time()
    await asyncio.gather(*tasks)
    await teacher.close()
    last = max(done, default=begin)
    return {
        "students": len(plan),
        "answers_sent": sum(len(a) for _, _, a in plan),
        "answers_confirmed": len(confirmed),
        "lost": sum(1 for voter, answer in expected.items() if confirmed.get(voter) != answer),
        "errors": errors[:5],
        "students_per_replica": sorted(replicas.values()),
        "students_on_the_teachers_replica": replicas.get(teacher.upstream, 0),
        "answer_rerun_ms": {"p50": _ms(latencies, 0.5), "p95": _ms(latencies, 0.95), "max": _ms(latencies, 1.0)},
        "window_s": round(last - begin, 2),
        "teacher_interval_s": interval,
        "teacher_fragment_ms_p50": _ms(reads, 0.5),
        "teacher_refreshes": refreshes,
        "teacher_final_tally": page.bars[0] if page.bars else None,
        "complete_after_last_s": None if complete_at is None else round(max(0.0, complete_at - last), 3),
    }


def bench_app(args: argparse.Namespace, replicas: int) -> dict:
    plan = schedule(args.students, args.window)
    with contextlib.ExitStack() as stack:
        if replicas == 1:
            url, _ = stack.enter_context(app_process())
            setup = "app-one: one server, its in-process store"
        else:
            redis = stack.enter_context(redis_server())
            servers = [stack.enter_context(app_process(env={"GDVIZ_REDIS_URL": redis})) for _ in range(replicas)]
            tmp = Path(stack.enter_context(tempfile.TemporaryDirectory()))
            url = stack.enter_context(nginx_proxy(tmp, [u for u, _ in servers]))
            setup = f"app-two: {replicas} replicas behind nginx, one redis-server"
        code, token = asyncio.run(create_through_the_app(url))
        return {"setup": setup, **asyncio.run(app_class(url, code, token, plan, args))}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--students", type=int, default=60)
    parser.add_argument("--window", type=float, default=10.0, help="seconds within which every student answers")
    parser.add_argument("--interval", type=float, default=0.5, help="the teacher's view's refresh, seconds")
    parser.add_argument("--setup", choices=["memory", "redis", "app-one", "app-two", "store", "all"], default="all")
    args = parser.parse_args()
    out = []
    if args.setup in ("memory", "store", "all"):
        out.append(bench_memory(args))
    if args.setup in ("redis", "store", "all"):
        out.append(bench_redis(args))
    if args.setup in ("app-one", "all"):
        out.append(bench_app(args, 1))
    if args.setup in ("app-two", "all"):
        out.append(bench_app(args, 2))
    print(json.dumps(out, indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main()
