"""Running Pagefind: the extended binary (Chinese segmentation) as one `--service` process fed during the build.

It owns finding the binary (with the install command when it is missing) and `PagefindStream`, the
client of the service protocol of the `pagefind` package (base64 JSON messages, each ended by a comma).
What goes into the index (facets, extra words, search documents) is `gongkai.views.search`.
"""

from __future__ import annotations

import base64
import io
import json
import os
import subprocess
import threading
from pathlib import Path
from typing import Any, cast

import cbor2

from . import pagefind_bundle

INSTALL_HINT = "pip install 'pagefind[extended]==1.5.2'"
_DECODE_AHEAD = 1 << 20
"""A reply's base64 text longer than this (the bundle) is decoded while it still arrives."""


def _decoded(files: list[Any]) -> dict[str, bytes]:
    """GetFiles' files (path, base64 content) as path → bytes; each base64 text is dropped once decoded (tens of MB)."""
    out = {}
    for k, file in enumerate(files):
        files[k] = None
        out[file["path"]] = base64.b64decode(file["content"], validate=True)
    return out


class PagefindMissing(RuntimeError):
    """The extended Pagefind binary is not installed."""


def extended_binary() -> Path:
    """The extended Pagefind binary (Chinese segmentation); PagefindMissing names the install command."""
    env = os.environ.get("PAGEFIND_BINARY_PATH")
    if env:
        path = Path(env)
        if path.is_file() and "extended" in path.name:
            return path
        raise PagefindMissing(f"PAGEFIND_BINARY_PATH 指向的不是扩展版 Pagefind（{env}）；中文分词需要扩展版：{INSTALL_HINT}")
    try:
        from pagefind_bin_extended import get_executable
    except ImportError:
        raise PagefindMissing(f"未安装扩展版 Pagefind（中文分词需要它）。请运行：{INSTALL_HINT}") from None
    path = Path(get_executable())
    if not path.is_file():
        raise PagefindMissing(f"扩展版 Pagefind 程序不存在（{path}）。请重新安装：{INSTALL_HINT}")
    return path


