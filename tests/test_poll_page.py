"""The class poll's pages under AppTest: created from a page in presenter mode, answered by
students, counted on the teacher's view, revealed; refused with a message, never a traceback.

Every AppTest of this process shares one in-memory store (``poll.store_from_env`` without
``GDVIZ_REDIS_URL``), so a teacher's page and a student's page meet as two browsers would.
"""

from __future__ import annotations

import base64
import json

import pytest
from support import open_page, viewer_data

pytestmark = pytest.mark.app

POLL = "pages/poll.py"


@pytest.fixture
def store():  # type: ignore[no-untyped-def]
    from gdviz.app.classpoll import store

    return store()


def texts(at) -> list[str]:  # type: ignore[no-untyped-def]
    return [str(e.value) for kind in ("markdown", "info", "error", "success", "caption") for e in getattr(at, kind)]


def teachers_link(at) -> dict[str, str]:  # type: ignore[no-untyped-def]
    """The query of the teacher's link, as the page's "teacher's link" expander shows it."""
    from urllib.parse import parse_qsl, urlsplit

    (link,) = [c.value for c in at.code if "token=" in c.value]
    return dict(parse_qsl(urlsplit(link).query))


def test_presenter_mode_creates_a_poll_of_the_explorers_run(store) -> None:  # type: ignore[no-untyped-def]
    from gdviz.app.classpoll import settings_from_link

    assert not [b for b in open_page(lr="0.19").button if b.key == "poll_create"]  # not outside presenter mode
    at = open_page(present="1", lr="0.19", x0="-2", y0="1.5")
    at.button(key="poll_create").click().run()
    assert not at.exception
    code = at.query_params["code"]
    assert "token" not in at.query_params  # the token came with the session, not in the address bar
    token = teachers_link(at)["token"]
    assert teachers_link(at)["code"] == code
    p = store.get(code)
    assert p.kind == "choice" and p.state == "open" and p.lang == "en"
    assert p.link.startswith("/?loss=quadratic&") and "present" not in p.link and "lang" not in p.link
    s = settings_from_link(p.link)
    assert (s.start, s.lr, s.loss.name) == ((-2.0, 1.5), 0.19, "quadratic")
    assert store.teacher(code, token) == p
    # the teacher's view: the code, no answer yet, the teacher's buttons
    page = " ".join(texts(at))
    assert "0 answers" in page and f"{code[:4]}-{code[4:]}" in page
    assert "### From W⁰ = (-2, 1.5) with α = 0.19: what will the run do?" in texts(at)
    assert {b.key for b in at.button} >= {"poll_reveal", "poll_close"}


def test_a_point_poll_from_the_popover_keeps_the_maps_bounds(store) -> None:  # type: ignore[no-untyped-def]
    # (one run per test step: AppTest's reruns of app.py leave out its frame, presenter mode with it)
    at = open_page(present="1", loss="himmelblau")
    at.radio(key="poll_kind").set_value("point")
    at.button(key="poll_create").click().run()
    p = store.get(at.query_params["code"])
    assert p.kind == "point" and p.question == ""  # the default question, worded by each page
    assert p.bounds == ((-5.0, 5.0), (-5.0, 5.0)) and "loss=himmelblau" in p.link


def test_the_teachers_own_question(store) -> None:  # type: ignore[no-untyped-def]
    at = open_page(present="1")
    at.text_input(key="poll_q_choice").input("Will it converge?")
    at.button(key="poll_create").click().run()
    assert store.get(at.query_params["code"]).question == "Will it converge?"


def test_the_teachers_own_options(store) -> None:  # type: ignore[no-untyped-def]
    at = open_page(present="1", state={"poll_own": True})
    at.text_area(key="poll_options").input("faster\nslower\n\nthe same")
    at.button(key="poll_create").click().run()
    assert store.get(at.query_params["code"]).options == ("faster", "slower", "the same")
    at = open_page(present="1", state={"poll_own": True})
    at.text_area(key="poll_options").input("\n".join(f"option {i}" for i in range(7)))
    at.button(key="poll_create").click().run()
    assert "code" not in at.query_params  # refused, with why
    assert any("between 2 and 6 options" in e.value for e in at.error)


