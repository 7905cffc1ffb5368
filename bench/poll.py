"""A class answers a poll: 60 students within 10 s, the teacher's view watching.

Two setups, the same schedule (each student answers at a random moment of the window, and one in
five changes their mind a moment later):

- ``memory``: one process, one MemoryStore: the default of a single ``streamlit run``;
- ``redis``: two replica processes, each with its own RedisStore and half the class, and the
  teacher's store in a third process, all on one real redis-server (tests/support.py starts it).

The teacher's view does what the live page does: every ``--interval`` seconds it asks the store's
``version()`` and reads ``answers()`` only when it changed. Reported, per setup: answers sent,
kept and lost (a voter whose final answer is not the one they last sent counts as lost), the
latency of one ``answer()`` (p50 / p95 / max), and the time from the last answer's return until
the teacher's view held every final answer (``complete_after_last_s``). Target: 0 lost, complete
within 2 s. Not a test: it prints JSON for the closing notes.

    .venv/bin/python bench/poll.py [--students 60] [--window 10] [--interval 0.5]
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import random
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from support import redis_server  # noqa: E402

from gdviz.poll import CHOICES, MemoryStore, PollStore, RedisStore  # noqa: E402

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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--students", type=int, default=60)
    parser.add_argument("--window", type=float, default=10.0, help="seconds within which every student answers")
    parser.add_argument("--interval", type=float, default=0.5, help="the teacher's view's refresh, seconds")
    parser.add_argument("--setup", choices=["memory", "redis", "both"], default="both")
    args = parser.parse_args()
    out = []
    if args.setup in ("memory", "both"):
        out.append(bench_memory(args))
    if args.setup in ("redis", "both"):
        out.append(bench_redis(args))
    print(json.dumps(out, indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main()
