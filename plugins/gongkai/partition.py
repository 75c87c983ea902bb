"""Partitioned builds: one body (or a subset of bodies) built alone, and the partitions put together into one site.

It owns the choice of a build's bodies (`GONGKAI_BODIES=fgw,jyty` or `GONGKAI_PARTITION=2/4`, set by
`gongkai build --body/--bodies/--partition`), the split of the platform's bodies into balanced partitions, what
a partition leaves for the assembly (`.gongkai-partition/`: manifest, its Pagefind index parts, the place of each
page it indexed in the full build's order, sitemap entries) and the assembly itself (`gongkai assemble`).

A partition build loads the whole platform (the portal lists, 联合发文 and the checks need every body's model) and runs
every plugin's `on_files`, so every page gets the URL and the place in the file list it has in the full build; then
the files of the other bodies are excluded (MkDocs neither converts nor renders nor copies them). A file belongs to
the body whose `<id>/` starts its URL; every other file (the 本级政府's pages, the portal, the theme's assets) belongs
to the 本级政府. Outputs written from the model per body (feeds, open data, library CSV) are written only by the
partition that owns the body (a body's own exact lookup `<id>/search/exact/` too), those of the whole portal (the
portal's exact-lookup files) by every partition alike; the assembly takes each file from the partition that owns it.
Each partition indexes its own pages, as the full build does (parts of at most `pages_per_index` pages, each indexed
by a Pagefind process: `gongkai.pagefind_service.PagefindParts`), and keeps the parts; the assembly runs no Pagefind:
it merges every partition's parts (`gongkai.pagefind_merge`, in its own process) with the pages numbered in the order
of the full build (item documents in file order, then rendered pages in file order), and writes the bodies' own
bundles (`<id>/pagefind/`) in the same pass from the scopes each partition recorded per page. The merge depends only
on the pages, that order, those scopes and the items' date order (recorded with them), so the bundles are the full
build's, byte for byte, and its memory is
bounded (the Pagefind pass over every page that the assembly ran before took 3.36 GB at 20,000 pages). The sitemap is
written again from every partition's entries.

The files it reads and writes itself are outputs of builds (`.gongkai-partition/`, `parts/`), never project
inputs (allow-listed in tests/test_source_readers.py).
"""

from __future__ import annotations

import datetime as dt
import errno
import hashlib
import json
import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import atomic, pagefind_service
from .model import Item, Loaded, Platform
from .views import search, sitemap, summary

ENV_BODIES = "GONGKAI_BODIES"
ENV_PARTITION = "GONGKAI_PARTITION"
OUT_DIR = ".gongkai-partition"
"""What a partition leaves for the assembly (never published: the assembly leaves it out)."""
MANIFEST = "manifest.json"
ORDER = "search-order.json"
"""Each page the partition indexed: (phase, place in the full build's file list, URL, its scoped bundles' folders in
the site), for the assembly's page order and its bodies' own bundles."""
PARTS_DIR = "pagefind"
"""The partition's Pagefind parts (`<k>/`, each a bundle as Pagefind wrote it), merged by the assembly."""
SITEMAP = "sitemap.json"
FORMAT = 5


class PartitionError(ValueError):
    """A partition request or a set of partitions that cannot be built or put together (message in Chinese)."""


def body_ids(platform: Platform) -> list[str]:
    """Every body's id in platform order; the 本级政府 of a platform of one is "" (shown as 本级政府)."""
    return [b.id for b in platform.bodies]


def split(weights: Sequence[tuple[str, int]], count: int) -> list[list[str]]:
    """`count` partitions of the bodies, balanced by weight (greedy: heaviest first onto the lightest partition).

    Deterministic: ties go by the bodies' order and to the lowest partition; each partition keeps platform order.
    """
    order = {body: n for n, (body, _) in enumerate(weights)}
    loads = [0] * count
    parts: list[list[str]] = [[] for _ in range(count)]
    for body, weight in sorted(weights, key=lambda bw: (-bw[1], order[bw[0]])):
        k = min(range(count), key=lambda p: (loads[p], p))
        loads[k] += weight
        parts[k].append(body)
    return [sorted(p, key=order.__getitem__) for p in parts]


