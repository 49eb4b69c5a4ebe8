"""Safe YAML loading that remembers line numbers and never lets yaml errors escape.

Contract:
- `load_yaml(path, text=None, first_line=1)` parses with SafeLoader semantics
  (no python tags, no object construction). Scalars stay plain Python values
  (str, int, float, bool, None, datetime.date/datetime as SafeLoader makes them);
  every mapping becomes a `YMap` (a dict) and every sequence a `YList` (a list),
  each knowing the 1-based line it starts on and the line of each key / item.
- Given `text` (e.g. an article's front matter), line 1 of `text` is reported
  as line `first_line` of `path`.
- Alias expansion is bounded: more than `MAX_ALIASES` aliases, more than
  `MAX_NODES` nodes after expansion, or a recursive alias is rejected
  (billion laughs). Duplicate keys in one mapping are rejected too.
- Every problem (unreadable file, bad UTF-8, YAML syntax, unknown tag, ...)
  raises `typeset.errors.BuildError` naming the file and line and a hint.
- `check_keys`, `get_text`, `get_int` read fields of a loaded YMap, adding
  an error with file, line and hint to a `Diagnostics` for unknown keys,
  missing values and wrong types, so a reader reports every problem at once.
"""
from __future__ import annotations

import datetime as _dt
import difflib
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import yaml
from yaml.constructor import ConstructorError
from yaml.events import AliasEvent
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from ..errors import BuildError, Diagnostics, Loc, fail

MAX_ALIASES = 100
MAX_NODES = 100_000
MAX_DEPTH = 200

_HINT_SYNTAX = "check indentation (spaces, not tabs) and quote values containing ': ' or starting with a special character"


class YMap(dict):
    """A YAML mapping; `line` is where it starts, `line_of(key)` where a key stands."""

    line: int = 0

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.line = 0
        self._lines: dict[Any, int] = {}

    def line_of(self, key: Any) -> int:
        try:
            return self._lines.get(key, self.line)
        except TypeError:  # unhashable key asked for
            return self.line


class YList(list):
    """A YAML sequence; `line` is where it starts, `line_of(i)` where item i stands."""

    line: int = 0

    def __init__(self, *args: Any) -> None:
        super().__init__(*args)
        self.line = 0
        self._lines: list[int] = []

    def line_of(self, index: int) -> int:
        try:
            return self._lines[index]
        except (IndexError, TypeError):
            return self.line


class _LimitError(Exception):
    """Raised inside the loader for documents that are too big or recursive."""

    def __init__(self, message: str, line: int, hint: str):
        super().__init__(message)
        self.line, self.hint = line, hint


class _Loader(yaml.SafeLoader):
    """SafeLoader building YMap/YList with line numbers and counting aliases."""

    def __init__(self, stream: str, line0: int):
        super().__init__(stream)
        self._line0 = line0  # added to 1-based lines of the text
        self._aliases = 0
        self._depth = 0

    def node_line(self, node: Node) -> int:
        return node.start_mark.line + 1 + self._line0

    def compose_node(self, parent, index):  # type: ignore[override]
        self._depth += 1
        try:
            return self._compose_counted(parent, index)
        finally:
            self._depth -= 1

    def _compose_counted(self, parent, index):
        if self._depth > MAX_DEPTH:
            mark = self.peek_event().start_mark
            raise _LimitError(f"YAML nested more than {MAX_DEPTH} levels deep", mark.line + 1 + self._line0,
                              "flatten the structure")
        if self.check_event(AliasEvent):
            self._aliases += 1
            if self._aliases > MAX_ALIASES:
                mark = self.peek_event().start_mark
                raise _LimitError(
                    f"too many YAML aliases (more than {MAX_ALIASES})",
                    mark.line + 1 + self._line0,
                    "write the values out instead of repeating *aliases",
                )
        return super().compose_node(parent, index)


def _construct_map(loader: _Loader, node: MappingNode):
    result = YMap()
    result.line = loader.node_line(node)
    yield result
    _reject_duplicates(loader, node)
    loader.flatten_mapping(node)
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        try:
            hash(key)
        except TypeError:
            raise ConstructorError(
                "while constructing a mapping", node.start_mark,
                "found an unhashable key", key_node.start_mark,
            ) from None
        result[key] = loader.construct_object(value_node, deep=True)
        result._lines[key] = loader.node_line(key_node)


