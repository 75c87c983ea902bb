"""Content safety in `gongkai check`: personal data (checksums, masking, allowlist), executable HTML, external links."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from check_helpers import TODAY
from conftest import gongkai, item_md, make_project
from gongkai.loader import load
from gongkai.model import Finding

ID18 = "11010519491231002X"  # GB 11643 check character X (weights 7 9 10 5 8 4 2 1 6 3 …, mod 11)
ID18_BAD = "110105194912310028"  # same number with a wrong check character (and, by chance, Luhn-valid)
ID15 = "110105491231002"  # old 15-digit form: region + YYMMDD + sequence
CARD = "6228480402564890018"  # Luhn-valid 19-digit card number
CARD_BAD = "6228480402564890017"  # fails Luhn


def findings_for(tmp_path: Path, body: str, **fields: object) -> list[Finding]:
    root = make_project(tmp_path / "p", {"qtwj/a.md": item_md(body, **fields)})
    return load(root, today=TODAY, check=True).findings


def rules(findings: list[Finding]) -> list[str]:
    return [f.rule for f in findings if f.severity != "info" and f.file.endswith("a.md")]


@pytest.mark.parametrize(
    ("body", "rule", "masked"),
    [
        (f"申请人身份证号 {ID18}。", "privacy-id", "110105********002X"),
        (f"申请人身份证号 {ID18.lower()}。", "privacy-id", "110105********002X"),
        (f"旧身份证号 {ID15}。", "privacy-id", "110105*****1002"),
        ("联系人手机 138-0013-8000。", "privacy-mobile", "138****8000"),
        ("联系人手机 +86 13800138000。", "privacy-mobile", "138****8000"),
        (f"补贴发放至银行卡 {CARD}。", "privacy-bankcard", "6228***********0018"),
        ("补贴发放至银行卡 6228 4804 0256 4890 018。", "privacy-bankcard", "6228***********0018"),
    ],
)
def test_personal_data_is_an_error_showing_only_the_masked_value(tmp_path: Path, body: str, rule: str, masked: str) -> None:
    found = [f for f in findings_for(tmp_path, body) if f.rule == rule]
    assert len(found) == 1
    f = found[0]
    assert f.severity == "error" and f.line == 8 and f.field == "正文"
    assert masked in f.message
    digits = "".join(ch for ch in body if ch.isdigit())
    assert digits[-11:] not in f.message.replace("*", "")  # the full number never appears in the message


@pytest.mark.parametrize(
    "body",
    [
        f"卡号 {CARD_BAD} 不通过 Luhn 校验。",
        "合同编号 728480402564890013 通过 Luhn 校验，但没有银行卡的发卡行前缀。",
        "档案号 128480402564890016 通过 Luhn 校验，但 12 开头、不是真实的出生日期、也不是卡号。",
        "编号 990105194912310028 的前两位不是省级行政区划代码。",
        "编号 110105202912310028 的出生日期在今天之后。",
        "咨询电话：0799-1234567，政务服务热线 12345，投诉 12315。",
        "统一社会信用代码 11360999001234567C，索引号 11360999001234567C/2024-00001。",
        "示政办发〔2024〕3号，2024年3月5日，金额 12345678.90 元。",
    ],
)
def test_values_that_are_not_personal_data_are_not_flagged(tmp_path: Path, body: str) -> None:
    assert not [r for r in rules(findings_for(tmp_path, body)) if r.startswith("privacy")]


def test_id_shaped_number_with_a_wrong_check_digit_is_a_masked_typo_warning_not_a_bank_card(tmp_path: Path) -> None:
    assert privacy_luhn(ID18_BAD)  # would pass as a card on the checksum alone
    found = [f for f in findings_for(tmp_path, f"第一段。\n\n申请人证件号 {ID18_BAD}。\n") if f.rule.startswith("privacy")]
    assert [(f.rule, f.severity, f.line, f.field) for f in found] == [("privacy-id-typo", "warning", 10, "正文")]
    assert "疑似身份证号（校验位不符" in found[0].message and "110105********0028" in found[0].message
    assert ID18_BAD not in found[0].message


def test_bank_card_needs_length_issuer_prefix_and_luhn(tmp_path: Path) -> None:
    assert privacy_luhn("728480402564890013")
    body = "银联 6228480402564890018；Visa 4111111111111111；万事达 2221000000000009；无前缀 728480402564890013。"
    found = [f for f in findings_for(tmp_path, body) if f.rule.startswith("privacy")]
    assert [f.rule for f in found] == ["privacy-bankcard"] * 3
    assert [m for f in found for m in ("6228***********0018", "4111********1111", "2221********0009") if m in f.message] == [
        "6228***********0018",
        "4111********1111",
        "2221********0009",
    ]


def privacy_luhn(digits: str) -> bool:
    from gongkai.checks.privacy import luhn_valid

    return luhn_valid(digits)


def test_the_bodys_own_published_numbers_are_not_personal_data(tmp_path: Path) -> None:
    root = make_project(tmp_path / "p", {"qtwj/a.md": item_md("值班手机 13900139000。\n")})
    body_yml = root / "site_config" / "body.yml"
    body_yml.write_text(body_yml.read_text(encoding="utf-8").replace("联系电话: 0799-1234567", "联系电话: 13900139000"), encoding="utf-8")
    assert "privacy-mobile" not in rules(load(root, today=TODAY, check=True).findings)


def test_allowlist_with_a_reason_clears_one_value_only(tmp_path: Path) -> None:
    allow = [{"值": "138 0013 8000", "理由": "本机关公开的值班手机"}]
    found = findings_for(tmp_path, "值班手机 13800138000，另一人 13900139000。", 个人信息豁免=allow)
    mobiles = [f for f in found if f.rule == "privacy-mobile"]
    assert len(mobiles) == 1 and "139****9000" in mobiles[0].message


def test_allowlist_entry_without_a_reason_is_rejected(tmp_path: Path) -> None:
    found = findings_for(tmp_path, "值班手机 13800138000。", 个人信息豁免=[{"值": "13800138000"}])
    schema = [f for f in found if f.rule == "schema"]
    assert schema and "理由" in schema[0].message


@pytest.mark.parametrize(
    ("body", "what"),
    [
        ("<script>alert(1)</script>", "<script>"),
        ('<iframe src="https://example.com/"></iframe>', "<iframe>"),
        ('<img src="x.png" onerror="alert(1)">', "onerror="),
        ('<a href="javascript:alert(1)">点此</a>', "javascript:"),
        ("[点此](javascript:alert(1))", "javascript:"),
    ],
)
def test_executable_html_is_an_error(tmp_path: Path, body: str, what: str) -> None:
    found = [f for f in findings_for(tmp_path, f"正文。\n\n{body}\n") if f.rule == "html-unsafe"]
    assert len(found) == 1 and found[0].severity == "error" and what in found[0].message and found[0].line == 10


def test_external_links_are_listed_once_each_as_info(tmp_path: Path) -> None:
    body = (
        "见[国务院](https://www.gov.cn/zhengce/)和<https://www.gov.cn/zhengce/>。\n"
        '另见 <a href="http://example.org/a">旧站</a>、[附件](fj.pdf)、[邮件](mailto:a@example.gov.cn)。\n'
        "`https://code.example/` 不是链接。\n"
    )
    root = make_project(tmp_path / "p", {"qtwj/a.md": item_md(body), "qtwj/fj.pdf": "%PDF-1.4\n"})
    proc = gongkai("check", "--root", str(root), "--today", TODAY.isoformat(), "--format", "json")
    listed = [f for f in json.loads(proc.stdout) if f["rule"] == "link-external"]
    assert [(f["severity"], f["line"]) for f in listed] == [("info", 8), ("info", 9)]
    assert "https://www.gov.cn/zhengce/（www.gov.cn）" in listed[0]["message"]
    assert "未加密的 http 链接" in listed[1]["message"]


def test_cli_output_never_repeats_the_personal_data(tmp_path: Path) -> None:
    root = make_project(tmp_path / "p", {"qtwj/a.md": item_md(f"身份证 {ID18}，手机 13800138000，卡 {CARD}。\n")})
    proc = gongkai("check", "--root", str(root), "--today", TODAY.isoformat())
    assert proc.returncode == 1
    for value in (ID18, "13800138000", CARD):
        assert value not in proc.stdout
    assert proc.stdout.count("错误[privacy-") == 3
