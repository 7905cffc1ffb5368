"""The class poll's page (pages/poll.py, ``/poll?code=…``).

With the teacher's token it is the teacher's view: the code, the join link and its QR code, the
frozen view, the answers arriving live, and "Reveal" and "Close". The token comes with the poll from
the page that created it (kept in the session), or in the teacher's link (``&token=…``): the page
then keeps it (in the session, and in a cookie of this browser for a reload) and drops it from the
address bar, which a projector shows to the class. Without it, a student's view: the frozen view
without the answer, the question, and the answer buttons (or a tap on the map), then the result
once revealed. Without a code, a field to type the one on the teacher's screen. A code that is
unknown, expired or closed, and a token that is not the teacher's, get a message
(``poll.PollError``), never a traceback.
"""

from __future__ import annotations

from dataclasses import dataclass

import streamlit as st

from ... import figures, poll_charts
from ...analysis import StationaryPoint
from ...i18n import DEFAULT, LANGUAGES, Message, set_language, t, tn
from ...poll import CHOICES, CODE_LENGTH, Poll, PollError, format_code, join_qr_svg, normalize_code
from ...poll_truth import Truth, spread, start_only, truth
from ...runs import CONVERGED, Run
from ...stability import theory_or_none
from ..cache import points_in_view
from ..classpoll import (
    default_question,
    join_link,
    keep_token,
    kept_token,
    option_label,
    remember_token,
    remember_voter,
    settings_from_link,
    setup_words,
    store,
    voter,
    without_answer,
)
from ..controls import Settings
from ..panels import run_descent, show_table, status_box
from ..shell import presenting
from ..state import link_warning_box
from ..viewer import viewer

TEACHER_REFRESH = 1.0
"""Seconds between the teacher's looks at the poll's version (a redraw only when it changed)."""
STUDENT_REFRESH = 2.0
"""Seconds between a student's looks at the poll's state (the page follows a reveal or a close)."""


@dataclass(frozen=True)
class Frozen:
    """A poll's setup and what its run really does (the same for every viewer of the poll)."""

    settings: Settings
    run: Run
    truth: Truth
    points: list[StationaryPoint]


@st.cache_resource(max_entries=32, show_spinner=False)
def frozen(link: str) -> Frozen:
    """The run a poll's link froze, computed once per process (60 students, one run)."""
    s = settings_from_link(link)
    run = run_descent(s)
    return Frozen(s, run, truth(run, s.loss.bounds, s.loss), points_in_view(s.loss, s.loss.bounds))


@st.cache_data(max_entries=64, show_spinner=False)
def qr_code(url: str) -> str:
    """The join link's QR code (SVG), drawn once per link rather than on every refresh."""
    return join_qr_svg(url)


def refused(err: Message | None, ask: bool = False) -> None:
    """A poll that cannot be shown, and why; with ``ask``, a field to type another code."""
    st.title(t("Class poll"))
    link_warning_box()
    if err is not None:
        (st.info if getattr(err, "reason", "") in ("closed", "expired") else st.error)(err.message)
    if ask:
        join_form()


def join_form() -> None:
    """The code on the teacher's screen, typed (as a student may: any case, O for 0, with or
    without the hyphen); a code that opens a poll goes into the link, as if the link had been followed."""
    with st.form("poll_join", border=False, enter_to_submit=True):
        typed = st.text_input(
            t("the code on the teacher's screen"),
            placeholder="XXXX-XXXX",
            max_chars=2 * CODE_LENGTH,
            key="poll_join_code",
        )
        joined = st.form_submit_button(t("Join"), type="primary", width="stretch")
    if not joined:
        return
    try:
        code = normalize_code(typed)
        store().get(code)
    except PollError as err:
        st.error(err.message)
        return
    st.query_params["code"] = code
    st.rerun()


def follow_language(p: Poll) -> None:
    """A link without ``lang=`` opens in the poll's language (the teacher's, when it was made)."""
    if "lang" not in st.query_params and p.lang in LANGUAGES and p.lang != st.session_state.get("lang"):
        st.query_params["lang"] = p.lang
        st.rerun()


