"""The class poll's storage: the same tests for the in-process store and for Redis (a real
redis-server, started here), plus what only Redis has (two replicas, the token kept as a hash)."""

from __future__ import annotations

import hashlib
import math
import threading
import time
from collections.abc import Callable, Iterator

import pytest
from support import free_port, redis_server

from gdviz import i18n, poll
from gdviz.locale_pt import PT
from gdviz.poll import MAX_ANSWERS, MemoryStore, Poll, PollError, PollStore
from gdviz.poll_redis import RedisStore

pytestmark = pytest.mark.unit

LINK = "/?loss=quadratic&lr=0.19"
BOUNDS = ((-2.0, 2.0), (-1.0, 3.0))


@pytest.fixture(scope="module")
def redis_url() -> Iterator[str]:
    with redis_server() as url:
        yield url


@pytest.fixture(params=["memory", "redis"])
def make_store(request: pytest.FixtureRequest) -> Callable[..., PollStore]:
    """A factory of stores of one kind (``idle`` and ``ended`` in seconds, for the expiry tests)."""
    if request.param == "memory":
        return MemoryStore
    url = request.getfixturevalue("redis_url")
    return lambda **bounds: RedisStore(url, **bounds)


@pytest.fixture
def store(make_store: Callable[..., PollStore]) -> PollStore:
    return make_store()


def refused(reason: str, call: Callable[[], object]) -> PollError:
    with pytest.raises(PollError) as caught:
        call()
    assert caught.value.reason == reason, caught.value
    return caught.value


# ---------------------------------------------------------------------------------------------
# Both stores


def test_a_choice_poll_from_creation_to_tally(store: PollStore) -> None:
    created, token = store.create("choice", LINK, "α = 0.19 on this bowl: what happens?")
    assert isinstance(created, Poll) and created.state == "open" and created.kind == "choice"
    assert created.options == poll.CHOICES and created.bounds is None and created.lang == "en"
    assert store.get(created.code) == created
    assert len(token) >= 32 and token not in LINK

    v0 = store.version(created.code)
    store.answer(created.code, "ana", "zigzag")
    store.answer(created.code, "bruno", "zigzag")
    store.answer(created.code, "carla", "diverge")
    v1 = store.version(created.code)
    assert v1 != v0
    assert store.answers(created.code) == {"ana": "zigzag", "bruno": "zigzag", "carla": "diverge"}
    assert store.tally(created.code) == {"converge": 0, "zigzag": 2, "diverge": 1, "saddle": 0}

    store.answer(created.code, "ana", "converge")  # ana changes her mind: replaced, not added
    assert store.answers(created.code)["ana"] == "converge" and len(store.answers(created.code)) == 3
    assert store.tally(created.code) == {"converge": 1, "zigzag": 1, "diverge": 1, "saddle": 0}
    assert store.version(created.code) != v1
    v2 = store.version(created.code)
    store.answer(created.code, "ana", "converge")  # the same answer again changes nothing
    assert store.version(created.code) == v2


def test_a_point_poll_keeps_points_and_measures_their_distance(store: PollStore) -> None:
    created, _ = store.create("point", LINK, "click where W¹ lands", bounds=BOUNDS, lang="pt")
    assert created.options == () and created.bounds == BOUNDS and created.lang == "pt"
    store.answer(created.code, "ana", (0.5, 1.0))
    store.answer(created.code, "bruno", [-2, 3])  # the map's corner is on the map
    store.answer(created.code, "carla", (1.5, 2.5))
    answers = store.answers(created.code)
    assert answers == {"ana": (0.5, 1.0), "bruno": (-2.0, 3.0), "carla": (1.5, 2.5)}
    nearest = poll.distances(answers, (1.0, 2.0))
    assert [d.voter for d in nearest] == ["carla", "ana", "bruno"]
    assert nearest[0].distance == pytest.approx(math.hypot(0.5, 0.5))
    assert nearest[-1].point == (-2.0, 3.0) and nearest[-1].distance == pytest.approx(math.hypot(3, 1))
    assert store.tally(created.code) == {}


