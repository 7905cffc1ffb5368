"""A class poll: the teacher freezes a view and asks; students answer from their phones.

A poll has a random short code (students type it or scan it), a teacher token (only the teacher's
link holds it: it reveals and closes the poll), a frozen link (the page's path and query string),
and answers, one per voter: a voter answering again replaces their answer. Everything a student
can send is bounded: the code's alphabet and length, the answer's size, the number of voters.

Two stores keep polls behind one interface (``PollStore``):

- ``MemoryStore``: in this process, for a single ``streamlit run`` (sessions are threads: a lock);
- ``RedisStore`` (``gdviz.poll_redis``): in Redis, so that students served by different replicas
  meet in one poll.

``store_from_env`` picks one: Redis when ``GDVIZ_REDIS_URL`` is set, else a process-wide memory
store. Neither imports Streamlit; redis and segno are imported where they are used.
"""

from __future__ import annotations

import hashlib
import hmac
import math
import numbers
import os
import secrets
import threading
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any, NamedTuple, Protocol
from urllib.parse import urlsplit, urlunsplit

from .i18n import LANGUAGES, Message

KINDS = ("choice", "point")
CHOICES = ("converge", "zigzag", "diverge", "saddle")
"""The default options of a multiple-choice poll (keys: the pages word them)."""
STATES = ("open", "revealed", "closed")

MAX_OPTIONS = 6
MAX_OPTION_CHARS = 80
MAX_QUESTION_CHARS = 200
MAX_LINK_CHARS = 2000
MAX_ANSWERS = 500
"""Voters per poll: a class, with room to spare; a script inventing voters stops here."""
MAX_ANSWER_CHARS = 100
MAX_VOTER_CHARS = 64
IDLE_SECONDS = 2 * 3600
"""A poll without an answer or a teacher's action for this long has ended (expired)."""
ENDED_SECONDS = 24 * 3600
"""How long an expired poll is remembered as expired (then its code is unknown, its data gone)."""

# Crockford's base 32: digits and capitals without I, L, O, U. 0 and 1 stay, and what a student
# may type for them (O, I, L, in either case) is read as them (``normalize_code``); the hyphen a
# page shows in the middle (``format_code``) and spaces are ignored.
CODE_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
CODE_LENGTH = 8
# 8 characters of 32 = 40 bits: 1.1 × 10¹² codes. With a few hundred polls alive, a guesser needs
# billions of tries for one hit, each a request to the server; and 8 characters ("7KQ4-M2XD") are
# still typed from the projector in seconds. A code only admits a student to answer: revealing and
# closing need the teacher's token (24 random bytes, 192 bits).
CODE_BITS = CODE_LENGTH * math.log2(len(CODE_ALPHABET))
_TYPED_AS = str.maketrans({"O": "0", "I": "1", "L": "1"})

REASONS: dict[str, str] = {
    "unknown": "There is no poll with this code: check the code on the teacher's screen.",
    "expired": "This poll has ended: nobody answered it for a long while.",
    "closed": "This poll is closed: it takes no more answers.",
    "invalid": "This answer cannot be taken.",
    "full": "This poll is full: it takes no more voters.",
    "forbidden": "Only the teacher's link can reveal or close this poll.",
    "unavailable": "The poll storage does not answer: try again in a moment.",
}
"""Why a poll refused something, and what the person is told (worded when shown)."""


class PollError(Message):
    """A poll refused: ``reason`` is one of ``REASONS``; the message is worded when shown."""

    def __init__(self, reason: str, template: str | None = None, /, **values: Any) -> None:
        if reason not in REASONS:
            raise ValueError(f"unknown reason {reason!r}")
        self.reason = reason
        super().__init__(template or REASONS[reason], **values)


@dataclass(frozen=True)
class Poll:
    """One poll as a store holds it (the teacher's token is not part of it)."""

    code: str
    kind: str  # one of KINDS
    link: str  # the frozen page's path and query string: "/?loss=quadratic&lr=0.19"
    question: str
    options: tuple[str, ...]  # a choice poll's option keys; () for a point poll
    bounds: tuple[tuple[float, float], tuple[float, float]] | None  # a point poll's ((xmin, xmax), (ymin, ymax))
    state: str  # one of STATES
    created: float  # seconds since the epoch
    lang: str


Answer = str | tuple[float, float]


class Distance(NamedTuple):
    """A voter's point and how far it lies from the true one."""

    voter: str
    point: tuple[float, float]
    distance: float


