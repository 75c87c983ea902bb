"""The short text shown for an item in lists, feeds, the open-data export and its search document.

`summary(item)` is the item's 内容概述, else `excerpt(item)`: the opening of its body as plain text
(`gongkai.plaintext.excerpt` of `Item.body_head`). The model keeps only the body's opening; the excerpt is
computed here, when a page first needs it, and remembered per item while the item lives, so the directory
rows, feeds, open data and search document of one build compute it once, and `gongkai check`, which shows
no page, never computes it. The memo holds the items weakly: a rebuild's new model does not keep the old one.
"""

from __future__ import annotations

import weakref

from ..model import Item
from ..plaintext import excerpt as plain_excerpt

_EXCERPTS: weakref.WeakKeyDictionary[Item, str] = weakref.WeakKeyDictionary()


def excerpt(item: Item) -> str:
    """The opening of the item's body as plain text, computed once per item."""
    text = _EXCERPTS.get(item)
    if text is None:
        text = _EXCERPTS[item] = plain_excerpt(item.body_head)
    return text


def summary(item: Item) -> str:
    """内容概述 when the file has one, else the excerpt of the body (条例第十二条's 内容概述 column)."""
    return item.summary or excerpt(item)