def requested(platform: Platform, environ: os._Environ[str] | dict[str, str] = os.environ) -> list[str] | None:
    """The bodies this build is asked for (None: the whole site, as always); PartitionError names the fix."""
    ids = body_ids(platform)
    shown = "、".join(i or "（本级政府）" for i in ids)
    bodies, partition = environ.get(ENV_BODIES, "").strip(), environ.get(ENV_PARTITION, "").strip()
    if bodies and partition:
        raise PartitionError(f"{ENV_BODIES} 与 {ENV_PARTITION} 只能设置一个")
    if bodies:
        wanted = [b.strip() for b in bodies.split(",") if b.strip()]
        unknown = [b for b in wanted if b not in ids]
        if unknown:
            raise PartitionError(f"平台上没有机关「{'、'.join(unknown)}」；可选的机关标识：{shown}")
        return [i for i in ids if i in wanted]
    if partition:
        number, _, total = partition.partition("/")
        if not (number.isdigit() and total.isdigit() and 1 <= int(number) <= int(total)):
            raise PartitionError(f"分区「{partition}」应写成 序号/总数，如 2/4（序号从 1 到总数）")
        weights = [(b.id, len(b.items) + 1) for b in platform.bodies]
        return split(weights, int(total))[int(number) - 1]
    return None


def _listed(item: Item, joint: bool) -> str:
    """What other bodies' pages show of an item (lists, 门户, 联合发文, exact lookup); a joint item's excerpt too."""
    validity = item.validity
    facts = (item.src_uri, item.title, item.index_no, item.column.slug, item.issuers, item.published.isoformat(), item.doc_no)
    extra = (item.disclosure, item.topic, repr(validity), item.summary, summary.excerpt(item) if joint else "")
    return json.dumps([*facts, *extra], ensure_ascii=False, default=str)


def digests(loaded: Loaded) -> dict[str, str]:
    """Per body, a digest of what other bodies' pages show of it: its items' listed facts and its findings' count.

    Two partitions built from content that differs in these facts would put together a site whose 门户 or
    联合发文 lists are stale: the assembly refuses them. An edit of an item's text (not a joint one's) changes none.
    """
    counts: dict[str, dict[str, int]] = {}
    for n, finding in enumerate(loaded.findings):
        mine = counts.setdefault(loaded.owner(n), {})
        mine[str(finding.severity)] = mine.get(str(finding.severity), 0) + 1
    out = {}
    for body in loaded.platform.bodies:
        h = hashlib.sha256(json.dumps(counts.get(body.id, {}), sort_keys=True).encode())
        for item in sorted(body.items, key=lambda i: i.src_uri):
            h.update(_listed(item, item.index_no in body.joint_bodies).encode("utf-8"))
        out[body.id] = h.hexdigest()[:16]
    return out


def owner(dest: str, others: Iterable[str]) -> str | None:
    """The id of the non-本级政府 body that owns a site path (its URL starts with `<id>/`), None for the 本级政府's."""
    head = dest.split("/", 1)[0]
    return head if "/" in dest and head in others else None


@dataclass
class Partition:
    """One partition build: its bodies, the file order of the full build, and what it leaves for the assembly."""

    bodies: list[str]
    all_bodies: list[str]
    today: str = ""
    digests: dict[str, str] = field(default_factory=dict)  # body id -> what other bodies' pages show of it (`digests`)
    order: dict[str, int] = field(default_factory=dict)  # "/" + page URL -> its place in the full build's file list
    documents: list[tuple[int, int, str, list[str], str]] = field(default_factory=list)  # (phase, place, url, scopes, date) per page
    sitemap: list[tuple[str, str | None]] = field(default_factory=list)

    @property
    def others(self) -> set[str]:
        return {b for b in self.all_bodies[1:] if b}

    def owns(self, dest: str) -> bool:
        found = owner(dest, self.others)
        return (found if found is not None else self.all_bodies[0]) in self.bodies

    def add_document(self, url: str, phase: int, scopes: Sequence[str] = (), date: str = "") -> None:
        """A page indexed, with when the full build sends it to Pagefind (phase 0: items while converting; 1: rendered
        pages), the folders (in the site) of the scoped bundles it also goes to (its bodies' own bundles) and its
        place in the date order (`pagefind_merge.merge`'s `dates`; "" where the build's order is that order)."""
        self.documents.append((phase, self.order.get(url, -1), url, list(scopes), date))

    def write(self, site_dir: Path) -> None:
        out = site_dir / OUT_DIR
        out.mkdir(parents=True, exist_ok=True)
        manifest = {"format": FORMAT, "bodies": self.bodies, "all_bodies": self.all_bodies, "today": self.today, "digests": self.digests}
        (out / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False), encoding="utf-8")
        (out / ORDER).write_text(json.dumps(self.documents, ensure_ascii=False), encoding="utf-8")
        (out / SITEMAP).write_text(json.dumps(self.sitemap, ensure_ascii=False), encoding="utf-8")


