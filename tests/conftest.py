import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
ISSUES = ROOT / "issues"


@pytest.fixture(scope="session", autouse=True)
def _build_caches_in_the_session(tmp_path_factory):
    """Builds through the command line keep build caches (build_cache.py): in this session's temporary
    folder, not in the user's cache, where every test's temporary issue would leave one."""
    import os

    saved = os.environ.get("TYPESET_BUILD_CACHE")
    os.environ["TYPESET_BUILD_CACHE"] = str(tmp_path_factory.mktemp("build-cache"))
    yield
    if saved is None:
        os.environ.pop("TYPESET_BUILD_CACHE", None)
    else:
        os.environ["TYPESET_BUILD_CACHE"] = saved


def pytest_addoption(parser):
    parser.addoption("--update-golden", action="store_true", help="rewrite tests/golden/* from the current output")


@pytest.fixture
def update_golden(request):
    return request.config.getoption("--update-golden")


@pytest.fixture(scope="session")
def built_samples(tmp_path_factory):
    """Both samples built once per test session with the real fonts: {name: output folder}."""
    from typeset import build

    out = tmp_path_factory.mktemp("out")
    result = {}
    for name in ("2025-04-15-gongan", "2024-11-05-dispatch"):
        built = build(ISSUES / name, out)
        result[name] = (out / name, built)
    return result


@pytest.fixture(scope="session")
def real_fonts():
    """The real fonts, loaded once per test session: loading takes seconds, a build far less."""
    import typeset
    from typeset.fonts.fontset import FontSet

    return FontSet.load(typeset.FONTS_CONFIG, search_dirs=[typeset.FONTS_CONFIG.parent])


def have(tool: str) -> bool:
    return shutil.which(tool) is not None
