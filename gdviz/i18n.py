"""The interface in English and Portuguese.

The code is written in English and every text a user sees goes through ``t``, gettext's way:
the English text is the key, the Portuguese one comes from the catalogue in ``gdviz/locale_pt.py``.
Values go in as named fields, formatted after translation, so the translator can move them::

    t("converged after {n} steps", n=12)  # "convergiu após 12 passos" in Portuguese

The language belongs to the current thread of work (a ``ContextVar``): Streamlit runs each
session's script in its own thread, so two students in two languages do not meet. A text the
catalogue lacks is shown in English and remembered in ``MISSING``; the tests fail on it.

Errors a user can meet carry their template and values (``Message``) and are worded when shown,
so an error raised in English by a cached computation still reads in the language of the page.
"""

from __future__ import annotations

import contextvars
import math
import numbers
import re
import string
from typing import Any

from .locale_pt import PT

LANGUAGES: dict[str, str] = {"en": "English", "pt": "Português"}
DEFAULT = "en"
CATALOGUES: dict[str, dict[str, str]] = {"pt": PT}

MISSING: set[str] = set()
"""Texts asked for in a language whose catalogue lacks them (English was shown)."""

_language: contextvars.ContextVar[str] = contextvars.ContextVar("gdviz_language", default=DEFAULT)


def set_language(lang: str) -> str:
    """Use ``lang`` for this thread's texts from now on (an unknown code means English)."""
    lang = lang if lang in LANGUAGES else DEFAULT
    _language.set(lang)
    return lang


def language() -> str:
    return _language.get()


def translated(text: str, lang: str) -> bool:
    """Whether the catalogue of ``lang`` has ``text`` (English has every text)."""
    return lang == DEFAULT or text in CATALOGUES[lang]


def t(text: str, /, **values: Any) -> str:
    """``text`` in the current language, with ``values`` formatted into its ``{fields}``."""
    lang = _language.get()
    if lang != DEFAULT:
        found = CATALOGUES[lang].get(text)
        if found is None:
            MISSING.add(text)
        else:
            text = found
    return _FORMATTER.format(text, **values) if values else text


THIN_SPACE = "\u202f"  # narrow no-break space: groups digits without breaking a line between them


class _Formatter(string.Formatter):
    """str.format, with Portuguese digit grouping: ``{n:,}`` is 40,000 in English, 40 000 in Portuguese.

    The convention, one for the whole interface: the decimal mark is a point in both languages (the
    number inputs, the formulas and the links all read 0.5). Whole numbers of 1,000 or more in prose
    are grouped in thousands: with a comma in English, and in Portuguese with a narrow space, as
    the SI writes it (40 000 pontos iniciais): Portuguese's usual point would make 40.000 read as
    forty beside a decimal point (a whole-number field is grouped unless its template gives a
    format; ``:,`` asks for it anywhere). Tables do not group (see ``number``), and a number with
    decimals is never grouped in Portuguese.
    """

    def format_field(self, value: Any, format_spec: str) -> str:
        if not format_spec and isinstance(value, numbers.Integral) and not isinstance(value, bool):
            format_spec = ","  # "after 1,234 steps", "40 000 pontos iniciais"
        text = super().format_field(value, format_spec)
        if "," in format_spec and _language.get() == "pt":
            if "." in text:
                return super().format_field(value, format_spec.replace(",", ""))
            return text.replace(",", THIN_SPACE)
        return text


_FORMATTER = _Formatter()


def number(value: Any) -> str:
    """A number as a table shows it, the same in both languages: — for a missing value, whole
    numbers in full and ungrouped (1375: in a column beside decimals such as 0.01, a grouped
    1.375 would read as a decimal), others to 6 significant digits (4e-17, not 0.00000000000000004)."""
    if value is None or (isinstance(value, numbers.Real) and math.isnan(value)):
        return "—"
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        return str(value)
    if isinstance(value, numbers.Integral) or (float(value).is_integer() and abs(value) < 1e15):
        return str(int(value))
    return f"{float(value):.6g}"


def tn(one: str, many: str, n: int, /, **values: Any) -> str:
    """``one`` or ``many`` by the count ``n`` (given to both as ``{n}``), translated."""
    return t(one if n == 1 else many, n=n, **values)


def code(text: object) -> str:
    """``text`` as a Markdown code span: shown literally wherever Markdown is rendered.

    Streamlit's messages render Markdown, so ``2*x`` in plain text loses its ``*`` to emphasis
    and ``$`` starts LaTeX. A span needs a fence longer than any run of backquotes inside it,
    and spaces inside the fence when the text starts or ends with a backquote.
    """
    text = str(text)
    fence = "`" * (max(map(len, re.findall(r"`+", text)), default=0) + 1)
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{fence}{pad}{text}{pad}{fence}"


class Message(ValueError):
    """A ValueError worded when it is shown: an English template and its named values.

    ``str(err)`` is the message in the current language; ``err.template`` and ``err.values``
    stay as raised.
    """

    def __init__(self, template: str, /, **values: Any) -> None:
        self.template, self.values = template, values
        super().__init__(template)

    @property
    def message(self) -> str:
        return t(self.template, **self.values)

    def __str__(self) -> str:
        return self.message
