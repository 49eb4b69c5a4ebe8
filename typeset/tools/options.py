"""The options every command that reads an issue shares, declared once: where its output goes and
which layouts and fonts it reads."""
from __future__ import annotations

from pathlib import Path

from .. import FONTS_CONFIG, LAYOUTS


def add_out(p) -> None:
    p.add_argument("--out", type=Path, default=Path("output"),
                   help="output folder (default: output/ in the current folder)")


def add_sources(p) -> None:
    p.add_argument("--layouts", type=Path, default=LAYOUTS, help="folder of layout YAML files")
    p.add_argument("--fonts", type=Path, default=FONTS_CONFIG, help="font configuration (fonts/fonts.yaml)")
