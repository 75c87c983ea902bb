"""Full-text search: what each item contributes to the Pagefind index, the exact 文号/索引号 lookup, and running Pagefind.

It owns:
- the search facets (栏目, 年份, 发文机关, 有效性, 主题分类) and their values per item;
- the extra index words that make substrings of Chinese titles findable. Pagefind's extended binary
  segments Chinese with jieba when indexing, while the browser splits the query with ICU's
  `Intl.Segmenter`, and a query word is found only as a *prefix* of an indexed word. So queries that
  cut across jieba's words fail on their own: `耕生` (春耕|生产), `疗保` (医疗|保险), `政办发` (inside
  示政办发). `phrase_words` indexes the title and 发文字号 once more as one word per character, in a
  hidden block of the item page; the search page also runs the query as an exact phrase over single
  characters (`"政 办 发"`) and lists those hits first. Body text keeps jieba words only: a substring
  of the body that crosses jieba's words is still not found (documented limit);
- the exact lookup: a full 发文字号 or 索引号 typed as the query must return that item first. Pagefind
  splits `示政办发〔2024〕3号` into single characters and digits and ranks by term frequency, so the
  plugin writes a small sharded map (normalised key → url, title) that the search page consults
  before Pagefind. Keys are hashed with 32-bit FNV-1a over UTF-8 (`shard_of`; same code in search.js);
- feeding the built pages to the extended Pagefind binary while the build goes on (`PagefindStream`).

Nothing here knows about MkDocs events; `gongkai.mkdocs_plugins.search` adapts them.
"""

from __future__ import annotations

import base64
import json
import os
import re
import subprocess
import threading
import unicodedata
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from .model import Item

FACETS = ("栏目", "年份", "发文机关", "有效性", "主题分类")
"""Filter names shown on the search page, in this order (issue #5)."""
EXACT_DIR = "search/exact"
SHARD_TARGET = 64
"""About this many keys per exact-lookup shard (≈ 6 KB), so a lookup costs one small request at any size."""
INSTALL_HINT = "pip install 'pagefind[extended]==1.5.2'"

_CHAR_WORD = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]|[0-9A-Za-z]+")
_BRACKETS = str.maketrans({o: "〔" for o in "[【(（［"} | {c: "〕" for c in "]】)）］"})
_SPACE = re.compile(r"\s+")


class PagefindMissing(RuntimeError):
    """The extended Pagefind binary is not installed."""


def char_words(text: str) -> str:
    """The text as one word per Chinese character (Latin letters and digits kept as runs), space-separated.

    Indexed in this form, a title can be matched by Pagefind's exact-phrase search for any substring:
    the search page sends `"政 办 发"` for 政办发 (see search.js `charPhrase`).
    """
    return " ".join(_CHAR_WORD.findall(text))


def phrase_words(item: Item) -> str:
    """The title and the 发文字号 as `char_words`, apart (⁂) so that no phrase runs from one into the other."""
    words = char_words(item.title)
    return f"{words} ⁂ {char_words(item.doc_no)}" if item.doc_no else words


def normalize_key(text: str) -> str:
    """A 发文字号 or 索引号 as typed → the lookup key: NFKC, no spaces, any year bracket → 〔〕, upper case.

    `示政办发[2024]3号`, `示政办发（2024）3号` and `示政办发〔2024〕3号` give the same key; the search.js
    function `normalizeKey` does the same.
    """
    text = unicodedata.normalize("NFKC", text)
    text = text.translate(_BRACKETS)
    return _SPACE.sub("", text).upper()


def fnv1a(text: str) -> int:
    h = 0x811C9DC5
    for byte in text.encode("utf-8"):
        h ^= byte
        h = (h * 0x01000193) & 0xFFFFFFFF
    return h


def shard_count(keys: int) -> int:
    """A power of two giving about SHARD_TARGET keys per shard."""
    count = 1
    while count * SHARD_TARGET < keys:
        count *= 2
    return count


def shard_of(key: str, shards: int) -> int:
    return fnv1a(key) % shards


@dataclass(frozen=True, slots=True)
class Facets:
    """The filter values of one item page."""

    column: str
    year: str
    issuers: tuple[str, ...]
    validity: str
    topic: str

    @classmethod
    def of(cls, item: Item) -> Facets:
        return cls(
            column=item.column.name,
            year=str(item.year),
            issuers=item.issuers,
            validity=item.validity.state if item.validity else "",
            topic=item.topic,
        )

    def pairs(self) -> list[tuple[str, str]]:
        """(facet, value) pairs, empty values left out."""
        out = [("栏目", self.column), ("年份", self.year)]
        out += [("发文机关", issuer) for issuer in self.issuers]
        if self.validity:
            out.append(("有效性", self.validity))
        if self.topic:
            out.append(("主题分类", self.topic))
        return out


