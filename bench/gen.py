"""Write a complete synthetic Gongkai project of N valid items, for benchmarks and load tests.

    python bench/gen.py N DIR                 # one body (the county), as before
    python bench/gen.py N DIR --bodies B      # a platform (集约化, issue #18): N items over B bodies

DIR receives copies of `catalog_schema/`, `site_config/` and `mkdocs.yml` (when present), the guide's
application form named in `site_config/body.yml` (when present), and N items under `DIR/content/`,
spread over every item-accepting column of the catalog that applies to the body's 行政层级
(类别 条目 / 解读 / 年报). Items are deterministic for a given N (`random.Random(N)`):

- 发布日期 on working days (调休 included) between 2019-01-01 and 2026-11-20; 索引号 serials count per year in date order;
- about half carry a 发文字号 (GB/T 9704 form) with its 成文日期 a few days before publication;
- columns with 有效性管理 get an 有效性 block: mostly 有效, some 已废止 / 已失效 with a date, some 已废止
  pointing at a later document as 替代文件;
- 解读 items point at an existing, public 行政规范性文件 and follow it by 0–2 working days; each column's first item is recent;
- titles and 3–6 paragraph bodies (about 1–2 KB) are assembled from phrase lists.

Files go to `content/<栏目路径>/<年>/` (or `.../<年>/<k>/` once a year holds more than 200), so no
directory has more than 200 entries. The result passes `gongkai check --root DIR --today 2026-11-24`
with 0 errors.

Platform mode (`--bodies B`, B > 1; the layout of tests/fixtures/platform/README.md): the county of `site_config/body.yml`
is the 本级政府 (its items stay in `content/<栏目路径>/…`) and B − 1 other bodies are added, two departments
(PLATFORM_DEPTS: 发展和改革委员会, 教育体育局, 民政局, …) for every township (PLATFORM_TOWNS: 城关镇, 东山乡, …; past the
end of both lists, numbered 街道), so any B ≥ 4 has both kinds. It writes `site_config/platform.yml` (本级政府 xzf, the
部门 and 乡镇 lists in that order), `site_config/bodies/<id>.yml` (the county's body.yml with the body's own 机关名称,
简称, 机关类型 and 行政层级 (部门 / 乡级), a GB 32100-valid 统一社会信用代码 as 索引号 prefix, 机关代字, office, phone,
e-mail, URL /xxgk/<id>/, 网站标识 承办单位 and 监督和救济 to the county; no 标准目录) and `content/<id>/…` with the
body's forms. The N items are split evenly (the first N mod B bodies get one more); each body's items cover the
columns of its 行政层级, take their topics from the body's own field (a department of DEPTS; townships and other
departments any topic), are issued, published and interpreted by the body itself (now and then jointly with the
财政局 or the county government: a 联合发文 naming two platform bodies), numbered in its own 索引号 and 发文字号 series,
and drawn from `random.Random(f"{N}/{id}")`; the county's share is exactly `gen.py <its share> DIR`. Each body,
assembled alone as today's single-body project, passes `gongkai check` with 0 errors
(`PLATFORM_ROOT=DIR SKIP_BUILD=1 tests/fixtures/platform/check_bodies.sh`). `--bodies 1` (the default) writes
byte for byte what earlier versions wrote and no platform files.
"""

from __future__ import annotations

import argparse
import copy
import datetime as dt
import functools
import random
import shutil
import sys
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import chinese_calendar
import yaml

REPO = Path(__file__).resolve().parent.parent
FIRST = dt.date(2019, 1, 1)
LAST = dt.date(2026, 11, 20)
PER_DIR = 200
ITEM_KINDS = ("条目", "解读", "年报")

