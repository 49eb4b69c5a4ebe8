"""Language-dependent wording the engine derives itself: dates and weekdays.

Wording a designer may want to change (jump lines, folio, issue number)
lives in the layout; what follows from the calendar lives here.
"""
from __future__ import annotations

import datetime as _dt

_ZH_WEEKDAYS = "一二三四五六日"
_EN_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_EN_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
              "October", "November", "December")


def long_date(date: _dt.date, language: str) -> str:
    """`2025年4月15日 星期二` / `Tuesday, April 15, 2025`, the weekday derived, never written by hand."""
    if language.startswith("zh"):
        week = "星期" if language == "zh-Hans" else "星期"
        return f"{date.year}年{date.month}月{date.day}日 {week}{_ZH_WEEKDAYS[date.weekday()]}"
    return f"{_EN_WEEKDAYS[date.weekday()]}, {_EN_MONTHS[date.month - 1]} {date.day}, {date.year}"


def short_date(date: _dt.date, language: str) -> str:
    if language.startswith("zh"):
        return f"{date.year}年{date.month}月{date.day}日"
    return f"{_EN_MONTHS[date.month - 1]} {date.day}, {date.year}"


def list_separator(language: str) -> str:
    """What separates items set on one line (imprint entries, masthead fields)."""
    return "\u3000\u3000" if language.startswith("zh") else "  ·  "
