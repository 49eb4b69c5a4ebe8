"""FontSet on the real fonts/fonts.yaml: fallback chains, metrics, coverage, load time, errors."""
import time
from pathlib import Path

import pytest

from typeset.errors import BuildError
from typeset.fonts.fontset import FontSet, SYSTEM_FONT_DIRS

ROOT = Path(__file__).resolve().parent.parent
CONFIG = ROOT / "fonts" / "fonts.yaml"
PACKAGES = {  # file the primary faces need -> Debian package
    "uming.ttc": "fonts-arphic-uming",
    "NotoSerifCJK-Regular.ttc": "fonts-noto-cjk",
    "wqy-zenhei.ttc": "fonts-wqy-zenhei",
    "LXGWWenKai-Regular.ttf": "fonts-lxgw-wenkai",
    "NotoSerif-Regular.ttf": "fonts-noto-core",
}


def _installed(name: str) -> bool:
    return any(d.is_dir() and any(d.rglob(name)) for d in [CONFIG.parent, *SYSTEM_FONT_DIRS])


_missing = [pkg for name, pkg in PACKAGES.items() if not _installed(name)]
pytestmark = pytest.mark.skipif(bool(_missing), reason=f"font packages not installed: {' '.join(_missing)}")


@pytest.fixture(scope="module")
def fonts():
    return FontSet.load(CONFIG)


def gb2312() -> str:
    chars = []
    for hi in range(0xA1, 0xF8):
        for lo in range(0xA1, 0xFF):
            try:
                chars.append(bytes([hi, lo]).decode("gb2312"))
            except UnicodeDecodeError:
                pass
    return "".join(chars)


LATIN = "".join(map(chr, range(0x20, 0x7F))) + "".join(map(chr, range(0xA0, 0x100))) + "–—‘’“”…•€™"


def test_cjk_and_latin_primary_faces(fonts):
    # The best free faces, CFF outlines embedded through their TrueType conversion (cff.py).
    assert fonts.face_for("song", "中") == "noto-serif-cjk-sc"
    assert fonts.family("noto-serif-cjk-sc") == "Noto Serif CJK SC Regular"
    assert fonts.face_for("hei-bold", "中") == "noto-sans-cjk-sc-bold"
    assert fonts.family("uming-cn") == "AR PL UMing CN"
    assert fonts.face_for("hei", "中") == "wqy-zenhei"
    assert fonts.face_for("kai", "中") == "wenkai"
    assert fonts.face_for("latin-serif", "A") == "noto-serif"
    assert fonts.face_for("latin-sans-bold", "A") == "noto-sans-bold"
    # Latin roles end in CJK faces, so a Chinese name in English text is drawn.
    assert fonts.face_for("latin-serif", "中") == "uming-cn"


def test_rare_characters_fall_back_along_the_chain(fonts):
    for ch in "綦堃䶮":  # beyond GB2312, in names in the news
        assert fonts.face_for("song", ch) is not None
    # Noto Serif CJK SC lacks ≒ (U+2252): the next face in the chain, UMing, has it.
    assert fonts.face_for("song", "≒") == "uming-cn"
    assert fonts.face_for("latin-serif", "中") == "uming-cn"  # Latin chains end in CJK faces
    assert fonts.face_for("song", "\U0010FFFD") is None
    assert fonts.face_for("latin-serif", "\U0010FFFD") is None
    # A string counts as covered only if the face has every code point.
    assert fonts.face_for("song", "中≒") == "uming-cn"


@pytest.mark.parametrize("role", ["song", "song-bold", "hei", "hei-bold", "kai", "kai-bold", "latin-serif",
                                  "latin-serif-bold", "latin-serif-italic", "latin-sans", "latin-sans-bold"])
def test_every_role_covers_gb2312_and_latin(fonts, role):
    missing = [c for c in gb2312() + LATIN if fonts.face_for(role, c) is None]
    assert not missing, f"{role} cannot draw {''.join(missing)}"


def test_metrics(fonts):
    face = fonts.face_for("song", "中")
    assert fonts.advance(face, "中", 10) == pytest.approx(10, abs=0.2)
    assert fonts.advance(face, "中文", 10) == pytest.approx(2 * fonts.advance(face, "中", 10))
    latin = fonts.face_for("latin-serif", "i")
    assert 0 < fonts.advance(latin, "i", 10) < fonts.advance(latin, "M", 10) < 10
    assert fonts.advance(latin, "\u00a0", 10) == fonts.advance(latin, " ", 10)  # drawn as a space
    assert 0.7 < fonts.ascent(face) < 1.0
    assert fonts.missing(face, "中≒文≒") == ["≒"]