TOWNS = ("城关镇", "东山乡", "西河镇", "南岭乡", "北坪镇", "清水乡", "石桥镇", "枫林乡")
DEPTS = {
    "综合政务": ("示例县发展和改革委员会", "示发改字"),
    "教育": ("示例县教育体育局", "示教体字"),
    "民政": ("示例县民政局", "示民字"),
    "财政金融": ("示例县财政局", "示财预"),
    "劳动人事": ("示例县人力资源和社会保障局", "示人社字"),
    "国土资源": ("示例县自然资源局", "示自然资发"),
    "城乡建设": ("示例县住房和城乡建设局", "示住建字"),
    "交通运输": ("示例县交通运输局", "示交字"),
    "农业农村": ("示例县农业农村局", "示农字"),
    "卫生健康": ("示例县卫生健康委员会", "示卫健字"),
    "应急管理": ("示例县应急管理局", "示应急字"),
    "市场监管": ("示例县市场监督管理局", "示市监字"),
    "环境保护": ("示例县生态环境局", "示环字"),
}
"""主题分类 → the department that drafts, issues and interprets (谁起草谁解读), with its 机关代字."""
PLATFORM_DEPTS = (
    ("fgw", "示例县发展和改革委员会", "示发改字"),
    ("jyty", "示例县教育体育局", "示教体字"),
    ("mzj", "示例县民政局", "示民字"),
    ("czj", "示例县财政局", "示财预"),
    ("rsj", "示例县人力资源和社会保障局", "示人社字"),
    ("zrzyj", "示例县自然资源局", "示自然资发"),
    ("zjj", "示例县住房和城乡建设局", "示住建字"),
    ("jtysj", "示例县交通运输局", "示交字"),
    ("nyncj", "示例县农业农村局", "示农字"),
    ("wjw", "示例县卫生健康委员会", "示卫健字"),
    ("yjglj", "示例县应急管理局", "示应急字"),
    ("scjgj", "示例县市场监督管理局", "示市监字"),
    ("sthjj", "示例县生态环境局", "示环字"),
    ("sfj", "示例县司法局", "示司字"),
    ("tjj", "示例县统计局", "示统字"),
    ("slj", "示例县水利局", "示水字"),
    ("lyj", "示例县林业局", "示林字"),
    ("swj", "示例县商务局", "示商字"),
    ("wgxlj", "示例县文化广电新闻出版旅游局", "示文旅字"),
    ("tyjrswj", "示例县退役军人事务局", "示退役军人字"),
    ("ybj", "示例县医疗保障局", "示医保字"),
    ("sjj", "示例县审计局", "示审字"),
    ("cgj", "示例县城市管理局", "示城管字"),
    ("xzspj", "示例县行政审批局", "示审批字"),
    ("kjj", "示例县科学技术局", "示科字"),
    ("gxj", "示例县工业和信息化局", "示工信字"),
    ("gaj", "示例县公安局", "示公字"),
    ("mzzjj", "示例县民族宗教事务局", "示民宗字"),
    ("jgswj", "示例县机关事务管理局", "示机管字"),
    ("xfj", "示例县信访局", "示信访字"),
    ("lsj", "示例县粮食和物资储备局", "示粮字"),
    ("zwfwj", "示例县政务服务管理局", "示政务字"),
)
"""Departments of a generated platform, in list order: (body id, 机关名称, 机关代字)."""
PLATFORM_TOWNS = (
    ("czz", "示例县城关镇人民政府", "城政发"),
    ("dsx", "示例县东山乡人民政府", "东政发"),
    ("xhz", "示例县西河镇人民政府", "西政发"),
    ("nlx", "示例县南岭乡人民政府", "南政发"),
    ("bpz", "示例县北坪镇人民政府", "北政发"),
    ("qsx", "示例县清水乡人民政府", "清政发"),
    ("sqz", "示例县石桥镇人民政府", "石政发"),
    ("flx", "示例县枫林乡人民政府", "枫政发"),
    ("bsz", "示例县白沙镇人民政府", "白政发"),
    ("hbz", "示例县黄埠镇人民政府", "黄政发"),
    ("clx", "示例县长岭乡人民政府", "长政发"),
    ("tyx", "示例县桃源乡人民政府", "桃政发"),
    ("lqz", "示例县龙泉镇人民政府", "龙政发"),
    ("fhz", "示例县凤凰镇人民政府", "凤政发"),
    ("cdjd", "示例县城东街道办事处", "城东办发"),
    ("cxjd", "示例县城西街道办事处", "城西办发"),
)
"""Townships and 街道 of a generated platform, in list order: (body id, 机关名称, 机关代字)."""
MAX_BODIES = 1000
GB32100 = "0123456789ABCDEFGHJKLMNPQRTUWXY"
GB32100_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
GOV = "示例县人民政府"
GOV_OFFICE = "示例县人民政府办公室"
CODES = {GOV: "示政发", GOV_OFFICE: "示政办发", **{name: code for name, code in DEPTS.values()}}
TOPICS = (
    ("城乡居民最低生活保障", "民政"),
    ("特困人员救助供养", "民政"),
    ("临时救助", "民政"),
    ("农村生活污水治理", "环境保护"),
    ("城区扬尘污染防治", "环境保护"),
    ("生活垃圾分类", "环境保护"),
    ("城镇老旧小区改造", "城乡建设"),
    ("住宅专项维修资金", "城乡建设"),
    ("城区停车管理", "城乡建设"),
    ("农村公路养护", "交通运输"),
    ("高标准农田建设", "农业农村"),
    ("农村集体经济组织资金", "农业农村"),
    ("耕地保护", "国土资源"),
    ("国有建设用地供应", "国土资源"),
    ("义务教育招生入学", "教育"),
    ("学生资助", "教育"),
    ("家庭医生签约服务", "卫生健康"),
    ("基本公共卫生服务", "卫生健康"),
    ("返乡入乡创业", "劳动人事"),
    ("公益性岗位开发管理", "劳动人事"),
    ("森林防火", "应急管理"),
    ("安全生产隐患排查", "应急管理"),
    ("食品安全监督抽检", "市场监管"),
    ("政府投资项目管理", "综合政务"),
    ("政务服务事项办理", "综合政务"),
    ("行政事业单位国有资产管理", "财政金融"),
    ("政府采购内部控制", "财政金融"),
)
DOC_KINDS = ("实施办法", "管理办法", "实施细则", "若干措施", "管理规定", "暂行办法")
FORMS = ("文字解读", "图解", "音视频", "问答")
FORM_TITLE = {"文字解读": "政策解读", "图解": "图解", "音视频": "视频解读", "问答": "问答"}

