"""`typeset watch ISSUE_DIR [--port N]`: rebuild on every save, show the pages in a browser.

The designer's loop: change an article, a layout or the font configuration,
and see the page a moment later. Three things make a rebuild fast, and
each one keeps the result identical to a cold `typeset.lay_out`
(tests/test_watch.py checks that):

- one FontSet for the session (loading fonts takes about a second), reloaded
  only when fonts.yaml changes;
- a cross-build memo of composed paragraphs, keyed by (runs, style,
  measure, language, text options) and consulted by `Context.set_text`
  (context.py `memo`), so only edited paragraphs are broken again;
- a memo of the page planner's answers (context.py `plan_memo`, consulted
  by pages._solve), keyed by what the planner sees of each story on the page
  (plan_memo.py: header fields and photos, per grid unit its kind, height
  and keep rule, the stories' ranking by length; not their glyphs), so only
  pages whose stories changed shape are planned again.

The session passes all three to `typeset.lay_out` as its `session` (the
`prepare` hook), so a watched build runs the very pipeline a plain one does.

Both memos keep two generations (this build's entries and the previous
build's), so they stay the size of one issue however long the session runs;
both are emptied when the layout or the fonts change.

No PDF is written: the previews are drawn from the PagePlans (preview.py),
and only pages whose plan changed are drawn again. Overlays are drawn when
the browser asks for one. The page served at http://127.0.0.1:PORT/ polls
/version and swaps in the new images when a rebuild lands (watch_page.html).
"""
from __future__ import annotations

import argparse
import json
import sys
import threading
import time
from pathlib import Path

from .. import FONTS_CONFIG, LAYOUTS, PROJECT, Built
from ..build_cache import Generations
from ..errors import BuildError
from .options import add_out, add_sources
from .preview import DPI, Renderer, page_warnings, write_png


class Session:
    """One watched issue: fonts, memos, the renderer and the last build, kept between rebuilds."""

    def __init__(self, issue_dir: Path, out_dir: Path = PROJECT / "output", *, layouts_dir: Path = LAYOUTS,
                 fonts_config: Path = FONTS_CONFIG, dpi: float = DPI, metrics=None):
        self.issue_dir, self.layouts_dir = Path(issue_dir).resolve(), Path(layouts_dir)
        self.fonts_config, self.dpi = Path(fonts_config), dpi
        self.out_dir = Path(out_dir)
        self.metrics, self._fonts_key = metrics, None if metrics is None else "given"
        self.memo, self.plans = Generations(), Generations()
        self.renderer: Renderer | None = None
        self.built: Built | None = None
        self.errors: list[str] = []
        self.version = 0
        self.layout_file: Path | None = None
        self._layout_text = b""
        self._drawn: dict[int, object] = {}  # folio -> the PagePlan its preview shows
        self._overlays: dict[int, tuple] = {}  # folio -> what its overlay file shows
        self.lock = threading.RLock()
        self.work: dict[str, int] = {}  # what the last good build redid (paragraphs, page plans, previews)
        self.last_seconds = 0.0

    @property
    def folder(self) -> Path:
        return self.out_dir / self.issue_dir.name / "preview"

    def rebuild(self) -> list[Path]:
        """Lay the issue out again and redraw the previews of pages that changed; returns the files written.

        A build that fails keeps the previous previews and puts its errors in `errors`.
        """
        with self.lock:
            started = time.perf_counter()
            written: list[Path] = []
            try:
                built = self._lay_out()
            except BuildError as err:
                self.errors = [d.format() for d in err.diagnostics]
                self.memo, self.plans = self.memo.next(False), self.plans.next(False)
            else:
                self.work = {"paragraphs_composed": self.memo.misses, "page_solves": self.plans.misses}
                self.memo, self.plans = self.memo.next(True), self.plans.next(True)
                self.errors, self.built = [], built
                written = self._draw(built)
                self.work["previews_drawn"] = len(written)
            self.last_seconds = time.perf_counter() - started
            self.version += 1
            return written

    def _lay_out(self) -> Built:
        """typeset.lay_out, with this session's fonts and memos (see `prepare`)."""
        from .. import lay_out

        return lay_out(self.issue_dir, layouts_dir=self.layouts_dir, fonts_config=self.fonts_config, session=self)

    def prepare(self, layout, roles: set[str]):
        """typeset.Session: the fonts and memos for this build, once the layout is known.

        Another layout (its file changed: styles, grid and planner settings may
        all differ) empties the memos; so do changed fonts (_load_fonts)."""
        self.layout_file = layout.file
        text = Path(layout.file).read_bytes()
        if text != self._layout_text:
            self._layout_text, self.memo, self.plans = text, Generations(), Generations()
        self._load_fonts(roles)
        return self.metrics, self.memo, self.plans

    def _load_fonts(self, roles: set[str]) -> None:
        if self._fonts_key == "given":
            return
        key = (self.fonts_config.read_bytes(), frozenset(roles))
        if key != self._fonts_key:
            from ..fonts.fontset import FontSet

            self.metrics = FontSet.load(self.fonts_config, search_dirs=[self.fonts_config.parent], roles=roles)
            self._fonts_key, self.renderer = key, None
            self.memo, self.plans, self._drawn = Generations(), Generations(), {}

    def _draw(self, built: Built) -> list[Path]:
        if self.renderer is None:
            self.renderer = Renderer(self.metrics, self.dpi)
        self.renderer.trim()
        self.folder.mkdir(parents=True, exist_ok=True)
        written = []
        for page in built.pages:
            if self._drawn.get(page.folio) != page:
                path = self.folder / f"page-{page.folio:02d}.png"
                write_png(self.renderer.page(page), path)
                self._drawn[page.folio] = page
                written.append(path)
        return written

    def overlay(self, folio: int) -> Path | None:
        """The overlay preview of page `folio` for the current build, drawn on first request."""
        with self.lock:
            built = self.built
            page = next((p for p in built.pages if p.folio == folio), None) if built else None
            if page is None:
                return None
            warnings = page_warnings(page, built.diags)
            jumps = {m.article: built.report["articles"].get(m.article, {}).get("jumps") for m in page.modules}
            shows = (page, json.dumps(page.score, sort_keys=True), tuple(warnings), json.dumps(jumps, sort_keys=True))
            path = self.folder / f"page-{folio:02d}-overlay.png"
            if self._overlays.get(folio) != shows or not path.exists():
                base = self.renderer.page(page)
                write_png(self.renderer.overlay(page, base, built.layout.grid, built.report, warnings), path)
                self._overlays[folio] = shows
            return path

    def status(self) -> dict:
        built = self.built
        return {"version": self.version, "ok": not self.errors, "errors": self.errors,
                "seconds": round(self.last_seconds, 3), "work": self.work,
                "issue": self.issue_dir.name,
                "pages": [p.folio for p in built.pages] if built else [],
                "warnings": [d.format() for d in built.diags.warnings] if built else []}

    def watched(self) -> list[Path]:
        """What a change to triggers a rebuild: the issue folder, its layout file, the font configuration."""
        paths = [self.issue_dir, self.fonts_config.resolve()]
        if self.layout_file:
            paths.append(self.layout_file.resolve())
        return paths