def page() -> None:
    """The page: the teacher's view or a student's, by the link and the token kept; without a
    code, a field to type one."""
    code = st.query_params.get("code", "")
    linked = st.query_params.get("token")
    if not code.strip() and linked is None:
        refused(None, ask=True)
        return
    try:
        p = store().get(code)
    except PollError as err:
        refused(err, ask=err.reason in ("unknown", "expired") and linked is None)
        return
    token = linked if linked is not None else kept_token(p.code)
    if token is not None:
        try:
            p = store().teacher(p.code, token)
        except PollError as err:
            if linked is not None:  # a forged or mistyped link says so
                refused(err)
                return
            token = None  # a kept token that is not this poll's any more: a student's view
    if token is not None:
        keep_token(p.code, token)
        if linked is not None:
            del st.query_params["token"]  # kept: out of the address bar the class can read
    follow_language(p)
    try:
        setup = frozen(p.link)
    except (Message, ValueError) as err:  # a link the app cannot run any more (an unusable formula)
        refused(err if isinstance(err, Message) else Message("This run cannot start: {why}.", why=str(err)))
        return
    if token is not None:
        teacher_view(p, token, setup)
        remember_token(p.code, token)  # last: its script's element adds a gap, under everything
    else:
        student_view(p, setup)


# ---------------------------------------------------------------------------------------------
# What both views draw


def question(p: Poll, setup: Frozen) -> str:
    """The teacher's question as typed, or the default one in this page's language."""
    return p.question or default_question(p.kind, setup.settings)


def figures_for(p: Poll, setup: Frozen, answers: dict, mine: object = None) -> tuple:
    """The map (and after the reveal the curves): before the reveal W⁰ only, with the direction of
    the first step and no path; after it the whole run. A point poll's guesses go on the map
    (``answers``: those shown). No 3-D view: the map is what a student taps, on a phone it fits the
    screen, and sixty phones are spared a WebGL scene."""
    s = setup.settings
    view = figures.View(s.loss.bounds, log_height=s.log_height)
    revealed = p.state != "open"
    run = setup.run if revealed else start_only(setup.run)
    contour = figures.contour_figure(s.loss, run, view, setup.points)
    if not revealed:
        without_answer(contour)  # W⁰ alone (the start shows green, as on the slides)
    if p.kind == "point":
        points = [v for v in answers.values() if isinstance(v, tuple)]
        poll_charts.add_class_points(
            contour,
            points,
            mine=mine if isinstance(mine, tuple) else None,
            w1=setup.truth.w1 if revealed else None,
        )
    curves = figures.curves_figure(setup.run) if revealed else None
    return contour, curves, view


def show_views(
    p: Poll,
    setup: Frozen,
    answers: dict,
    *,
    key: str,
    mine: object = None,
    click: bool = False,
    height: int = 340,
) -> None:
    """The frozen map, or after the reveal the run, playing by itself over the answers."""
    contour, curves, view = figures_for(p, setup, answers, mine)
    viewer(
        None,
        contour,
        curves,
        key=key,
        run_id=f"{p.code}|{p.state}",
        bounds=view.bounds,
        clickable=click,
        height=height,
        curves_height=200,
        start_keys=("poll_x", "poll_y"),
        hint=t("tap the map where W¹ lands") if click else None,
        autoplay=p.state != "open",
        still=p.state == "open",
        download=False,
    )


def tally_chart(p: Poll, counts: dict[str, int], setup: Frozen, *, key: str) -> None:
    correct = None
    if p.state != "open" and p.options == CHOICES and setup.truth.outcome in CHOICES:
        correct = CHOICES.index(setup.truth.outcome)
    fig = poll_charts.tally_figure(
        [option_label(p, o) for o in p.options],
        [counts[o] for o in p.options],
        correct,
        font=18 if presenting() else 15,
    )
    st.plotly_chart(fig, key=key, config={"displayModeBar": False, "staticPlot": True}, width="stretch")