OPENINGS = (
    "为深入贯彻落实党中央、国务院和省、市关于{t}工作的决策部署，进一步规范和加强{t}工作，结合本县实际，现就有关事项通知如下。",
    "根据《中华人民共和国政府信息公开条例》和省、市有关规定，现将示例县{y}年{t}有关情况公开如下。",
    "{t}事关人民群众切身利益。为切实做好{y}年{t}工作，经县人民政府同意，现将有关事项明确如下。",
    "近年来，全县{t}工作取得明显成效，但仍存在制度不够健全、监管不够到位等问题。为此，制定本文件。",
)
BODY_SENTENCES = (
    "各乡（镇）人民政府要切实履行属地管理责任，明确分管领导和具体工作人员，确保各项任务落到实处。",
    "县直有关部门要按照职责分工，加强协调配合，形成工作合力，及时研究解决工作中遇到的困难和问题。",
    "严格落实首问负责、一次性告知和限时办结制度，推行“一窗受理、集成服务”，让数据多跑路、群众少跑腿。",
    "建立工作台账，实行清单化管理、项目化推进，每季度末向县人民政府报送工作进展情况。",
    "加强资金监管，专款专用，严禁截留、挤占、挪用，审计部门依法开展审计监督。",
    "通过政府网站、政务新媒体、村（居）务公开栏等渠道，及时公开政策内容、办理程序和实施结果，接受群众监督。",
    "对工作推进不力、群众反映强烈的，由县人民政府督查室予以通报，并依规依纪追究相关人员责任。",
    "充分发挥村（居）民委员会作用，深入开展政策宣传，提高群众知晓率和满意度。",
    "各责任单位要主动对接省、市主管部门，积极争取上级政策和资金支持。",
    "坚持问题导向，聚焦群众急难愁盼，分类施策、精准发力，确保政策红利惠及更多群众。",
    "运用大数据比对手段，加强部门间信息共享，提高审核认定的准确性和工作效率。",
    "严格执行保密审查和个人信息保护规定，公开信息中不得包含与公开目的无关的个人信息。",
)
MEASURES = (
    "完善工作机制，建立县级统筹、部门协同、乡镇落实的工作体系",
    "优化办理流程，将办理时限由20个工作日压缩至10个工作日",
    "加大财政投入，县财政每年安排专项资金{m}万元",
    "强化队伍建设，每年开展业务培训不少于2次",
    "推进信息化建设，实现全流程网上办理和进度实时查询",
    "健全监督机制，设立监督举报电话0799-12346{p:02d}",
    "开展专项检查，对发现的问题建立清单、限期整改",
    "落实考核评价，将工作成效纳入年度综合考核",
)
CLOSINGS = (
    "本文件自印发之日起施行，由县有关主管部门负责解释。",
    "以上信息如有疑问，请与示例县人民政府办公室联系（电话：0799-1234567）。",
    "请各单位认真贯彻执行。执行中遇到的问题，请及时向县有关主管部门反映。",
    "特此公告。",
)
HEADINGS = ("一、总体要求", "二、主要任务", "三、保障措施", "四、工作要求", "五、其他事项")
NUMERALS = "一二三四五六七八九十"
JD_OPENINGS = (
    "为便于社会公众准确理解{t}相关政策，现就文件的制定背景、主要内容和办理方式解读如下。",
    "{t}政策出台后，社会关注度较高。下面从“为什么定、定了什么、怎么落实”三个方面进行解读。",
    "按照“谁起草谁解读”的要求，文件起草部门对{t}有关政策作如下解读。",
)
TITLES = {
    "统计信息": "示例县{y}年{m}月{t}相关统计数据",
    "行政许可": "示例县行政审批局{y}年{m}月行政许可决定公示（{town}）",
    "行政处罚和行政强制": "{dept}{y}年第{q}季度行政处罚决定信息公示",
    "财政预决算": "{dept}{y}年部门预算公开说明",
    "行政事业性收费": "{dept}行政事业性收费项目及标准（{y}年）",
    "政府采购": "示例县{y}年第{q}季度政府采购意向公开（{dept}）",
    "重大建设项目": "示例县{y}年{t}重点建设项目实施情况",
    "监督检查": "{dept}{y}年第{q}季度{t}监督检查情况通报",
    "公务员招考": "示例县{y}年度考试录用公务员拟录用人员公示（第{k}批）",
    "土地征收": "示例县人民政府征收土地预公告（{y}年第{k}批次，{town}）",
    "房屋征收": "{town}{t}项目房屋征收补偿情况公示（{y}年）",
    "社会救助": "示例县{y}年第{q}季度社会救助资金发放情况公示（{town}）",
}
"""Title patterns per column name; other columns fall back to a generic 公示 title."""


