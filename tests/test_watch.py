"""`typeset watch` (typeset/watch.py): incremental rebuilds equal cold ones; the page follows edits.

The session's memos (composed paragraphs, planned pages) must never change
what is built, so every incremental build here is compared with a cold
`typeset.lay_out` of the same files. The last test drives the served page
in headless Chromium over the DevTools protocol: it loads the page, edits
an article on disk and sees the new preview replace the old one with no
reload.
"""
import json
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from conftest import ISSUES, ROOT

import typeset
from typeset.tools.watch import Session, serve

GONGAN = "2025-04-15-gongan"
EDIT = ("邯郸道历史文化街区", "邯郸道历史文化景区")  # first paragraph of congtai, on page 4: same length
LONGER = ("吸引了一大批", "吸引了很大一批来自")  # a longer paragraph, possibly one line more


@pytest.fixture
def issue(tmp_path):
    folder = tmp_path / GONGAN
    shutil.copytree(ISSUES / GONGAN, folder)
    return folder


@pytest.fixture(scope="module")
def fonts(built_samples):
    return built_samples[GONGAN][1].metrics  # the session's FontSet for this layout


def _edit(issue: Path, old: str, new: str, slug: str = "congtai") -> None:
    path = issue / "articles" / f"{slug}.md"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _same_as_cold(session: Session, issue: Path) -> None:
    cold = typeset.lay_out(issue, metrics=session.metrics)
    assert session.built.pages == cold.pages
    assert session.built.report == cold.report


def test_incremental_builds_equal_cold_ones(issue, tmp_path, fonts):
    session = Session(issue, tmp_path / "out", metrics=fonts)
    first = session.rebuild()
    assert session.errors == [] and [p.name for p in first] == [f"page-{n:02d}.png" for n in (4, 5, 6, 7)]
    assert session.rebuild() == []  # nothing changed: nothing redrawn
    _edit(issue, *EDIT)
    assert [p.name for p in session.rebuild()] == ["page-04.png"]
    _same_as_cold(session, issue)
    _edit(issue, *LONGER)
    session.rebuild()
    _same_as_cold(session, issue)
    _edit(issue, "如何服务好游客", "如何服务好广大游客")  # and a third, after two generations of memo
    session.rebuild()
    _same_as_cold(session, issue)


