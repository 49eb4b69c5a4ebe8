"""Both samples, built with the real fonts, break only where clreq allows and justify every body line.

The numbers come from report.json ("quality" per issue and per article,
see typeset/quality.py), so what is tested is what editors and nightly
jobs read.
"""
import json

import pytest
from conftest import ISSUES

from typeset import lay_out
from typeset.reports.report import report_json

SAMPLES = ["2025-04-15-gongan", "2024-11-05-dispatch"]


def quality_of(built_samples, name):
    out, built = built_samples[name]
    report = built.report
    assert "quality" in report, "lay_out() must pass quality=ctx.quality, level=ctx.level to make_report()"
    assert json.loads((out / "report.json").read_text(encoding="utf-8"))["quality"] == report["quality"]
    return report


@pytest.mark.parametrize("name", SAMPLES)
def test_no_prohibition_violations(built_samples, name):
    report = quality_of(built_samples, name)
    q = report["quality"]
    assert q["kinsoku"] == ("strict" if name == "2025-04-15-gongan" else "none")
    assert q["lines"] > 0
    assert q["violations"] == 0, q["violation_examples"]
    for slug, article in report["articles"].items():
        assert article["quality"]["lines"] > 0, f"{slug}: no text recorded"
        assert article["quality"]["violations"] == 0, (slug, article["quality"]["violation_examples"])


def _not_justified(report):
    return {slug: a["quality"]["not_justified"] for slug, a in report["articles"].items()
            if a["quality"]["not_justified"]}


def test_every_chinese_body_line_is_justified_to_its_measure(built_samples):
    report = quality_of(built_samples, "2025-04-15-gongan")
    assert report["quality"]["justified_lines"] > 1000
    assert report["quality"]["not_justified"] == 0, _not_justified(report)
    assert report["quality"]["emergency"] == 0


def test_every_english_body_line_is_justified_to_its_measure(built_samples):
    report = quality_of(built_samples, "2024-11-05-dispatch")
    assert report["quality"]["justified_lines"] > 300  # a sanity floor: the body was measured at all
    assert report["quality"]["not_justified"] == 0, _not_justified(report)


def test_quality_report_is_byte_stable(built_samples):
    out, _ = built_samples["2025-04-15-gongan"]
    again = lay_out(ISSUES / "2025-04-15-gongan").report
    written = json.loads((out / "report.json").read_text(encoding="utf-8"))
    for key in ("photos", "preflight"):  # added by the print stage, after layout
        written.pop(key)
    assert report_json(again) == report_json(written)
