"""PNG previews (typeset/preview.py): plain pages, the overlay over them, the command line.

The pages come from the session's build of the samples (conftest.built_samples),
drawn with the real fonts; module positions are checked against report.json,
which is what a designer reads beside the picture.
"""
import io
import json

import pytest
from conftest import ISSUES
from PIL import Image

from typeset.tools.cli import main
from typeset.tools.preview import Renderer, page_warnings, png_bytes, write_previews

DPI = 96
MM = DPI / 25.4  # pixels per millimetre


def _magenta(px) -> bool:
    r, g, b = px[:3]
    return r > 150 and g < 100 and b > 100


def _near(im: Image.Image, x: float, y: float, test, reach: int = 3) -> bool:
    return any(test(im.getpixel((round(x) + dx, round(y) + dy)))
               for dx in range(-reach, reach + 1) for dy in range(-reach, reach + 1))


@pytest.fixture(scope="module")
def gongan(built_samples, tmp_path_factory):
    """Page 4 of the Chinese sample, previewed plain and with the overlay."""
    _, built = built_samples["2025-04-15-gongan"]
    folder = tmp_path_factory.mktemp("preview")
    written = write_previews(built, folder, pages={4}, overlay=True, dpi=DPI)
    return built, folder, written


def test_plain_and_overlay_written_for_the_page_asked(gongan):
    built, folder, written = gongan
    assert [p.name for p in written] == ["page-04.png", "page-04-overlay.png"]
    plain, over = Image.open(folder / "page-04.png"), Image.open(folder / "page-04-overlay.png")
    page = built.pages[0]
    assert plain.size == over.size == (round(page.width * DPI / 72), round(page.height * DPI / 72))
    assert plain.tobytes() != over.tobytes()


def test_plain_page_has_text_and_no_overlay_colours(gongan):
    _, folder, _ = gongan
    plain = Image.open(folder / "page-04.png").convert("RGB")
    colours = plain.getcolors(maxcolors=1 << 24)
    dark = sum(n for n, c in colours if max(c) < 80)
    assert dark > 20_000  # the page carries text: many black pixels
    # none of the overlay's magenta (photos may hold a few such pixels, not thousands)
    assert sum(n for n, c in colours if _magenta(c)) < 2000


def test_module_outlines_drawn_where_the_report_says(gongan):
    built, folder, _ = gongan
    plain = Image.open(folder / "page-04.png").convert("RGB")
    over = Image.open(folder / "page-04-overlay.png").convert("RGB")
    page = next(p for p in json.loads(json.dumps(built.report))["pages"] if p["folio"] == 4)
    assert len(page["modules"]) == 4
    for module in page["modules"]:
        x, y, w, h = (v * MM for v in module["rect_mm"])
        # the middle of each side of the module's rectangle is magenta in the overlay, not in the plain page
        for px, py in ((x + w / 2, y + 1), (x + 1, y + h / 2), (x + w - 2, y + h / 2), (x + w / 2, y + h - 2)):
            assert _near(over, px, py, _magenta), (module["article"], px, py)
            assert not _near(plain, px, py, _magenta, reach=1), (module["article"], px, py)
        # and its inside is not: the outline is a frame, the text stays readable
        assert not _magenta(over.getpixel((round(x + w / 2), round(y + h / 2))))


def test_overlay_shows_the_column_grid(gongan):
    built, folder, _ = gongan
    plain = Image.open(folder / "page-04.png").convert("RGB")
    over = Image.open(folder / "page-04-overlay.png").convert("RGB")
    grid, s = built.layout.grid, DPI / 72
    rows = range(round(grid.line_y(10) * s), round(grid.line_y(grid.lines - 2) * s))
    for c in range(grid.columns):  # paper inside a column is tinted cyan (blue above red)
        x = round((grid.col_x(c) + grid.column_width / 2) * s)
        paper = [y for y in rows if plain.getpixel((x, y)) == (255, 255, 255)]
        tinted = [y for y in paper if over.getpixel((x, y))[2] > over.getpixel((x, y))[0]]
        assert paper and len(tinted) > 0.9 * len(paper), c  # the rest: under a module's magenta label or frame
    # in a gutter, paper between baselines stays white: the grid shows the columns, not a wash
    x = round((grid.col_x(1) - grid.gutter / 2) * s)
    assert any(plain.getpixel((x, y)) == over.getpixel((x, y)) == (255, 255, 255) for y in rows)


def test_same_plan_same_bytes(gongan):
    built, folder, _ = gongan
    renderer = Renderer(built.metrics, DPI)
    page = built.pages[0]
    first = png_bytes(renderer.overlay(page, renderer.page(page), built.layout.grid, built.report,
                                       page_warnings(page, built.diags)))
    again = Renderer(built.metrics, DPI)  # a fresh renderer, nothing cached
    second = png_bytes(again.overlay(page, again.page(page), built.layout.grid, built.report,
                                     page_warnings(page, built.diags)))
    assert first == second == (folder / "page-04-overlay.png").read_bytes()


def test_warnings_are_drawn_on_the_page_they_concern(built_samples):
    from typeset.errors import Diagnostic, Loc

    _, built = built_samples["2025-04-15-gongan"]
    page = built.pages[0]
    slug = page.modules[0].article
    diags = [Diagnostic("warning", "a line was broken in an emergency", Loc(ISSUES / f"{slug}.md", 12)),
             Diagnostic("warning", "page 5 is 80.0% full", None),
             Diagnostic("warning", f"page {page.folio} is 90.0% full: 10 column-lines stay blank", None)]
    warnings = page_warnings(page, diags)
    assert warnings == sorted([f"{slug}.md:12: a line was broken in an emergency",
                               f"page {page.folio} is 90.0% full: 10 column-lines stay blank"])
    renderer = Renderer(built.metrics, DPI)
    base = renderer.page(page)
    plain = renderer.overlay(page, base, built.layout.grid, built.report, [])
    warned = renderer.overlay(page, base, built.layout.grid, built.report, warnings)
    assert plain.tobytes() != warned.tobytes()


def test_command_line_writes_the_pages_asked(tmp_path, capsys):
    assert main(["preview", str(ISSUES / "2024-11-05-dispatch"), "--page", "1", "--overlay",
                 "--out", str(tmp_path)]) == 0
    folder = tmp_path / "2024-11-05-dispatch" / "preview"
    assert sorted(p.name for p in folder.iterdir()) == ["page-01-overlay.png", "page-01.png"]
    with Image.open(io.BytesIO((folder / "page-01.png").read_bytes())) as im:
        assert im.format == "PNG"
    assert "2 preview(s)" in capsys.readouterr().out


def test_command_line_names_a_page_the_issue_lacks(tmp_path, capsys):
    assert main(["preview", str(ISSUES / "2024-11-05-dispatch"), "--page", "99", "--out", str(tmp_path)]) == 2
    assert "no page 99" in capsys.readouterr().err