def _reject_duplicates(loader: _Loader, node: MappingNode) -> None:
    """YAML forbids a key twice in one mapping; PyYAML silently keeps the last."""
    seen: dict[tuple[str, str], int] = {}
    for key_node, _ in node.value:
        if not isinstance(key_node, ScalarNode) or key_node.tag == "tag:yaml.org,2002:merge":
            continue
        ident = (key_node.tag, key_node.value)
        if ident in seen:
            raise _LimitError(
                f"key {key_node.value!r} appears twice in one mapping (lines {seen[ident]} and {loader.node_line(key_node)})",
                loader.node_line(key_node),
                "remove or rename one of them",
            )
        seen[ident] = loader.node_line(key_node)


def _construct_list(loader: _Loader, node: SequenceNode):
    result = YList()
    result.line = loader.node_line(node)
    yield result
    for item in node.value:
        result.append(loader.construct_object(item, deep=True))
        result._lines.append(loader.node_line(item))


_Loader.add_constructor("tag:yaml.org,2002:map", _construct_map)
_Loader.add_constructor("tag:yaml.org,2002:seq", _construct_list)
_Loader.add_constructor("tag:yaml.org,2002:omap", _construct_list)


def _check_size(loader: _Loader, root: Node) -> None:
    """Count nodes as if aliases were expanded; reject recursion and blow-ups."""
    sizes: dict[int, int] = {}
    active: set[int] = set()

    def size(node: Node, depth: int) -> int:
        key = id(node)
        if key in sizes:
            return sizes[key]
        if key in active:
            raise _LimitError("recursive YAML alias (a value contains itself)", loader.node_line(node),
                              "remove the alias that refers back to its own anchor")
        if depth > MAX_DEPTH:
            raise _LimitError(f"YAML nested more than {MAX_DEPTH} levels deep", loader.node_line(node),
                              "flatten the structure")
        active.add(key)
        total = 1
        if isinstance(node, SequenceNode):
            children = list(node.value)
        elif isinstance(node, MappingNode):
            children = [n for pair in node.value for n in pair]
        else:
            children = []
        for child in children:
            total += size(child, depth + 1)
            if total > MAX_NODES:
                raise _LimitError(
                    f"YAML document too large after alias expansion (more than {MAX_NODES} values)",
                    loader.node_line(node),
                    "write the values out instead of nesting *aliases (this looks like a 'billion laughs' document)",
                )
        active.discard(key)
        sizes[key] = total
        return total

    size(root, 0)


def _read_text(path: Path) -> str:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise fail(f"cannot read {path}: {exc.strerror or exc}", Loc(path),
                   "check that the file exists and is readable") from None
    return decode_utf8(data, path)


