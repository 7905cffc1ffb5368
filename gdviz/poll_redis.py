"""The class poll's Redis store: students served by different replicas meet in one poll.

``RedisStore`` keeps the interface of ``gdviz.poll.PollStore`` (the same tests run on it and on the
in-process ``MemoryStore``); every change that must hold across replicas (the state check, the bound
on voters, the write) is one Lua script, so two replicas cannot both pass a check. ``redis`` is
imported here only, by ``poll.store_from_env`` when ``GDVIZ_REDIS_URL`` is set.
"""

from __future__ import annotations

import functools
import json
import secrets
from collections.abc import Sequence
from dataclasses import replace

import redis

from .poll import (
    CHOICES,
    ENDED_SECONDS,
    IDLE_SECONDS,
    MAX_ANSWERS,
    Answer,
    Poll,
    PollError,
    check_answer,
    check_voter,
    new_code,
    new_poll,
    normalize_code,
    tally,
    token_hash,
    token_matches,
    transition,
)

# Each poll: a hash of its metadata ("{CODE}" is a hash tag: one poll's keys stay on one node of a
# cluster), a hash voter → answer (JSON), and an "alive" key whose time to live is the idle bound,
# renewed by every answer and teacher's action. When it has gone the poll has expired; the other
# two live ENDED_SECONDS longer, so that the code reads "ended", not "unknown", for a day.
_PREFIX = "gdviz:poll:"

# KEYS: meta, answers, alive. ARGV: voter, answer (JSON), MAX_ANSWERS, idle ms, kept ms.
# One script, so that the check of the state, the bound on voters and the write are one step:
# two replicas adding the 500th and 501st voter at once cannot both get in.
_ANSWER = """
if redis.call('EXISTS', KEYS[1]) == 0 then return 'unknown' end
if redis.call('EXISTS', KEYS[3]) == 0 then return 'expired' end
if redis.call('HGET', KEYS[1], 'state') ~= 'open' then return 'closed' end
local old = redis.call('HGET', KEYS[2], ARGV[1])
if not old and redis.call('HLEN', KEYS[2]) >= tonumber(ARGV[3]) then return 'full' end
if old ~= ARGV[2] then
  redis.call('HSET', KEYS[2], ARGV[1], ARGV[2])
  redis.call('HINCRBY', KEYS[1], 'version', 1)
end
redis.call('PEXPIRE', KEYS[3], ARGV[4])
redis.call('PEXPIRE', KEYS[1], ARGV[5])
redis.call('PEXPIRE', KEYS[2], ARGV[5])
return 'ok'
"""

# KEYS: meta, answers, alive. ARGV: the state from, the state to, idle ms, kept ms.
# The teacher's token was checked by the caller; the state must still be the one it read.
_SET_STATE = """
if redis.call('EXISTS', KEYS[1]) == 0 then return 'unknown' end
if redis.call('EXISTS', KEYS[3]) == 0 then return 'expired' end
if redis.call('HGET', KEYS[1], 'state') ~= ARGV[1] then return 'changed' end
if ARGV[1] ~= ARGV[2] then
  redis.call('HSET', KEYS[1], 'state', ARGV[2])
  redis.call('HINCRBY', KEYS[1], 'version', 1)
end
redis.call('PEXPIRE', KEYS[3], ARGV[3])
redis.call('PEXPIRE', KEYS[1], ARGV[4])
redis.call('PEXPIRE', KEYS[2], ARGV[4])
return 'ok'
"""

# KEYS: meta, alive. ARGV: idle ms, kept ms, then the metadata's fields and values.
_CREATE = """
if redis.call('EXISTS', KEYS[1]) == 1 then return 0 end
redis.call('HSET', KEYS[1], unpack(ARGV, 3))
redis.call('PEXPIRE', KEYS[1], ARGV[2])
redis.call('SET', KEYS[2], '1', 'PX', ARGV[1])
return 1
"""


def _keys(code: str) -> tuple[str, str, str]:
    base = f"{_PREFIX}{{{code}}}"
    return f"{base}:meta", f"{base}:answers", f"{base}:alive"


def _encode(value: Answer) -> str:
    return json.dumps(list(value) if isinstance(value, tuple) else value)


def _decode(text: str) -> Answer:
    value = json.loads(text)
    return (float(value[0]), float(value[1])) if isinstance(value, list) else str(value)


