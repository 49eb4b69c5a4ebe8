"""images.py: every photo mode opens as RGB, L or CMYK, EXIF orientation applies, crops are centred."""
import hashlib

import pytest
from hypothesis import given, strategies as st
from PIL import Image

from typeset.errors import BuildError
from typeset.render.images import crop_box, effective_ppi, open_image, prepare_for_pdf


def make(tmp_path, name, mode, size=(40, 20), colour=None, **save):
    im = Image.new(mode, size, colour if colour is not None else 0)
    path = tmp_path / name
    im.save(path, **save)
    return path


@pytest.mark.parametrize(
    "name, mode, colour, want",
    [
        ("rgb.jpg", "RGB", (200, 30, 30), "RGB"),
        ("grey.png", "L", 128, "L"),
        ("cmyk.jpg", "CMYK", (0, 0, 0, 255), "CMYK"),
        ("cmyk.tif", "CMYK", (10, 20, 30, 40), "CMYK"),
        ("deep.png", "I;16", 65535, "L"),
        ("bits.png", "1", 1, "L"),
        ("palette.png", "P", 3, "RGB"),
    ],
)
def test_open_image_modes(tmp_path, name, mode, colour, want):
    im = open_image(make(tmp_path, name, mode, colour=colour))
    assert im.mode == want
    assert im.size == (40, 20)


def test_sixteen_bit_grey_is_scaled(tmp_path):
    im = open_image(make(tmp_path, "deep.png", "I;16", colour=32896))  # 0x8080
    assert im.getpixel((0, 0)) == 128


def test_alpha_is_flattened_onto_white(tmp_path):
    rgba = make(tmp_path, "clear.png", "RGBA", colour=(255, 0, 0, 0))
    assert open_image(rgba).getpixel((0, 0)) == (255, 255, 255)
    half = make(tmp_path, "half.png", "RGBA", colour=(0, 0, 0, 128))
    assert open_image(half).getpixel((0, 0)) == pytest.approx((127, 127, 127), abs=1)
    la = make(tmp_path, "la.png", "LA", colour=(0, 0))
    im = open_image(la)
    assert im.mode == "L" and im.getpixel((0, 0)) == 255


def test_palette_transparency_is_flattened(tmp_path):
    im = Image.new("P", (40, 20), 1)
    im.putpalette([0, 0, 0, 255, 0, 0] + [0] * 762)
    im.paste(0, (0, 0, 20, 20))
    path = tmp_path / "p.png"
    im.save(path, transparency=0)
    out = open_image(path)
    assert out.mode == "RGB"
    assert out.getpixel((0, 0)) == (255, 255, 255)  # the transparent index becomes paper
    assert out.getpixel((30, 0)) == (255, 0, 0)


def test_exif_orientation_is_applied(tmp_path):
    im = Image.new("RGB", (60, 20), (0, 0, 0))
    im.paste((255, 255, 255), (0, 0, 10, 20))  # white strip on the left
    exif = Image.Exif()
    exif[0x0112] = 6  # rotate 90 degrees clockwise to display
    path = tmp_path / "rotated.jpg"
    im.save(path, exif=exif.tobytes(), quality=95)
    out = open_image(path)
    assert out.size == (20, 60)  # width and height swapped
    assert out.getpixel((10, 2))[0] > 200  # the left strip is now at the top
    assert out.getpixel((10, 57))[0] < 50


def test_unreadable_and_huge_images_are_build_errors(tmp_path):
    with pytest.raises(BuildError) as e:
        open_image(tmp_path / "missing.jpg")
    assert e.value.diagnostics[0].loc.file == tmp_path / "missing.jpg"
    bad = tmp_path / "bad.jpg"
    bad.write_bytes(b"not an image")
    with pytest.raises(BuildError):
        open_image(bad)
    big = make(tmp_path, "big.png", "L", size=(200, 200))
    with pytest.raises(BuildError, match="limit"):
        open_image(big, max_pixels=10_000)