def _manifests(parts: Sequence[Path]) -> list[dict[str, Any]]:
    manifests = []
    for part in parts:
        path = part / OUT_DIR / MANIFEST
        try:
            manifest = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            why = f"缺少或无法读取 {OUT_DIR}/{MANIFEST}"
            raise PartitionError(f"{part} 不是分区生成的结果（{why}）；请先用 gongkai build --partition 生成") from None
        if manifest.get("format") != FORMAT:
            raise PartitionError(f"{path} 的格式不是本程序的版本，请用同一版本重新生成全部分区")
        manifests.append(manifest)
    platforms = {tuple(m["all_bodies"]) for m in manifests}
    if len(platforms) != 1:
        raise PartitionError("这些分区来自不同的平台配置（机关名单不同），请在同一版本的内容上重新生成全部分区")
    everyone = manifests[0]["all_bodies"]
    seen: dict[str, Path] = {}
    for part, manifest in zip(parts, manifests, strict=True):
        for body in manifest["bodies"]:
            if body in seen:
                raise PartitionError(f"机关「{body or '本级政府'}」在 {seen[body]} 和 {part} 中都生成了，每个机关只能属于一个分区")
            seen[body] = part
    missing = [b or "本级政府" for b in everyone if b not in seen]
    if missing:
        raise PartitionError(f"缺少机关「{'、'.join(missing)}」的分区，不能合并成完整网站；请生成全部分区后再合并")
    days = sorted({m["today"] for m in manifests})
    if len(days) > 1:
        shown = "、".join(days)
        fix = "请按同一日期（GONGKAI_TODAY）重新生成"
        raise PartitionError(f"这些分区按不同的日期生成（{shown}），页面上的状态（征集中、已失效等）会不一致；{fix}")
    _check_digests(parts, manifests, seen)
    return manifests


def _check_digests(parts: Sequence[Path], manifests: Sequence[dict[str, Any]], owners: dict[str, Path]) -> None:
    """Every partition must have seen each body as that body's own partition did (see `digests`)."""
    by_owner = dict(zip(parts, manifests, strict=True))
    for part, manifest in zip(parts, manifests, strict=True):
        stale = [b for b, own in owners.items() if part != own and manifest["digests"].get(b) != by_owner[own]["digests"].get(b)]
        if stale:
            names = "、".join(b or "本级政府" for b in stale)
            raise PartitionError(
                f"分区 {part} 生成时，机关「{names}」的信息（增删、标题、日期、文号、栏目、有效性或检查问题）与该机关所在分区生成时不同，"
                f"{part} 中列出这些机关的页面（门户首页、联合发文、精确查找、看板）会过时；请用当前内容重新生成分区 {part}"
            )


def assemble(parts: Sequence[Path], site_dir: Path) -> int:
    """Put the partitions together into `site_dir` (atomically: a failure leaves the previous site); the pages indexed.

    No Pagefind pass: the partitions' index parts are merged (`gongkai.pagefind_merge`, in its own process) with
    every page numbered in the full build's order, so the bundle is the full build's, byte for byte. The merge
    starts first and runs on the machine's other core while the partitions' files are put in place."""
    manifests = _manifests(parts)
    staging = atomic.AtomicSite(str(site_dir))
    mergers: list[subprocess.Popen[bytes]] = []
    try:
        target = Path(staging.staging)
        documents: list[tuple[int, int, str, list[str], str]] = []
        entries: list[tuple[str, str | None]] = []
        index_parts: list[Path] = []
        bundles = _scope_bundles(manifests[0]["all_bodies"])
        for part in parts:
            listed = json.loads((part / OUT_DIR / ORDER).read_text(encoding="utf-8"))
            for d in listed if isinstance(listed, list) else [None]:
                if not (isinstance(d, list) and len(d) == 5 and all(isinstance(x, int) for x in d[:2])):
                    raise PartitionError(
                        f"分区 {part} 的 {OUT_DIR}/{ORDER} 已损坏或不是本程序这一版本生成的（每个页面应有 5 项）；请重新生成分区 {part}"
                    )
                documents.append((d[0], d[1], str(d[2]), _checked_scopes(part, str(d[2]), d[3], bundles), str(d[4])))
            entries.extend(tuple(e) for e in json.loads((part / OUT_DIR / SITEMAP).read_text(encoding="utf-8")))
            index_parts += _index_parts(part)
        order = [d[2] for d in sorted(documents, key=lambda d: (d[0], d[1]))]
        scopes = {url: [target / folder for folder in folders] for _, _, url, folders, _ in documents if folders}
        dates = {url: date for _, _, url, _, date in documents if date}
        merged = {folder for _, _, _, folders, _ in documents for folder in folders}  # the body bundles the merge writes
        with tempfile.TemporaryDirectory(prefix=".gongkai-merge-", dir=target.parent) as work:
            mergers = pagefind_service.start_merge(index_parts, order, target / search.BUNDLE_DIR, Path(work), scopes, dates=dates)
            for part, manifest in zip(parts, manifests, strict=True):
                _copy_owned(part, target, Partition(manifest["bodies"], manifest["all_bodies"]), merged)
            for stale in target.glob("sitemap*.xml*"):
                stale.unlink()
            sitemap.write_sitemap(target, [(loc, _date(when)) for loc, when in entries])
            pagefind_service.finish_merge(mergers)
    except BaseException:
        pagefind_service.stop_merge(mergers)
        staging.abort()
        raise
    staging.commit()
    return len(order)