def decode_utf8(data: bytes, path: Path, first_line: int = 1) -> str:
    """Decode UTF-8 (a leading BOM is tolerated); bad bytes -> BuildError with the line."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        if data[:2] in (b"\xff\xfe", b"\xfe\xff"):  # a UTF-16 byte order mark: no UTF-8 text starts so
            raise fail(f"{path.name} is saved as UTF-16, not UTF-8", Loc(path, first_line),
                       "save the file as UTF-8 (the editor's encoding setting, or 'Save as')") from None
        line = data[: exc.start].count(b"\n") + first_line
        raise fail(
            f"{path.name} is not valid UTF-8 (byte 0x{data[exc.start]:02x} at offset {exc.start})",
            Loc(path, line),
            "save the file as UTF-8",
        ) from None


def _yaml_error(exc: yaml.YAMLError, path: Path, text: str, line0: int) -> BuildError:
    if isinstance(exc, yaml.MarkedYAMLError):
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 + line0 if mark else 0
        problem = exc.problem or exc.context or "invalid YAML"
        if exc.context and exc.problem:
            problem = f"{exc.problem} ({exc.context})"
        hint = _HINT_SYNTAX
        if "another document" in problem:
            hint = "a YAML file (or front matter) holds one document: remove the extra '---' line"
        elif isinstance(exc, ConstructorError) and "tag" in str(exc.problem):
            hint = "remove the !tag: only plain YAML values (text, numbers, dates, lists, mappings) are allowed"
        elif "'\\t'" in problem:
            hint = "YAML does not allow tabs for indentation; use spaces"
        return fail(f"invalid YAML in {path.name}: {problem}", Loc(path, line), hint)
    if isinstance(exc, yaml.reader.ReaderError):
        line = text[: exc.position].count("\n") + 1 + line0
        char = f"U+{exc.character:04X}" if isinstance(exc.character, int) else repr(exc.character)
        return fail(f"invalid YAML in {path.name}: {exc.reason} (character {char})",
                    Loc(path, line), "remove control characters from the file")
    return fail(f"invalid YAML in {path.name}: {exc}", Loc(path), _HINT_SYNTAX)


def load_yaml(path: Path, text: str | None = None, first_line: int = 1) -> Any:
    """Parse `path` (or `text`, whose line 1 is line `first_line` of `path`) safely."""
    path = Path(path)
    line0 = first_line - 1
    if text is None:
        text = _read_text(path)
    try:
        return _parse(_Loader(text, line0))
    except _LimitError as exc:
        raise fail(f"{exc} in {path.name}", Loc(path, exc.line), exc.hint) from None
    except yaml.YAMLError as exc:
        raise _yaml_error(exc, path, text, line0) from None
    except RecursionError:
        raise fail(f"YAML in {path.name} is nested too deeply", Loc(path, first_line),
                   "flatten the structure") from None


def _parse(loader: _Loader) -> Any:
    try:
        root = loader.get_single_node()
        if root is None:
            return None
        _check_size(loader, root)
        return loader.construct_document(root)
    finally:
        loader.dispose()


# -- checked field access, for readers of YAML input (issue.yaml, front matter) --

def describe(v: Any) -> str:
    """How a wrong value reads in a message: "a list", "text '3'", "the number 0"."""
    if v is None:
        return "empty"
    if isinstance(v, bool):
        return f"{str(v).lower()} (a yes/no value)"
    if isinstance(v, (list, dict)):
        return "a list" if isinstance(v, list) else "a mapping"
    if isinstance(v, _dt.date):
        return f"a date ({v})"
    return f"text '{v}'" if isinstance(v, str) else f"the number {v}"


def did_you_mean(word: object, choices: Iterable[str]) -> str:
    """"did you mean 'x'? " for the closest choice, or ""."""
    close = difflib.get_close_matches(str(word), list(choices), n=1)
    return f"did you mean '{close[0]}'? " if close else ""


def check_keys(diags: Diagnostics, m: YMap, allowed: tuple[str, ...], path: Path, where: str) -> None:
    """Report every key of `m` not in `allowed`, suggesting the closest and listing them all."""
    for key in m:
        if key not in allowed:
            diags.error(f"unknown key '{key}' in {where}", Loc(path, m.line_of(key)),
                        did_you_mean(key, allowed) + "allowed keys: " + ", ".join(allowed))


def get_text(diags: Diagnostics, m: YMap, key: str, path: Path, where: str, required: bool = False) -> str:
    """m[key] as stripped text ("" if absent); numbers and dates are taken as written."""
    v = m.get(key)
    if isinstance(v, _dt.date) or isinstance(v, (int, float)) and not isinstance(v, bool):
        v = str(v)
    if v is not None and not isinstance(v, str):
        diags.error(f"'{key}' in {where} must be text, not {describe(v)}", Loc(path, m.line_of(key)),
                    "write the text on one line; quote it if it is yes/no/true/false or starts with [ { & * ! | >")
        return ""
    text = (v or "").strip()
    if required and not text:
        what = f"'{key}' in {where} is empty" if key in m else f"{where} has no '{key}'"
        diags.error(what, Loc(path, m.line_of(key)), f"add '{key}: ...' with a value")
    return text


def get_int(diags: Diagnostics, m: YMap, key: str, path: Path, where: str, default: int | None,
            required: bool = False, minimum: int = 1) -> int | None:
    """m[key] as a whole number >= minimum; `default` if absent or wrong (reported)."""
    v = m.get(key)
    if v is None:
        if required:
            diags.error(f"{where} has no '{key}'", Loc(path, m.line_of(key)), f"add '{key}:' with a whole number")
        return default
    if isinstance(v, bool) or not isinstance(v, int) or v < minimum:
        diags.error(f"'{key}' in {where} must be a whole number of {minimum} or more, not {describe(v)}",
                    Loc(path, m.line_of(key)), f"write {key}: followed by a number such as {minimum + 1}, without quotes")
        return default
    return v