class PollStore(Protocol):
    """What the pages use; ``MemoryStore`` and ``RedisStore`` both satisfy it, tested alike."""

    def create(
        self,
        kind: str,
        link: str,
        question: str = "",
        options: Sequence[str] = CHOICES,
        bounds: Sequence[Sequence[float]] | None = None,
        lang: str = "en",
    ) -> tuple[Poll, str]:
        """A new open poll and its teacher token (shown once, kept by the store as a hash)."""
        ...

    def get(self, code: str) -> Poll:
        """The poll (closed ones too); PollError unknown or expired."""
        ...

    def answer(self, code: str, voter: str, value: object) -> None:
        """Record ``voter``'s answer (replacing theirs); refused when not open, invalid or full."""
        ...

    def answers(self, code: str) -> dict[str, Answer]:
        """Every voter's answer."""
        ...

    def tally(self, code: str) -> dict[str, int]:
        """A choice poll's count per option, in the options' order."""
        ...

    def reveal(self, code: str, token: str) -> Poll:
        """Stop taking answers and show the run (the teacher's token only)."""
        ...

    def close(self, code: str, token: str) -> Poll:
        """End the poll (the teacher's token only); it stays readable until it expires."""
        ...

    def version(self, code: str) -> int:
        """A number that changes whenever the answers or the state change."""
        ...

    def teacher(self, code: str, token: str) -> Poll:
        """The poll when ``token`` is its teacher's, else PollError forbidden; changes nothing
        (a page asks before it shows the reveal and close buttons)."""
        ...


# ---------------------------------------------------------------------------------------------
# Validation, shared by both stores


def new_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def normalize_code(text: object) -> str:
    """The code a student typed, as stored: capitals, O/I/L read as 0/1, spaces and hyphens
    dropped; PollError unknown when it cannot be a code (before any store sees it)."""
    if not isinstance(text, str) or len(text) > 4 * CODE_LENGTH:
        raise PollError("unknown")
    code = "".join(text.split()).replace("-", "").upper().translate(_TYPED_AS)
    if len(code) != CODE_LENGTH or not set(code) <= set(CODE_ALPHABET):
        raise PollError("unknown")
    return code


def format_code(code: str) -> str:
    """The code as a screen shows it: two groups of four, easier to read out and type."""
    half = len(code) // 2
    return f"{code[:half]}-{code[half:]}"


def _text(text: object) -> str:
    """A question or an option, stripped (PollError invalid when not printable text)."""
    if not isinstance(text, str):
        raise PollError("invalid", "a question and its options are text")
    if not text.strip().isprintable():
        raise PollError("invalid", "a question and its options cannot hold control characters")
    return text.strip()


def _check_link(link: object) -> str:
    """A path on this site with its query: no scheme, no host, so a poll cannot send students away."""
    if not isinstance(link, str):
        raise PollError("invalid", "the link must be a path on this site, such as /?lr=0.19")
    if len(link) > MAX_LINK_CHARS:
        raise PollError("invalid", "the link is too long: at most {most} characters", most=MAX_LINK_CHARS)
    parts = urlsplit(link)
    if not link.startswith("/") or link.startswith("//") or "\\" in link or parts.scheme or parts.netloc:
        raise PollError("invalid", "the link must be a path on this site, such as /?lr=0.19")
    if not link.isprintable() or " " in link:
        raise PollError("invalid", "the link must be a path on this site, such as /?lr=0.19")
    return urlunsplit(("", "", parts.path, parts.query, ""))


def _real(value: object) -> float | None:
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        return None
    value = float(value)
    return value if math.isfinite(value) else None


def _check_bounds(bounds: object) -> tuple[tuple[float, float], tuple[float, float]]:
    try:
        (xmin, xmax), (ymin, ymax) = bounds  # type: ignore[misc]
    except (TypeError, ValueError):
        raise PollError("invalid", "a point poll needs the map's bounds ((xmin, xmax), (ymin, ymax))") from None
    values = [_real(v) for v in (xmin, xmax, ymin, ymax)]
    if None in values or not (values[0] < values[1] and values[2] < values[3]):  # type: ignore[operator]
        raise PollError("invalid", "a point poll needs the map's bounds ((xmin, xmax), (ymin, ymax))")
    x0, x1, y0, y1 = values
    return ((x0, x1), (y0, y1))  # type: ignore[return-value]


def _check_options(options: object) -> tuple[str, ...]:
    if isinstance(options, str) or not isinstance(options, Sequence):
        raise PollError("invalid", "the options must be a list of texts")
    if not 2 <= len(options) <= MAX_OPTIONS:
        raise PollError("invalid", "a poll has between 2 and {most} options, got {n}", most=MAX_OPTIONS, n=len(options))
    found = tuple(map(_text, options))
    if any(len(o) > MAX_OPTION_CHARS for o in found):
        n = max(map(len, found))
        raise PollError("invalid", "an option is too long: {n} characters, at most {most}", n=n, most=MAX_OPTION_CHARS)
    if "" in found or len(set(found)) != len(found):
        raise PollError("invalid", "the options must be distinct and not empty")
    return found