def test_a_student_answers_changes_the_answer_and_the_teacher_counts_it(store) -> None:  # type: ignore[no-untyped-def]
    p, token = store.create("choice", "/?loss=quadratic&lr=0.19", question="What will gd do?")
    student = open_page(POLL, code=p.code)
    assert "### What will gd do?" in texts(student)
    assert [b.label for b in student.button] == ["converges smoothly", "zig-zags", "diverges", "converges to a saddle"]
    assert not {"poll_reveal", "poll_close"} & {b.key for b in student.button}
    student.button(key="poll_option_0").click().run()
    assert list(store.answers(p.code).values()) == ["converge"]
    student.button(key="poll_option_1").click().run()
    assert list(store.answers(p.code).values()) == ["zigzag"]  # replaced, not added
    assert any("Your answer: zig-zags" in s.value for s in student.success)
    assert student.button(key="poll_option_1").proto.type == "primary"
    other = open_page(POLL, code=p.code)
    other.button(key="poll_option_2").click().run()
    teacher = open_page(POLL, code=p.code, token=token)
    assert any("2 answers" in m for m in texts(teacher))
    assert store.tally(p.code) == {"converge": 0, "zigzag": 1, "diverge": 1, "saddle": 0}


def test_reveal_shows_the_truth_and_plays_the_run(store) -> None:  # type: ignore[no-untyped-def]
    p, token = store.create("choice", "/?loss=quadratic&lr=0.19&x0=-2.5&y0=2")
    student = open_page(POLL, code=p.code)
    before = viewer_data(student)
    assert before["still"] and not before["autoplay"] and before["surface"] is None  # the map alone
    path = [tr["t"] for tr in before["contour"]["traces"] if (tr["t"].get("meta") or {}).get("part") == "path"]
    assert len(base64.b64decode(path[0]["x"]["bdata"])) == 4  # W⁰ only: one float32 point, no path yet
    student.button(key="poll_option_1").click().run()
    teacher = open_page(POLL, code=p.code, token=token)
    teacher.button(key="poll_reveal").click().run()
    assert store.get(p.code).state == "revealed"
    assert any("zig-zags to the minimum" in m for m in texts(teacher))
    assert not [b for b in teacher.button if b.key == "poll_reveal"]
    after = viewer_data(teacher)
    assert after["autoplay"] and not after["still"] and after["curves"] is not None
    student.run()
    assert any("The answer" in s.value for s in student.subheader)
    assert not [b for b in student.button if b.key and b.key.startswith("poll_option")]  # no more answering
    assert "Your answer: zig-zags — right." in [s.value for s in student.success]
    other = open_page(POLL, code=p.code)  # opened after the reveal: nothing to answer, nothing to be right about
    assert not [s for s in other.success if "Your answer" in s.value] and not [
        b for b in other.button if b.key and b.key.startswith("poll_option")
    ]


def test_a_point_poll_takes_a_tap_and_reveals_the_distances(store) -> None:  # type: ignore[no-untyped-def]
    p, token = store.create("point", "/?loss=quadratic&lr=0.1&x0=-2.5&y0=2", bounds=((-3, 3), (-3, 3)))
    student = open_page(POLL, code=p.code)
    assert viewer_data(student)["clickable"]
    # what the viewer's callback does with a tap on the map: W⁰'s keys of this page, poll_x and poll_y
    student.session_state["poll_x"], student.session_state["poll_y"] = -2.25, 0.0
    student.run()
    assert list(store.answers(p.code).values()) == [(-2.25, 0.0)]
    assert any("W¹ ≈ (-2.25, 0)" in s.value for s in student.success)
    store.answer(p.code, "another student", (0.0, 0.0))
    teacher = open_page(POLL, code=p.code, token=token)
    teacher.button(key="poll_reveal").click().run()
    page = " ".join(texts(teacher))
    # W¹ = (-2.5, 2) - 0.1·(-2.5, 20) = (-2.25, 0): the first student was exactly right
    assert "**(-2.25, 0)**" in page and "closest **0**" in page and "median distance to W¹ **1.12**" in page
    student.run()
    assert any("Your guess was 0 away: #1 of 2." in m for m in texts(student))