def truth_words(p: Poll, setup: Frozen) -> tuple[str, str]:
    """What the run did, in the poll's words (one sentence, the answer), and why (the zig-zag test;
    the theory on a quadratic), "" when there is nothing more to say."""
    s, found = setup.settings, setup.truth
    if p.kind == "point":
        if found.w1 is None:
            return t("The run made no step: W¹ does not exist."), ""
        gx, gy = (float(v) for v in setup.run.gradients[0])
        said = t(
            "W¹ = W⁰ − α∇L(W⁰) = ({x:.4g}, {y:.4g}) − {lr:g}·({gx:.4g}, {gy:.4g}) = **({w1x:.4g}, {w1y:.4g})**.",
            x=s.start[0],
            y=s.start[1],
            lr=s.lr,
            gx=gx,
            gy=gy,
            w1x=found.w1[0],
            w1y=found.w1[1],
        )
        return said, ""
    if not found.outcome:
        return t("None of the four: {message}.", message=setup.run.message), ""
    outcome = found.outcome
    if outcome == "zigzag" and setup.run.status != CONVERGED and not found.unfinished:
        outcome = "zigzag_forever"  # oscillating: back where it was two steps before, for ever
    said = t("The run **{outcome}**.", outcome=t(OUTCOME_WORDS[outcome]))
    why = []
    if found.unfinished:
        why.append(
            tn(
                "Slowly: it had not arrived after its {n} step, but L still fell at every step, in a bowl that "
                "curves up in every direction.",
                "Slowly: it had not arrived after its {n} steps, but L still fell at every step, in a bowl that "
                "curves up in every direction.",
                setup.run.steps,
            )
        )
    if found.outcome in ("converge", "zigzag"):
        why.append(
            tn(
                "Its steps turned back {n} time (a turn of more than 90° between two steps you can see).",
                "Its steps turned back {n} times (a turn of more than 90° between two steps you can see).",
                found.reversals,
            )
        )
    theory = theory_or_none(s.loss)
    if s.optimizer == "gd" and theory is not None and theory.exact and theory.eigenvalues[1] > 0:
        ratio = s.lr * theory.eigenvalues[1]
        why.append(
            t(
                "On this quadratic α·λmax = {ratio:.3g}: up to 1 no step overshoots, between 1 and 2 the steepest "
                "direction's error flips sign at every step (a zig-zag that shrinks), at 2 it keeps its size, past 2 "
                "it grows.",
                ratio=ratio,
            )
        )
    return said, " ".join(why)


OUTCOME_WORDS = {
    "converge": "converges smoothly to the minimum",
    "zigzag": "zig-zags to the minimum",
    "zigzag_forever": "zig-zags for ever between two points, never reaching the minimum",
    "diverge": "diverges",
    "saddle": "converges to a saddle point",
}


def distance_summary(p: Poll, setup: Frozen, answers: dict, mine: object = None) -> None:
    """After the reveal of a point poll: the median distance to the true W¹, the closest, and each."""
    if setup.truth.w1 is None:
        return
    points = {v: a for v, a in answers.items() if isinstance(a, tuple)}
    found = spread(points, setup.truth.w1)
    if found.median is None:
        st.caption(t("Nobody answered."))
        return
    st.markdown(
        tn(
            "{n} guess: median distance to W¹ **{median:.3g}**, closest **{best:.3g}**.",
            "{n} guesses: median distance to W¹ **{median:.3g}**, closest **{best:.3g}**.",
            len(found.distances),
            median=found.median,
            best=found.distances[0][1],
        )
    )
    if isinstance(mine, tuple):
        rank = next(i for i, (v, _) in enumerate(found.distances, 1) if points[v] == mine)
        st.markdown(
            t(
                "Your guess was {d:.3g} away: #{rank} of {n}.",
                d=found.distances[rank - 1][1],
                rank=rank,
                n=len(found.distances),
            )
        )
    rows = [
        {"#": i, t("guess of W¹"): f"({points[v][0]:.3g}, {points[v][1]:.3g})", t("distance"): d}
        for i, (v, d) in enumerate(found.distances, 1)
    ]
    with st.expander(t("every guess, nearest first")):
        show_table(rows, height=min(400, 38 + 35 * len(rows)))


