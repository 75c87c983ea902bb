"""The 政策解读 MkDocs plugin (`gongkai-interpretation`): hands item pages their 解读 view.

Owns only the adaptation of `gongkai.interpretation` to page events: an item page (a document or a 解读)
gets `jd` (an `InterpretationView`) in its context, rendered by `gongkai/partials/interpretation.html`.
The rules run inside the core plugin's model build (MODEL_RULES) and in `gongkai check` (CHECK_RULES);
the 政策解读 column listing and its filter by 解读形式 belong to the directory plugin.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from markupsafe import Markup
from mkdocs.config import config_options as c
from mkdocs.config.base import Config
from mkdocs.plugins import BasePlugin

from ..interpretation import view_for
from .core import get_item

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.nav import Navigation
    from mkdocs.structure.pages import Page
    from mkdocs.structure.toc import TableOfContents
    from mkdocs.utils.templates import TemplateContext


class InterpretationConfig(Config):
    question_list = c.Type(bool, default=True)
    """On a 问答 解读, list the body's questions (its headings) as links above the text."""


class InterpretationPlugin(BasePlugin[InterpretationConfig]):
    def on_page_context(self, context: TemplateContext, /, *, page: Page, config: MkDocsConfig, nav: Navigation) -> TemplateContext | None:
        """Default priority, after the core plugin set `item`: O(1) lookup by src_uri, O(k) view (k = links, attachments)."""
        found = get_item(config, page.file.src_uri)
        if found is None:
            return context
        item, model = found
        view = view_for(item, model)
        if view.is_interpretation and view.form == "问答" and self.config.question_list:
            view.questions = _questions(page.toc)
        context["jd"] = view
        return context


def _questions(toc: TableOfContents) -> list[tuple[Markup, str]]:
    """The body's top question headings: the first heading level that has more than one entry.

    A toc title is the heading's text as Python-Markdown escaped it (tags dropped, `&`, `<`, `>` escaped):
    marked safe so the autoescaped template does not escape it twice.
    """
    level = list(toc)
    while len(level) == 1 and level[0].children:
        level = level[0].children
    return [(Markup(link.title), link.url) for link in level]