def _redis_errors(method):  # type: ignore[no-untyped-def]
    """Redis down or unreachable: PollError unavailable, a message rather than a traceback."""

    @functools.wraps(method)
    def wrapper(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        try:
            return method(self, *args, **kwargs)
        except redis.RedisError as err:
            raise PollError("unavailable") from err

    return wrapper


class RedisStore:
    """Polls in Redis: every replica with the same URL sees the same polls and answers."""

    def __init__(self, url: str, idle: float = IDLE_SECONDS, ended: float = ENDED_SECONDS) -> None:
        self.idle, self.ended = idle, ended
        self._idle_ms, self._kept_ms = int(idle * 1000), int((idle + ended) * 1000)
        self.redis = redis.Redis.from_url(url, decode_responses=True, socket_timeout=5, socket_connect_timeout=5)
        self._answer = self.redis.register_script(_ANSWER)
        self._set_state = self.redis.register_script(_SET_STATE)
        self._create = self.redis.register_script(_CREATE)

    def ping(self) -> None:
        self.redis.ping()

    def _read(self, code: str) -> tuple[Poll, str, int]:
        """The poll, its token's hash and its version (PollError unknown or expired)."""
        code = normalize_code(code)
        meta, answers, alive = _keys(code)
        with self.redis.pipeline(transaction=True) as pipe:
            fields, exists = pipe.hgetall(meta).exists(alive).execute()
        if not fields:
            raise PollError("unknown")
        if not exists:
            raise PollError("expired")
        bounds = json.loads(fields["bounds"])
        poll = Poll(
            code=code,
            kind=fields["kind"],
            link=fields["link"],
            question=fields["question"],
            options=tuple(json.loads(fields["options"])),
            bounds=None if bounds is None else ((bounds[0][0], bounds[0][1]), (bounds[1][0], bounds[1][1])),
            state=fields["state"],
            created=float(fields["created"]),
            lang=fields["lang"],
        )
        return poll, fields["token"], int(fields["version"])

    @_redis_errors
    def create(
        self,
        kind: str,
        link: str,
        question: str = "",
        options: Sequence[str] = CHOICES,
        bounds: Sequence[Sequence[float]] | None = None,
        lang: str = "en",
    ) -> tuple[Poll, str]:
        poll = new_poll(new_code(), kind, link, question, options, bounds, lang)
        token = secrets.token_urlsafe(24)
        fields = {
            "kind": poll.kind,
            "link": poll.link,
            "question": poll.question,
            "options": json.dumps(poll.options),
            "bounds": json.dumps(poll.bounds),
            "state": poll.state,
            "created": repr(poll.created),
            "lang": poll.lang,
            "token": token_hash(token),
            "version": "1",
        }
        flat = [item for pair in fields.items() for item in pair]
        while True:
            meta, _, alive = _keys(poll.code)
            if self._create(keys=[meta, alive], args=[self._idle_ms, self._kept_ms, *flat]):
                return poll, token
            poll = replace(poll, code=new_code())  # taken (one chance in 10⁹ or so): draw again

    @_redis_errors
    def get(self, code: str) -> Poll:
        return self._read(code)[0]

    @_redis_errors
    def answer(self, code: str, voter: str, value: object) -> None:
        voter = check_voter(voter)
        poll = self._read(code)[0]
        if poll.state != "open":
            raise PollError("closed")
        value = check_answer(poll, value)
        done = self._answer(
            keys=list(_keys(poll.code)), args=[voter, _encode(value), MAX_ANSWERS, self._idle_ms, self._kept_ms]
        )
        if done != "ok":
            raise PollError(done)

    @_redis_errors
    def answers(self, code: str) -> dict[str, Answer]:
        code = normalize_code(code)
        meta, answers, alive = _keys(code)
        with self.redis.pipeline(transaction=True) as pipe:
            found, exists, values = pipe.exists(meta).exists(alive).hgetall(answers).execute()
        if not found:
            raise PollError("unknown")
        if not exists:
            raise PollError("expired")
        return {voter: _decode(text) for voter, text in values.items()}

    def tally(self, code: str) -> dict[str, int]:
        return tally(self.get(code), self.answers(code))

    @_redis_errors
    def _teacher(self, code: str, token: str, to: str) -> Poll:
        while True:
            poll, stored, _ = self._read(code)
            if not token_matches(token, stored):
                raise PollError("forbidden")
            state = transition(poll, to)
            done = self._set_state(keys=list(_keys(poll.code)), args=[poll.state, state, self._idle_ms, self._kept_ms])
            if done == "ok":
                return replace(poll, state=state)
            if done != "changed":  # changed: another replica moved it meanwhile; read it again
                raise PollError(done)

    def reveal(self, code: str, token: str) -> Poll:
        return self._teacher(code, token, "reveal")

    def close(self, code: str, token: str) -> Poll:
        return self._teacher(code, token, "close")

    @_redis_errors
    def version(self, code: str) -> int:
        code = normalize_code(code)
        meta, _, alive = _keys(code)
        with self.redis.pipeline(transaction=True) as pipe:
            version, exists = pipe.hget(meta, "version").exists(alive).execute()
        if version is None:
            raise PollError("unknown")
        if not exists:
            raise PollError("expired")
        return int(version)

    @_redis_errors
    def teacher(self, code: str, token: str) -> Poll:
        poll, stored, _ = self._read(code)
        if not token_matches(token, stored):
            raise PollError("forbidden")
        return poll