def test_metrics_match_the_embedded_widths(fonts):
    """Layout widths are the widths reportlab writes into the PDF."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    for face in ("noto-serif-cjk-sc", "noto-sans-cjk-sc-bold", "uming-cn", "wqy-zenhei", "noto-serif"):
        text = "Typeset 排版，测试 WAVE"
        assert fonts.advance(face, text, 9.5) == pytest.approx(stringWidth(text, fonts.register_pdf(face), 9.5))


def test_face_ids_are_deterministic_and_registered_once(fonts):
    again = FontSet.load(CONFIG, roles=["song"])
    assert again.face_for("song", "中") == fonts.face_for("song", "中")
    assert fonts.register_pdf("uming-cn") == fonts.register_pdf("uming-cn") == again.register_pdf("uming-cn")


def test_load_time():
    """Warm (font conversions cached): the whole chain set opens in well under the budget."""
    FontSet.load(CONFIG)  # converts the CFF faces if this machine's cache is cold
    start = time.perf_counter()
    fs = FontSet.load(CONFIG)
    elapsed = time.perf_counter() - start
    print(f"FontSet.load (all roles, {len(fs.faces())} faces): {elapsed:.2f} s")
    assert elapsed < 3
    start = time.perf_counter()
    fs = FontSet.load(CONFIG, roles=["song", "hei"])  # cached Noto Serif CJK SC + wqy-zenhei.ttc
    elapsed = time.perf_counter() - start
    assert fs.faces() == ["noto-serif-cjk-sc", "wqy-zenhei"]
    assert elapsed < 2


def test_only_requested_roles_are_loaded():
    fs = FontSet.load(CONFIG, roles=["latin-serif"])
    assert fs.faces() == ["noto-serif"]
    assert fs.face_for("latin-serif", "中") == "uming-cn"  # fallbacks open on demand
    assert fs.face_for("kai", "中") == "wenkai"  # so do roles not asked for at load


def test_missing_faces_are_notes_and_an_empty_role_is_an_error(tmp_path):
    cfg = tmp_path / "fonts.yaml"
    cfg.write_text(
        "faces:\n"
        "  nowhere: {family: Nowhere Sans, file: nowhere.ttf, package: fonts-nowhere}\n"
        "  uming-cn: {family: AR PL UMing CN, file: uming.ttc}\n"
        "  wrong-family: {family: Not UMing, file: uming.ttc}\n"
        "  noto-cjk: {family: Noto Serif CJK XX, file: NotoSerifCJK-Regular.ttc, package: fonts-noto-cjk}\n"
        "roles:\n"
        "  song: [nowhere, wrong-family, uming-cn]\n"
        "  broken: [nowhere, noto-cjk]\n",
        encoding="utf-8",
    )
    fs = FontSet.load(cfg, roles=["song"])
    assert fs.face_for("song", "中") == "uming-cn"
    assert any("nowhere" in n for n in fs.notes)
    assert any("wrong-family" in n and "AR PL UMing CN" in n for n in fs.notes)
    with pytest.raises(BuildError) as e:
        FontSet.load(cfg, roles=["broken"])
    d = e.value.diagnostics[0]
    assert d.loc.file == cfg and d.loc.line == 8
    assert "apt-get install" in d.hint and "fonts-nowhere" in d.hint
    if _installed("NotoSerifCJK-Regular.ttc"):
        assert "has no family 'Noto Serif CJK XX'" in d.message and "Noto Serif CJK SC" in d.message


def test_subfont_is_chosen_by_name_not_index(tmp_path):
    cfg = tmp_path / "fonts.yaml"
    cfg.write_text("faces:\n  tw: {family: AR PL UMing TW, file: uming.ttc}\nroles:\n  ming: [tw]\n",
                   encoding="utf-8")
    fs = FontSet.load(cfg)
    assert fs.family("tw") == "AR PL UMing TW"
    assert fs._faces["tw"].index != 0  # the CN face is subfont 0 in Debian's uming.ttc


def test_config_errors_point_at_the_line(tmp_path):
    cfg = tmp_path / "fonts.yaml"
    cfg.write_text("faces:\n  a: {family: X, file: x.ttf, colour: red}\nroles:\n  song: [a, b]\n",
                   encoding="utf-8")
    with pytest.raises(BuildError) as e:
        FontSet.load(cfg)
    lines = sorted(d.loc.line for d in e.value.diagnostics)
    assert lines == [2, 4]
    with pytest.raises(BuildError, match="unknown font role"):
        FontSet.load(CONFIG, roles=["fraktur"])


def test_inline_faces_in_a_role(tmp_path):
    cfg = tmp_path / "fonts.yaml"
    cfg.write_text("roles:\n  song:\n    - {family: \"AR PL UMing CN\", file: uming.ttc}\n", encoding="utf-8")
    fs = FontSet.load(cfg)
    assert fs.face_for("song", "中") == "ar-pl-uming-cn"


def test_project_fonts_folder_comes_first(tmp_path):
    """A font file next to fonts.yaml wins over the system copy."""
    import shutil

    src = next(p for d in SYSTEM_FONT_DIRS if d.is_dir() for p in d.rglob("NotoSans-Regular.ttf"))
    shutil.copy(src, tmp_path / "NotoSans-Regular.ttf")
    cfg = tmp_path / "fonts.yaml"
    cfg.write_text("faces:\n  s: {family: Noto Sans, file: NotoSans-Regular.ttf}\nroles:\n  sans: [s]\n",
                   encoding="utf-8")
    fs = FontSet.load(cfg)
    assert fs.path("s") == tmp_path / "NotoSans-Regular.ttf"