def test_the_teachers_own_options(store: PollStore) -> None:
    created, _ = store.create("choice", LINK, "which start?", options=[" left ", "right", "neither"])
    assert created.options == ("left", "right", "neither")
    store.answer(created.code, "ana", "right")
    refused("invalid", lambda: store.answer(created.code, "bruno", "converge"))  # not this poll's
    assert store.tally(created.code) == {"left": 0, "right": 1, "neither": 0}


def test_one_voter_has_one_answer_however_often_they_send(store: PollStore) -> None:
    created, _ = store.create("choice", LINK)
    store.answer(created.code, "other", "saddle")
    for i in range(1000):
        store.answer(created.code, "flooder", poll.CHOICES[i % 3])
    assert store.answers(created.code) == {"other": "saddle", "flooder": poll.CHOICES[999 % 3]}
    assert sum(store.tally(created.code).values()) == 2


def test_forged_and_unknown_codes_are_refused_without_harm(store: PollStore) -> None:
    created, _ = store.create("choice", LINK)
    store.answer(created.code, "ana", "zigzag")
    absent = next(c for c in iter(poll.new_code, None) if c != created.code)
    for code in [absent, "", "x" * 10_000, "ABC}:alive", created.code + "0", "'; FLUSHALL", None, 12345678]:
        refused("unknown", lambda code=code: store.get(code))
        refused("unknown", lambda code=code: store.answer(code, "mallory", "zigzag"))
        refused("unknown", lambda code=code: store.answers(code))
        refused("unknown", lambda code=code: store.version(code))
    assert store.answers(created.code) == {"ana": "zigzag"}


def test_a_code_reads_as_typed_from_the_projector(store: PollStore) -> None:
    created, _ = store.create("choice", LINK)
    shown = poll.format_code(created.code)
    assert len(shown) == poll.CODE_LENGTH + 1 and shown.replace("-", "") == created.code
    typed = f"  {shown.lower()} ".replace("0", "o").replace("1", "l")  # what a student may type
    assert store.get(typed).code == created.code
    store.answer(typed, "ana", "saddle")
    assert store.answers(created.code) == {"ana": "saddle"}


def test_only_the_teachers_token_reveals_or_closes(store: PollStore) -> None:
    created, token = store.create("choice", LINK)
    _, other_token = store.create("choice", LINK)
    store.answer(created.code, "ana", "zigzag")
    version = store.version(created.code)
    for forged in ["", "student", other_token, token[:-1], token + "x", "x" * 10_000, "\ud800", None]:
        refused("forbidden", lambda forged=forged: store.teacher(created.code, forged))
        refused("forbidden", lambda forged=forged: store.reveal(created.code, forged))
        refused("forbidden", lambda forged=forged: store.close(created.code, forged))
    assert store.get(created.code).state == "open" and store.version(created.code) == version
    assert store.teacher(created.code, token) == store.get(created.code)  # asks, changes nothing
    assert store.version(created.code) == version
    store.answer(created.code, "bruno", "diverge")  # the poll still works

    version = store.version(created.code)
    assert store.reveal(created.code, token).state == "revealed"
    assert store.get(created.code).state == "revealed" and store.version(created.code) != version
    refused("closed", lambda: store.answer(created.code, "carla", "converge"))  # the answer is out
    assert store.reveal(created.code, token).state == "revealed"  # again: no harm
    assert store.close(created.code, token).state == "closed"
    assert store.answers(created.code) == {"ana": "zigzag", "bruno": "diverge"}


def test_a_closed_poll_is_readable_but_takes_no_answer(store: PollStore) -> None:
    created, token = store.create("choice", LINK)
    store.answer(created.code, "ana", "zigzag")
    closed = store.close(created.code, token)
    assert closed.state == "closed" and store.get(created.code) == closed
    refused("closed", lambda: store.answer(created.code, "bruno", "zigzag"))
    refused("closed", lambda: store.answer(created.code, "ana", "diverge"))
    refused("closed", lambda: store.reveal(created.code, token))
    assert store.answers(created.code) == {"ana": "zigzag"}
    assert store.tally(created.code)["zigzag"] == 1


