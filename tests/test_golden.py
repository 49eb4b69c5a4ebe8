"""Golden text dumps of page plans on fake metrics (CJK 1 em, Latin 0.5 em): layout changes show as diffs.

After an intended change: `python -m pytest tests/test_golden.py --update-golden`, then review the diff.
"""
from pathlib import Path

import pytest

from conftest import ISSUES
from minissue import write_issue
from typeset import lay_out
from typeset.metrics import FakeMetrics
from typeset.render.dump import dump_plans

GOLDEN = Path(__file__).parent / "golden"


def check(name: str, text: str, update: bool) -> None:
    path = GOLDEN / f"{name}.txt"
    if update or not path.exists():
        path.write_text(text, encoding="utf-8")
        if not update:
            pytest.fail(f"golden file {path} was missing and has been written; review and commit it")
    assert text == path.read_text(encoding="utf-8"), f"page plan differs from {path}; see --update-golden"


def test_mini_issue_plan(tmp_path, update_golden):
    folder = write_issue(tmp_path)
    built = lay_out(folder, metrics=FakeMetrics())
    check("mini-zh", dump_plans(built.pages), update_golden)


@pytest.mark.parametrize("name", ["2024-11-05-dispatch", "2025-04-15-gongan"])
def test_sample_plans(name, update_golden):
    built = lay_out(ISSUES / name, metrics=FakeMetrics())
    check(name, dump_plans(built.pages), update_golden)
    assert not built.diags.warnings