# ---------------------------------------------------------------------------------------------
# The teacher's view


def _reveal(code: str, token: str) -> None:
    try:
        store().reveal(code, token)
    except PollError as err:
        st.session_state["_poll_message"] = err.message


def _close(code: str, token: str) -> None:
    try:
        store().close(code, token)
    except PollError as err:
        st.session_state["_poll_message"] = err.message


CODE_CSS = """
<style>
/* the code as large as its column lets it be (a sidebar left open narrows the column): in
   Streamlit's monospace font 9 characters and their spacing are 5.7 em wide, whatever the code
   ("WMWM-MWMW" as "1111-1111"), so 16.5 % of the column's width (cqi) per em fits */
.gdviz-code-box { container-type: inline-size; }
.gdviz-code { font-family: "Source Code Pro", monospace; font-size: min(2.3rem, 16.5cqi); font-weight: 700;
  letter-spacing: 0.04em; white-space: nowrap; line-height: 1.1; }
.gdviz-count { font-size: 1.5rem; }
</style>
"""


def teacher_view(p: Poll, token: str, setup: Frozen) -> None:
    # the whole width for the question, the view and the answers (the sidebar's button reopens it)
    st.set_page_config(initial_sidebar_state="collapsed")
    st.html(CODE_CSS)
    st.markdown(f"### {question(p, setup)}")
    st.caption(setup_words(setup.settings))
    link_warning_box()
    live_results(p.code, token)


def counts_of(p: Poll, answers: dict) -> dict[str, int]:
    counts = dict.fromkeys(p.options, 0)
    for value in answers.values():
        if isinstance(value, str) and value in counts:
            counts[value] += 1
    return counts


def page_language() -> None:
    """The page's language again, for a fragment's own rerun: it runs in a thread of its own,
    without app.py's frame that sets the language (``i18n``'s context) on a full run."""
    set_language(st.session_state.get("lang", DEFAULT))


@st.fragment(run_every=TEACHER_REFRESH)
def live_results(code: str, token: str) -> None:
    """The teacher's screen under the question, redrawn every second from what the store holds;
    the answers are read again only when the poll's version has changed."""
    page_language()
    try:
        version = store().version(code)
        cached = st.session_state.get("_poll_seen")
        if cached is None or cached[0] != (code, version):
            cached = ((code, version), store().get(code), store().answers(code))
            st.session_state["_poll_seen"] = cached
    except PollError as err:
        st.info(err.message)
        return
    _, p, answers = cached
    if message := st.session_state.pop("_poll_message", None):
        st.error(message)
    setup = frozen(p.link)
    views, results, join = st.columns([4, 3, 2], gap="medium")
    with join:
        url = join_link(p.code)
        st.caption(t("Join at"))
        code_box = f'<div class="gdviz-code-box"><div class="gdviz-code">{format_code(p.code)}</div></div>'
        st.markdown(code_box, unsafe_allow_html=True)
        st.image(qr_code(url), width="stretch")
        st.caption(url)
        with st.expander(t("teacher's link (keep it private)")):
            st.caption(t("It reveals and closes this poll: open it to take the controls back on another screen."))
            st.code(join_link(p.code, token), language=None, wrap_lines=True)
    with results:
        count = tn("{n} answer", "{n} answers", len(answers))
        st.markdown(f'<div class="gdviz-count" data-testid="gdviz-poll-count">{count}</div>', unsafe_allow_html=True)
        said, why = truth_words(p, setup) if p.state != "open" else ("", "")
        if said:  # the answer where the projector's 720 pixels show it, above the bars
            st.markdown(said)
        if p.kind == "choice":
            tally_chart(p, counts_of(p, answers), setup, key="poll_tally")
        buttons = st.columns(2) if p.state == "open" else [st.container()] * 2
        if p.state == "open":
            buttons[0].button(
                t("Reveal"), type="primary", key="poll_reveal", on_click=_reveal, args=(p.code, token), width="stretch"
            )
        if p.state != "closed":
            buttons[1].button(t("Close poll"), key="poll_close", on_click=_close, args=(p.code, token), width="stretch")
        else:
            st.info(t("This poll is closed: it takes no more answers."))
        if p.state != "open":
            status_box(setup.run)
            if why:
                st.markdown(why)
            if p.kind == "point":
                distance_summary(p, setup, answers)
    with views:
        show_views(p, setup, answers, key="poll_teacher_viewer", height=420)