@pytest.mark.parametrize("token", [None, "", "forged-" + "x" * 26])
def test_only_the_teachers_token_shows_reveal_and_close(store, token) -> None:  # type: ignore[no-untyped-def]
    p, _ = store.create("choice", "/?lr=0.19")
    link = {"code": p.code} if token is None else {"code": p.code, "token": token}
    at = open_page(POLL, **link)
    assert not {"poll_reveal", "poll_close"} & {b.key for b in at.button}
    if token is not None:
        assert [e.value for e in at.error] == ["Only the teacher's link can reveal or close this poll."]
    assert store.get(p.code).state == "open"


@pytest.mark.parametrize("code", ["ZZZZZZZZ", "<script>alert(1)</script>", "x" * 5000])
def test_an_unknown_or_forged_code_gets_a_message(code: str) -> None:
    at = open_page(POLL, code=code)
    assert [e.value for e in at.error] == ["There is no poll with this code: check the code on the teacher's screen."]
    assert [i.key for i in at.text_input] == ["poll_join_code"]  # and a field to type the right one


@pytest.mark.parametrize("link", [{}, {"code": ""}, {"code": "  "}])
def test_a_student_without_a_code_types_it(store, link) -> None:  # type: ignore[no-untyped-def]
    from gdviz.poll import MemoryStore

    p, _ = store.create("choice", "/?lr=0.19")
    at = open_page(POLL, **link)
    assert not at.error and [b.key for b in at.button if b.key and b.key.startswith("poll_option")] == []
    # a code no poll has, then one that cannot be a code: told, and the field stays
    for wrong in (MemoryStore().create("choice", "/?lr=0.19")[0].code, "12"):
        at.text_input(key="poll_join_code").input(wrong)
        at.button[0].click().run()  # the form's "Join"
        assert [e.value for e in at.error] == [
            "There is no poll with this code: check the code on the teacher's screen."
        ]
        assert at.query_params.get("code", "") == link.get("code", "")  # the link unchanged, the field still there
        assert at.text_input(key="poll_join_code").value == wrong
    # as a student types it off the projector: lower case, a hyphen, O and I for 0 and 1
    typed = f" {p.code[:4]}-{p.code[4:]} ".lower().replace("0", "o").replace("1", "i")
    at.text_input(key="poll_join_code").input(typed)
    at.button[0].click().run()
    assert at.query_params["code"] == p.code and not at.error
    assert [b.label for b in at.button if b.key and b.key.startswith("poll_option")] == [
        "converges smoothly",
        "zig-zags",
        "diverges",
        "converges to a saddle",
    ]
    assert not {"poll_reveal", "poll_close"} & {b.key for b in at.button}


def test_the_teachers_token_leaves_the_link_and_stays_in_the_session(store) -> None:  # type: ignore[no-untyped-def]
    p, token = store.create("choice", "/?lr=0.19")
    teacher = open_page(POLL, code=p.code, token=token, present="1")
    assert "token" not in teacher.query_params and teacher.query_params["code"] == p.code
    assert teachers_link(teacher) == {"code": p.code, "token": token}  # in the collapsed expander, to copy
    assert [e.label for e in teacher.expander] == ["teacher's link (keep it private)"]
    teacher.run()  # a rerun: the controls stay, from the session
    assert {"poll_reveal", "poll_close"} <= {b.key for b in teacher.button}
    teacher.button(key="poll_reveal").click().run()
    assert store.get(p.code).state == "revealed"
    # the address bar's link, copied by a student: no controls there
    student = open_page(POLL, **teacher.query_params)
    assert not {"poll_reveal", "poll_close"} & {b.key for b in student.button} and not student.code
    assert not [c for c in student.code if token in c.value]
    assert store.get(p.code).state == "revealed"


def test_a_closed_poll_says_so_and_takes_no_answer(store) -> None:  # type: ignore[no-untyped-def]
    p, token = store.create("choice", "/?lr=0.19")
    student = open_page(POLL, code=p.code)
    teacher = open_page(POLL, code=p.code, token=token)
    teacher.button(key="poll_close").click().run()
    assert store.get(p.code).state == "closed"
    assert not {"poll_reveal", "poll_close"} & {b.key for b in teacher.button}
    student.button(key="poll_option_0").click().run()  # a page drawn before the close
    assert store.answers(p.code) == {}
    assert "This poll is closed: it takes no more answers." in texts(student)
    assert not [b for b in student.button if b.key and b.key.startswith("poll_option")]


