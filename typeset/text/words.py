"""Chinese word boundaries for display type: jieba's segmenter, its dictionary read from SQLite.

jieba keeps its dictionary as one dict of some 580,000 words and prefixes, unmarshalled on first
use: about 0.6 s, a build's largest fixed cost after the fonts, to break a few dozen headlines.
Here jieba's own `Tokenizer` segments as always; only its `FREQ` is swapped for `Frequencies`,
which reads the same entries from an SQLite file made once per machine and jieba version (in the
cache folder, under `words/`), fetching every substring jieba could ask of a text in one query.
jieba only looks up substrings of the sentence it cuts, so the words are exactly the dict's
(tests/test_words.py compares them with stock jieba). Without the file (a read-only cache, no
SQLite) jieba loads its dictionary as it always does: slower, same words.
"""
from __future__ import annotations

import functools
import hashlib
import logging
import os
import sqlite3
from pathlib import Path

SCHEMA = 1


class Frequencies:
    """jieba's FREQ (word or prefix -> frequency, 0 for a prefix that is no word), read from SQLite.

    `prefetch(text)` loads every substring of `text` up to the longest entry
    in one query; lookups are then answered from memory, and anything not
    fetched is asked for on its own, so no lookup is ever answered wrongly."""

    def __init__(self, db: sqlite3.Connection, longest: int):
        self.db, self.longest = db, longest
        self.known: dict[str, int | None] = {}  # looked up: frequency, or None for no entry

    def prefetch(self, text: str) -> None:
        wanted = {text[i:j] for i in range(len(text)) for j in range(i + 1, min(len(text), i + self.longest) + 1)}
        wanted.difference_update(self.known)
        wanted = sorted(wanted)
        for at in range(0, len(wanted), 900):  # SQLite's bound on parameters per statement
            part = wanted[at:at + 900]
            found = dict(self.db.execute(f"SELECT k, f FROM w WHERE k IN ({','.join('?' * len(part))})", part))
            for key in part:
                self.known[key] = found.get(key)

    def _look(self, key: str) -> int | None:
        try:
            return self.known[key]
        except KeyError:
            if len(key) > self.longest:
                return None
            row = self.db.execute("SELECT f FROM w WHERE k = ?", (key,)).fetchone()
            value = self.known[key] = row[0] if row else None
            return value

    def get(self, key: str, default=None):
        value = self._look(key)
        return default if value is None else value

    def __contains__(self, key: str) -> bool:
        return self._look(key) is not None

    def __getitem__(self, key: str) -> int:
        value = self._look(key)
        if value is None:
            raise KeyError(key)
        return value


@functools.lru_cache(maxsize=1)
def segmenter():
    """(jieba tokenizer, Frequencies or None), made once per process."""
    import jieba

    jieba.setLogLevel(logging.WARNING)
    from ..cache_folder import default_cache

    tokenizer = jieba.Tokenizer()
    try:
        freq = _open(default_cache() / "words", tokenizer)
    except (OSError, sqlite3.Error, ValueError):
        freq = None
    if freq is None:
        tokenizer.initialize()  # jieba's own way: the whole dictionary in memory
    return tokenizer, freq


def cut(text: str) -> list[str]:
    """jieba's words of `text` (its HMM finds words the dictionary lacks, as in display.py always)."""
    tokenizer, freq = segmenter()
    if freq is not None:
        freq.prefetch(text)
    return list(tokenizer.cut(text, HMM=True))


def _open(folder: Path, tokenizer) -> Frequencies | None:
    """Open the SQLite dictionary for jieba's default dictionary, making it first if it is missing."""
    import jieba

    with tokenizer.get_dict_file() as f:
        source = Path(f.name)
    stat = source.stat()
    key = hashlib.sha256(f"{SCHEMA}|{jieba.__version__}|{source}|{stat.st_size}|{stat.st_mtime_ns}".encode())
    path = folder / f"jieba-{jieba.__version__}-{key.hexdigest()[:16]}.sqlite"
    if not path.is_file():
        _make(path, tokenizer)
    db = sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False)
    total, longest = db.execute("SELECT total, longest FROM meta").fetchone()
    tokenizer.FREQ, tokenizer.total, tokenizer.initialized = Frequencies(db, longest), total, True
    return tokenizer.FREQ


def _make(path: Path, tokenizer) -> None:
    """Write jieba's dictionary, as jieba itself reads it (gen_pfdict), into `path`, atomically."""
    freq, total = tokenizer.gen_pfdict(tokenizer.get_dict_file())
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        db = sqlite3.connect(tmp)
        db.execute("CREATE TABLE w (k TEXT PRIMARY KEY, f INTEGER NOT NULL) WITHOUT ROWID")
        db.execute("CREATE TABLE meta (total INTEGER, longest INTEGER)")
        db.executemany("INSERT INTO w VALUES (?, ?)", sorted(freq.items()))
        db.execute("INSERT INTO meta VALUES (?, ?)", (total, max(map(len, freq))))
        db.commit()
        db.close()
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)