def test_an_idle_poll_expires_and_is_later_forgotten(make_store: Callable[..., PollStore]) -> None:
    store = make_store(idle=0.3, ended=0.3)
    created, token = store.create("choice", LINK)
    time.sleep(0.2)
    store.answer(created.code, "ana", "zigzag")  # activity: the poll lives 0.3 s from here
    time.sleep(0.2)
    assert store.get(created.code).state == "open"  # 0.4 s since creation, 0.2 s since the answer
    assert store.answers(created.code) == {"ana": "zigzag"}  # reading is not activity
    time.sleep(0.2)
    for call in (
        lambda: store.get(created.code),
        lambda: store.answer(created.code, "bruno", "zigzag"),
        lambda: store.answers(created.code),
        lambda: store.version(created.code),
        lambda: store.close(created.code, token),
    ):
        refused("expired", call)
    time.sleep(0.35)  # ended long enough ago: forgotten
    refused("unknown", lambda: store.get(created.code))


def test_the_memory_store_forgets_polls_that_ended_long_ago() -> None:
    store = MemoryStore(idle=0.05, ended=0.05)
    old = [store.create("choice", LINK)[0].code for _ in range(200)]
    time.sleep(0.15)
    fresh, _ = store.create("choice", LINK)  # a creation sweeps: memory stays bounded
    assert list(store._polls) == [fresh.code]
    refused("unknown", lambda: store.get(old[0]))


@pytest.mark.parametrize(
    ("kind", "link", "question", "options", "bounds", "lang"),
    [
        ("choice", LINK, "q" * (poll.MAX_QUESTION_CHARS + 1), poll.CHOICES, None, "en"),
        ("choice", LINK, "", [f"option {i}" for i in range(poll.MAX_OPTIONS + 1)], None, "en"),
        ("choice", LINK, "", ["only one"], None, "en"),
        ("choice", LINK, "", ["a", "o" * (poll.MAX_OPTION_CHARS + 1)], None, "en"),
        ("choice", LINK, "", ["same", "same "], None, "en"),
        ("choice", LINK, "", ["a", ""], None, "en"),
        ("choice", LINK, "", "converge", None, "en"),
        ("choice", LINK, "a\x00b", poll.CHOICES, None, "en"),
        ("choice", LINK, "\ud800", poll.CHOICES, None, "en"),
        ("choice", None, "", poll.CHOICES, None, "en"),
        ("choice", "/?" + "a" * poll.MAX_LINK_CHARS, "", poll.CHOICES, None, "en"),
        ("choice", "https://evil.example/", "", poll.CHOICES, None, "en"),
        ("choice", "//evil.example/", "", poll.CHOICES, None, "en"),
        ("choice", "javascript:alert(1)", "", poll.CHOICES, None, "en"),
        ("choice", "/\\evil.example", "", poll.CHOICES, None, "en"),
        ("vote", LINK, "", poll.CHOICES, None, "en"),
        ("choice", LINK, "", poll.CHOICES, None, "xx"),
        ("point", LINK, "", (), None, "en"),
        ("point", LINK, "", (), ((1, 0), (0, 1)), "en"),
        ("point", LINK, "", (), ((0, math.inf), (0, 1)), "en"),
        ("point", LINK, "", (), ((0, 1),), "en"),
    ],
)
def test_oversized_or_malformed_polls_are_refused(
    store: PollStore, kind, link, question, options, bounds, lang
) -> None:
    refused("invalid", lambda: store.create(kind, link, question, options, bounds, lang))


def test_bad_answers_are_refused_without_harming_the_poll(store: PollStore) -> None:
    choice, _ = store.create("choice", LINK)
    point, _ = store.create("point", LINK, bounds=BOUNDS)
    store.answer(choice.code, "ana", "zigzag")
    store.answer(point.code, "ana", (0.0, 0.0))
    for value in ["x" * 10_000, "zigzag " * 20, "", None, 3, ("zigzag",), b"zigzag"]:
        refused("invalid", lambda value=value: store.answer(choice.code, "bruno", value))
    for value in [
        (3.0, 0.0),  # off the map
        (0.0, -1.5),
        (math.nan, 0.0),
        (math.inf, 0.0),
        (True, False),
        ("1", "2"),
        "1,2",
        (1.0, 2.0, 3.0),
        (1.0,),
        None,
    ]:
        refused("invalid", lambda value=value: store.answer(point.code, "bruno", value))
    for voter in ["", "v" * (poll.MAX_VOTER_CHARS + 1), None, 42, "a\nb", "\ud800"]:
        refused("invalid", lambda voter=voter: store.answer(choice.code, voter, "zigzag"))
    assert store.answers(choice.code) == {"ana": "zigzag"}
    assert store.answers(point.code) == {"ana": (0.0, 0.0)}
    store.answer(choice.code, "v" * poll.MAX_VOTER_CHARS, "saddle")  # the longest voter id is fine
    assert len(store.answers(choice.code)) == 2