def watch_changes(session: Session, stop: threading.Event, on_build=None) -> None:
    """Rebuild whenever a watched file changes, until `stop` is set (runs in its own thread)."""
    from watchfiles import watch

    issue, files = session.issue_dir, set(session.watched()[1:])
    folder = session.folder.resolve()

    def wanted(_change, name: str) -> bool:
        path = Path(name)
        if path.name.startswith(".") or path.name.endswith("~") or folder in path.parents:
            return False  # editors' swap files, our own output
        return path in files or issue in path.parents

    dirs = sorted({issue} | {f.parent for f in files})
    for _changes in watch(*dirs, watch_filter=wanted, stop_event=stop, step=20, debounce=400,
                          rust_timeout=500, yield_on_timeout=False):
        session.rebuild()
        if on_build:
            on_build(session)
        files = set(session.watched()[1:])


def serve(session: Session, port: int = 0):
    """An HTTP server on 127.0.0.1 (port 0: a free one), serving in a daemon thread; returns the server."""
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    page = (Path(__file__).parent / "watch_page.html").read_bytes()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):  # the name http.server calls
            path = self.path.split("?", 1)[0]
            if path == "/":
                return self._send(200, "text/html; charset=utf-8", page)
            if path == "/version":
                return self._send(200, "application/json", json.dumps(session.status(), ensure_ascii=False).encode())
            if path == "/report.json":
                report = session.built.report if session.built else {}
                return self._send(200, "application/json", json.dumps(report, ensure_ascii=False).encode())
            name = path.rsplit("/", 1)[-1]
            if path.startswith("/preview/") and name.startswith("page-") and name.endswith(".png"):
                stem = name[5:-4]
                if stem.endswith("-overlay") and stem[:-8].isdigit():
                    file = session.overlay(int(stem[:-8]))
                elif stem.isdigit():
                    file = session.folder / name
                else:
                    file = None
                if file and file.exists():
                    return self._send(200, "image/png", file.read_bytes())
            self._send(404, "text/plain", b"not found")

        def _send(self, status: int, kind: str, body: bytes) -> None:
            self.send_response(status)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Cache-Control", "no-store")
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):  # the terminal shows builds, not every poll
            pass

    server = ThreadingHTTPServer(("127.0.0.1", port), Handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, name="typeset-watch-http", daemon=True).start()
    return server


# -- command line -------------------------------------------------------------

def add_parser(sub) -> None:
    p = sub.add_parser("watch", help="rebuild previews on every change and show them at http://127.0.0.1:PORT/")
    p.add_argument("issue", type=Path, help="the issue folder (holding issue.yaml)")
    p.add_argument("--port", type=int, default=0, help="port on 127.0.0.1 (default: a free one)")
    add_out(p)
    p.add_argument("--dpi", type=float, default=DPI, help=f"preview resolution (default {DPI})")
    add_sources(p)
    p.set_defaults(handler=run)


def _say(session: Session) -> None:
    if session.errors:
        print("\n".join(session.errors), file=sys.stderr)
        print(f"typeset: build {session.version} failed; the previews show the last good build", file=sys.stderr)
    else:
        work = ", ".join(f"{v} {k.replace('_', ' ')}" for k, v in session.work.items())
        print(f"typeset: build {session.version} in {session.last_seconds:.2f} s ({work})", flush=True)


def run(args: argparse.Namespace) -> int:
    if not (args.issue / "issue.yaml").is_file():
        print(f"typeset: {args.issue} has no issue.yaml", file=sys.stderr)
        return 2
    session = Session(args.issue, args.out, layouts_dir=args.layouts, fonts_config=args.fonts, dpi=args.dpi)
    session.rebuild()
    _say(session)
    server = serve(session, args.port)
    print(f"typeset: watching {session.issue_dir}; previews at http://127.0.0.1:{server.server_port}/ "
          f"(Ctrl-C stops)", flush=True)
    stop = threading.Event()
    import signal

    signal.signal(signal.SIGTERM, lambda *_: stop.set())  # a service manager's stop: end as cleanly as Ctrl-C
    try:
        watch_changes(session, stop, _say)
    except KeyboardInterrupt:
        pass
    finally:
        stop.set()
        server.shutdown()
    return 0
