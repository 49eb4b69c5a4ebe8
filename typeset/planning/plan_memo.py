"""What the page planner sees of a page: the key of the cross-build plan memo (`typeset watch`).

A page's plan (pages._solve: its best arrangement and reading order) depends
on its stories' shapes, not on the glyphs of their lines: each unit's kind,
height and keeps, the article's front matter and photos, where a
continuation starts. Character counts enter only through the reading orders
tried (pages._orders sorts equally important stories by (chars, slug)), so
the key holds their ranking and ties rather than the counts: a word more in
one article leaves its page's plan alone unless it changes the article's
line count or reorders the page's stories by length.
"""
from __future__ import annotations

from dataclasses import replace
from itertools import pairwise


def page_key(stories, draft, jumpable: tuple[bool, ...], fills: dict | None) -> tuple:
    ranked = sorted(range(len(stories)), key=lambda i: (stories[i].chars, stories[i].slug))
    ties = tuple(stories[a].chars == stories[b].chars for a, b in pairwise(ranked))
    return (tuple(_story_shape(s) for s in stories), tuple(ranked), ties, draft.template, draft.top, draft.bottom,
            jumpable, tuple(sorted((fills or {}).items())))


def _story_shape(story) -> tuple:
    """Everything of a story the planner uses but the glyphs of its lines and its character count."""
    units = tuple((u.kind, u.height, u.keep_with_next, u.style) for u in story.units)
    return (story.slug, story.continued_from, story.start, story.jump_head, replace(story.article, body=()), units)