def new_poll(
    code: str,
    kind: object,
    link: object,
    question: object = "",
    options: object = CHOICES,
    bounds: object = None,
    lang: object = "en",
) -> Poll:
    """A checked open poll, before any store keeps it."""
    if kind not in KINDS:
        raise PollError("invalid", "a poll asks to choose or to click a point")
    question = _text(question)
    if len(question) > MAX_QUESTION_CHARS:
        raise PollError(
            "invalid",
            "the question is too long: {n} characters, at most {most}",
            n=len(question),
            most=MAX_QUESTION_CHARS,
        )
    if lang not in LANGUAGES:
        raise PollError("invalid", "unknown language {lang!r}", lang=str(lang)[:20])
    return Poll(
        code=code,
        kind=str(kind),
        link=_check_link(link),
        question=question,
        options=_check_options(options) if kind == "choice" else (),
        bounds=_check_bounds(bounds) if kind == "point" else None,
        state="open",
        created=time.time(),
        lang=str(lang),
    )


def check_voter(voter: object) -> str:
    if not isinstance(voter, str) or not 1 <= len(voter) <= MAX_VOTER_CHARS or not voter.isprintable():
        raise PollError("invalid", "this browser's voter id is not valid: reload the page")
    return voter


def check_answer(poll: Poll, value: object) -> Answer:
    """``value`` as the poll takes it: one of its options, or a point within its map."""
    if poll.kind == "choice":
        if not isinstance(value, str) or len(value) > MAX_ANSWER_CHARS or value not in poll.options:
            raise PollError("invalid", "pick one of the poll's options")
        return value
    if isinstance(value, str | bytes) or not isinstance(value, Sequence) or len(value) != 2:
        raise PollError("invalid", "click a point on the map")
    x, y = (_real(v) for v in value)
    (xmin, xmax), (ymin, ymax) = poll.bounds  # type: ignore[misc]
    if x is None or y is None or not (xmin <= x <= xmax and ymin <= y <= ymax):
        raise PollError("invalid", "click a point on the map")
    return (x, y)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def token_matches(token: object, stored_hash: str) -> bool:
    """Whether ``token`` is the teacher's (compared in constant time)."""
    if not isinstance(token, str) or len(token) > 200 or not token.isascii():
        return False
    return hmac.compare_digest(token_hash(token), stored_hash)


def tally(poll: Poll, answers: Mapping[str, Answer]) -> dict[str, int]:
    """A choice poll's count per option, every option in its order (zero included)."""
    counts = dict.fromkeys(poll.options, 0)
    for value in answers.values():
        if isinstance(value, str) and value in counts:
            counts[value] += 1
    return counts


def distances(answers: Mapping[str, Answer], truth: Sequence[float]) -> list[Distance]:
    """A point poll's answers, nearest to the true W¹ first (ties by voter, for a stable order)."""
    tx, ty = map(float, truth)
    found = [
        Distance(voter, value, math.hypot(value[0] - tx, value[1] - ty))
        for voter, value in answers.items()
        if isinstance(value, tuple)
    ]
    return sorted(found, key=lambda d: (d.distance, d.voter))


def transition(poll: Poll, to: str) -> str:
    """The state after the teacher's ``to`` (reveal or close), or PollError closed."""
    if poll.state == "closed":
        raise PollError("closed")
    return "revealed" if to == "reveal" and poll.state in ("open", "revealed") else "closed"


# ---------------------------------------------------------------------------------------------
# In this process


@dataclass
class _Entry:
    poll: Poll
    token_hash: str
    answers: dict[str, Answer]
    version: int
    active: float  # time.monotonic() of the last answer or teacher's action