@given(st.integers(1, 5000), st.integers(1, 5000), st.floats(0.2, 5))
def test_crop_box_keeps_the_aspect_and_is_centred(w, h, aspect):
    l, t, r, b = crop_box(w, h, aspect)
    assert 0 <= l < r <= w and 0 <= t < b <= h
    assert (r - l == w) or (b - t == h)  # the largest such box
    cw, ch = r - l, b - t
    # the aspect is right to within rounding of one pixel
    assert cw / ch == pytest.approx(aspect, rel=1.0 / min(cw, ch) + 1e-9) or cw == 1 or ch == 1
    assert abs(l - (w - r)) <= 1 and abs(t - (h - b)) <= 1


def test_crop_box_examples():
    assert crop_box(4000, 3000, 1.0) == (500, 0, 3500, 3000)
    assert crop_box(3000, 4000, 1.5) == (0, 1000, 3000, 3000)
    assert crop_box(300, 200, 1.5) == (0, 0, 300, 200)


def test_prepare_for_pdf_crops_downsamples_and_converts(tmp_path):
    path = make(tmp_path, "big.jpg", "RGB", size=(3000, 2000), colour=(20, 120, 220))
    frame_w, frame_h = 144.0, 72.0  # 2 x 1 inch
    crop = crop_box(3000, 2000, frame_w / frame_h)
    im = prepare_for_pdf(path, crop, frame_w, frame_h, max_ppi=300).image
    assert im.size == (600, 300) and im.mode == "CMYK"  # through the newsprint profile
    assert effective_ppi(crop, frame_w, frame_h) == pytest.approx(1500)
    # small images are never upsampled
    small = make(tmp_path, "small.png", "L", size=(100, 50), colour=90)
    im = prepare_for_pdf(small, None, frame_w, frame_h).image
    assert im.size == (100, 50) and im.mode == "L"
    # CMYK without a profile of its own is taken as made for this press
    cmyk = make(tmp_path, "c.tif", "CMYK", size=(100, 50), colour=(10, 20, 30, 40))
    out = prepare_for_pdf(cmyk, None, frame_w, frame_h)
    assert out.image.mode == "CMYK" and out.image.getpixel((0, 0)) == (10, 20, 30, 40)
    with pytest.raises(BuildError, match="outside"):
        prepare_for_pdf(small, (0, 0, 101, 50), frame_w, frame_h)


def test_prepare_for_pdf_is_deterministic(tmp_path):
    im = Image.effect_mandelbrot((1600, 1200), (-2, -1.5, 1, 1.5), 60).convert("RGB")
    path = tmp_path / "m.png"
    im.save(path)
    digests = {hashlib.sha256(prepare_for_pdf(path, (100, 0, 1500, 1200), 100, 80).image.tobytes()).hexdigest()
               for _ in range(2)}
    assert len(digests) == 1


def test_prepare_for_pdf_on_a_rotated_jpeg_decoded_at_reduced_scale(tmp_path):
    """A big JPEG is decoded at 1/2..1/8 scale; crop, orientation and output size must not notice."""
    im = Image.new("RGB", (2400, 800), (0, 0, 0))
    im.paste((255, 255, 255), (0, 0, 200, 800))  # white strip on the left = the top once oriented
    exif = Image.Exif()
    exif[0x0112] = 6
    path = tmp_path / "big-rotated.jpg"
    im.save(path, exif=exif.tobytes(), quality=95)
    # Oriented size 800 x 2400; crop the top quarter (800 x 600) into a 1 x 0.75 inch frame at 100 ppi.
    out = prepare_for_pdf(path, (0, 0, 800, 600), 72, 54, max_ppi=100).image
    assert out.size == (100, 75)
    assert out.mode == "L"  # black and white only: grey stays grey
    assert out.getpixel((50, 10)) > 200  # the white strip, 200 of 600 source rows = top third
    assert out.getpixel((50, 60)) < 50
    full = prepare_for_pdf(path, (0, 0, 800, 600), 72, 54, max_ppi=2000).image  # no reduction: 800 x 600 kept
    assert full.size == (800, 600)
