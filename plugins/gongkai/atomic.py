"""Atomic builds: the site is written into a fresh folder beside `site_dir` and swapped in only on success.

A failed build (content errors, a plugin error, warnings under `--strict`) leaves the previous `site/`
exactly as it was, byte for byte and with its timestamps; the half-written folder is removed. The core
plugin calls `start` in `on_config`, `commit` at the very end of `on_post_build` and `abort` in
`on_build_error`. `mkdocs serve` builds into its own temporary folder and is left alone.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile

_PREFIX = ".gongkai-build-"


class AtomicSite:
    """One build's staging folder: where MkDocs writes while the published folder stays untouched."""

    def __init__(self, site_dir: str, dirty: bool = False) -> None:
        self.site_dir = os.path.abspath(site_dir)
        parent, name = os.path.split(self.site_dir)
        os.makedirs(parent, exist_ok=True)
        self.staging = tempfile.mkdtemp(prefix=f".{name}{_PREFIX}", dir=parent)
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(self.staging, 0o777 & ~umask)  # mkdtemp makes it private; the published site must be readable
        if dirty and os.path.isdir(self.site_dir):  # --dirty rebuilds only what changed: start from the current site
            shutil.copytree(self.site_dir, self.staging, dirs_exist_ok=True, symlinks=True)

    def commit(self) -> None:
        """Replace `site_dir` with the finished build (two renames; the old folder is removed afterwards)."""
        parent, name = os.path.split(self.site_dir)
        old = None
        if os.path.lexists(self.site_dir):
            old = tempfile.mkdtemp(prefix=f".{name}.old-", dir=parent)
            os.rmdir(old)
            try:
                os.rename(self.site_dir, old)
            except OSError:  # e.g. site_dir is a mount point: replace its contents instead
                self._replace_contents()
                return
        os.rename(self.staging, self.site_dir)
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)

    def _replace_contents(self) -> None:
        for entry in os.scandir(self.site_dir):
            if entry.is_dir(follow_symlinks=False):
                shutil.rmtree(entry.path)
            else:
                os.unlink(entry.path)
        for entry in os.scandir(self.staging):
            os.rename(entry.path, os.path.join(self.site_dir, entry.name))
        os.rmdir(self.staging)

    def abort(self) -> None:
        """Throw the unfinished build away; `site_dir` was never touched."""
        with contextlib.suppress(OSError):
            shutil.rmtree(self.staging)
