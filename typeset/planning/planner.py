"""Where each story goes on a page: a scored guillotine search over the column grid.

The page's stories come in order of importance. Every arrangement the
search considers is a guillotine tree (after Jacobs et al. 2003): a run of
that order either stacks (the more important part above, across the same
columns) or stands side by side (the more important part left), down to
one story per leaf, so the lead always takes the top left and importance
reads top-down, left to right.

A story can take a module in several ways (shapes.py): each width in
columns, whole or jumping, every way a `Leaf` with its depth in grid
lines, its cost, and how many more lines it can take without leaving a
blank (`cap`: a photo that grows, air around the headline, more text kept
by a jumping story). Because body text breaks the same whatever the
module's shape, all of this is known cheaply before the search.

The search is dynamic programming over (first story, last story, columns):
each cell keeps a few non-dominated `Node`s (least depth, least cost, most
reach), and combining two parts adds the costs that only the combination
shows: the blank left when side-by-side parts end at different depths
beyond what the shallower can absorb, and a tombstone when like-sized
headlines stand side by side at one height. `plan_page` picks the node of
least cost that fits the page, its blank included; `assign` turns it into
rectangles that fill the free area exactly.
"""
from __future__ import annotations

import gc
from dataclasses import dataclass, field
from itertools import count
from typing import Callable

KEEP = 8  # nodes kept per cell: enough variety for the page, few enough to stay fast


@dataclass(frozen=True)
class Module:
    """A rectangle on the grid: first column, columns, first grid line, grid lines."""

    column: int
    columns: int
    line: int
    lines: int
    photo: str = ""  # the photo mode (geometry.py): "" = the layout's default, or "top"


@dataclass(frozen=True)
class Leaf:
    """One way to set one story: `columns` wide, `depth` grid lines, at `cost`, absorbing `cap` more lines."""

    story: int
    columns: int
    depth: int
    cost: float
    cap: int
    jumps: bool = False
    headline: float = 0.0  # the headline's size in points (0: none at the module's top), for tombstones
    photo: str = ""  # the module's photo mode (geometry.py)
    terms: dict[str, float] = field(default_factory=dict, compare=False)


OptionsFn = Callable[[int, int], list[Leaf]]  # (story index, columns) -> the ways to set it


class Node:
    """A part of an arrangement: a leaf, or two parts stacked or side by side.

    A plain slotted class, not a dataclass: the search makes thousands per
    page, and a frozen dataclass's __init__ was a third of the planner's
    time. `seq` numbers the nodes of one search in the order they were
    made, which depends only on the input, so ties sort the same every run.
    """

    __slots__ = ("cost", "depth", "cap", "reach", "left_head", "right_head", "leaf", "kind", "first", "second",
                 "holes", "tombstones", "seq")

    def __init__(self, cost: float, depth: int, cap: int, left_head: float, right_head: float,
                 leaf: Leaf | None = None, kind: str = "", first: "Node | None" = None,
                 second: "Node | None" = None, holes: int = 0, tombstones: int = 0, seq: int = 0):
        self.cost = cost
        self.depth = depth
        self.cap = cap
        self.reach = depth + cap
        self.left_head = left_head  # headline size of the top-left story (tombstones with a part to the left)
        self.right_head = right_head  # headline size of the top-right story (tombstones with a part to the right)
        self.leaf = leaf
        self.kind = kind  # "stack" | "side"
        self.first = first
        self.second = second
        self.holes = holes  # blank column-lines inside
        self.tombstones = tombstones
        self.seq = seq


@dataclass(frozen=True)
class Weights:
    hole: float
    tombstone: float
    tombstone_ratio: float = 1.25  # headline sizes closer than this read as a pair
    tolerance: float = 0.03  # share of the page that may stay blank at the plain hole weight


@dataclass(frozen=True)
class Solution:
    node: Node
    cost: float
    holes: int  # blank column-lines, inside the arrangement and below it