def _scope_bundles(all_bodies: Sequence[str]) -> set[str]:
    """The only folders a page's scopes may name: `<id>/pagefind` of a platform body but the 本级政府 (as the search
    plugin names them, `search.scope_bundle`); an id that is not one plain path segment names none."""
    plain = [b for b in all_bodies[1:] if b and b not in (".", "..") and "/" not in b]
    return {search.scope_bundle(b + "/") for b in plain}


def _checked_scopes(part: Path, url: str, folders: Any, bundles: set[str]) -> list[str]:
    """A page's scoped bundles as its partition recorded them; PartitionError for any other folder (an absolute path
    or `..` would have the merge write outside the site)."""
    listed = [str(f) for f in folders] if isinstance(folders, list) else [repr(folders)]
    wrong = [f for f in listed if f not in bundles]
    if wrong:
        raise PartitionError(
            f"分区 {part} 的 {OUT_DIR}/{ORDER} 中，页面 {url} 的机关检索索引目录「{'、'.join(wrong)}」不是平台上某个机关的 "
            f"<标识>/{search.BUNDLE_DIR}；这个分区已损坏或不是本程序生成的，请重新生成分区 {part}"
        )
    return listed


def _index_parts(part: Path) -> list[Path]:
    """A partition's Pagefind parts (`.gongkai-partition/pagefind/<k>/`), in the order they were indexed."""
    folder = part / OUT_DIR / PARTS_DIR
    found = [p for p in folder.iterdir() if p.is_dir() and p.name.isdigit()] if folder.is_dir() else []
    if not found:
        raise PartitionError(f"{part} 中没有检索索引（{OUT_DIR}/{PARTS_DIR}/）；请用启用全文检索的配置重新生成这个分区")
    return sorted(found, key=lambda p: int(p.name))


def _date(text: str | None) -> dt.date | None:
    return dt.date.fromisoformat(text) if text else None


_NO_LINK = frozenset({errno.EXDEV, errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP})
"""os.link's failures that mean "no hard links here" (another file system, a file system or a policy that allows
none): the assembly copies instead, from then on. EACCES is not one: copying into the same folder fails alike."""


def _copy_owned(part: Path, target: Path, partition: Partition, merged: Iterable[str] = ()) -> None:
    """Put in place the files `partition` owns (its bodies' pages and outputs; the 本级政府's also the portal and
    assets): as hard links to the partition's files where the file system allows (a partition's build never
    changes a file in place: it writes a new folder and swaps it in), copies otherwise.

    `merged`: the body bundles' folders (`<id>/pagefind`) the merge writes; a partition file in one of them stops the
    assembly (PartitionError), as the full build stops when the merge finds its folder not empty. The partition's
    root `pagefind/` is never copied (the merge writes the site's)."""
    bundles = tuple(folder + "/" for folder in merged)
    link = True
    for folder, dirs, names in os.walk(part):
        rel = os.path.relpath(folder, part)
        rel = "" if rel == "." else rel.replace(os.sep, "/") + "/"
        if not rel:
            dirs[:] = [d for d in dirs if d not in (OUT_DIR, search.BUNDLE_DIR)]
        owned = [name for name in names if partition.owns(rel + name)]
        if not owned:
            continue
        if rel.startswith(bundles):
            bundle = next(b for b in bundles if rel.startswith(b))
            raise PartitionError(
                f"分区 {part} 中有文件 {rel}{owned[0]}，位于机关自己的检索索引目录 {bundle} 中（该目录只能由合并检索索引写入，"
                f"完整生成时同样不允许）；请删除或改名这个文件（如 content/ 中的 {bundle}），重新生成分区 {part}"
            )
        into = os.path.join(target, rel)
        os.makedirs(into, exist_ok=True)
        for name in owned:
            source, dest = os.path.join(folder, name), os.path.join(into, name)
            if link:
                try:
                    os.link(source, dest)
                    continue
                except OSError as exc:
                    if exc.errno == errno.EMLINK:  # this file has as many links as the file system allows: copy it
                        pass
                    elif exc.errno in _NO_LINK:  # another file system, or links not allowed: copy from now on
                        link = False
                    else:  # EEXIST (a file put there already), ENOSPC, EIO…: the assembly fails
                        raise
            shutil.copyfile(source, dest)
