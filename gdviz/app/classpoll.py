"""The class poll's shared pieces: the store, a run's setup as a link and back, the voter's id,
and the presenter's "Poll the class" dialog that a page with a lone run offers (``poll_button``).

The poll itself (codes, answers, bounds, the teacher's token) is ``gdviz.poll``; what the frozen run
does is ``gdviz.poll_truth``; the poll's own page is ``sections/poll.py``.
"""

from __future__ import annotations

import logging
import math
import re
import secrets
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit

import streamlit as st

from .. import poll
from ..expression import parse_loss
from ..i18n import language, t
from ..losses import SPECS, get_loss
from .controls import Settings
from .fields import FIELDS, OPTIMIZER_NAMES, PRESETS, Field, hyper_fields, optimizer_kwargs
from .shell import presenting

CHOICE_WORDS = {
    "converge": "converges smoothly",  # not "converges": a zig-zag converges too
    "zigzag": "zig-zags",
    "diverge": "diverges",
    "saddle": "converges to a saddle",
}
"""The default options (``poll.CHOICES``) as a student reads them, in the page's language."""

_LOG = logging.getLogger(__name__)

PAGE = "pages/poll.py"
URL_PATH = "poll"


def store() -> poll.PollStore:
    """This process's poll store (Redis when ``GDVIZ_REDIS_URL`` is set; see ``poll.store_from_env``).

    A Redis that does not answer is the deployment's fault, told to its log in full (the address,
    the error); the class reads "try again in a moment" (a ``PollError``, which every caller shows)."""
    try:
        return poll.store_from_env()
    except poll.StoreUnavailable as err:
        _LOG.error("%s", err)
        raise poll.PollError("unavailable") from err


def option_label(p: poll.Poll, option: str) -> str:
    """An option as shown: a default one worded in the page's language, the teacher's own as typed."""
    return t(CHOICE_WORDS[option]) if p.options == poll.CHOICES and option in CHOICE_WORDS else option


# ---------------------------------------------------------------------------------------------
# A run's setup as a link, and back


def _text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return format(value, ".12g")
    return str(value)


def setup_link(s: Settings) -> str:
    """The page's link for this run, every value spelled out (no preset is left to guess), without
    the language or presenter mode: ``/?loss=quadratic&x0=-2.5&…`` or ``/custom?expr=…``."""
    params: dict[str, Any] = {}
    if s.loss.name in SPECS:
        path = "/"
        params["loss"] = s.loss.name
        params.update({f"{s.loss.name}_{p}": v for p, v in s.loss.params.items()})
    else:  # a typed formula, with its view
        path = "/custom"
        (x0, x1), (y0, y1) = s.loss.bounds
        params.update(expr=s.loss.title, view_auto=False, xmin=x0, xmax=x1, ymin=y0, ymax=y1)
    params.update(x0=s.start[0], y0=s.start[1], lr=s.lr, steps=s.steps, opt=s.optimizer, tol=s.tol, log=s.log_height)
    fields = hyper_fields(s.optimizer)
    for f in fields:
        value = s.hyper.get(f.arg, f.default)
        params[f.key] = value[f.part] if f.part is not None else value
    if s.noise:
        params.update(noise=s.noise, seed=s.seed)
    return f"{path}?{urlencode({k: _text(v) for k, v in params.items()})}"


def _value(f: Field, text: str | None, fallback: Any = None) -> Any:
    """A link value as its field holds it; the fallback (the field's default) when absent or unusable."""
    default = f.default if fallback is None else fallback
    if text is None or f.check(text) is not None:
        return default
    if isinstance(f.default, bool):
        return text.lower() == "true"
    if isinstance(f.default, int):
        return int(float(text))
    if isinstance(f.default, float):
        return float(text)
    return text


def settings_from_link(link: str) -> Settings:
    """The run a poll's link froze (``setup_link``'s inverse); a value that cannot be used is
    replaced by its default, as a page does. Raises ``ExpressionError`` for an unusable formula."""
    parts = urlsplit(link)
    params = dict(parse_qsl(parts.query))

    def value(key: str, fallback: Any = None) -> Any:
        return _value(FIELDS[key], params.get(key), fallback)

    if parts.path.strip("/") == "custom":
        view = None
        if not value("view_auto"):
            (x0, x1), (y0, y1) = (value("xmin"), value("xmax")), (value("ymin"), value("ymax"))
            view = ((x0, x1), (y0, y1)) if x0 < x1 and y0 < y1 else None
        loss = parse_loss(value("expr"), view)
        preset: dict[str, Any] = {}
    else:
        name = value("loss")
        preset = PRESETS[name].values()
        loss = get_loss(name, **{p: value(f"{name}_{p}") for p in SPECS[name].defaults})
    opt = value("opt")
    fields = hyper_fields(opt)
    hyper = optimizer_kwargs(fields, [value(f.key) for f in fields])
    return Settings(
        loss,
        (value("x0", preset.get("x0")), value("y0", preset.get("y0"))),
        value("lr", preset.get("lr")),
        value("steps", preset.get("steps")),
        opt,
        hyper,
        value("tol", preset.get("tol")),
        value("log", preset.get("log")),
        value("noise"),
        value("seed"),
    )


