"""What a reader sees on the built sample pages: nothing outside the trim, no text over other text."""
import pytest

from typeset.plan import ImageItem, RuleItem, TextRun

SAMPLES = ["2025-04-15-gongan", "2024-11-05-dispatch"]
TOLERANCE = 0.3  # points: touching glyph boxes are fine, overlapping ink is not


def text_boxes(page, metrics):
    """(left, top, right, bottom) of each text run: advance plus letter spacing, one em tall."""
    for run in page.items:
        if isinstance(run, TextRun):
            width = metrics.advance(run.face, run.text, run.size) + run.char_space * (len(run.text) - 1)
            yield (run.x, run.y - run.size * 0.88, run.x + width, run.y + run.size * 0.12), run


@pytest.mark.parametrize("name", SAMPLES)
def test_nothing_outside_the_trim(built_samples, name):
    _, built = built_samples[name]
    for page in built.pages:
        for (left, top, right, bottom), run in text_boxes(page, built.metrics):
            assert 0 <= left and right <= page.width and 0 <= top and bottom <= page.height, (page.folio, run)
        for item in page.items:
            if isinstance(item, ImageItem):
                f = item.frame
                assert 0 <= f.x and f.right <= page.width and 0 <= f.y and f.bottom <= page.height
            if isinstance(item, RuleItem):
                assert 0 <= min(item.x1, item.x2) and max(item.x1, item.x2) <= page.width
                assert 0 <= min(item.y1, item.y2) and max(item.y1, item.y2) <= page.height


@pytest.mark.parametrize("name", SAMPLES)
def test_no_text_overlaps_other_text_or_photos(built_samples, name):
    _, built = built_samples[name]
    for page in built.pages:
        boxes = sorted(text_boxes(page, built.metrics), key=lambda b: b[0][0])
        photos = [i.frame for i in page.items if isinstance(i, ImageItem)]
        for i, ((l1, t1, r1, b1), run1) in enumerate(boxes):
            for (l2, t2, r2, b2), run2 in boxes[i + 1:]:
                if l2 >= r1 - TOLERANCE:
                    break  # sorted by left edge: no later box starts before this one ends
                # On one baseline, compressed punctuation overlaps its neighbour's advance,
                # not its ink: a mark's blank half (。” in 1.5 em), or two (”“ in 1 em).
                same_line = abs(run1.y - run2.y) < 0.5
                allowed = max(run1.size, run2.size) + TOLERANCE if same_line else TOLERANCE
                if same_line and r1 - l2 <= allowed:
                    continue
                if t2 < b1 - TOLERANCE and t1 < b2 - TOLERANCE:
                    pytest.fail(f"page {page.folio}: {run1.text!r} ({run1.article}/{run1.role}) overlaps "
                                f"{run2.text!r} ({run2.article}/{run2.role})")
            for f in photos:
                assert not (l1 < f.right - TOLERANCE and f.x < r1 - TOLERANCE and t1 < f.bottom - TOLERANCE
                            and f.y < b1 - TOLERANCE), f"page {page.folio}: {run1.text!r} over a photo"
