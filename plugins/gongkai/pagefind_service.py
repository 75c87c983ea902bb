"""Running Pagefind: the extended binary (Chinese segmentation), over a build's pages in parts, during the build.

It owns finding the binary (with the install command when it is missing); `PagefindBatch`, one part of the index:
its pages written as files while MkDocs converts them, then indexed by the `pagefind` command in the background;
`PagefindStream`, the client of the service protocol of the `pagefind` package (base64 JSON messages, each ended by
a comma), whose bundle comes back in the reply and is written here (used for a part without pages, which the command
refuses); `PagefindParts`, a build's pages cut into parts of at most
`pages_per_index` pages (Pagefind holds its whole index in memory), indexed one after another; and `PagefindIndex`,
a whole build's index: its parts merged in another process (`gongkai.pagefind_merge`), with the scoped bundles
(a platform body's own bundle) in the same pass.
What goes into the index (facets, extra words, search documents) is `gongkai.views.search`.
"""

from __future__ import annotations

import base64
import io
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any, cast

import cbor2

from . import pagefind_bundle
from .processes import cpus
from .views.search import BODY_FACET

INSTALL_HINT = "pip install 'pagefind[extended]==1.5.2'"
PAGES_PER_INDEX = 4000
"""The most pages one Pagefind process indexes (the search plugin's `pages_per_index` overrides it; see `PagefindParts`).

Measured (bench/run.py, 2026-12-05): a service's peak RSS is ≈ 60 MiB for a few pages, 470 MiB for 2,500 pages,
800 MiB for 5,000 and 3,200 MiB for 20,000 (the `pagefind` CLI over bare Material: 188 / 727 / 2,845 MiB at
1,000 / 5,000 / 20,000 pages). At 4,000 pages a process stays near 650 MiB: below the CLI's peak from 5,000 pages
up, a quarter of it at 20,000, and small enough for any CI runner. Each more process costs ≈ 0.2 CPU s. (Measured
with services; the `pagefind` command that indexes each part now holds the same index.)"""
BACKGROUND_NICENESS = 10
"""How much lower the priority of the processes a build runs beside MkDocs is (the `pagefind` command indexing a part,
the merges). MkDocs' conversion and rendering, one thread, is the build's critical path; the `pagefind` command runs a
thread per core and, at the same priority, takes part of MkDocs' core whenever it runs. At a lower priority it uses
what MkDocs leaves (bench/RESULTS.md). Where the system has no `nice` command, they run at the same priority."""
def _decoded(files: list[Any]) -> dict[str, bytes]:
    """GetFiles' files (path, base64 content) as path → bytes; each base64 text is dropped once decoded."""
    out = {}
    for k, file in enumerate(files):
        files[k] = None
        out[file["path"]] = base64.b64decode(file["content"], validate=True)
    return out


def _write_files(output: Path, files: dict[str, bytes]) -> None:
    """Write a bundle (path → bytes) under `output`, dropping each file's bytes once written."""
    for path in list(files):
        target = output / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(files.pop(path))


def in_background(cmd: list[str]) -> list[str]:
    """`cmd` run at a lower priority (`nice -n BACKGROUND_NICENESS`) where the system has `nice`."""
    nice = shutil.which("nice")
    return [nice, "-n", str(BACKGROUND_NICENESS), *cmd] if nice else cmd


def check_bundle(folder: Path) -> int:
    """Every file the bundle in `folder` lists is there: `pagefind-entry.json`, each language's `pf_meta`, and every
    index chunk, filter file and fragment that `pf_meta` names; the number of pages (of every language). RuntimeError
    (in Chinese) names what is missing."""
    entry_path = folder / "pagefind-entry.json"
    pages = 0
    try:
        entry = json.loads(entry_path.read_bytes())
        languages = entry["languages"].items()
        for _, info in languages:
            name = f"pagefind.{info['hash']}.pf_meta"
            meta = pagefind_bundle.decode((folder / name).read_bytes(), name)
            named = [f"index/{chunk[2]}.pf_index" for chunk in meta[2]] + [f"filter/{f[1]}.pf_filter" for f in meta[3]]
            named += [f"fragment/{page[0]}.pf_fragment" for page in meta[1]]
            pages += len(meta[1])
            missing = [path for path in named if not (folder / path).is_file()]
            if missing:
                raise RuntimeError(f"Pagefind 写出的索引不完整：{folder} 中缺少 {len(missing)} 个文件（如 {missing[0]}）")
    except (OSError, ValueError, KeyError, TypeError, IndexError, EOFError, cbor2.CBORDecodeError) as exc:
        raise RuntimeError(f"Pagefind 写出的索引无法读取（{folder}）：{exc!r}") from None
    return pages


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