def plan_page(n: int, columns: int, lines: int, options: OptionsFn, weights: Weights,
              keep: int = KEEP) -> Solution | None:
    """The arrangement of stories 0..n-1 in `columns` x `lines` of least cost, or None if none fits.

    `keep`: nodes kept per cell; fewer make a rougher, faster search (a trial that only asks how
    much a page leaves blank).

    The search makes thousands of nodes, which reference only older nodes (no cycles), so
    reference counting frees them; the cyclic garbage collector is paused meanwhile, since the
    collections they would trigger walk the whole heap (fonts, caches) and cost more than the
    search itself on a large issue."""
    paused = gc.isenabled()
    gc.disable()
    try:
        return _plan_page(n, columns, lines, options, weights, keep)
    finally:
        if paused:
            gc.enable()


def _plan_page(n: int, columns: int, lines: int, options: OptionsFn, weights: Weights, keep: int) -> Solution | None:
    cells: dict[tuple[int, int, int], list[Node]] = {}
    seq = count()
    hole, tombstone, ratio = weights.hole, weights.tombstone, weights.tombstone_ratio

    def cell(i: int, j: int, k: int) -> list[Node]:
        """The nodes kept for stories i..j-1 in k columns. Combinations are first made as plain
        tuples (cost, depth, -reach, seq, how to build the node), which sort in that order, and
        only those the pruning keeps become Nodes: most combinations are dropped."""
        key = (i, j, k)
        if key in cells:
            return cells[key]
        found: list[tuple] = []
        if j - i == 1:
            for leaf in options(i, k):
                if leaf.depth <= lines:
                    found.append((leaf.cost, leaf.depth, -(leaf.depth + leaf.cap), next(seq), leaf))
        else:
            for m in range(i + 1, j):
                tops, bottoms = cell(i, m, k), cell(m, j, k)
                for a in tops:
                    for b in bottoms:
                        if a.depth + b.depth <= lines:
                            found.append((a.cost + b.cost, a.depth + b.depth, -(a.reach + b.reach), next(seq),
                                          "stack", a, b, 0, 0))
                for k1 in range(1, k):
                    k2 = k - k1
                    lefts, rights = cell(i, m, k1), cell(m, j, k2)
                    for a in lefts:  # side by side: this loop makes most of the combinations
                        a_depth, a_reach, a_head, a_cost = a.depth, a.reach, a.right_head, a.cost
                        for b in rights:
                            depth = a_depth if a_depth > b.depth else b.depth
                            b_reach = b.reach
                            blank = ((depth - a_reach) * k1 if depth > a_reach else 0) + (
                                (depth - b_reach) * k2 if depth > b_reach else 0)
                            shallow = a_reach if a_reach < b_reach else b_reach
                            tomb = 1 if _alike(a_head, b.left_head, ratio) else 0
                            found.append((a_cost + b.cost + hole * blank + tombstone * tomb, depth,
                                          -(shallow if shallow > depth else depth), next(seq), "side", a, b,
                                          blank, tomb))
        # The whole page is not pruned: its blank is priced only now, past the tolerance more
        # and more, so a node dearer on the way up may be the best page.
        kept = found if key == (0, n, columns) else _prune(found, keep)
        cells[key] = [_node(t) for t in kept]
        return cells[key]

    best: Solution | None = None
    for node in cell(0, n, columns) if n else []:
        if node.depth > lines:
            continue
        blank = max(0, lines - node.reach) * columns
        holes = node.holes + blank
        # Blank beyond the tolerance costs more and more: two pages each a little
        # short read better than one full and one with a gaping hole.
        tolerance = weights.tolerance * lines * columns
        cost = node.cost + weights.hole * (blank_cost(holes, tolerance) - node.holes)
        if best is None or cost < best.cost - 1e-9:
            best = Solution(node, cost, holes)
    return best


PAST_TOLERANCE = 10.0  # each blank column-line past the tolerance costs this many more