def facet_values(items: Iterable[Item]) -> list[tuple[str, list[str]]]:
    """Every facet with its values, as the search page lists them: years newest first, other values by count.

    The page gets these from the build, so it needs none of Pagefind's filter files (≈ 45 KB each at 20,000
    items) to show the checkboxes; it loads those only for per-query counts. O(N) once per build.
    """
    counts: dict[str, Counter[str]] = {name: Counter() for name in FACETS}
    for item in items:
        for name, value in Facets.of(item).pairs():
            counts[name][value] += 1
    out = []
    for name in FACETS:
        if name == "年份":
            values = sorted(counts[name], reverse=True)
        else:
            values = [value for value, _ in sorted(counts[name].items(), key=lambda kv: (-kv[1], kv[0]))]
        if values:
            out.append((name, values))
    return out


def exact_entries(items: Iterable[Item]) -> dict[str, list[str]]:
    """Normalised 发文字号 and 索引号 → [url, title]. A 发文字号 shared by several items keeps the newest."""
    out: dict[str, list[str]] = {}
    for item in sorted(items, key=lambda i: i.sort_key, reverse=True):  # oldest first: newest overwrites
        out[normalize_key(item.index_no)] = [item.url, item.title]
        if item.doc_no:
            out[normalize_key(item.doc_no)] = [item.url, item.title]
    return out


def write_exact(site_dir: Path, entries: dict[str, list[str]]) -> int:
    """Write the exact-lookup shards (from `exact_entries`) under `site_dir/search/exact/`; return the shard count."""
    shards = shard_count(len(entries))
    buckets: list[dict[str, list[str]]] = [{} for _ in range(shards)]
    for key, value in entries.items():
        buckets[shard_of(key, shards)][key] = value
    out = site_dir / EXACT_DIR
    out.mkdir(parents=True, exist_ok=True)
    for number, bucket in enumerate(buckets):
        (out / f"{number}.json").write_text(json.dumps(bucket, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
    return shards


def extended_binary() -> Path:
    """The extended Pagefind binary (Chinese segmentation); PagefindMissing names the install command."""
    env = os.environ.get("PAGEFIND_BINARY_PATH")
    if env:
        path = Path(env)
        if path.is_file() and "extended" in path.name:
            return path
        raise PagefindMissing(f"PAGEFIND_BINARY_PATH 指向的不是扩展版 Pagefind（{env}）；中文分词需要扩展版：{INSTALL_HINT}")
    try:
        from pagefind_bin_extended import get_executable  # type: ignore[import-untyped]
    except ImportError:
        raise PagefindMissing(f"未安装扩展版 Pagefind（中文分词需要它）。请运行：{INSTALL_HINT}") from None
    path = Path(get_executable())
    if not path.is_file():
        raise PagefindMissing(f"扩展版 Pagefind 程序不存在（{path}）。请重新安装：{INSTALL_HINT}")
    return path


class PagefindStream:
    """One `pagefind --service` process fed each finished page while MkDocs goes on rendering.

    Indexing a page (HTML parsing, jieba segmentation) is most of Pagefind's work; streaming it during the
    build puts that work on the machine's other core instead of after the build (`add_directory` over
    site_dir cost 39 s at 20,000 items, after a 57 s build). Pages without `data-pagefind-body` are not
    sent: Pagefind would leave them out anyway, since the item, guide and report pages carry it.

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
        self._sent = 0
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
        self._written: int | BaseException = 0
        self._reader = threading.Thread(target=self._read, name="pagefind-replies", daemon=True)
        self._reader.start()
        reply = self._call({"type": "NewIndex", "config": None})
        self._index = int(reply.get("index_id", 0))  # type: ignore[call-overload]

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
            except (OSError, RuntimeError) as exc:
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
        return self._written

    def finish(self) -> int:
        """Build the index once every page is in, write the bundle to `output`; return the number of pages indexed.

        The bundle comes back in the reply (`GetFiles`) and is written here. Pagefind's own `WriteFiles`
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
        made: set[Path] = set()
        for file in files:
            target = self.output / file["path"]
            if target.parent not in made:
                target.parent.mkdir(parents=True, exist_ok=True)
                made.add(target.parent)
            target.write_bytes(base64.b64decode(file["content"]))
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

    def _call(self, payload: dict[str, object]) -> dict[str, object]:
        event = threading.Event()
        message_id = self._send(payload, event)
        while not event.wait(0.5):
            if not self._reader.is_alive():
                raise RuntimeError(f"Pagefind 进程意外退出（退出码 {self._proc.poll()}）")
        with self._lock:
            return self._replies.pop(message_id)

    def _read(self) -> None:
        assert self._proc.stdout is not None
        pending = bytearray()  # the bundle arrives as one message of tens of MB: append, never re-copy
        while chunk := self._proc.stdout.read1(1 << 16):
            scanned = len(pending)
            pending += chunk
            messages = []
            while (end := pending.find(b",", scanned)) >= 0:
                messages.append(bytes(pending[:end]))
                del pending[: end + 1]
                scanned = 0
            for message in messages:
                reply = json.loads(base64.b64decode(message))
                payload = reply.get("payload") or {}
                kind = payload.get("type")
                if kind == "Error":
                    self._errors.append(str(payload.get("message")))
                elif kind == "IndexedFile":
                    self.pages += 1
                with self._lock:
                    event = self._wanted.pop(reply.get("message_id"), None)
                    if event is not None:
                        self._replies[reply["message_id"]] = payload
                if event is not None:
                    event.set()
