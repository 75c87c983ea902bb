"""Item pages' Markdown converted ahead in a forked process, while MkDocs' own thread does the rest (issue #19).

MkDocs converts every page's Markdown in its one thread, and on a large body most of that thread's time is the item
pages (Python-Markdown: ≈ 0.8 ms an item, as for bare Material). `Prerender.start` forks one process once the nav
is final (the core plugin's `on_nav`, last), which does for every item page, in the order MkDocs will populate
them, what MkDocs' `_populate_page` does up to the conversion: `Page.read_source` (with the plugins'
`on_page_read_source`), the plugins' `on_page_markdown`, `Page.render`. It appends each result (the HTML, the table of
contents, the title from a heading, the anchors and the links to anchors, and what it logged) to a spool file, an
unlinked temporary file this process reads with `os.pread` as it gets to each page, so the child runs ahead by as
much as it can and neither process holds more than one page's result in memory.

This process still reads every item's source and runs the plugins' `on_page_markdown` (their effects on the page:
title, meta, template); `attach` replaces the page's `render` with one that takes the child's result when the child
converted the very same text (length and CRC-32 of the Markdown), and MkDocs' own conversion otherwise (the child
failed, was stopped, or saw other text). What the child logged during a conversion (MkDocs' link warnings) is logged
here when its page is rendered, so `--strict` counts it as before. The output is byte for byte that of MkDocs alone.

Used only where fork is safe and pays: Linux, one thread (not `mkdocs serve`), at least `PRERENDER_MIN_ITEMS` items,
`GONGKAI_WORKERS` not 1, and no plugin outside Gongkai listening to the events the child runs
(`on_pre_page`, `on_page_read_source`, `on_page_markdown`), whose side effects would stay in the child.
"""

from __future__ import annotations

import contextlib
import logging
import os
import pickle
import signal
import struct
import sys
import tempfile
import threading
import time
import zlib
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from mkdocs.structure.pages import Page

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import Files

PRERENDER_MIN_ITEMS = 1000
"""Fewer items than this are converted in MkDocs' own thread: the fork would not pay (GONGKAI_PRERENDER=1 forces it)."""

CHILD_EVENTS = ("pre_page", "page_read_source", "page_markdown")
"""The events the child runs for each item page (`on_pre_page` is not run there: it must have no listener at all)."""

_HEADER = struct.Struct("<I")
_END = 0xFFFFFFFF


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
    forced = os.environ.get("GONGKAI_PRERENDER", "")
    if forced == "0" or os.environ.get("GONGKAI_WORKERS", "") == "1":
        return False
    if not sys.platform.startswith("linux") or threading.active_count() > 1:
        return False  # fork is Linux's default only; forking a threaded process (mkdocs serve) can deadlock
    if items < PRERENDER_MIN_ITEMS and forced != "1":
        return False
    events = config.plugins.events
    if events.get("pre_page"):
        return False
    return all(getattr(method, "__module__", "").startswith(package + ".") for name in CHILD_EVENTS for method in events.get(name, []))


class Prerender:
    """One forked child converting the item pages ahead; this process takes its results page by page (`attach`)."""

    def __init__(self, uris: Sequence[str], config: MkDocsConfig, files: Files) -> None:
        self.uris = list(uris)
        self.config = config
        self.files = files
        self.pid = 0
        self.fd = -1
        self.offset = 0
        self.ended = False  # the child wrote its last result or is gone: read no further
        self.ahead: dict[str, tuple[Any, ...]] = {}  # results read while looking for another page (none in MkDocs' order)
        self.in_child = False
        self.taken = 0  # pages that took the child's conversion

    def start(self) -> bool:
        """Fork the child; False (and nothing started) if the system refuses."""
        try:
            fd, path = tempfile.mkstemp(prefix="gongkai-prerender-")
        except OSError:
            return False
        os.unlink(path)  # anonymous: gone with the last descriptor, whatever happens to either process
        try:
            pid = os.fork()
        except OSError:
            os.close(fd)
            return False
        if pid == 0:  # pragma: no cover - the child; its coverage is the parent's output being identical
            code = 1
            try:
                self._child(fd)
                code = 0
            finally:
                os._exit(code)
        self.pid, self.fd = pid, fd
        return True

    def _child(self, fd: int) -> None:
        self.in_child = True  # the plugins' on_page_markdown runs here too: `attach` must leave the pages alone
        signal.signal(signal.SIGINT, signal.SIG_DFL)
        handler = _Records()
        root = logging.getLogger()
        for logger in (root, *(logging.getLogger(name) for name in list(logging.root.manager.loggerDict))):
            if isinstance(logger, logging.Logger):
                logger.handlers, logger.propagate = [], True
        root.addHandler(handler)
        config, files = self.config, self.files
        for uri in self.uris:
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
            os.write(fd, _HEADER.pack(len(frame)) + frame)
            if file is not None:
                file.page = None  # nothing here needs the page again: the child stays as small as the fork it began as
        os.write(fd, _HEADER.pack(_END))

    def attach(self, page: Page) -> None:
        """`on_page_markdown`, last: this item page takes the child's conversion instead of converting its Markdown."""
        if self.in_child or self.ended:
            return
        own: Callable[[MkDocsConfig, Files], None] = page.render

        def render(config: MkDocsConfig, files: Files) -> None:
            if not self._apply(page, files):
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
        self.taken += 1
        return True

    def _take(self, uri: str) -> tuple[Any, ...] | None:
        """The child's result for `uri` (read up to it from the spool), or None when there is none to be had."""
        found = self.ahead.pop(uri, None)
        while found is None and not self.ended:
            result = self._next()
            if result is None:
                break
            if result[0] == uri:
                return result
            self.ahead[result[0]] = result
        return found

    def _next(self) -> tuple[Any, ...] | None:
        head = self._read(_HEADER.size)
        if head is None:
            return None
        (size,) = _HEADER.unpack(head)
        if size == _END:
            self.stop()
            return None
        frame = self._read(size)
        return pickle.loads(frame) if frame is not None else None

    def _read(self, size: int) -> bytes | None:
        """`size` bytes at the read offset, waiting for the child to write them; None once it has ended without them."""
        while True:
            data = os.pread(self.fd, size, self.offset)
            if len(data) == size:
                self.offset += size
                return data
            if self._gone():
                data = os.pread(self.fd, size, self.offset)  # it may have written them just before it ended
                if len(data) == size:
                    self.offset += size
                    return data
                self.stop()
                return None
            time.sleep(0.0005)

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
        self.ahead.clear()
        if self.pid:
            with contextlib.suppress(OSError):
                os.kill(self.pid, signal.SIGKILL)
            with contextlib.suppress(ChildProcessError):
                os.waitpid(self.pid, 0)
            self.pid = 0
        if self.fd >= 0:
            os.close(self.fd)
            self.fd = -1