def setup_words(s: Settings) -> str:
    """The frozen setup in one line: the loss, W⁰ and α (and the optimizer when it is not gd)."""
    words = t(
        "{loss}, W⁰ = ({x:.4g}, {y:.4g}), α = {lr:g}",
        loss=t(SPECS[s.loss.name].title) if s.loss.name in SPECS else f"L = {s.loss.title}",
        x=s.start[0],
        y=s.start[1],
        lr=s.lr,
    )
    if s.optimizer != "gd":
        words += ", " + t(OPTIMIZER_NAMES[s.optimizer])
    return words


def default_question(kind: str, s: Settings) -> str:
    """The question a poll asks unless the teacher types another (a poll stores it as "")."""
    values = {"x": s.start[0], "y": s.start[1], "lr": s.lr}
    if kind == "point":
        return t("From W⁰ = ({x:.4g}, {y:.4g}) with α = {lr:g}: where does W¹, the first step, land?", **values)
    return t("From W⁰ = ({x:.4g}, {y:.4g}) with α = {lr:g}: what will the run do?", **values)


# ---------------------------------------------------------------------------------------------
# Who is voting


VOTER_COOKIE = "gdviz_voter"
_VOTER = re.compile(r"[0-9a-f]{32}")
VOTER_DAYS = 1


def voter() -> str:
    """This browser's voter id: a random id kept in a cookie, so that a second tab or a reload
    answers as the same student (and replaces the answer) rather than as a new one.

    Streamlit reads cookies (``st.context.cookies``, sent with the page's websocket) but has no
    way to set one; ``remember_voter`` writes it from the page. A browser that refuses cookies
    votes once per tab (the session).
    """
    found = st.session_state.get("_voter")
    if found is None:
        cookie = st.context.cookies.get(VOTER_COOKIE)
        cookie = cookie if isinstance(cookie, str) else ""  # none outside a browser (AppTest)
        found = cookie if _VOTER.fullmatch(cookie) else secrets.token_hex(16)
        st.session_state["_voter"] = found
        st.session_state["_voter_new"] = found != cookie
    return found


def remember_voter() -> None:
    """Write the voter id into the browser's cookie once per session (a hex id of our own making,
    never text from the request)."""
    if st.session_state.pop("_voter_new", False):
        age = VOTER_DAYS * 24 * 3600
        st.html(
            f'<script>document.cookie = "{VOTER_COOKIE}={voter()}; path=/; max-age={age}; samesite=lax";</script>',
            unsafe_allow_javascript=True,
        )


# ---------------------------------------------------------------------------------------------
# The teacher's token, out of the address bar

TEACHER_COOKIE = "gdviz_teacher_"
"""Followed by the poll's code: the teacher's token for that poll, in the teacher's browser only."""
_TOKEN = re.compile(r"[A-Za-z0-9_-]{16,64}")  # secrets.token_urlsafe's alphabet
_CODE = re.compile(f"[{poll.CODE_ALPHABET}]{{{poll.CODE_LENGTH}}}")


def keep_token(code: str, token: str) -> None:
    """Keep the teacher's token of poll ``code`` in this session, so that the teacher's page need
    not carry it in its link (where a projected address bar would show it to the class)."""
    st.session_state.setdefault("_poll_tokens", {})[code] = token


def kept_token(code: str) -> str | None:
    """The token this session kept for poll ``code``, or else the one this browser's cookie holds
    (``remember_token``: a reload starts a new session), or None."""
    token = st.session_state.get("_poll_tokens", {}).get(code)
    if token is None:
        cookie = st.context.cookies.get(TEACHER_COOKIE + code)
        token = cookie if isinstance(cookie, str) and _TOKEN.fullmatch(cookie) else None
    return token