def blank_cost(blank: float, tolerance: float) -> float:
    """The price of `blank` column-lines on a page, per unit of the hole weight: plain up to the
    tolerance, then steeply dearer and rising with the square of the excess, so a page that can be
    filled is (the tolerance is what "full" means: a page past it reads as part empty)."""
    excess = max(0.0, blank - tolerance)
    return blank + PAST_TOLERANCE * excess + excess * excess / max(1.0, tolerance)


def _node(t: tuple) -> Node:
    """The Node a candidate tuple of _plan_page stands for."""
    cost, depth, neg_reach, seq = t[:4]
    if len(t) == 5:  # a leaf
        leaf = t[4]
        return Node(cost, depth, leaf.cap, leaf.headline, leaf.headline, leaf, "", None, None, 0, 0, seq)
    kind, a, b, blank, tomb = t[4:]
    return Node(cost, depth, -neg_reach - depth, a.left_head, a.right_head if kind == "stack" else b.right_head,
                None, kind, a, b, a.holes + b.holes + blank, a.tombstones + b.tombstones + tomb, seq)


def _alike(x: float, y: float, ratio: float) -> bool:
    return x > 0 and y > 0 and max(x, y) / min(x, y) < ratio


def _prune(found: list[tuple], keep: int = KEEP) -> list[tuple]:
    """A few candidates worth combining further: the cheapest non-dominated ones, and a spread of depths.

    A candidate is dominated when a kept one is no dearer, no deeper and
    reaches as far. Half the places go to the cheapest; the rest to other
    depths, because a page that ends up with blank elsewhere may need a
    part that is dearer here but deeper or shallower. Candidates are
    (cost, depth, -reach, seq, ...) with seq unique: sorting is total, so
    the same input keeps the same nodes.
    """
    if not found:
        return []
    found.sort()
    front: list[tuple] = []
    for cand in found:
        depth, neg_reach = cand[1], cand[2]
        for kept in front:
            if kept[1] <= depth and kept[2] <= neg_reach:
                break
        else:
            front.append(cand)
    if len(front) <= keep:
        return front
    kept = front[:keep // 2]
    rest = sorted(front[keep // 2:], key=_by_depth)
    step = len(rest) / (keep - len(kept))
    kept += [rest[int(i * step)] for i in range(keep - len(kept))]
    shallowest = min(front, key=_by_depth)
    if all(k is not shallowest for k in kept):
        kept.append(shallowest)
    return kept


def _by_depth(cand: tuple) -> tuple:
    return (cand[1], cand[0], cand[3])


def assign(node: Node, column: int, line: int, columns: int, lines: int) -> list[tuple[Leaf, Module]]:
    """Rectangles for every leaf, filling `columns` x `lines` exactly.

    Side-by-side parts both take the full depth. In a stack, spare lines go
    first to the part whose leaves can use them (a jumping story keeps more
    text, a photo grows, a headline gains air), the upper part first; what
    neither can use stays as blank at the foot of the lower part.
    """
    if node.leaf is not None:
        return [(node.leaf, Module(column, columns, line, lines, node.leaf.photo))]
    assert node.first and node.second
    if node.kind == "side":
        k1 = node.first.leaf.columns if node.first.leaf else _columns(node.first)
        return (assign(node.first, column, line, k1, lines)
                + assign(node.second, column + k1, line, columns - k1, lines))
    spare = lines - node.depth
    give_first = min(spare, node.first.cap)
    if _jumps(node.second) and not _jumps(node.first):
        give_first = 0  # the jumping story below takes it all, as more of its text
    top = node.first.depth + give_first
    return (assign(node.first, column, line, columns, top)
            + assign(node.second, column, line + top, columns, lines - top))


def _columns(node: Node) -> int:
    if node.leaf is not None:
        return node.leaf.columns
    if node.kind == "side":
        return _columns(node.first) + _columns(node.second)
    return _columns(node.first)


def _jumps(node: Node) -> bool:
    if node.leaf is not None:
        return node.leaf.jumps
    return _jumps(node.first) or _jumps(node.second)


def leaves(node: Node) -> list[Leaf]:
    if node.leaf is not None:
        return [node.leaf]
    return leaves(node.first) + leaves(node.second)
