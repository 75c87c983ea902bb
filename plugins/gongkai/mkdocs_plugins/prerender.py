"""Item pages' Markdown converted ahead in a forked process, while MkDocs' own thread does the rest (issue #19).

MkDocs converts every page's Markdown in its one thread, and on a large body most of that thread's time is the item
pages (Python-Markdown: ≈ 0.8 ms an item, as for bare Material). `Prerender.start` forks one process once the nav
is final (the core plugin's `on_nav`, last), which does for every item page, in the order MkDocs will populate
them, what MkDocs' `_populate_page` does up to the conversion: `Page.read_source` (with the plugins'
`on_page_read_source`), the plugins' `on_page_markdown`, `Page.render`. It appends each result (the HTML, the table of
contents, the title from a heading, the anchors and the links to anchors, and what it logged) to a spool file, an
unlinked temporary file in the staged site's folder (on disk: never a tmpfs `/tmp`, never published) that this
process reads with `os.pread` as it gets to each page, so the child runs ahead by as much as it can and neither
process holds more than one page's result in memory; the file (about the size of the item pages' HTML) is gone when
the build ends. The fork freezes the objects both processes share (`gc.freeze`), so that the child's garbage
collections do not copy them; the child ends when this process does.

This process still reads every item's source and runs the plugins' `on_page_markdown` (their effects on the page:
title, meta, template); `attach` replaces the page's `render` with one that takes the child's result when the child
converted the very same text (length and CRC-32 of the Markdown), and MkDocs' own conversion otherwise (the child
failed, was stopped, or saw other text). It never waits for the child: when the child has not got to a page yet, this
process converts that page and the next `BLOCK - 1` itself and says so in a shared counter, and the child skips
them. So the two processes share the items as their speeds allow, and on a busy machine, where the child gets little
CPU, the build is no slower than MkDocs alone. What the child logged during a conversion (MkDocs' link warnings) is logged
here when its page is rendered, so `--strict` counts it as before. The output is byte for byte that of MkDocs alone.

Used only where fork is safe and pays: Linux, one thread (not `mkdocs serve`), at least `PRERENDER_MIN_ITEMS` items,
`GONGKAI_WORKERS` not 1, no plugin outside Gongkai listening to the events the child runs (`on_pre_page`,
`on_page_read_source`, `on_page_markdown`), and Markdown extensions named in the configuration only (an extension
object a plugin put there may keep state in that plugin, which would stay in the child).

Differs from MkDocs alone in one case, on purpose: an item whose front matter PyYAML's Python loader rejects but the
loader accepts (e.g. `标题: 2024-02-30`, which it reads as text) is converted without its front matter; MkDocs alone
would have shown the front matter as the start of the body (`pages.without_front_matter`).
"""

from __future__ import annotations

import contextlib
import gc
import logging
import mmap
import os
import pickle
import signal
import struct
import tempfile
import time
import zlib
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from mkdocs.structure.pages import Page

from ..processes import may_fork

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import Files

PRERENDER_MIN_ITEMS = 1000
"""Fewer items than this are converted in MkDocs' own thread: the fork would not pay (GONGKAI_PRERENDER=1 forces it)."""

BLOCK = 16
"""Pages this process converts itself, in a row, once it has caught up with the child (the child skips them)."""

CHILD_EVENTS = ("pre_page", "page_read_source", "page_markdown")
"""The events the child runs for each item page (`on_pre_page` is not run there: it must have no listener at all)."""

_HEADER = struct.Struct("<I")
_END = 0xFFFFFFFF
_CLAIMED = struct.Struct("<q")  # in the shared page: the last position this process converts itself


MAX_FRAME = 1 << 30
"""A frame larger than this means a damaged spool (a page's result is a few KB)."""


def _write_all(fd: int, data: bytes) -> None:
    """In the child: the whole of `data` or an exception (a full disk): a frame is never written in part."""
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view) :]


class _Records(logging.Handler):
    """In the child: what MkDocs and the plugins log while one page is converted, kept to be logged by the parent."""

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        record.msg, record.args, record.exc_info, record.exc_text = record.getMessage(), None, None, None
        self.records.append(record)


