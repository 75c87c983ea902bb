"""A small real project for the search tests: items chosen so each query has one right answer; and what the
browser tests of the search page share (the finished-query test, a page that records errors and foreign requests).

Built with the real `mkdocs build --strict` and the real extended Pagefind (see test_search_*.py).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from conftest import CODE, Build, item_md, make_project, mkdocs_build, set_plugins

DONE = (
    "() => { const s = document.querySelector('[data-gk-status]');"
    " return s && /^(找到|没有)/.test(s.textContent) && !document.querySelector('[aria-busy]'); }"
)
"""The search page finished its query (Playwright `wait_for_function`): the status says 找到/没有 and nothing is busy."""


def recording_tab(browser: Any, site_url: str, **context_options: Any) -> Iterator[Any]:
    """A fresh page recording console errors and warnings and requests to any host but `site_url`; none may occur."""
    context = browser.new_context(locale="zh-CN", **context_options)
    pg = context.new_page()
    pg.console_errors = []
    pg.foreign_requests = []
    pg.on("console", lambda m: m.type in ("error", "warning") and pg.console_errors.append(m.text))
    pg.on("pageerror", lambda e: pg.console_errors.append(str(e)))
    pg.on("request", lambda r: (not r.url.startswith(site_url) and not r.url.startswith("data:")) and pg.foreign_requests.append(r.url))
    yield pg
    assert pg.console_errors == []
    assert pg.foreign_requests == []
    context.close()


ITEMS: dict[str, dict[str, object]] = {
    "qtwj/chungeng.md": {
        "标题": "示例县人民政府办公室关于做好2024年春耕生产工作的通知",
        "索引号": f"{CODE}/2024-00001",
        "栏目": "其他文件",
        "发文机关": "示例县人民政府办公室",
        "发文字号": "示政办发〔2024〕3号",
        "成文日期": "2024-03-05",
        "发布日期": "2024-03-08",
        "主题分类": "农业、林业、水利",
        "_body": "各乡镇人民政府要切实做好春耕备耕工作，保障化肥、种子等农资供应，抓好农田水利设施检修。\n",
    },
    "gfxwj/yibao.md": {
        "标题": "示例县城乡居民基本医疗保险实施办法",
        "索引号": f"{CODE}/2023-00012",
        "栏目": "行政规范性文件",
        "发文机关": "示例县人民政府",
        "发文字号": "示府发〔2023〕12号",
        "成文日期": "2023-06-01",
        "发布日期": "2023-06-05",
        "主题分类": "卫生、体育",
        "有效性": {"状态": "有效"},
        "_body": "为完善城乡居民医疗保障制度，提高参保率和待遇水平，结合本县实际，制定本办法。\n",
    },
    "gfxwj/yibao-old.md": {
        "标题": "示例县新型农村合作医疗管理办法",
        "索引号": f"{CODE}/2019-00020",
        "栏目": "行政规范性文件",
        "发文机关": "示例县人民政府",
        "发文字号": "示府发〔2019〕20号",
        "成文日期": "2019-04-01",
        "发布日期": "2019-04-03",
        "主题分类": "卫生、体育",
        "有效性": {"状态": "已废止", "日期": "2023-06-05", "替代文件": f"{CODE}/2023-00012", "说明": "被新办法替代"},
        "_body": "规范新型农村合作医疗基金管理，保障参合农民权益。\n",
    },
    "gfxwj/dibao.md": {
        "标题": "示例县人民政府关于印发示例县城乡居民最低生活保障实施办法的通知",
        "索引号": f"{CODE}/2024-00003",
        "栏目": "行政规范性文件",
        "发文机关": "示例县人民政府",
        "发文字号": "示府发〔2024〕5号",
        "成文日期": "2024-03-05",
        "发布日期": "2024-03-08",
        "主题分类": "民政、扶贫、救灾",
        "有效性": {"状态": "有效"},
        "_body": "最低生活保障标准按照城乡统筹的原则确定，实行动态管理。\n",
    },
    "sf/shoufei.md": {
        "标题": "关于公布2025年度行政事业性收费项目目录的通知",
        "索引号": f"{CODE}/2025-00007",
        "栏目": "行政事业性收费",
        "发文机关": "示例县财政局",
        "发文字号": "示财发〔2025〕7号",
        "成文日期": "2025-02-10",
        "发布日期": "2025-02-12",
        "主题分类": "财政、金融、审计",
        "_body": "公布本县行政事业性收费项目及其依据、标准，接受社会监督。\n",
    },
    "tj/gongbao.md": {
        "标题": "示例县2024年国民经济和社会发展统计公报",
        "索引号": f"{CODE}/2025-00030",
        "栏目": "统计信息",
        "发文机关": "示例县统计局",
        "发布日期": "2025-03-20",
        "主题分类": "统计",
        "_body": "初步核算，全县地区生产总值增长百分之五点二，粮食总产量保持稳定。\n",
    },
    "cz/yusuan.md": {
        "标题": "示例县2025年财政预算报告",
        "索引号": f"{CODE}/2025-00011",
        "栏目": "财政预决算",
        "发文机关": "示例县财政局",
        "发布日期": "2025-01-20",
        "主题分类": "财政、金融、审计",
        "_body": "一般公共预算收入安排十二亿元，重点保障教育、医疗和社会保障支出。\n",
    },
    "cz/juesuan.md": {
        "标题": "示例县2023年财政决算报告",
        "索引号": f"{CODE}/2024-00040",
        "栏目": "财政预决算",
        "发文机关": "示例县财政局",
        "发布日期": "2024-08-15",
        "主题分类": "财政、金融、审计",
        "_body": "全县一般公共预算收入完成年度预算。\n",
    },
    "qtwj/fangxun.md": {
        "标题": "示例县2024年防汛抗旱应急预案",
        "索引号": f"{CODE}/2024-00050",
        "栏目": "其他文件",
        "发文机关": "示例县应急管理局",
        "发文字号": "示应急发〔2024〕2号",
        "成文日期": "2024-05-06",
        "发布日期": "2024-05-10",
        "主题分类": "安全生产监管",
        "_body": "明确防汛抗旱指挥部职责，做好汛期值班值守和山洪灾害防御。\n",
    },
    "qtwj/xss.md": {
        "标题": "关于<script>alert(1)</script>标题转义检查的通知",
        "索引号": f"{CODE}/2026-00002",
        "栏目": "其他文件",
        "发文机关": "示例县人民政府办公室",
        "发布日期": "2026-01-05",
        "_body": "本条用于检查转义。\n",
    },
}


def item_files() -> dict[str, str]:
    """ITEMS as item files (path under content/ → text)."""
    files = {}
    for rel, fields in ITEMS.items():
        fields = dict(fields)
        body = str(fields.pop("_body"))
        files[rel] = item_md(body, **fields)
    return files


def build_search_site(root: Path) -> Build:
    """Write the items into a fresh project with only the core and search plugins, and build it."""
    project = make_project(root, item_files())
    set_plugins(project, ["gongkai", "gongkai-search"])
    return mkdocs_build(project)