def test_a_full_poll_refuses_new_voters_but_not_a_change_of_mind(store: PollStore) -> None:
    created, _ = store.create("choice", LINK)
    for i in range(MAX_ANSWERS):
        store.answer(created.code, f"voter-{i}", "converge")
    refused("full", lambda: store.answer(created.code, "one-too-many", "converge"))
    store.answer(created.code, "voter-7", "saddle")
    assert len(store.answers(created.code)) == MAX_ANSWERS
    assert store.tally(created.code) == {"converge": MAX_ANSWERS - 1, "zigzag": 0, "diverge": 0, "saddle": 1}


def test_sixty_students_answering_at_once_are_all_counted(store: PollStore) -> None:
    created, _ = store.create("choice", LINK)
    start = threading.Barrier(60)
    errors: list[BaseException] = []

    def student(i: int) -> None:
        try:
            start.wait()
            store.answer(created.code, f"student-{i}", poll.CHOICES[i % 4])
        except BaseException as err:  # collected, asserted below
            errors.append(err)

    threads = [threading.Thread(target=student, args=(i,)) for i in range(60)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors, errors
    assert store.answers(created.code) == {f"student-{i}": poll.CHOICES[i % 4] for i in range(60)}
    assert store.tally(created.code) == dict.fromkeys(poll.CHOICES, 15)


def test_codes_never_collide_and_draw_from_the_alphabet() -> None:
    store = MemoryStore()
    codes = [store.create("choice", LINK)[0].code for _ in range(10_000)]
    assert len(set(codes)) == len(codes)
    assert all(len(c) == poll.CODE_LENGTH and set(c) <= set(poll.CODE_ALPHABET) for c in codes)
    assert len(set(poll.CODE_ALPHABET)) == 32 and not set("ILOU") & set(poll.CODE_ALPHABET)
    assert poll.CODE_BITS >= 40
    # random, not a sequence: every letter turns up in every position
    for position in range(poll.CODE_LENGTH):
        assert {c[position] for c in codes} == set(poll.CODE_ALPHABET)


def test_a_code_already_taken_is_drawn_again(store: PollStore, monkeypatch: pytest.MonkeyPatch) -> None:
    first, _ = store.create("choice", LINK)
    draws = iter([first.code, first.code, "2345ABCD" if first.code != "2345ABCD" else "2345ABCE"])
    monkeypatch.setattr(poll, "new_code", lambda: next(draws))
    second, token = store.create("point", LINK, bounds=BOUNDS)
    assert second.code != first.code and store.get(second.code).kind == "point"
    assert store.get(first.code).kind == "choice"  # the first poll untouched
    assert store.close(second.code, token).state == "closed"


def test_errors_read_in_the_language_shown() -> None:
    err = refused("invalid", lambda: MemoryStore().create("choice", LINK, "q" * 250))
    assert err.message == "the question is too long: 250 characters, at most 200"
    forbidden = PollError("forbidden")
    i18n.set_language("pt")
    try:
        assert err.message == "a pergunta é longa demais: 250 caracteres, no máximo 200"
        assert str(forbidden) == PT[poll.REASONS["forbidden"]]
    finally:
        i18n.set_language("en")
    assert set(poll.REASONS) >= {"unknown", "closed", "expired", "invalid", "full", "forbidden"}
    with pytest.raises(ValueError):
        PollError("no such reason")


# ---------------------------------------------------------------------------------------------
# Redis only


def test_two_replicas_meet_in_redis(redis_url: str) -> None:
    one, two = RedisStore(redis_url), RedisStore(redis_url)
    created, token = one.create("choice", LINK)
    assert two.get(created.code) == created
    one.answer(created.code, "ana", "zigzag")
    two.answer(created.code, "bruno", "diverge")
    two.answer(created.code, "ana", "converge")  # her phone moved to the other replica
    assert one.answers(created.code) == two.answers(created.code) == {"ana": "converge", "bruno": "diverge"}
    assert one.version(created.code) == two.version(created.code)
    assert two.reveal(created.code, token).state == "revealed"
    refused("closed", lambda: one.answer(created.code, "carla", "saddle"))


def test_the_bound_on_voters_holds_across_replicas_at_once(redis_url: str) -> None:
    replicas = [RedisStore(redis_url), RedisStore(redis_url)]
    created, _ = replicas[0].create("choice", LINK)
    for i in range(MAX_ANSWERS - 10):
        replicas[i % 2].answer(created.code, f"early-{i}", "converge")
    start = threading.Barrier(40)
    outcomes: list[str] = []

    def late(i: int) -> None:
        start.wait()
        try:
            replicas[i % 2].answer(created.code, f"late-{i}", "zigzag")
            outcomes.append("ok")
        except PollError as err:
            outcomes.append(err.reason)

    threads = [threading.Thread(target=late, args=(i,)) for i in range(40)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["full"] * 30 + ["ok"] * 10
    assert len(replicas[1].answers(created.code)) == MAX_ANSWERS


def test_redis_keeps_the_tokens_hash_and_bounds_every_key_in_time(redis_url: str) -> None:
    store = RedisStore(redis_url, idle=60, ended=60)
    created, token = store.create("choice", LINK)
    store.answer(created.code, "ana", "zigzag")
    keys = store.redis.keys(f"*{created.code}*")
    assert len(keys) == 3
    for key in keys:
        assert 0 < store.redis.pttl(key) <= 120_000, key  # nothing kept forever
        kind = store.redis.type(key)
        values = store.redis.hvals(key) if kind == "hash" else [store.redis.get(key)]
        assert not any(token in str(v) for v in values)
    meta = next(k for k in keys if k.endswith(":meta"))
    assert store.redis.hget(meta, "token") == hashlib.sha256(token.encode()).hexdigest()
    alive = next(k for k in keys if k.endswith(":alive"))
    assert store.redis.pttl(alive) <= 60_000 < store.redis.pttl(meta)


def test_redis_gone_reads_as_a_message() -> None:
    store = RedisStore(f"redis://127.0.0.1:{free_port()}/0")  # nothing listens there
    err = refused("unavailable", lambda: store.get("2345ABCD"))
    assert "try again" in err.message
    refused("unavailable", lambda: store.create("choice", LINK))


def test_the_store_follows_the_environment(redis_url: str) -> None:
    memory = poll.store_from_env({})
    assert isinstance(memory, MemoryStore) and poll.store_from_env({}) is memory  # one per process
    shared = poll.store_from_env({"GDVIZ_REDIS_URL": redis_url})
    assert isinstance(shared, RedisStore) and poll.store_from_env({"GDVIZ_REDIS_URL": redis_url}) is shared
    wrong = f"redis://:hunter2@127.0.0.1:{free_port()}/0"
    with pytest.raises(poll.StoreUnavailable) as caught:
        poll.store_from_env({"GDVIZ_REDIS_URL": wrong})
    assert "GDVIZ_REDIS_URL" in str(caught.value) and "hunter2" not in str(caught.value)


def test_the_join_qr_code_is_an_svg_for_the_projector() -> None:
    import segno

    url = "https://gdviz.example/poll?code=7KQ4M2XD"
    svg = poll.join_qr_svg(url)
    assert svg.startswith('<svg xmlns="http://www.w3.org/2000/svg"') and svg.rstrip().endswith("</svg>")
    assert 'stroke="#000"' in svg  # dark modules on white
    side = segno.make(url, error="m", micro=False).symbol_size(scale=10, border=4)[0]
    assert f'width="{side}"' in svg and side >= 250  # pixels: big on a projector
    assert len(poll.join_qr_svg(url + "&x=1")) > 0 and poll.join_qr_svg(url) == svg  # deterministic