def test_a_layout_or_font_change_starts_afresh(issue, tmp_path):
    """Saving the layout or fonts.yaml rebuilds through the watcher; the memos are dropped, the
    fonts reloaded, and the result is the cold build's with the new files."""
    from typeset.tools.watch import watch_changes

    layouts, fonts = tmp_path / "layouts", tmp_path / "fonts"
    shutil.copytree(ROOT / "layouts", layouts)
    shutil.copytree(ROOT / "fonts", fonts)
    session = Session(issue, tmp_path / "out", layouts_dir=layouts, fonts_config=fonts / "fonts.yaml")
    session.rebuild()
    first_fonts = session.metrics
    stop, landed = threading.Event(), threading.Event()
    thread = threading.Thread(target=watch_changes, args=(session, stop, lambda s: landed.set()), daemon=True)
    thread.start()
    try:
        time.sleep(0.5)
        layout = layouts / "tabloid-zh.yaml"
        layout.write_text(layout.read_text(encoding="utf-8").replace("folio: 第{page}版", "folio: 第{page}页"),
                          encoding="utf-8")
        assert landed.wait(30), "no rebuild after the layout was saved"
        assert session.status()["ok"] and session.work["page_solves"] > 0  # planned afresh
        cold = typeset.lay_out(issue, layouts_dir=layouts, metrics=session.metrics)
        assert session.built.pages == cold.pages and session.built.report == cold.report
        folio = "".join(i.text for i in session.built.pages[1].items if getattr(i, "role", "") == "folio")
        assert "页" in folio and "第5版" not in folio.replace(" ", "")
        landed.clear()
        config = fonts / "fonts.yaml"
        config.write_text(config.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
        assert landed.wait(30), "no rebuild after fonts.yaml was saved"
        assert session.status()["ok"] and session.metrics is not first_fonts
        assert session.work["previews_drawn"] == 4  # new fonts: every page drawn again
    finally:
        stop.set()
        thread.join(5)


def test_a_failed_build_keeps_the_last_good_previews(issue, tmp_path, fonts):
    session = Session(issue, tmp_path / "out", metrics=fonts)
    session.rebuild()
    page4 = (session.folder / "page-04.png").read_bytes()
    _edit(issue, "headline: 景中有", "headlin: 景中有")  # an unknown key, no headline
    assert session.rebuild() == []
    status = session.status()
    assert not status["ok"] and any("congtai.md" in e for e in status["errors"]) and status["version"] == 2
    assert (session.folder / "page-04.png").read_bytes() == page4 and session.built is not None
    _edit(issue, "headlin: 景中有", "headline: 景中有")
    session.rebuild()
    assert session.status()["ok"]
    _same_as_cold(session, issue)


def test_server_answers_on_loopback_only(issue, tmp_path, fonts):
    session = Session(issue, tmp_path / "out", metrics=fonts)
    session.rebuild()
    server = serve(session, 0)
    try:
        assert server.server_address[0] == "127.0.0.1"
        base = f"http://127.0.0.1:{server.server_port}"
        status = json.load(urllib.request.urlopen(base + "/version"))
        assert status["ok"] and status["pages"] == [4, 5, 6, 7] and status["version"] == 1
        assert b"/version" in urllib.request.urlopen(base + "/").read()
        assert json.load(urllib.request.urlopen(base + "/report.json"))["issue"]
        overlay = urllib.request.urlopen(base + "/preview/page-05-overlay.png").read()
        assert overlay[:8] == b"\x89PNG\r\n\x1a\n" and (session.folder / "page-05-overlay.png").exists()
        for bad in ("/preview/page-99.png", "/preview/../issue.yaml", "/nothing"):
            with pytest.raises(urllib.error.HTTPError):
                urllib.request.urlopen(base + bad)
    finally:
        server.shutdown()
        server.server_close()


def test_watcher_rebuilds_on_a_save(issue, tmp_path, fonts):
    from typeset.tools.watch import watch_changes

    session = Session(issue, tmp_path / "out", metrics=fonts)
    session.rebuild()
    stop, landed = threading.Event(), threading.Event()
    thread = threading.Thread(target=watch_changes, args=(session, stop, lambda s: landed.set()), daemon=True)
    thread.start()
    try:
        time.sleep(0.5)  # let the watcher settle
        _edit(issue, *EDIT)
        assert landed.wait(30), "no rebuild after the article was saved"
        assert session.version == 2 and session.status()["ok"]
    finally:
        stop.set()
        thread.join(5)


# -- headless Chromium --------------------------------------------------------

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--disable-quic"]

PAGE4 = """(async () => {
  const img = document.querySelector('figure[data-folio="4"] img');
  if (!img || !img.getAttribute('src') || !img.complete || !img.naturalWidth) return null;
  try { await img.decode(); } catch (e) { return null; }
  const c = document.createElement('canvas');
  c.width = img.naturalWidth; c.height = img.naturalHeight;
  const g = c.getContext('2d');
  g.drawImage(img, 0, 0);
  const d = g.getImageData(0, 0, c.width, c.height).data;
  let h = 0;
  for (let i = 0; i < d.length; i += 4) h = (Math.imul(h, 31) + d[i] + 7 * d[i + 1] + 13 * d[i + 2]) >>> 0;
  return {src: img.getAttribute('src'), hash: h, version: document.body.dataset.version,
          marker: window.__marker || null};
})()"""


class DevTools:
    """The few DevTools protocol calls the test needs, over websocket-client."""

    def __init__(self, url: str):
        import websocket

        self.ws = websocket.create_connection(url, timeout=20, suppress_origin=True)
        self.next = 0

    def call(self, method: str, **params):
        self.next += 1
        self.ws.send(json.dumps({"id": self.next, "method": method, "params": params}))
        while True:
            msg = json.loads(self.ws.recv())
            if msg.get("id") == self.next:
                if "error" in msg:
                    raise RuntimeError(f"{method}: {msg['error']}")
                return msg.get("result", {})

    def js(self, expression: str):
        result = self.call("Runtime.evaluate", expression=expression, returnByValue=True, awaitPromise=True)
        return result.get("result", {}).get("value")

    def wait(self, expression: str, ok, seconds: float):
        deadline, value = time.monotonic() + seconds, None
        while time.monotonic() < deadline:
            value = self.js(expression)
            if ok(value):
                return value
            time.sleep(0.1)
        raise AssertionError(f"timed out; last value {value!r}")


def _stop(proc: subprocess.Popen) -> None:
    """End a process this test started, and its process group (Chromium's helpers), by its id."""
    if proc.poll() is None:
        try:
            os.killpg(proc.pid, signal.SIGTERM)
            proc.wait(10)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(5)
        except ProcessLookupError:
            pass


def _line(proc: subprocess.Popen, needle: str, seconds: float) -> str:
    found: list[str] = []

    def read():
        for line in proc.stdout:
            if needle in line:
                found.append(line)
                return

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    reader.join(seconds)
    if not found:
        raise AssertionError(f"'{needle}' not printed within {seconds} s")
    return found[0]


@pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed (apt-get install chromium; make setup)")
def test_page_shows_the_new_preview_without_a_reload(issue, tmp_path):
    started = time.monotonic()
    watch = subprocess.Popen([sys.executable, "-m", "typeset", "watch", str(issue), "--out", str(tmp_path / "out")],
                             stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, cwd=ROOT,
                             start_new_session=True)
    profile = tmp_path / "chromium"
    browser = subprocess.Popen([CHROMIUM, *FLAGS, f"--user-data-dir={profile}", "--remote-debugging-port=0",
                                "about:blank"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                               start_new_session=True)
    try:
        url = _line(watch, "previews at http://127.0.0.1:", 60).split("previews at ")[1].split()[0]
        port_file = profile / "DevToolsActivePort"
        deadline = time.monotonic() + 20
        while not port_file.exists() and time.monotonic() < deadline:
            time.sleep(0.1)
        port = port_file.read_text().split()[0]
        targets = json.load(urllib.request.urlopen(f"http://127.0.0.1:{port}/json/list"))
        tab = DevTools(next(t for t in targets if t["type"] == "page")["webSocketDebuggerUrl"])
        tab.call("Page.enable")
        tab.call("Page.navigate", url=url)
        before = tab.wait(PAGE4, lambda v: v and v["version"] == "1", 20)
        tab.js("window.__marker = 'same page'")
        saved = time.monotonic()
        _edit(issue, *EDIT)
        after = tab.wait(PAGE4, lambda v: v and v["hash"] != before["hash"], 30)
        seen = time.monotonic() - saved
        assert after["marker"] == "same page"  # no reload: the page swapped the image itself
        assert after["version"] != before["version"] and after["src"].endswith(f"v={after['version']}")
        # the overlay toggle shows the overlay of the same build
        tab.js("document.getElementById('overlay').click()")
        over = tab.wait(PAGE4, lambda v: v and "-overlay.png" in v["src"], 20)
        assert over["hash"] != after["hash"]
        print(f"chromium test: new preview seen {seen:.2f} s after the save; "
              f"{time.monotonic() - started:.1f} s in all")
    finally:
        _stop(browser)
        _stop(watch)