class MemoryStore:
    """Polls in this process's memory (one ``streamlit run``): thread-safe, bounded in time."""

    def __init__(self, idle: float = IDLE_SECONDS, ended: float = ENDED_SECONDS) -> None:
        self.idle, self.ended = idle, ended
        self._polls: dict[str, _Entry] = {}
        self._lock = threading.Lock()
        self._swept = time.monotonic()

    def _entry(self, code: str, *, touch: bool = False) -> _Entry:
        """The live entry of ``code`` (called under the lock)."""
        code = normalize_code(code)
        entry = self._polls.get(code)
        now = time.monotonic()
        if entry is not None and now - entry.active > self.idle + self.ended:
            del self._polls[code]  # forgotten, as Redis forgets it
            entry = None
        if entry is None:
            raise PollError("unknown")
        if now - entry.active > self.idle:
            raise PollError("expired")
        if touch:
            entry.active = now
        return entry

    def _sweep(self, now: float) -> None:
        """Forget the polls ended long ago (at most once a minute: a sweep reads every poll)."""
        if now - self._swept < min(60.0, self.idle):
            return
        self._swept = now
        for code in [c for c, e in self._polls.items() if now - e.active > self.idle + self.ended]:
            del self._polls[code]

    def create(
        self,
        kind: str,
        link: str,
        question: str = "",
        options: Sequence[str] = CHOICES,
        bounds: Sequence[Sequence[float]] | None = None,
        lang: str = "en",
    ) -> tuple[Poll, str]:
        token = secrets.token_urlsafe(24)
        with self._lock:
            now = time.monotonic()
            self._sweep(now)
            code = new_code()
            while code in self._polls:
                code = new_code()
            poll = new_poll(code, kind, link, question, options, bounds, lang)
            self._polls[code] = _Entry(poll, token_hash(token), {}, 1, now)
        return poll, token

    def get(self, code: str) -> Poll:
        with self._lock:
            return self._entry(code).poll

    def answer(self, code: str, voter: str, value: object) -> None:
        voter = check_voter(voter)
        with self._lock:
            entry = self._entry(code)
            if entry.poll.state != "open":
                raise PollError("closed")
            value = check_answer(entry.poll, value)
            if voter not in entry.answers and len(entry.answers) >= MAX_ANSWERS:
                raise PollError("full")
            entry.active = time.monotonic()
            if entry.answers.get(voter) != value:
                entry.answers[voter] = value
                entry.version += 1

    def answers(self, code: str) -> dict[str, Answer]:
        with self._lock:
            return dict(self._entry(code).answers)

    def tally(self, code: str) -> dict[str, int]:
        with self._lock:
            entry = self._entry(code)
            return tally(entry.poll, entry.answers)

    def _teacher(self, code: str, token: str, to: str) -> Poll:
        with self._lock:
            entry = self._entry(code)
            if not token_matches(token, entry.token_hash):
                raise PollError("forbidden")
            state = transition(entry.poll, to)
            entry.active = time.monotonic()
            if state != entry.poll.state:
                entry.poll = replace(entry.poll, state=state)
                entry.version += 1
            return entry.poll

    def reveal(self, code: str, token: str) -> Poll:
        return self._teacher(code, token, "reveal")

    def close(self, code: str, token: str) -> Poll:
        return self._teacher(code, token, "close")

    def version(self, code: str) -> int:
        with self._lock:
            return self._entry(code).version

    def teacher(self, code: str, token: str) -> Poll:
        with self._lock:
            entry = self._entry(code)
            if not token_matches(token, entry.token_hash):
                raise PollError("forbidden")
            return entry.poll


# ---------------------------------------------------------------------------------------------
# The store of this process, and the join QR code


class StoreUnavailable(RuntimeError):
    """GDVIZ_REDIS_URL names a Redis that does not answer (a deployment error, said at start)."""


_stores: dict[str, PollStore] = {}
_stores_lock = threading.Lock()


def _redacted(url: str) -> str:
    parts = urlsplit(url)
    if parts.password is None:
        return url
    host = parts.hostname or ""
    user = f"{parts.username}:***@" if parts.username else ":***@"
    return urlunsplit((parts.scheme, f"{user}{host}" + (f":{parts.port}" if parts.port else ""), parts.path, "", ""))


def store_from_env(env: Mapping[str, str] | None = None) -> PollStore:
    """This process's store: Redis at ``GDVIZ_REDIS_URL`` when it is set (pinged once, so that a
    wrong URL is said plainly at the first poll), else one MemoryStore for the whole process."""
    url = (os.environ if env is None else env).get("GDVIZ_REDIS_URL", "").strip()
    with _stores_lock:
        store = _stores.get(url)
        if store is None:
            if url:
                import redis

                from .poll_redis import RedisStore

                try:
                    store = RedisStore(url)
                    store.ping()
                except (redis.RedisError, ValueError) as err:
                    raise StoreUnavailable(
                        f"GDVIZ_REDIS_URL is {_redacted(url)} but no Redis answers there: {err}"
                    ) from err
            else:
                store = MemoryStore()
            _stores[url] = store
        return store


def join_qr_svg(url: str, scale: int = 10) -> str:
    """The join link as a QR code in SVG (st.image shows SVG text): black modules on white with
    the standard quiet zone, error correction M, large enough to scan from the back of a room."""
    import io

    import segno

    out = io.BytesIO()
    qr = segno.make(url, error="m", micro=False)
    qr.save(out, kind="svg", scale=scale, border=4, dark="#000", light="#fff", xmldecl=False, svgns=True, nl=False)
    return out.getvalue().decode()
