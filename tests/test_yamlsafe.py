"""typeset.reading.yamlsafe: safe loading with line numbers, bounded aliases, errors as BuildError."""
from __future__ import annotations

import datetime as dt
import time
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from typeset.errors import BuildError, Diagnostics
from typeset.reading.yamlsafe import YList, YMap, check_keys, get_int, get_text, load_yaml

F = Path("x.yaml")


def error_of(text: str, first_line: int = 1):
    with pytest.raises(BuildError) as info:
        load_yaml(F, text, first_line)
    (diag,) = info.value.diagnostics
    assert diag.level == "error" and diag.loc.file == F and diag.hint
    return diag


def test_mappings_and_lists_know_their_lines():
    data = load_yaml(F, "a: 1\nb:\n  - x\n  - {k: v}\nc: [1, 2]\n")
    assert isinstance(data, YMap) and isinstance(data["b"], YList) and isinstance(data["b"][1], YMap)
    assert data == {"a": 1, "b": ["x", {"k": "v"}], "c": [1, 2]}
    assert data.line == 1
    assert data.line_of("a") == 1 and data.line_of("b") == 2 and data.line_of("c") == 5
    assert data["b"].line_of(0) == 3 and data["b"].line_of(1) == 4 and data["b"][1].line == 4
    assert data.line_of("missing") == 1 and data["b"].line_of(9) == data["b"].line


def test_first_line_offsets_lines():
    data = load_yaml(F, "headline: x\npriority: 2\n", first_line=2)
    assert data.line == 2 and data.line_of("priority") == 3
    assert error_of("a: 1\nb: c: d\n", first_line=2).loc.line == 3


def test_scalars_stay_plain_values():
    data = load_yaml(F, "d: 2025-04-15\nn: 853\nf: 1.5\nb: true\nz: ~\ns: '2025-04-15'\n")
    assert data["d"] == dt.date(2025, 4, 15) and type(data["d"]) is dt.date
    assert (data["n"], data["f"], data["b"], data["z"], data["s"]) == (853, 1.5, True, None, "2025-04-15")


def test_reads_file_and_tolerates_bom(tmp_path):
    path = tmp_path / "a.yaml"
    path.write_bytes("\ufeffpublication: 公安周刊\n".encode("utf-8"))
    assert load_yaml(path) == {"publication": "公安周刊"}


def test_empty_document_is_none():
    assert load_yaml(F, "") is None
    assert load_yaml(F, "# only a comment\n") is None


def test_syntax_error_names_line_and_hint():
    diag = error_of("title: ok\nheadline: a: b\n")
    assert diag.loc.line == 2 and "x.yaml" in diag.message
    assert "quote" in diag.hint


def test_tab_indentation_hint():
    diag = error_of("pages:\n\t- template: front\n")
    assert diag.loc.line == 2 and "tabs" in diag.hint


def test_python_tags_are_rejected_not_executed(tmp_path):
    marker = tmp_path / "pwned"
    text = f"x: !!python/object/apply:os.system ['touch {marker}']\n"
    diag = error_of(text)
    assert "python/object" in diag.message and "tag" in diag.hint
    assert not marker.exists()
    error_of("!!python/object:typeset.errors.Loc {file: x}\n")


def test_billion_laughs_is_rejected_quickly():
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for i in range(1, 9):
        prev, name = chr(96 + i), chr(97 + i)
        lines.append(f"{name}: &{name} [" + ", ".join([f"*{prev}"] * 9) + "]")
    start = time.perf_counter()
    diag = error_of("\n".join(lines) + "\n")
    assert time.perf_counter() - start < 1.0
    assert "alias" in diag.message and "billion laughs" in diag.hint


def test_too_many_aliases():
    diag = error_of("a: &a x\nb: [" + ", ".join(["*a"] * 101) + "]\n")
    assert "too many YAML aliases" in diag.message and diag.loc.line == 2
    assert load_yaml(F, "a: &a x\nb: [" + ", ".join(["*a"] * 100) + "]\n")["b"][99] == "x"


def test_recursive_alias_is_rejected():
    assert "recursive" in error_of("a: &a [1, *a]\n").message


def test_deep_nesting_is_rejected():
    assert "nested" in error_of("[" * 300 + "]" * 300).message
    assert "nested" in error_of("a:\n" + "".join("  " * i + "- \n" for i in range(1, 300))).message


def test_duplicate_keys_are_rejected():
    diag = error_of("headline: a\nbyline: b\nheadline: c\n")
    assert diag.loc.line == 3 and "twice" in diag.message and "lines 1 and 3" in diag.message


def test_merge_keys_still_work():
    data = load_yaml(F, "base: &b {x: 1, y: 2}\nother:\n  <<: *b\n  y: 3\n")
    assert data["other"] == {"x": 1, "y": 3}


def test_several_documents_are_rejected():
    diag = error_of("a: 1\n---\nb: 2\n")
    assert diag.loc.line == 2 and "---" in diag.hint


def test_control_character_is_reported_with_line():
    assert error_of("a: 1\nb: \x01\n").loc.line == 2


def test_unreadable_and_undecodable_files(tmp_path):
    with pytest.raises(BuildError) as info:
        load_yaml(tmp_path / "missing.yaml")
    assert "missing.yaml" in str(info.value)
    bad = tmp_path / "bad.yaml"
    bad.write_bytes(b"a: 1\nb: caf\xe9\n")
    with pytest.raises(BuildError) as info:
        load_yaml(bad)
    (diag,) = info.value.diagnostics
    assert diag.loc.line == 2 and "UTF-8" in diag.message and "UTF-8" in diag.hint


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab:- \n\t[]{}&*!|>'\"#,?%@`\\x1.") + ["\u00e9", "\x00"]), max_size=60))
def test_no_yaml_exception_escapes(text):
    try:
        load_yaml(F, text)
    except BuildError:
        pass


def test_field_helpers_report_with_lines():
    m = load_yaml(F, "headlin: x\npriority: high\nbyline: yes\ncount: 2\n")
    diags = Diagnostics()
    check_keys(diags, m, ("headline", "priority", "byline", "count"), F, "front matter")
    assert get_text(diags, m, "headline", F, "front matter", required=True) == ""
    assert get_int(diags, m, "priority", F, "front matter", 3) == 3
    assert get_text(diags, m, "byline", F, "front matter") == ""
    assert get_int(diags, m, "count", F, "front matter", 1) == 2
    found = {(d.loc.line, d.message.split(" in ")[0]) for d in diags.errors}
    assert (1, "unknown key 'headlin'") in found
    assert any(d.loc.line == 2 and "whole number" in d.message for d in diags.errors)
    assert any(d.loc.line == 3 and "must be text" in d.message for d in diags.errors)
    assert any("has no 'headline'" in d.message for d in diags.errors)
    unknown = next(d for d in diags.errors if "headlin'" in d.message)
    assert "did you mean 'headline'" in unknown.hint and "allowed keys" in unknown.hint