class BackgroundJob:
    """A step of the index (a part written, the parts merged) run in a thread while MkDocs goes on building; `wait`
    returns its page count or raises its failure in the caller's thread, with `lost` if the thread ended otherwise."""

    def __init__(self, work: Callable[[], int], name: str, lost: str) -> None:
        self._outcome: int | BaseException | None = None
        self._lost = lost

        def run() -> None:
            try:
                self._outcome = work()
            except Exception as exc:  # kept for `wait`, which raises it in the build's thread
                self._outcome = exc

        self.thread = threading.Thread(target=run, name=name, daemon=True)
        self.thread.start()

    def wait(self) -> int:
        self.thread.join()
        if isinstance(self._outcome, BaseException):
            raise self._outcome
        if self._outcome is None:
            raise RuntimeError(self._lost)
        return self._outcome

    def succeeded(self) -> bool:
        """Wait for the job; whether it gave a page count (its failure is raised by `wait`)."""
        self.thread.join()
        return isinstance(self._outcome, int)


class PagefindStream:
    """One `pagefind --service` process fed documents, then asked to write its bundle.

    A build indexes its parts with the `pagefind` command (`PagefindBatch`, less CPU than feeding a service one
    message per page); it uses a service only for a part without pages, which the command refuses. Tests feed a
    service the same pages as the command to show that both give the same bundle. Documents without
    `data-pagefind-body` are not sent: Pagefind would leave them out anyway, since those pages carry it.

    It speaks the service protocol of the `pagefind` package (base64 JSON messages, each ended by a
    comma) with the package's extended binary. The package's asyncio wrapper is not used: its reader
    takes one response per 0.1 s poll, i.e. 2,000 s for 20,000 pages. A thread drains the responses
    so that Pagefind never blocks on a full pipe; the first error is kept and raised by `finish`.
    Nothing is written to `output` until `finish`, where the bundle as Pagefind made it comes back in the
    reply (`GetFiles`: an empty part's bundle is Pagefind's scripts, ≈ 1 MB) and is written there
    (`gongkai.pagefind_merge` makes the site's bundle of it, deterministic and lighter).
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
        self._finishing = False
        self._reader = threading.Thread(target=self._read, name="pagefind-replies", daemon=True)
        self._reader.start()
        reply = self._call({"type": "NewIndex", "config": None})
        self._index = int(reply.get("index_id", 0))

    def add_page(self, url: str, html: str) -> bool:
        """Send one page or search document (`url` as served, e.g. `/gfxwj/2021-00181/`); False when it has no search body."""
        if "data-pagefind-body" not in html:
            return False
        if self._finishing:
            raise RuntimeError(f"{url} 在索引开始写出之后才生成，未被收录（内部错误：请报告）")
        self._send({"type": "AddFile", "index_id": self._index, "file_path": None, "url": url, "file_contents": html})
        return True

    def finish(self) -> int:
        """Build the index once every page is in and write Pagefind's bundle, as it made it, to `output`; the pages
        indexed. The bundle comes back in the reply (`GetFiles`) and is written here, so every file is complete once
        this returns (`WriteFiles` answers before Pagefind's own writes are done); `check_bundle` confirms it."""
        self._finishing = True
        output = self.output.resolve()
        output.mkdir(parents=True, exist_ok=True)
        reply = self._call({"type": "GetFiles", "index_id": self._index})
        self.close()
        if self._errors:
            raise RuntimeError(self._errors[0])
        if self._proc.returncode:
            raise RuntimeError(f"Pagefind 进程意外退出（退出码 {self._proc.returncode}）")
        if reply.get("type") != "GetFiles" or not isinstance(reply.get("files"), list):
            raise RuntimeError(f"Pagefind 没有给出索引文件：{str(reply)[:200]}")
        _write_files(output, _decoded(reply["files"]))
        check_bundle(output)
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
        """Replies: base64 JSON messages, each ended by a comma."""
        assert self._proc.stdout is not None
        stdout = cast("io.BufferedReader", self._proc.stdout)  # stdout=PIPE, default buffering; typeshed says IO[bytes]
        pending = bytearray()
        while chunk := stdout.read1(1 << 16):
            scanned = len(pending)
            pending += chunk
            while (end := pending.find(b",", scanned)) >= 0:
                self._handle(json.loads(base64.b64decode(bytes(pending[:end])).decode("utf-8")))
                del pending[: end + 1]
                scanned = 0

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


class Turns:
    """When a part's `pagefind` command may run. While MkDocs renders, one at a time, each after the part before it:
    the command runs a thread per core at a lower priority and takes what MkDocs leaves, and one index is in memory
    at a time. Once MkDocs has written its last page (`free`), the parts still waiting start at once, up to one
    command per core and SIDE_BY_SIDE (one with `GONGKAI_WORKERS=1`): alone, one command keeps only ≈ 1.2 cores busy
    (a 20,000-item platform of 40 bodies: 7 s with one core idle there, bench/RESULTS.md), and the merge waits for
    the last part."""

    SIDE_BY_SIDE = 2
    """The most commands at once: each holds a part's index (≈ 700 MiB at 4,000 pages), beside MkDocs' own memory."""

    def __init__(self, limit: int = 0) -> None:
        self._changed = threading.Condition()
        self._running = 0
        self._free = False
        one = os.environ.get("GONGKAI_WORKERS", "") == "1"  # the switch that keeps the build to one process of each kind
        self._limit = limit or (1 if one else max(1, min(cpus(), self.SIDE_BY_SIDE)))

    def free(self) -> None:
        """MkDocs has written its last page: the parts still waiting may run side by side."""
        with self._changed:
            self._free = True
            self._changed.notify_all()

    @contextmanager
    def turn(self, before: Callable[[], bool]) -> Iterator[bool]:
        """Wait until the part before has ended (`before()` True), or until the parts are free and fewer than one
        command per core runs; yields whether the part before had ended."""
        with self._changed:
            while not (((ended := before()) or self._free) and self._running < self._limit):
                self._changed.wait(0.1)  # the part before ends in another thread, which cannot always notify
            self._running += 1
        try:
            yield ended
        finally:
            with self._changed:
                self._running -= 1
                self._changed.notify_all()


class PagefindBatch:
    """One part of a build's index made by the `pagefind` command itself over the part's documents written as files.

    The same work as a `PagefindStream` and the same bundle for the same pages, for less CPU: fed one message at a
    time, the service spent 42 CPU s on 20,000 pages where the command, which reads and parses files on every core,
    spends 29 s over bare Material's pages (bench/RESULTS.md). Each document is written to `output` + `.src/` at the
    path of its URL, as the URL is written (`/gfxwj/2021-00181/` → `gfxwj/2021-00181/index.html`): Pagefind takes a
    page's URL from its path under `--site`, unchanged (percent signs and Chinese kept, `index.html` dropped), so the
    bundle names the URLs it was given (`gongkai.pagefind_merge` looks every page up by that URL and stops if one is
    not in the build's order). `finish_in_background` starts the command on the written files; the files are removed
    once the build has written its last file (`remove_documents`). A part without pages is made by a service (the
    command refuses an empty folder).
    """

    def __init__(self, output: Path, binary: Path | None = None, after: PagefindBatch | None = None, turns: Turns | None = None) -> None:
        self.output = output
        self.pages = 0
        self.source = output.with_name(output.name + ".src")
        self.binary = binary or extended_binary()
        self._after = after  # the part indexed before this one: while MkDocs renders, its command runs first (`Turns`)
        self._turns = turns or Turns()
        self._proc: subprocess.Popen[bytes] | None = None
        self._stream: PagefindStream | None = None  # the service that makes an empty part
        self._aborted = False
        self._job: BackgroundJob | None = None
        self._written: set[str] = set()
        self._keep_index: bool | None = None  # `--keep-index-url`: the site's URLs end in `index.html` (see `file_of`)
        self.source.mkdir(parents=True, exist_ok=True)

    @staticmethod
    def file_of(url: str) -> tuple[str, bool | None]:
        """The path under `--site` whose Pagefind URL is `url`, and whether the command must keep `index.html` in its
        URLs (`--keep-index-url`): True for `…/index.html` (MkDocs' `use_directory_urls: false`), False for a folder
        URL `…/` (the file is its `index.html`, which Pagefind drops), None for another `.html` page (either way).
        ValueError for a URL that no file under `--site` gives."""
        path, keep = url[1:], None
        if url.endswith("/"):
            path, keep = path + "index.html", False
        elif url.endswith("/index.html"):
            keep = True
        elif not url.endswith(".html"):
            raise ValueError(url)
        if not url.startswith("/") or any(part in ("", ".", "..") for part in path.split("/")) or "\\" in path:
            raise ValueError(url)
        return path, keep

    def add_page(self, url: str, html: str) -> bool:
        """Write one page or search document for the command; False when it has no search body."""
        if "data-pagefind-body" not in html:
            return False
        if self._job is not None:
            raise RuntimeError(f"{url} 在索引开始写出之后才生成，未被收录（内部错误：请报告）")
        try:
            path, keep = self.file_of(url)
        except ValueError:
            raise RuntimeError(f"无法为该网址建立索引：{url}（内部错误：请报告）") from None
        if path in self._written:
            raise RuntimeError(f"同一网址两次送入索引：{url}（内部错误：请报告）")
        if keep is not None and self._keep_index not in (None, keep):
            raise RuntimeError(f"网址 {url} 与同一批的其他网址形式不同（有的以 / 结尾，有的以 index.html 结尾），无法建立索引")
        self._keep_index = keep if keep is not None else self._keep_index
        self._written.add(path)
        target = self.source / path
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(html, encoding="utf-8")
        except OSError as exc:  # e.g. the disk is full: the documents of a part are written before it is indexed
            raise RuntimeError(f"无法写出 {url} 的检索文档（{target}）：{exc.strerror or exc}") from None
        self.pages += 1
        return True

    @property
    def writing(self) -> bool:
        """True once `finish_in_background` has started: no page may be added any more."""
        return self._job is not None

    def finish_in_background(self) -> None:
        """Index the written documents in a thread (once the part before has been indexed), while MkDocs goes on."""
        self._written.clear()
        self._job = BackgroundJob(self._index, "pagefind-part", "Pagefind 建立索引的线程意外结束")

    def result(self) -> int:
        """Wait for the part (indexed now if `finish_in_background` was not called); the number of pages indexed."""
        if self._job is None:
            self.finish_in_background()
        assert self._job is not None
        return self._job.wait()

    def indexed(self) -> bool:
        """Wait for the part if it is being indexed; whether it was (False: not started, or failed: see `result`)."""
        return self._job is not None and self._job.succeeded()

    def _index(self) -> int:
        with self._turns.turn(self._before_ended) as ended:
            after = self._after._job if self._after is not None else None
            if ended and after is not None and not after.succeeded():
                raise RuntimeError("前一部分索引未能建立")  # its own `result` raises its failure first
            return self._run_pagefind()  # the documents stay until `remove_documents`: see there

    def _before_ended(self) -> bool:
        job = self._after._job if self._after is not None else None
        return job is None or not job.thread.is_alive()

    def _run_pagefind(self) -> int:
        if self._aborted:
            raise RuntimeError("生成已中止")
        if not self.pages:  # an empty part, from a service (the command refuses a folder without pages)
            self._stream = PagefindStream(self.output, self.binary)
            try:
                return self._stream.finish()
            finally:
                self._stream.abort()  # ended already, unless `finish` failed
        cmd = [str(self.binary), "--site", str(self.source.resolve()), "--output-path", str(self.output.resolve()), "--silent"]
        cmd += ["--keep-index-url"] if self._keep_index else []
        # Run where no pagefind.yml/.toml/.json is, without PAGEFIND_* settings: only the options given here count.
        env = {k: v for k, v in os.environ.items() if not k.startswith("PAGEFIND_") or k == "PAGEFIND_BINARY_PATH"}
        try:
            self.output.mkdir(parents=True, exist_ok=True)
            self._proc = subprocess.Popen(
                in_background(cmd), cwd=self.source, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
            )
        except OSError as exc:
            raise RuntimeError(f"无法运行 Pagefind（{self.binary}）：{exc.strerror or exc}") from None
        _, err = self._proc.communicate()
        if self._proc.returncode:
            said = " ".join(line.strip() for line in err.decode("utf-8", "replace").splitlines() if line.strip())
            raise RuntimeError(f"Pagefind 进程意外退出（退出码 {self._proc.returncode}）{'：' + said[-300:] if said else ''}")
        indexed = check_bundle(self.output)
        if indexed != self.pages:
            raise RuntimeError(f"Pagefind 收录了 {indexed} 个页面，送入的是 {self.pages} 个：{self.output}")
        return indexed

    def stop(self) -> None:
        """Stop the command, if one runs, without waiting (`abort` waits); the part is not indexed."""
        self._aborted = True
        if self._proc is not None and self._proc.poll() is None:
            self._proc.kill()

    def abort(self) -> None:
        """Stop the command at once (the build failed); the documents are removed."""
        self._aborted = True
        while self._job is not None and self._job.thread.is_alive():
            if self._proc is not None and self._proc.poll() is None:
                self._proc.kill()
            if self._stream is not None:
                self._stream.abort()
            self._job.thread.join(0.05)
        self.remove_documents()

    def remove_documents(self) -> None:
        """Remove the part's documents, once the build has written its last file.

        Not as soon as the part is indexed: on ext4 without a journal (this project's build machines) a new inode
        is not taken from those freed in the last minute or more, and every file created afterwards checks them
        one by one (`recently_deleted`); removing 4,000 documents while MkDocs writes the next 20,000 files cost the
        MkDocs process about 10 s of system time at 20,000 items."""
        shutil.rmtree(self.source, ignore_errors=True)


def pages_per_index(configured: int = 0) -> int:
    """The most pages one Pagefind process indexes: `configured` (the search plugin's `pages_per_index`) or PAGES_PER_INDEX."""
    return configured if configured > 0 else PAGES_PER_INDEX


class PagefindParts:
    """The pages of a build cut into parts of at most `limit` pages, each indexed by its own Pagefind process.

    Pagefind holds its whole index in memory (≈ 140 KB per page), so one process for every page of a large site
    would peak above the `pagefind` command's own peak; here each process holds one part, and one process runs at a
    time while MkDocs renders, a few side by side once it has written its last page (`Turns`). Part k
    (`PagefindBatch`) writes its bundle to `parts_dir/<k>/` as Pagefind made it, while the next part
    already takes pages; `start_merge` puts the parts together into the site's one bundle (`gongkai.pagefind_merge`).
    `order` lists every page sent, in the order sent: the full build numbers its pages in that order. A build
    without pages gets one empty part.
    """

    def __init__(self, parts_dir: Path, binary: Path | None = None, limit: int = 0) -> None:
        self.parts_dir = parts_dir
        self.binary = binary or extended_binary()
        self.limit = pages_per_index(limit)
        self.order: list[str] = []
        self.dates: dict[str, str] = {}  # URL -> its place in the date order, where `order` is not that order
        self.streams: list[PagefindBatch] = []
        self.turns = Turns()
        self._sent = 0
        self._next()

    @property
    def parts(self) -> list[Path]:
        """The part folders, in the order they were indexed."""
        return [stream.output for stream in self.streams]

    @property
    def writing(self) -> bool:
        """True once `finish_in_background` has started: no page may be added any more."""
        return self.streams[-1].writing

    def _next(self) -> None:
        if self.streams:
            self.streams[-1].finish_in_background()  # it is indexed while the next one takes pages
        after = self.streams[-1] if self.streams else None
        self.streams.append(PagefindBatch(self.parts_dir / str(len(self.streams)), self.binary, after, self.turns))
        self._sent = 0

    def add_page(self, url: str, html: str, scopes: Sequence[Path] = (), date: str = "") -> bool:
        """Add one page or search document to the current part (a new one once it has `limit` pages). `scopes`
        (the scoped bundles of the page) is not kept here: a partition records it for the assembly, `PagefindIndex`
        for its merge. `date`: the page's place in the date order (`pagefind_merge.merge`'s `dates`)."""
        if "data-pagefind-body" not in html:
            return False
        if self._sent >= self.limit and not self.writing:
            self._next()
        if not self.streams[-1].add_page(url, html):
            return False
        self._sent += 1
        self.order.append(url)
        if date:
            self.dates[url] = date
        return True

    def finish_in_background(self) -> None:
        self.streams[-1].finish_in_background()

    def result(self) -> int:
        """Wait for every part (the first failure is raised); the number of pages indexed."""
        return sum([stream.result() for stream in self.streams])

    def rendered(self) -> None:
        """MkDocs has written its last page: the parts still waiting are indexed side by side (`Turns`)."""
        self.turns.free()

    def release_documents(self) -> None:
        """Nothing before `remove_documents`: the parts stay (for `gongkai assemble`), with nothing to overlap."""

    def remove_documents(self) -> None:
        """Remove every part's documents (after `result`, once the build has written its last file)."""
        for stream in self.streams:
            stream.remove_documents()

    def abort(self) -> None:
        for stream in self.streams:  # every one first: a part waiting for its turn waits for those running
            stream.stop()
        for stream in self.streams:
            stream.abort()


MERGE_MODULE = "gongkai.pagefind_merge"


def start_merge(
    parts: Sequence[Path],
    order: Sequence[str],
    output: Path,
    work: Path,
    scopes: Mapping[str, Sequence[Path]] | None = None,
    beside_mkdocs: bool = False,
    dates: Mapping[str, str] | None = None,
) -> list[subprocess.Popen[bytes]]:
    """Start the merge of `parts` into `output` in its own process (`python -m gongkai.pagefind_merge`), so that the
    process that called it (MkDocs, `gongkai assemble`) never holds the bundle; `order` (every page's URL, in the
    full build's order) is written to `work/order.txt`, each with its `dates` text after a tab where it has one,
    `scopes` (URL → the scoped bundles it also goes to, e.g. its body's `<id>/pagefind/`; none on a platform of one)
    to `work/scopes.json` (the scoped bundles leave out a 机关 filter of one value: `pagefind_merge.merge`'s
    `lone_filters`). One process writes the bundle of every page and the scoped bundles, cut from its words
    (`pagefind_merge._Slicer`), its words in two processes (`--workers 2`). `beside_mkdocs`: at a lower priority
    (`in_background`), as in a build, where MkDocs still renders. `finish_merge` waits for it."""
    dates = dates or {}
    order_file = work / "order.txt"
    order_file.write_text("".join(url + ("\t" + dates[url] if url in dates else "") + "\n" for url in order), encoding="utf-8")
    output.mkdir(parents=True, exist_ok=True)
    command = [sys.executable, "-m", MERGE_MODULE, "--order", str(order_file), "--output", str(output), "--workers", "2"]
    if scopes:
        scopes_file = work / "scopes.json"
        listed = {url: [str(folder) for folder in folders] for url, folders in scopes.items()}
        scopes_file.write_text(json.dumps(listed, ensure_ascii=False), encoding="utf-8")
        command += ["--scopes", str(scopes_file), "--lone-filter", BODY_FACET]  # a body's own bundle: no 机关 filter of one value
    command = in_background(command) if beside_mkdocs else command
    proc = subprocess.Popen([*command, *map(str, parts)], stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    return [proc]


def stop_merge(procs: Sequence[subprocess.Popen[bytes]]) -> None:
    """Stop the merge processes at once (the build failed), their pipes closed."""
    for proc in procs:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        _close(proc)


def _close(proc: subprocess.Popen[bytes]) -> None:
    if proc.stderr is not None and not proc.stderr.closed:
        proc.stderr.close()


def finish_merge(procs: Sequence[subprocess.Popen[bytes]]) -> None:
    """Wait for the merge started by `start_merge`; on the first process that fails, the other is stopped and
    RuntimeError gives the failure's message (in Chinese)."""
    pending = list(procs)
    while pending:
        for proc in list(pending):
            if proc.poll() is None:
                continue
            pending.remove(proc)
            if proc.returncode:
                _, err = proc.communicate()
                stop_merge(pending)
                text = err.decode("utf-8", "replace")
                said = [line.strip() for line in text.splitlines() if line.strip()]
                if not said:
                    raise RuntimeError(f"合并 Pagefind 索引的进程意外退出（退出码 {proc.returncode}）")
                if "Traceback" in text:  # the merge's own messages are Chinese: this is a fault of the program
                    raise RuntimeError(f"合并 Pagefind 索引失败（程序内部错误，请报告）：{said[-1][-500:]}")
                raise RuntimeError(said[-1][-500:])
            _close(proc)
        if pending:
            time.sleep(0.05)


class PagefindIndex:
    """A whole build's index: its pages indexed in parts (`PagefindParts`, in a temporary folder `.gongkai-pagefind-*`
    beside `output`, i.e. in the staged site), then merged into `output` in another process while MkDocs renders the
    item pages, with the scoped bundles its pages were sent with (`add_page`'s `scopes`) in the same pass. The parts
    are removed on success and on failure (a failed build also throws the staged site away)."""

    def __init__(self, output: Path, binary: Path | None = None, limit: int = 0) -> None:
        self.output = output
        output.parent.mkdir(parents=True, exist_ok=True)
        self.work = Path(tempfile.mkdtemp(prefix=".gongkai-pagefind-", dir=output.parent))
        self._mergers: list[subprocess.Popen[bytes]] = []
        self._lock = threading.Lock()  # `abort` against the start of the merge
        self._aborted = False
        self._job: BackgroundJob | None = None
        self._remover: threading.Thread | None = None  # `release_documents`
        self.scopes: dict[str, list[Path]] = {}  # URL -> the scoped bundles it also goes to
        try:
            self.index = PagefindParts(self.work / "parts", binary, limit)
        except BaseException:
            shutil.rmtree(self.work, ignore_errors=True)
            raise

    @property
    def writing(self) -> bool:
        return self._job is not None

    def add_page(self, url: str, html: str, scopes: Sequence[Path] = (), date: str = "") -> bool:
        """Index one page; `scopes`: the scoped bundles (folders) it also goes to; `date`: see `PagefindParts.add_page`."""
        added = self.index.add_page(url, html, date=date)
        if added and scopes:
            self.scopes[url] = list(scopes)
        return added

    def finish_in_background(self) -> None:
        """Let the last part be indexed, then merge every part: in a thread, while MkDocs goes on rendering."""
        self.index.finish_in_background()
        self._job = BackgroundJob(self._finish, "pagefind-merge", "合并索引的线程意外结束")

    def result(self) -> int:
        """Wait for the merged bundle in `output`; the number of pages indexed. The parts stay until `remove_documents`."""
        return self._finish() if self._job is None else self._job.wait()

    def rendered(self) -> None:
        """MkDocs has written its last page: the parts still waiting are indexed side by side (`Turns`)."""
        self.index.rendered()

    def release_documents(self) -> None:
        """The build has written its last file: the parts' documents are removed, in a thread, as soon as every part
        is indexed, while the merge runs (it makes hard links of the fragments, no new files per page, so the removal
        does not slow it down: see `PagefindBatch.remove_documents`). `remove_documents` waits for it."""
        if self._remover is not None:
            return

        def remove() -> None:
            if not all(stream.indexed() for stream in self.index.streams):
                return  # the failure is raised by `result`; `remove_documents` or `abort` removes everything
            for stream in self.index.streams:
                stream.remove_documents()

        self._remover = threading.Thread(target=remove, name="pagefind-documents", daemon=True)
        self._remover.start()

    def remove_documents(self) -> None:
        """Remove the parts, once the build has written its last file (`PagefindBatch.remove_documents` says why)."""
        if self._remover is not None:
            self._remover.join()
        shutil.rmtree(self.work, ignore_errors=True)

    def _finish(self) -> int:
        pages = self.index.result()
        with self._lock:
            if self._aborted:
                raise RuntimeError("生成已中止")
            self._mergers = start_merge(
                self.index.parts, self.index.order, self.output, self.work, self.scopes, beside_mkdocs=True, dates=self.index.dates
            )
        finish_merge(self._mergers)
        return pages

    def abort(self) -> None:
        """Stop every Pagefind process and the merge at once (the build failed); the parts are removed."""
        with self._lock:  # no merge starts after this
            self._aborted = True
        self.index.abort()
        stop_merge(self._mergers)
        if self._job is not None:
            self._job.thread.join()  # ends at once: its parts failed or its merges were stopped
        if self._remover is not None:
            self._remover.join()
        shutil.rmtree(self.work, ignore_errors=True)