@dataclass(slots=True)
class Col:
    """One item-accepting column of the catalog."""

    name: str
    slug: str
    kind: str
    lifecycle: bool
    weight: float


@dataclass(slots=True)
class Doc:
    """One synthetic item before it is written."""

    col: Col
    published: dt.date
    topic: str
    category: str
    issuer: str | list[str] = GOV
    title: str = ""
    written: dt.date | None = None
    doc_no: str = ""
    serial: str = ""
    validity: dict[str, str] = field(default_factory=dict)
    interprets: Doc | None = None
    successor: Doc | None = None
    form: str = ""
    owner: str = ""  # platform mode: the body that issues, publishes and interprets every item of its 专栏
    disclosure: str = ""
    summary: str = ""
    keywords: list[str] = field(default_factory=list)
    body: str = ""


def item_columns(catalog: dict[str, Any], level: str) -> list[Col]:
    """Leaf columns that take items (条目/解读/年报) and apply to `level`, in catalog order."""
    out: list[Col] = []

    def walk(nodes: list[dict[str, Any]]) -> None:
        for node in nodes:
            levels = node.get("适用层级")
            if levels and level not in levels:
                continue
            children = node.get("下级栏目")
            if children:
                walk(children)
            elif node["类别"] in ITEM_KINDS:
                lifecycle = bool(node.get("有效性管理", False))
                weight = 4.0 if lifecycle or node["类别"] == "解读" else 0.4 if node["类别"] == "年报" else 1.0
                out.append(Col(node["名称"], node["路径"], node["类别"], lifecycle, weight))

    walk(catalog["栏目"])
    return out


WORKDAYS = frozenset(chinese_calendar.get_workdays(FIRST - dt.timedelta(days=40), LAST + dt.timedelta(days=40)))
"""Working days per the State Council holiday notices (调休 included), looked up once: is_workday() is slow."""


def workday(d: dt.date) -> dt.date:
    """The date itself, or the last working day before it."""
    while d not in WORKDAYS:
        d -= dt.timedelta(days=1)
    return d


def add_workdays(d: dt.date, n: int) -> dt.date:
    while n > 0:
        d += dt.timedelta(days=1)
        if d in WORKDAYS:
            n -= 1
    return d


def cn(d: dt.date) -> str:
    return f"{d.year}年{d.month}月{d.day}日"


def make_body(rng: random.Random, doc: Doc) -> str:
    t, y = doc.topic, doc.published.year
    parts: list[str] = []
    if doc.doc_no or doc.col.lifecycle:
        parts.append("各乡（镇）人民政府，县政府各部门，县直各单位：")
    parts.append(rng.choice(JD_OPENINGS if doc.col.kind == "解读" else OPENINGS).format(t=t, y=y))
    for h in range(rng.randint(2, 4)):
        parts.append(f"## {HEADINGS[h]}")
        sentences = rng.sample(BODY_SENTENCES, 2)
        parts.append(f"（{NUMERALS[0]}）{sentences[0]}（{NUMERALS[1]}）围绕{t}工作，{sentences[1]}")
        if h == 1:
            measures = rng.sample(MEASURES, 3)
            parts.append("\n".join(f"{n}. {m.format(m=rng.randint(50, 900), p=rng.randint(10, 99))}；" for n, m in enumerate(measures, 1)))
    if doc.col.kind == "解读" and doc.interprets is not None:
        parts.append(f"本解读对应文件：《{doc.interprets.title}》（{doc.interprets.doc_no or '无文号'}）。")
    parts.append(rng.choice(CLOSINGS))
    if doc.doc_no and doc.written is not None:
        issuer = doc.issuer if isinstance(doc.issuer, str) else "　".join(doc.issuer)
        parts.append(f"{issuer}\n\n{cn(doc.written)}")
    return "\n\n".join(parts) + "\n"


def dept_of(doc: Doc) -> str:
    return doc.owner or DEPTS.get(doc.category, DEPTS["综合政务"])[0]


