"""The 更新记录 plugin (`gongkai-provenance`): adapts `gongkai.provenance` to MkDocs events.

It owns the items' history for this build (one git walk; `item_history` for other plugins, keyed by
src_uri: the frozen model never holds it), logs one line when history is unavailable, and hands each
item page its `ItemHistory` (the 更新记录 section, the first-published /
last-updated `<meta>` values in the page head, the 打印本页 control).
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from mkdocs.config import config_options as c
from mkdocs.config.base import Config
from mkdocs.plugins import BasePlugin, get_plugin_logger

from .. import provenance
from .core import get_platform

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import Files
    from mkdocs.structure.nav import Navigation
    from mkdocs.structure.pages import Page
    from mkdocs.utils.templates import TemplateContext

log = get_plugin_logger(__name__)


class ProvenanceConfig(Config):
    shallow_clone = c.Choice(("warn", "info"), default="warn")
    """A shallow clone has no history: `warn` (one warning, so `mkdocs build --strict` refuses to
    publish a site whose 更新记录 would be incomplete) or `info` (build anyway with front-matter dates)."""
    cache_dir = c.Optional(c.Type(str))
    """Where comparisons of file versions are kept between builds (default `.cache/plugin/gongkai-provenance`
    next to mkdocs.yml, as Material's plugins do); set `cache: false` to keep nothing."""
    cache = c.Type(bool, default=True)


class ProvenancePlugin(BasePlugin[ProvenanceConfig]):
    def __init__(self) -> None:
        self.history: dict[str, provenance.ItemHistory] = {}

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig | None:
        """Reset per-build state (the plugin object survives `mkdocs serve` rebuilds)."""
        self.history = {}
        return config

    def on_files(self, files: Files, /, *, config: MkDocsConfig) -> Files | None:
        """Default priority, after the core (50) has built the model: one git walk for all items."""
        items = [i for model in get_platform(config).bodies for i in model.items if i.public]  # every body's, one walk
        cache_file = None
        if self.config.cache:
            folder = Path(self.config.cache_dir or ".cache/plugin/gongkai-provenance")
            cache_file = (folder if folder.is_absolute() else Path(config.config_file_path).parent / folder) / "pairs.json"
        history, status, message = provenance.collect(Path(config.docs_dir), items, cache_file)
        if status == "shallow" and self.config.shallow_clone == "warn":
            log.warning(message)
        elif message:
            log.info(message)
        self.history = history
        return files

    def on_page_context(self, context: TemplateContext, /, *, page: Page, config: MkDocsConfig, nav: Navigation) -> TemplateContext | None:
        """O(1): the item page's history, looked up by src_uri."""
        context["item_history"] = self.history.get(page.file.src_uri)
        return context


def item_history(config: MkDocsConfig) -> Mapping[str, provenance.ItemHistory]:
    """This build's 更新记录 by src_uri (empty when the provenance plugin is not enabled)."""
    plugin = config.plugins.get("gongkai-provenance")
    return plugin.history if isinstance(plugin, ProvenancePlugin) else {}