def test_an_expired_poll_says_so(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from gdviz.app.sections import poll as section
    from gdviz.poll import MemoryStore

    short = MemoryStore(idle=0.0)  # every poll ends at once
    p, _ = short.create("choice", "/?lr=0.19")
    monkeypatch.setattr(section, "store", lambda: short)
    at = open_page(POLL, code=p.code)
    assert [i.value for i in at.info] == ["This poll has ended: nobody answered it for a long while."]


def test_a_redis_that_does_not_answer_is_a_message_not_a_traceback(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from support import free_port

    monkeypatch.setenv("GDVIZ_REDIS_URL", f"redis://127.0.0.1:{free_port()}/0")  # nobody listens there
    unavailable = "The poll storage does not answer: try again in a moment."
    student = open_page(POLL, code="2345ABCD")
    assert not student.exception and [e.value for e in student.error] == [unavailable]
    teacher = open_page(present="1", lr="0.19")
    teacher.button(key="poll_create").click().run()
    assert not teacher.exception and unavailable in [e.value for e in teacher.error]
    assert "code" not in teacher.query_params


def test_the_poll_page_follows_the_polls_language(store) -> None:  # type: ignore[no-untyped-def]
    p, token = store.create("choice", "/?lr=0.19&x0=-2.5&y0=2", lang="pt")
    assert open_page(POLL, code=p.code).query_params["lang"] == "pt"  # a link without lang= gets the poll's
    # (AppTest runs a page's script without app.py's frame, which reads the language from the link)
    at = open_page(POLL, code=p.code, lang="pt", state={"lang": "pt"})
    words = ["converge sem ziguezague", "ziguezagueia", "diverge", "converge para uma sela"]
    assert [b.label for b in at.button] == words
    assert "### De W⁰ = (-2.5, 2) com α = 0.19: o que a execução vai fazer?" in texts(at)
    at.button(key="poll_option_1").click().run()
    assert any("Sua resposta: ziguezagueia" in s.value for s in at.success)
    teacher = open_page(POLL, code=p.code, token=token, lang="pt", state={"lang": "pt"})
    assert any("1 resposta" in m for m in texts(teacher))
    teacher.button(key="poll_reveal").click().run()
    assert any("ziguezagueia até o mínimo" in m for m in texts(teacher))
    # a link's own language wins over the poll's
    english = open_page(POLL, code=p.code, lang="en")
    assert "The answer" in [s.value for s in english.subheader]
    assert "### From W⁰ = (-2.5, 2) with α = 0.19: what will the run do?" in texts(english)


def test_many_answers_from_one_session_count_once(store) -> None:  # type: ignore[no-untyped-def]
    p, token = store.create("choice", "/?lr=0.19")
    student = open_page(POLL, code=p.code)
    for i in range(40):
        student.button(key=f"poll_option_{i % 4}").click().run()
    assert len(store.answers(p.code)) == 1 and store.version(p.code) <= 41
    assert list(store.answers(p.code).values()) == ["saddle"]


def test_your_function_and_the_lesson_poll_their_own_run(store) -> None:  # type: ignore[no-untyped-def]
    # (a page opened by AppTest runs without app.py's frame: presenter mode goes in as session state)
    at = open_page("pages/custom_loss.py", state={"present": True}, expr="x^2 + 3*y^2", x0="1", y0="1", lr="0.3")
    at.button(key="poll_create").click().run()
    p = store.get(at.query_params["code"])
    assert p.link.startswith("/custom?expr=x%5E2") and "lr=0.3" in p.link
    student = open_page(POLL, code=p.code)
    assert any("L = x^2 + 3*y^2, W⁰ = (1, 1), α = 0.3" in c for c in texts(student))
    # the lesson's step 5 (α on the bowl) offers it too, with the step's own run
    lesson = open_page("pages/lesson.py", state={"present": True}, step="5")
    lesson.button(key="poll_create").click().run()
    s = store.get(lesson.query_params["code"])
    assert s.link.startswith("/?loss=quadratic&") and "steps=" in s.link


def test_a_setup_link_opens_the_same_run() -> None:
    from gdviz.app.classpoll import settings_from_link, setup_link
    from gdviz.app.controls import Settings
    from gdviz.losses import get_loss

    s = Settings(get_loss("rosenbrock", b=50.0), (-0.5, 1.0), 0.0018, 5000, "adam", {"betas": (0.8, 0.99)}, 1e-2, True)
    back = settings_from_link(setup_link(s))
    assert (back.loss.name, back.loss.params, back.start, back.lr, back.steps, back.tol, back.log_height) == (
        "rosenbrock",
        s.loss.params,
        s.start,
        s.lr,
        s.steps,
        s.tol,
        True,
    )
    assert back.optimizer == "adam" and back.hyper["betas"] == (0.8, 0.99)
    # a value the link cannot use gets the page's default, as a page would do
    bad = settings_from_link("/?loss=himmelblau&lr=-1&x0=nan&steps=1e9")
    assert (bad.lr, bad.start, bad.steps) == (0.01, (-2.5, 0.0), 300)  # himmelblau's preset


@pytest.mark.parametrize(
    ("link", "said", "green"),
    [
        # α·λmax = 2: back and forth between two points for ever, never at the minimum
        ("/?loss=quadratic&lr=0.2", "The run **zig-zags for ever between two points, never reaching the minimum**", 1),
        # α·λmax = 0.5: smooth but slow, not at 1e-8 after 300 steps; still the first option
        ("/?loss=quadratic&lr=0.05", "The run **converges smoothly to the minimum**. Slowly: it had not arrived", 0),
        ("/?loss=quadratic&lr=0.19", "The run **zig-zags to the minimum**. Its steps turned back", 1),
        ("/?loss=quadratic&lr=0.22", "The run **diverges**.", 2),
        ("/?loss=saddle", "The run **converges to a saddle point**.", 3),
    ],
)
def test_the_reveal_says_what_the_run_does(store, link, said, green) -> None:  # type: ignore[no-untyped-def]
    p, token = store.create("choice", link)
    student = open_page(POLL, code=p.code)
    student.button(key="poll_option_0").click().run()
    teacher = open_page(POLL, code=p.code, token=token)
    teacher.button(key="poll_reveal").click().run()
    # the projector: the answer in one sentence (above the bars), why in the words under them
    (headline,) = [m for m in texts(teacher) if m.startswith("The run ")]
    assert said.startswith(headline.removesuffix("."))
    student.run()  # the phone: the answer and why, in one paragraph
    (words,) = [m for m in texts(student) if m.startswith("The run ")]
    assert words.startswith(said) and words.startswith(headline)
    if "quadratic" in link:  # the theory's thresholds, 2 included
        assert "at 2 it keeps its size, past 2 it grows" in words
        assert any("On this quadratic α·λmax" in m for m in texts(teacher))
    (tally,) = [c for c in teacher.get("plotly_chart")]
    bars = json.loads(tally.proto.spec)["data"][0]
    assert [c != "#bdbdbd" for c in bars["marker"]["color"]] == [i == green for i in range(4)]  # the true bar
    mine = "Your answer: converges smoothly — "
    assert [m for m in texts(student) if m.startswith(mine)] == [
        mine + ("right." if green == 0 else "not what the run does (below).")
    ]


def test_before_the_reveal_the_map_shows_w0_and_no_hint_of_the_answer(store) -> None:  # type: ignore[no-untyped-def]
    p, token = store.create("point", "/?loss=quadratic&lr=0.1&x0=-2.5&y0=2", bounds=((-3, 3), (-3, 3)))
    for link in ({"code": p.code}, {"code": p.code, "token": token}):  # a phone, and the projected screen
        parts = [
            (tr["t"].get("meta") or {}).get("part") for tr in viewer_data(open_page(POLL, **link))["contour"]["traces"]
        ]
        assert "start" in parts and not {"arrows", "current"} & set(parts)  # no −∇L(W⁰) arrow, no Wᵗ
    teacher = open_page(POLL, code=p.code, token=token)
    teacher.button(key="poll_reveal").click().run()
    sent = viewer_data(teacher)["contour"]["traces"]  # (what the browser holds already goes by reference)
    parts = [(tr["t"].get("meta") or {}).get("part") for tr in sent if "t" in tr]
    assert {"arrows", "current", "path"} <= set(parts)  # the reveal: the whole run, its arrows


def shown_words(at) -> str:  # type: ignore[no-untyped-def]
    """Every text the page shows, its sidebar included (the status, the gauge, the captions)."""
    kinds = ("markdown", "caption", "info", "success", "warning", "error", "subheader", "latex")
    found = [str(e.value) for kind in kinds for e in getattr(at, kind)]
    found += [str(e.proto.text) for e in at.get("progress")]  # the gauge's "α·λmax = …"
    return " ".join(found)


def sent_path(at) -> int:  # type: ignore[no-untyped-def]
    """How many points of the path the page sent to the viewer's map (0: no path trace at all)."""
    traces = [tr["t"] for tr in viewer_data(at)["contour"]["traces"] if "t" in tr]
    path = [tr for tr in traces if (tr.get("meta") or {}).get("part") == "path"]
    return len(base64.b64decode(path[0]["x"]["bdata"])) // 4 if path else 0


def test_hiding_the_run_shows_the_setup_only_and_polls_the_same_run(store) -> None:  # type: ignore[no-untyped-def]
    # (the Explorer switched to by AppTest runs without app.py's frame: presenter mode stays, as
    # session state, over the reruns below)
    link = {"lr": "0.19", "x0": "-2", "y0": "1.5"}
    shown = open_page("pages/explorer.py", state={"present": True}, **link)
    assert "converged" in shown_words(shown) and sent_path(shown) > 100  # what the class would have seen
    at = open_page("pages/explorer.py", state={"present": True, "poll_hide": True}, **link)
    data = viewer_data(at)
    assert data["still"] and data["curves"] is None and data["live"] is None
    assert sent_path(at) == 1  # W⁰ alone
    parts = {(tr["t"].get("meta") or {}).get("part") for tr in data["contour"]["traces"] if "t" in tr}
    assert "start" in parts and not {"current", "arrows"} & parts
    words = shown_words(at)
    # (the popover's options, "converges smoothly · zig-zags · …", are the question, not the answer)
    for answer in ("converged", "diverged", "α·λmax", "after ", "The update rule in numbers"):
        assert answer not in words, answer
    assert "hidden until the poll's reveal" in words
    assert not at.dataframe and not at.table  # no step table
    # the poll made while hidden freezes the same run as without hiding
    at.button(key="poll_create").click().run()
    hidden_poll = store.get(at.query_params["code"])
    shown.button(key="poll_create").click().run()
    assert hidden_poll.link == store.get(shown.query_params["code"]).link
    assert "hide" not in hidden_poll.link
    # turned off: the run again
    again = open_page("pages/explorer.py", state={"present": True, "poll_hide": True}, **link)
    again.toggle(key="poll_hide").set_value(False).run()
    assert sent_path(again) > 100 and "converged" in shown_words(again)
    # outside presenter mode there is no toggle, and a stale one hides nothing
    plain = open_page("pages/explorer.py", state={"poll_hide": True}, **link)
    assert not [w for w in plain.toggle if w.key == "poll_hide"] and sent_path(plain) > 100


def test_hiding_the_lessons_run(store) -> None:  # type: ignore[no-untyped-def]
    at = open_page("pages/lesson.py", state={"present": True, "poll_hide": True}, step="5")
    data = viewer_data(at)
    assert data["still"] and data["curves"] is None and sent_path(at) == 1
    words = shown_words(at)
    assert "hidden until the poll's reveal" in words and "converged" not in words and "α·λmax" not in words
    at.button(key="poll_create").click().run()
    assert "lr=" in store.get(at.query_params["code"]).link
    shown = open_page("pages/lesson.py", state={"present": True}, step="5")
    assert sent_path(shown) > 1 and "α·λmax" in shown_words(shown)