def remember_token(code: str, token: str) -> None:
    """Write the teacher's token, once checked, into a cookie of this browser (once per session),
    so that reloading the teacher's page keeps its controls. A session cookie: it goes when the
    browser closes. Only our own alphabets are written (a poll's code, a token we made)."""
    written = st.session_state.setdefault("_poll_cookies", set())
    if code in written or not (_CODE.fullmatch(code) and _TOKEN.fullmatch(token)):
        return
    written.add(code)
    st.html(
        f'<script>document.cookie = "{TEACHER_COOKIE}{code}={token}; path=/; samesite=strict";</script>',
        unsafe_allow_javascript=True,
    )


# ---------------------------------------------------------------------------------------------
# Creating a poll from a page (presenter mode)


def join_link(code: str, token: str | None = None) -> str:
    """``<base>/poll?code=…``: the base is the address the browser uses (through any proxy).
    With ``token``, the teacher's link (``&token=…``), which reveals and closes the poll."""
    url = st.context.url
    url = url.rstrip("/") if isinstance(url, str) else ""  # no browser (AppTest): a relative link
    base = url.rsplit("/", 1)[0] if "/" in url.removeprefix("http://").removeprefix("https://") else url
    return f"{base}/{URL_PATH}?code={code}" + (f"&token={token}" if token else "")


def _options(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


def _poll_form(s: Settings) -> None:
    st.caption(t("Freeze this run as a question; students answer from their phones, then you reveal the run."))
    kind = st.radio(
        t("question"),
        options=list(poll.KINDS),
        format_func=lambda k: t("multiple choice") if k == "choice" else t("click where W¹ lands"),
        horizontal=True,
        key="poll_kind",
    )
    options: list[str] | tuple[str, ...] = poll.CHOICES
    if kind == "choice":
        own = st.toggle(t("your own options"), key="poll_own")
        if own:
            options = _options(
                st.text_area(
                    t("options, one per line (2 to {most})", most=poll.MAX_OPTIONS),
                    key="poll_options",
                    height=150,
                )
            )
        else:
            st.caption(" · ".join(t(CHOICE_WORDS[c]) for c in poll.CHOICES))
    default = default_question(kind, s)
    question = st.text_input(t("the question"), value=default, max_chars=poll.MAX_QUESTION_CHARS, key=f"poll_q_{kind}")
    if question.strip() == default:
        question = ""  # the default question: each page words it in its reader's language
    if st.button(t("Create the poll"), type="primary", key="poll_create", width="stretch"):
        try:
            created, token = store().create(
                kind,
                setup_link(s),
                question=question,
                options=options,
                bounds=s.loss.bounds if kind == "point" else None,
                lang=language(),
            )
        except poll.PollError as err:
            st.error(err.message)
            return
        keep_token(created.code, token)  # the teacher's page finds it here: no token in its link
        st.switch_page(PAGE, query_params={"code": created.code, "present": "1", "lang": language()})


HIDE_KEY = "poll_hide"
"""The session-state key of "hide the run (ask first)": not in the link, nor in a poll's."""


def _can_poll(s: Settings) -> bool:
    return presenting() and all(map(math.isfinite, (*s.start, s.lr)))


def hide_run(s: Settings) -> bool:
    """In presenter mode, "hide the run (ask first)" in the sidebar, just above "Poll the class";
    whether it is on. A page that hides its run shows its setup only (``without_answer``, no status,
    no verdict, no numbers of the run), so that the class is asked before it sees the answer.
    Call it before the page draws anything of the run."""
    if not _can_poll(s):
        return False
    with st.sidebar:
        return st.toggle(
            t("hide the run (ask first)"),
            key=HIDE_KEY,
            help=t("The page shows W⁰ and α only, not what the run does, until you turn this off."),
        )


def hidden_note() -> None:
    """The caption where a hidden run's outcome would be."""
    st.caption(t("The run is hidden until the poll's reveal (or until you turn off “hide the run”)."))


def without_answer(fig: Any) -> Any:
    """A figure of a run cut back to W⁰ (``poll_truth.start_only``) without what would give the
    answer away: no "current point" diamond over W⁰, no −∇L(W⁰) arrow (its direction is half the
    answer to "where does W¹ land?"). The poll's page draws its frozen map so before the reveal."""
    fig.data = [tr for tr in fig.data if (tr.meta or {}).get("part") not in ("current", "arrows")]
    return fig


def poll_button(s: Settings) -> None:
    """In presenter mode, "Poll the class" in the sidebar: a popover that freezes this run as a question
    (a popover, not a dialog: its widgets are drawn on every run, so its button works in one click)."""
    if not _can_poll(s):
        return
    with (
        st.sidebar,
        # what it does inside it, not as the button's tooltip: a tooltip left by the pointer
        # would lie over the popover's "Create the poll"
        st.popover(t("📊 Poll the class"), width="stretch"),
    ):
        _poll_form(s)
