"""jieba over its dictionary in SQLite (text/words.py) cuts every text exactly as stock jieba does."""
import logging
from pathlib import Path

import jieba
import pytest
from hypothesis import given, settings, strategies as st

from typeset.text import words

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def both(tmp_path_factory):
    jieba.setLogLevel(logging.WARNING)
    stock = jieba.Tokenizer()
    stock.initialize()
    ours = jieba.Tokenizer()
    freq = words._open(tmp_path_factory.mktemp("cache") / "words", ours)
    assert isinstance(ours.FREQ, words.Frequencies)

    def cut_ours(text):
        freq.prefetch(text)
        return list(ours.cut(text, HMM=True))

    return (lambda text: list(stock.cut(text, HMM=True))), cut_ours


def sample_texts() -> list[str]:
    texts = []
    for md in sorted((ROOT / "issues").glob("*/articles/*.md")):
        texts += [line.strip() for line in md.read_text(encoding="utf-8").splitlines() if line.strip()]
    return texts


def test_every_line_of_the_samples_is_cut_the_same(both):
    stock, ours = both
    texts = sample_texts()
    assert len(texts) > 100
    for text in texts:
        assert ours(text) == stock(text), text


ALPHABET = "".join(sorted(set("".join(sample_texts()[:200])) - set("\n")))


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=ALPHABET, min_size=1, max_size=40))
def test_random_text_is_cut_the_same(both, text):
    stock, ours = both
    assert ours(text) == stock(text)


def test_a_lookup_not_prefetched_is_still_answered(tmp_path):
    tokenizer = jieba.Tokenizer()
    freq = words._open(tmp_path / "words", tokenizer)
    stock = jieba.Tokenizer()
    stock.initialize()
    for key in ("公安部", "公安", "部署开展", "x" * 40):
        assert freq.get(key) == stock.FREQ.get(key) and (key in freq) == (key in stock.FREQ)