def usable(config: MkDocsConfig, items: int, package: str) -> bool:
    """Whether to convert ahead: fork is safe, the build is large enough, and only `package`'s plugins see the events."""
    forced = os.environ.get("GONGKAI_PRERENDER", "")  # 0: never; 1: also below PRERENDER_MIN_ITEMS; wait: see `Prerender`
    if forced == "0" or not may_fork():
        return False
    if items < PRERENDER_MIN_ITEMS and forced not in ("1", "wait"):
        return False
    if not all(isinstance(extension, str) for extension in config.markdown_extensions):
        return False
    events = config.plugins.events
    if events.get("pre_page"):
        return False
    return all(getattr(method, "__module__", "").startswith(package + ".") for name in CHILD_EVENTS for method in events.get(name, []))


class Prerender:
    """One forked child converting the item pages ahead; this process takes its results page by page (`attach`).

    `wait=True` (GONGKAI_PRERENDER=wait, for tests and diagnosis): this process waits for the child's result of every
    page instead of converting pages itself."""

    def __init__(self, uris: Sequence[str], config: MkDocsConfig, files: Files, wait: bool = False) -> None:
        self.uris = list(uris)
        self.position = {uri: n for n, uri in enumerate(self.uris)}
        self.wait = wait
        self.claimed = -1  # positions up to this one are converted here (mirrored in `shared` for the child)
        self.shared: mmap.mmap | None = None
        self.pending: tuple[Any, ...] | None = None  # a result read for a later page than the one asked for
        self.config = config
        self.files = files
        self.pid = 0
        self.fd = -1
        self.offset = 0
        self.ended = False  # the child wrote its last result or is gone: read no further
        self.in_child = False
        self.taken = 0  # item pages that took the child's conversion
        self.own = 0  # item pages converted here (the child had no result for them, or not for the same text)

    def start(self, folder: str) -> bool:
        """Fork the child, its spool in `folder` (the staged site); False (and nothing started) if the system refuses."""
        try:
            fd, path = tempfile.mkstemp(prefix=".gongkai-prerender-", dir=folder)
        except OSError:
            return False
        os.unlink(path)  # anonymous: gone with the last descriptor, whatever happens to either process
        parent = os.getpid()
        gc.freeze()  # the objects both processes hold: the child's collections leave their pages alone
        try:
            self.shared = mmap.mmap(-1, _CLAIMED.size)  # anonymous and shared with the child across fork
            _CLAIMED.pack_into(self.shared, 0, -1)
            pid = os.fork()
        except OSError:
            gc.unfreeze()
            os.close(fd)
            return False
        if pid == 0:  # pragma: no cover - the child; its coverage is the parent's output being identical
            code = 1
            try:
                self._child(fd, parent)
                code = 0
            finally:
                os._exit(code)
        gc.unfreeze()  # here they are collected as before
        self.pid, self.fd = pid, fd
        return True

    def _child(self, fd: int, parent: int) -> None:
        self.in_child = True  # the plugins' on_page_markdown runs here too: `attach` must leave the pages alone
        signal.signal(signal.SIGINT, signal.SIG_DFL)
        handler = _Records()
        root = logging.getLogger()
        for logger in (root, *(logging.getLogger(name) for name in list(logging.root.manager.loggerDict))):
            if isinstance(logger, logging.Logger):
                logger.handlers, logger.propagate = [], True
        root.addHandler(handler)
        config, files, shared = self.config, self.files, self.shared
        assert shared is not None
        position = 0
        while position < len(self.uris):
            if os.getppid() != parent:
                return  # the build was killed: nobody will read the rest
            position = max(position, _CLAIMED.unpack_from(shared, 0)[0] + 1)  # skip what the parent converts itself
            if position >= len(self.uris):
                break
            uri = self.uris[position]
            position += 1
            handler.records = []
            result: tuple[Any, ...] = (uri, -1)
            file = files.get_file_from_path(uri)
            if file is not None:
                with contextlib.suppress(Exception):  # this process converts that page itself
                    page = file.page if file.page is not None else Page(None, file, config)
                    config._current_page = page
                    page.read_source(config)
                    assert page.markdown is not None
                    markdown = config.plugins.on_page_markdown(page.markdown, page=page, config=config, files=files)
                    page.markdown = markdown
                    handler.records = []  # the parent logs what it does itself up to here: only the conversion's
                    page.render(config, files)
                    links = None
                    if page.links_to_anchors is not None:
                        links = {target.src_uri: dict(found) for target, found in page.links_to_anchors.items()}
                    result = (
                        uri,
                        len(markdown),
                        zlib.crc32(markdown.encode("utf-8")),
                        page.content,
                        page.toc,
                        page._title_from_render,
                        page.present_anchor_ids,
                        links,
                        handler.records,
                    )
            frame = pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL)
            _write_all(fd, _HEADER.pack(len(frame)) + frame)
            if file is not None:
                file.page = None  # nothing here needs the page again: the child stays as small as the fork it began as
        _write_all(fd, _HEADER.pack(_END))

    def attach(self, page: Page) -> None:
        """`on_page_markdown`, last: this item page takes the child's conversion instead of converting its Markdown."""
        if self.in_child or self.ended:
            return
        own: Callable[[MkDocsConfig, Files], None] = page.render

        def render(config: MkDocsConfig, files: Files) -> None:
            if self._apply(page, files):
                self.taken += 1
            else:
                self.own += 1
                own(config, files)

        page.render = render  # type: ignore[method-assign]

    def _apply(self, page: Page, files: Files) -> bool:
        result = self._take(page.file.src_uri)
        markdown = page.markdown
        if result is None or result[1] < 0 or markdown is None:
            return False
        _, length, crc, content, toc, title, anchors, links, records = result
        if length != len(markdown) or crc != zlib.crc32(markdown.encode("utf-8")):
            return False
        page.content, page.toc, page._title_from_render, page.present_anchor_ids = content, toc, title, anchors
        if links is not None:
            page.links_to_anchors = {files.get_file_from_path(uri): found for uri, found in links.items()}  # type: ignore[misc]
        for record in records:
            logging.getLogger(record.name).handle(record)
        return True

    def _take(self, uri: str) -> tuple[Any, ...] | None:
        """The child's result for `uri`, if it has one ready (or, with `wait`, once it has); None: convert it here."""
        position = self.position.get(uri, -1)
        if position < 0 or self.ended or position <= self.claimed:
            return None
        while True:
            result = self.pending or self._next()
            self.pending = None
            if result is None:  # not written yet (or never: the child ended)
                if self.wait and not self.ended:
                    time.sleep(0.0005)
                    continue
                self._claim(position + BLOCK - 1)
                return None
            found = self.position.get(result[0], -1)
            if found == position:
                return result
            if found > position:  # the child skipped this page: it was claimed here (or never reached): keep it for later
                self.pending = result
                return None
            # an earlier page's result, converted here meanwhile: dropped

    def _claim(self, last: int) -> None:
        """Convert the pages up to position `last` here; the child skips them."""
        self.claimed = max(self.claimed, last)
        if self.shared is not None:
            _CLAIMED.pack_into(self.shared, 0, self.claimed)

    def _next(self) -> tuple[Any, ...] | None:
        """The next result in the spool if the child has written all of it, else None (nothing is consumed)."""
        head = os.pread(self.fd, _HEADER.size, self.offset) if self.fd >= 0 else b""
        if len(head) < _HEADER.size:
            if self._gone() and self.fd >= 0 and len(os.pread(self.fd, _HEADER.size, self.offset)) < _HEADER.size:
                self.stop()  # ended without its end mark
            return None
        (size,) = _HEADER.unpack(head)
        if size == _END or size > MAX_FRAME:
            self.stop()  # the end, or a spool this process cannot read: every page left converts here
            return None
        frame = os.pread(self.fd, size, self.offset + _HEADER.size)
        if len(frame) < size:
            return None
        self.offset += _HEADER.size + size
        try:
            result = pickle.loads(frame)  # written by this module's child only
        except Exception:
            self.stop()
            return None
        if not isinstance(result, tuple) or len(result) not in (2, 9):
            self.stop()
            return None
        return result

    def _gone(self) -> bool:
        if not self.pid:
            return True
        try:
            pid, _ = os.waitpid(self.pid, os.WNOHANG)
        except ChildProcessError:
            pid = self.pid
        if pid:
            self.pid = 0
            return True
        return False

    def stop(self) -> None:
        """Stop the child if it still runs and close the spool (every page not yet taken converts itself)."""
        self.ended = True
        self.pending = None
        if self.pid:
            with contextlib.suppress(OSError):
                os.kill(self.pid, signal.SIGKILL)
            with contextlib.suppress(ChildProcessError):
                os.waitpid(self.pid, 0)
            self.pid = 0
        if self.fd >= 0:
            os.close(self.fd)
            self.fd = -1
        if self.shared is not None:
            self.shared.close()
            self.shared = None