class PagefindStream:
    """One `pagefind --service` process fed documents while MkDocs goes on building.

    Indexing a document (HTML parsing, jieba segmentation) is most of Pagefind's work; feeding it during
    the build puts that work on the machine's other core instead of after the build (`add_directory` over
    site_dir cost 39 s at 20,000 items, after a 57 s build). The search plugin sends each item's search
    document and each rendered page with a search body (指南, 年报). Documents without
    `data-pagefind-body` are not sent: Pagefind would leave them out anyway, since those pages carry it.

    It speaks the service protocol of the `pagefind` package (base64 JSON messages, each ended by a
    comma) with the package's extended binary. The package's asyncio wrapper is not used: its reader
    takes one response per 0.1 s poll, i.e. 2,000 s for 20,000 pages. A thread drains the responses
    so that Pagefind never blocks on a full pipe; the first error is kept and raised by `finish`.
    Nothing is written to `output` until `finish`, which writes the whole bundle.
    """

    def __init__(self, output: Path, binary: Path | None = None) -> None:
        self.output = output
        self.pages = 0
        self._errors: list[str] = []
        self._last_id = 0
        self._replies: dict[int, dict[str, object]] = {}
        self._wanted: dict[int, threading.Event] = {}
        self._lock = threading.Lock()
        self._proc = subprocess.Popen(
            [str(binary or extended_binary()), "--service"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
        )
        self._writer: threading.Thread | None = None
        self._written: int | BaseException | None = None
        self._reader = threading.Thread(target=self._read, name="pagefind-replies", daemon=True)
        self._reader.start()
        reply = self._call({"type": "NewIndex", "config": None})
        self._index = int(reply.get("index_id", 0))

    def add_page(self, url: str, html: str) -> bool:
        """Send one page or search document (`url` as served, e.g. `/gfxwj/2021-00181/`); False when it has no search body."""
        if "data-pagefind-body" not in html:
            return False
        if self._writer is not None:
            raise RuntimeError(f"{url} 在索引开始写出之后才生成，未被收录（内部错误：请报告）")
        self._send({"type": "AddFile", "index_id": self._index, "file_path": None, "url": url, "file_contents": html})
        return True

    @property
    def writing(self) -> bool:
        """True once `finish_in_background` has started: no page may be added any more."""
        return self._writer is not None

    def finish_in_background(self) -> None:
        """Start `finish` in a thread, so Pagefind builds its index while MkDocs renders pages it needs no more."""

        def run() -> None:
            try:
                self._written = self.finish()
            except Exception as exc:  # kept for `result`, which raises it in the build's thread
                self._written = exc

        self._writer = threading.Thread(target=run, name="pagefind-write", daemon=True)
        self._writer.start()

    def result(self) -> int:
        """Wait for the bundle (`finish` if it has not started yet); the number of pages indexed."""
        if self._writer is None:
            return self.finish()
        self._writer.join()
        if isinstance(self._written, BaseException):
            raise self._written
        if self._written is None:
            raise RuntimeError("Pagefind 写出索引的线程意外结束")
        return self._written

    def finish(self) -> int:
        """Build the index once every page is in, write the bundle to `output`; return the number of pages indexed.

        The bundle comes back in the reply (`GetFiles`), is made deterministic and lighter
        (`gongkai.pagefind_bundle.tidy`) and is written here. Pagefind's own `WriteFiles`
        answers before its last writes have reached the disk (tokio files written without a flush): a
        build that read `pagefind-entry.json` right after the answer found it missing now and then.
        """
        reply = self._call({"type": "GetFiles", "index_id": self._index})
        self.close()
        if self._errors:
            raise RuntimeError(self._errors[0])
        files = reply.get("files")
        if reply.get("type") != "GetFiles" or not isinstance(files, list):
            raise RuntimeError(f"Pagefind 没有返回索引文件：{str(reply)[:200]}")
        try:
            bundle = pagefind_bundle.tidy(_decoded(files))
        except (KeyError, TypeError, ValueError, EOFError, OSError, cbor2.CBORDecodeError) as exc:  # binascii.Error is a ValueError
            raise RuntimeError(f"Pagefind 返回的索引文件无法读取：{exc!r}") from None
        made: set[Path] = set()
        for path, content in bundle.items():
            target = self.output / path
            if target.parent not in made:
                target.parent.mkdir(parents=True, exist_ok=True)
                made.add(target.parent)
            target.write_bytes(content)
        if not (self.output / "pagefind-entry.json").is_file():
            raise RuntimeError(f"Pagefind 没有生成索引（{self.output / 'pagefind-entry.json'}）")
        return self.pages

    def abort(self) -> None:
        """Stop the service at once (the build failed)."""
        if self._proc.poll() is None:
            self._proc.kill()
            self._proc.wait()

    def close(self) -> None:
        """Let the service end after `finish`."""
        if self._proc.poll() is None:
            if self._proc.stdin:
                self._proc.stdin.close()
            try:
                self._proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self._proc.kill()
                self._proc.wait()

    def _send(self, payload: dict[str, object], event: threading.Event | None = None) -> int:
        self._last_id += 1
        if event is not None:
            with self._lock:
                self._wanted[self._last_id] = event
        message = json.dumps({"message_id": self._last_id, "payload": payload}, ensure_ascii=False)
        assert self._proc.stdin is not None
        try:
            self._proc.stdin.write(base64.b64encode(message.encode("utf-8")) + b",")
            if event is not None:
                self._proc.stdin.flush()
        except BrokenPipeError:
            raise RuntimeError(f"Pagefind 进程意外退出（退出码 {self._proc.poll()}）") from None
        return self._last_id

    def _call(self, payload: dict[str, object]) -> dict[str, Any]:  # a decoded JSON reply
        event = threading.Event()
        message_id = self._send(payload, event)
        while not event.wait(0.5):
            if not self._reader.is_alive():
                raise RuntimeError(f"Pagefind 进程意外退出（退出码 {self._proc.poll()}）")
        with self._lock:
            return self._replies.pop(message_id)

    def _read(self) -> None:
        """Replies: base64 JSON messages, each ended by a comma. The bundle (`GetFiles`) is one message of tens of MB,
        so its base64 text is decoded as it arrives (in whole 4-character groups), not kept whole beside its decoding,
        and each form is dropped as soon as the next exists: at most two forms of the message at a time."""
        assert self._proc.stdout is not None
        stdout = cast("io.BufferedReader", self._proc.stdout)  # stdout=PIPE, default buffering; typeshed says IO[bytes]
        pending = bytearray()  # base64 text of the current message not decoded yet
        decoded = bytearray()  # the current message, decoded so far
        while chunk := stdout.read1(1 << 16):
            scanned = len(pending)
            pending += chunk
            while (end := pending.find(b",", scanned)) >= 0:
                with memoryview(pending) as view:
                    decoded += base64.b64decode(view[:end])
                del pending[: end + 1]
                scanned = 0
                text = decoded.decode("utf-8")
                decoded = bytearray()
                self._handle(json.loads(text))
                del text
            if len(pending) >= _DECODE_AHEAD:
                whole = len(pending) - len(pending) % 4
                with memoryview(pending) as view:
                    decoded += base64.b64decode(view[:whole])
                del pending[:whole]

    def _handle(self, reply: dict[str, Any]) -> None:
        payload = reply.get("payload") or {}
        kind = payload.get("type")
        if kind == "Error":
            self._errors.append(str(payload.get("message")))
        elif kind == "IndexedFile":
            self.pages += 1
        message_id = reply.get("message_id")
        if not isinstance(message_id, int):
            return  # an error about an unreadable message: kept above, raised by `finish`
        with self._lock:
            event = self._wanted.pop(message_id, None)
            if event is not None:
                self._replies[message_id] = payload
        if event is not None:
            event.set()