def make_title(rng: random.Random, doc: Doc) -> str:
    t, y, c = doc.topic, doc.published.year, doc.col
    issuer = doc.issuer if isinstance(doc.issuer, str) else "、".join(doc.issuer)
    if c.lifecycle:
        kind = rng.choice(DOC_KINDS)
        if t.endswith("管理") and kind.startswith("管理"):
            kind = kind.removeprefix("管理")
        return f"{issuer}关于印发示例县{t}{kind}的通知"
    if c.kind == "解读":
        target = doc.interprets.title if doc.interprets else t
        inner = target.split("关于印发", 1)[-1].removesuffix("的通知")
        return f"《{inner}》{FORM_TITLE[doc.form]}"
    if c.kind == "年报":
        return f"{issuer}{y - 1}年政府信息公开工作年度报告"
    if doc.doc_no:
        return f"{issuer}关于做好{y}年{t}工作的通知"
    pattern = TITLES.get(c.name, "示例县{y}年{t}工作情况公示（{town}）")
    if doc.owner:  # platform mode: the body publishes its own 许可 results and 征地 notices
        pattern = pattern.replace("示例县行政审批局", "{dept}").replace("示例县人民政府征收", "{dept}征收")
    m = doc.published.month
    return pattern.format(y=y, m=m, q=(m - 1) // 3 + 1, t=t, town=rng.choice(TOWNS), dept=dept_of(doc), k=rng.randint(1, 9))


def yaml_str(value: str) -> str:
    """Phrase-list text is plain-safe YAML; quote a value that starts with an indicator or holds ': ' / ' #'."""
    if value[:1] in "[]{}&*!|>'\"%@`#,?:-" or ": " in value or " #" in value:
        return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
    return value


def front_matter(doc: Doc, code: str) -> str:
    lines = [
        "---",
        f"标题: {yaml_str(doc.title)}",
        f"索引号: {code}/{doc.serial}",
        f"栏目: {doc.col.name}",
        f"主题分类: {doc.category}",
    ]
    if isinstance(doc.issuer, list):
        lines.append(f"发文机关: [{', '.join(doc.issuer)}]")
    else:
        lines.append(f"发文机关: {doc.issuer}")
    if doc.doc_no:
        lines.append(f"发文字号: {doc.doc_no}")
    if doc.written:
        lines.append(f"成文日期: {doc.written.isoformat()}")
    lines.append(f"发布日期: {doc.published.isoformat()}")
    lines.append(f"主题词: [{', '.join(doc.keywords)}]")
    if doc.validity:
        lines.append("有效性:")
        lines += [f"  {k}: {yaml_str(v)}" for k, v in doc.validity.items()]
        if doc.successor is not None:
            lines.append(f"  替代文件: {code}/{doc.successor.serial}")
    if doc.interprets is not None:
        lines.append(f"解读对象: [{code}/{doc.interprets.serial}]")
        lines.append(f"解读形式: {doc.form}")
        lines.append(f"解读机关: {doc.issuer if isinstance(doc.issuer, str) else doc.issuer[0]}")
    if doc.summary:
        lines.append(f"内容概述: {yaml_str(doc.summary)}")
    if doc.disclosure:
        lines.append(f"公开属性: {doc.disclosure}")
        if doc.disclosure == "不予公开":
            lines.append("不予公开理由: 条例第十五条：涉及第三方个人隐私")
    lines.append("---")
    return "\n".join(lines) + "\n\n"


def random_day(rng: random.Random, lo: dt.date, hi: dt.date) -> dt.date:
    """A working day between lo and hi (hi itself must be a working day)."""
    d = workday(dt.date.fromordinal(rng.randint(lo.toordinal(), hi.toordinal())))
    return d if d >= lo else add_workdays(d, 1)


def choose_issuer(rng: random.Random, doc: Doc, partner: str) -> None:
    """发文机关 (and now and then a 公开属性 other than 主动公开) of a document: the county's mix of the government, its
    office and the drafting department; in platform mode (doc.owner set) the body itself, jointly with `partner` now and then."""
    c = doc.col
    r = rng.random()
    if c.lifecycle:
        doc.issuer = (doc.owner or GOV) if r < 0.5 else (doc.owner or GOV_OFFICE) if r < 0.8 else dept_of(doc)
        if rng.random() < 0.05:  # joint document: the drafting department with the 财政局 (platform: with the partner body)
            doc.issuer = [dept_of(doc), partner] if dept_of(doc) != partner else dept_of(doc)
    elif c.kind == "年报":
        doc.issuer = doc.owner or (GOV if r < 0.3 else rng.choice(list(DEPTS.values()))[0])
    else:
        doc.issuer = doc.owner or (dept_of(doc) if r < 0.6 else GOV if r < 0.8 else GOV_OFFICE)
        if rng.random() < 0.015:
            doc.disclosure = "依申请公开" if rng.random() < 0.7 else "不予公开"


def plan(n: int, cols: list[Col], rng: random.Random, owner: Body | None = None) -> list[Doc]:
    """Choose column, dates, issuers and 有效性 for n items; link 解读 to documents. `owner`: a platform body's 专栏."""
    # every column at least once (when n allows), the rest by weight
    chosen = list(cols[:n]) + rng.choices(cols, weights=[c.weight for c in cols], k=max(0, n - len(cols)))
    docs_cols = [c for c in chosen if c.kind != "解读"]
    jd_cols = [c for c in chosen if c.kind == "解读"]
    docs: list[Doc] = []
    for k, c in enumerate(docs_cols):
        topic, category = rng.choice(owner.topics if owner and owner.topics else TOPICS)
        # the first item of each column is recent, so every column is up to date at LAST
        year = LAST.year if k < len(cols) else rng.randint(FIRST.year, LAST.year)
        if c.kind == "年报":
            published = random_day(rng, dt.date(year, 1, 10), dt.date(year, 3, 31))
        else:
            published = random_day(rng, LAST - dt.timedelta(days=25) if k < len(cols) else FIRST, LAST)
        doc = Doc(c, published, topic, category, owner=owner.name if owner else "")
        choose_issuer(rng, doc, owner.partner if owner else DEPTS["财政金融"][0])
        if c.lifecycle or (c.kind == "条目" and rng.random() < 0.4):
            doc.written = max(FIRST, workday(published - dt.timedelta(days=rng.randint(0, 7))))
            lead = doc.issuer if isinstance(doc.issuer, str) else doc.issuer[0]
            # 机关代字 of the (lead) issuer; year and serial are added in date order
            doc.doc_no = owner.doc_prefix if owner else CODES[lead]
        docs.append(doc)

    # 有效性 for lifecycle columns
    lifecycle = sorted((d for d in docs if d.col.lifecycle), key=lambda d: d.published)
    for k, d in enumerate(lifecycle):
        effective = d.written or d.published
        d.validity = {"状态": "有效", "施行日期": effective.isoformat()}
        r = rng.random()
        if r < 0.15 and d.published < dt.date(2026, 6, 1):
            ended = random_day(rng, d.published + dt.timedelta(days=30), LAST)
            state = "已废止" if r < 0.11 else "已失效"
            d.validity = {
                "状态": state,
                "施行日期": effective.isoformat(),
                "日期": max(ended, d.published).isoformat(),
                "说明": "经县人民政府常务会议研究决定予以废止" if state == "已废止" else "有效期届满，自然失效",
            }
            later = lifecycle[k + 1 :]
            if state == "已废止" and later and rng.random() < 0.5:
                d.successor = later[min(len(later) - 1, rng.randint(0, 5))]
                d.validity["日期"] = d.successor.published.isoformat()  # repealed when the successor came out

    # 解读: each follows a current, public document by 0–2 working days
    targets = [d for d in lifecycle if d.validity["状态"] == "有效" and not d.disclosure]
    if not targets:
        targets = [d for d in docs if d.col.kind == "条目" and not d.disclosure]
    rng.shuffle(targets)
    if targets:  # the newest document gets the first 解读, so the 解读 column is recent too
        newest = max(range(len(targets)), key=lambda i: targets[i].published)
        targets[0], targets[newest] = targets[newest], targets[0]
    out = list(docs)
    for k, c in enumerate(jd_cols):
        if not targets:
            break
        target = targets[k % len(targets)]
        published = min(LAST, add_workdays(target.published, rng.randint(0, 2)))
        form = FORMS[k % len(FORMS)]
        issuer = dept_of(target)  # 谁起草谁解读
        out.append(Doc(c, published, target.topic, target.category, issuer=issuer, interprets=target, form=form, owner=target.owner))
    return out


def number(docs: list[Doc]) -> None:
    """索引号 serials per publication year and 发文字号 serials per 机关代字 and year, in date order."""
    docs.sort(key=lambda d: (d.published, d.col.slug, d.topic))
    per_year: dict[int, int] = defaultdict(int)
    per_code: dict[tuple[str, int], int] = defaultdict(int)
    for d in docs:
        per_year[d.published.year] += 1
        serial = per_year[d.published.year]
        if serial > 99999:
            raise SystemExit(f"more than 99999 items in {d.published.year}")
        d.serial = f"{d.published.year}-{serial:05d}"
    for d in sorted((d for d in docs if d.doc_no), key=lambda d: d.written or d.published):
        year = (d.written or d.published).year
        per_code[(d.doc_no, year)] += 1
        d.doc_no = f"{d.doc_no}〔{year}〕{per_code[(d.doc_no, year)]}号"


def copy_inputs(root: Path) -> dict[str, Any]:
    """Copy the catalog, the 本级政府's site config (a platform's platform.yml and bodies/ are left out: the platform
    mode writes its own), mkdocs.yml and the guide's application form; return body.yml."""
    shutil.copytree(REPO / "catalog_schema", root / "catalog_schema", dirs_exist_ok=True)
    shutil.copytree(REPO / "site_config", root / "site_config", dirs_exist_ok=True, ignore=shutil.ignore_patterns("platform.yml", "bodies"))
    if (REPO / "mkdocs.yml").is_file():
        shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
    body: dict[str, Any] = yaml.safe_load((root / "site_config" / "body.yml").read_text(encoding="utf-8"))
    copy_forms(body, root / "content")
    return body


def copy_forms(body: dict[str, Any], content: Path) -> None:
    """The guide's application forms named in `body` (paths under content/), copied from the repository's content/."""
    forms = (body.get("政府信息公开指南") or {}).get("申请表")
    # 申请表 is one path (older configs) or a mapping of formats (DOCX, PDF) to paths.
    for form in forms.values() if isinstance(forms, dict) else [forms]:
        if isinstance(form, str) and (REPO / "content" / form).is_file():
            (content / form).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy(REPO / "content" / form, content / form)


def write_items(content: Path, n: int, rng: random.Random, body: dict[str, Any], catalog: dict[str, Any], owner: Body | None = None) -> int:
    """n items of one body under `content` (its content root); return the number written."""
    cols = item_columns(catalog, body["行政层级"])
    code = body["统一社会信用代码"]
    docs = plan(n, cols, rng, owner)
    number(docs)

    groups: dict[tuple[str, int], list[Doc]] = defaultdict(list)
    for d in docs:
        groups[(d.col.slug, d.published.year)].append(d)
    # documents first: a 解读's title and body quote the title of the document it interprets
    for d in sorted(docs, key=lambda d: d.col.kind == "解读"):
        d.title = make_title(rng, d)
    for d in docs:
        d.keywords = [d.topic, d.category, d.col.name]
        if rng.random() < 0.67:
            d.summary = f"本信息公开示例县{d.topic}相关内容，涉及{rng.choice(TOWNS)}等{rng.randint(2, 8)}个乡（镇），便于公众查阅和监督。"
        d.body = make_body(rng, d)

    written = 0
    for (slug, year), members in groups.items():
        split = len(members) > PER_DIR
        made: set[Path] = set()
        for k, d in enumerate(members):
            folder = content / slug / str(year)
            if split:
                folder = folder / f"{k // PER_DIR + 1:02d}"
            if folder not in made:
                folder.mkdir(parents=True, exist_ok=True)
                made.add(folder)
            (folder / f"{d.serial}.md").write_text(front_matter(d, code) + d.body, encoding="utf-8")
            written += 1
    return written


@dataclass(frozen=True, slots=True)
class Body:
    """One body of a generated platform other than the 本级政府."""

    id: str
    name: str
    doc_prefix: str  # 机关代字
    kind: str  # 政府部门 or 乡镇街道
    serial: int  # 1-based position among the platform's other bodies: credit code, phone numbers
    partner: str  # the body a joint document is issued with
    topics: tuple[tuple[str, str], ...]  # the TOPICS of its own field (a department of DEPTS); empty: any topic


def platform_bodies(count: int) -> list[Body]:
    """`count` bodies, two departments for every township (interleaved, so any count has both kinds), deterministic.

    Departments and townships come from PLATFORM_DEPTS / PLATFORM_TOWNS; past the end of both lists the platform
    gets numbered 街道 (新区第k街道办事处, 机关代字 新k办发 with k in Chinese numerals: a 代字 holds no digits), so 100
    bodies are possible."""
    depts, towns = list(PLATFORM_DEPTS), list(PLATFORM_TOWNS)
    picked: list[tuple[str, str, str, str]] = []
    for k in range(count):
        want_town = k % 3 == 2
        if (want_town and towns) or not depts:
            if towns:
                picked.append((*towns.pop(0), "乡镇街道"))
            else:
                j = k - len(PLATFORM_DEPTS) - len(PLATFORM_TOWNS) + 1
                picked.append((f"xq{j}jd", f"示例县新区第{j}街道办事处", f"新{cn_number(j)}办发", "乡镇街道"))
        else:
            picked.append((*depts.pop(0), "政府部门"))
    finance = DEPTS["财政金融"][0] if any(name == DEPTS["财政金融"][0] for _, name, _, _ in picked) else GOV
    field_of = {name: category for category, (name, _) in DEPTS.items()}
    return [
        Body(id_, name, prefix, kind, k + 1, finance if name != finance else GOV, tuple(t for t in TOPICS if t[1] == field_of.get(name)))
        for k, (id_, name, prefix, kind) in enumerate(picked)
    ]


def cn_number(n: int) -> str:
    """1 ≤ n ≤ 99 in Chinese numerals (一, 十二, 九十九): a 机关代字 holds no digits (GB/T 9704; doc-no-format)."""
    digits = "〇一二三四五六七八九"
    tens, ones = divmod(n, 10)
    head = "" if tens == 0 else "十" if tens == 1 else digits[tens] + "十"
    return head + (digits[ones] if ones else "")


def credit_code(serial: int) -> str:
    """A fictional but well-formed 统一社会信用代码 (GB 32100-2015) of a 机关 of 示例县: 11 + 360999 + a 组织机构代码
    whose own check character follows GB 11714-1997 + the GB 32100 check character."""
    first8 = f"{20000000 + serial * 7:08d}"
    org_check = 11 - sum(int(ch) * w for ch, w in zip(first8, (3, 7, 9, 10, 5, 8, 4, 2), strict=True)) % 11
    code17 = "11360999" + first8 + ("X" if org_check == 10 else "0" if org_check == 11 else str(org_check))
    total = sum(GB32100.index(ch) * w for ch, w in zip(code17, GB32100_WEIGHTS, strict=True))
    return code17 + GB32100[(31 - total % 31) % 31]


def body_config(county: dict[str, Any], b: Body) -> dict[str, Any]:
    """site_config/bodies/<id>.yml: the county's body.yml with the body's own name, type, 索引号 prefix, 代字 and office."""
    town = b.kind == "乡镇街道"
    short = b.name.removeprefix("示例县").removesuffix("人民政府")
    phone = f"0799-{3000000 + b.serial * 10 + 1}"
    own = {
        "机关名称": b.name,
        "简称": short,
        "机关类型": b.kind,
        "行政层级": "乡级" if town else "部门",
        "统一社会信用代码": credit_code(b.serial),
        "机关代字": b.doc_prefix,
    }
    cfg = {**own, **{k: copy.deepcopy(v) for k, v in county.items() if k not in own and k != "标准目录"}}  # no 标准事项 here
    address = f"示例县{short}人民政府" if town else f"示例县城关镇人民路1号县政府大院{b.serial % 9 + 1}号楼"
    url = f"{cfg['公开工作机构'].get('网址', 'https://www.example.gov.cn/').split('/xxgk/')[0].rstrip('/')}/xxgk/{b.id}/"
    cfg["公开工作机构"] = {
        **cfg["公开工作机构"],
        "名称": f"{short}党政综合办公室" if town else f"{b.name}办公室",
        "办公地址": address,
        "联系电话": phone,
        "传真号码": phone[:-1] + "2",
        "电子邮箱": f"{b.id}@example.gov.cn",
        "网址": url,
    }
    if "网站标识" in cfg:
        mark = {"承办单位": b.name, "联系地址": address, "联系电话": phone, "电子邮箱": f"{b.id}@example.gov.cn"}
        cfg["网站标识"] = {**cfg["网站标识"], **mark}
    guide = cfg.get("政府信息公开指南")
    if isinstance(guide, dict):
        if "网上申请" in guide:
            guide["网上申请"] = f"{url}ysqgk/"
        # a county department or township answers to the county: complaints to its 政务公开办, 复议 by the county government
        office = county["公开工作机构"]
        guide["监督和救济"] = {
            "投诉举报": f"{office['名称']}，电话 {office['联系电话']}",
            "行政复议机关": county["机关名称"],
            "行政诉讼法院": f"{county.get('简称', county['机关名称'])}人民法院",
        }
    return cfg


def write_platform(root: Path, county: dict[str, Any], bodies: list[Body]) -> None:
    """site_config/platform.yml (the county is the 本级政府, id xzf) and site_config/bodies/<id>.yml."""
    platform = {
        "门户名称": f"{county['机关名称']}门户网站",
        "门户网址": "https://www.example.gov.cn/",
        "本级政府": "xzf",
        "部门": [b.id for b in bodies if b.kind == "政府部门"],
        "乡镇": [b.id for b in bodies if b.kind == "乡镇街道"],
    }
    dump = functools.partial(yaml.safe_dump, allow_unicode=True, sort_keys=False, width=1000)
    (root / "site_config" / "platform.yml").write_text(dump(platform), encoding="utf-8")
    (root / "site_config" / "bodies").mkdir(exist_ok=True)
    for b in bodies:
        (root / "site_config" / "bodies" / f"{b.id}.yml").write_text(dump(body_config(county, b)), encoding="utf-8")


def generate(n: int, root: Path, bodies: int = 1) -> int:
    """Write the project into `root` (created if missing); return the number of items written.

    bodies > 1: a platform of that many bodies, the county (site_config/body.yml, content/) as its 本级政府 and
    bodies - 1 departments and townships (site_config/bodies/<id>.yml, content/<id>/); the n items are split evenly."""
    root.mkdir(parents=True, exist_ok=True)
    county = copy_inputs(root)
    catalog = yaml.safe_load((root / "catalog_schema" / "catalog.yml").read_text(encoding="utf-8"))
    shares = [n // bodies + (1 if k < n % bodies else 0) for k in range(bodies)]
    written = write_items(root / "content", shares[0], random.Random(shares[0]), county, catalog)
    if bodies == 1:
        return written
    others = platform_bodies(bodies - 1)
    write_platform(root, county, others)
    for b, share in zip(others, shares[1:], strict=True):
        cfg = body_config(county, b)
        copy_forms(cfg, root / "content" / b.id)
        written += write_items(root / "content" / b.id, share, random.Random(f"{n}/{b.id}"), cfg, catalog, b)
    return written


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python bench/gen.py", description="Write a synthetic Gongkai project (or platform) of N items.")
    parser.add_argument("n", type=int, metavar="N", help="number of items")
    parser.add_argument("root", type=Path, metavar="DIR", help="project folder to write (created if missing)")
    parser.add_argument("--bodies", type=int, default=1, metavar="B", help="bodies on the platform (default 1: a single-body project)")
    args = parser.parse_args(argv[1:])
    if args.n < 0 or not 1 <= args.bodies <= MAX_BODIES:
        parser.error(f"N must be >= 0 and B between 1 and {MAX_BODIES}")
    written = generate(args.n, args.root, args.bodies)
    where = args.root / "content"
    print(f"wrote {written} items to {where}" + (f" ({args.bodies} bodies)" if args.bodies > 1 else ""))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