# ---------------------------------------------------------------------------------------------
# A student's view


def _answer(code: str, value: object) -> None:
    try:
        store().answer(code, voter(), value)
    except PollError as err:
        st.session_state["_poll_message"] = err.message


def student_view(p: Poll, setup: Frozen) -> None:
    me = voter()
    if "poll_x" in st.session_state and "poll_y" in st.session_state:  # a tap on the map (the viewer's callback)
        _answer(p.code, (float(st.session_state.pop("poll_x")), float(st.session_state.pop("poll_y"))))
    st.markdown(f"#### {t('Class poll')} · {format_code(p.code)}")
    st.markdown(f"### {question(p, setup)}")
    st.caption(setup_words(setup.settings))
    link_warning_box()
    if message := st.session_state.pop("_poll_message", None):
        st.error(message)
    try:
        p = store().get(p.code)
        answers = store().answers(p.code)
    except PollError as err:
        st.info(err.message)
        return
    mine = answers.get(me)
    watch_state(p.code, p.state)
    if p.state == "closed":
        st.info(t("This poll is closed: it takes no more answers."))
    if p.kind == "choice":
        if p.state == "open":
            for i, option in enumerate(p.options):
                st.button(
                    option_label(p, option),
                    key=f"poll_option_{i}",
                    type="primary" if mine == option else "secondary",
                    on_click=_answer,
                    args=(p.code, option),
                    width="stretch",
                )
        if mine is not None:
            known = p.state != "open" and p.options == CHOICES and setup.truth.outcome in CHOICES
            confirm(p, option_label(p, str(mine)), right=mine == setup.truth.outcome if known else None)
    elif mine is not None:
        confirm(p, f"W¹ ≈ ({mine[0]:.3g}, {mine[1]:.3g})")
    elif p.state == "open":
        st.info(t("Tap the map where you think W¹ lands."), icon="👆")
    if p.state != "open":
        st.subheader(t("The answer"))
        status_box(setup.run)
        st.markdown(" ".join(truth_words(p, setup)).strip())
        if p.kind == "choice":
            tally_chart(p, counts_of(p, answers), setup, key="poll_tally")
    show_views(
        p,
        setup,
        answers if p.state != "open" else {},  # the class's guesses only after the reveal
        key="poll_student_viewer",
        mine=mine,
        click=p.kind == "point" and p.state == "open",
    )
    if p.state != "open" and p.kind == "point":
        distance_summary(p, setup, answers, mine)
    remember_voter()  # last: its script's element adds a gap, under everything


def confirm(p: Poll, answer: str, right: bool | None = None) -> None:
    """This student's answer; after the reveal, whether it was the run's outcome (``right``; None
    when the poll cannot tell: the teacher's own options, or a run that ended none of the four ways)."""
    if p.state == "open":
        st.success(t("Your answer: {answer} — you can change it until the teacher reveals.", answer=answer))
    elif right is None:
        st.info(t("Your answer: {answer}.", answer=answer))
    elif right:
        st.success(t("Your answer: {answer} — right.", answer=answer), icon="✅")
    else:
        st.info(t("Your answer: {answer} — not what the run does (below).", answer=answer))


@st.fragment(run_every=STUDENT_REFRESH)
def watch_state(code: str, shown: str) -> None:
    """Every few seconds, the poll's state (not its answers): the page follows a reveal or a close."""
    page_language()
    try:
        state = store().get(code).state
    except PollError:
        return
    if state != shown:
        st.rerun()
