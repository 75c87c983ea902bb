"""deploy/nginx/gongkai.conf as a government host runs it: Debian's nginx (`nginx -t`, then serving the built
fixture site under its sub-path /xxgk/ on 127.0.0.1), fetched over HTTP and in real Chromium.

Proves: the Chinese 404 page with status 404; gzip for HTML, CSS, JS and JSON; Pagefind's index files sent as
they are (already gzip-compressed, application/octet-stream) and search working through nginx; a year's cache
for fingerprinted files and a short one for HTML; the CSP and security headers on every response, and that
the CSP header blocks nothing the pages need (no console errors).
"""

from __future__ import annotations

import gzip
import re
import shutil
import socket
import subprocess
import time
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import REPO
from gongkai import csp
from search_site import DONE

CONF = REPO / "deploy" / "nginx" / "gongkai.conf"
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def nginx_conf(tmp: Path, www: Path, port: int) -> Path:
    """A minimal nginx.conf around the shipped server block, pointed at a test root and port (workers run as
    root here: the test folders are private to root)."""
    block = CONF.read_text(encoding="utf-8")
    block = block.replace("listen 80;", f"listen 127.0.0.1:{port};").replace("root /srv/gongkai/www;", f"root {www};")
    (tmp / "gongkai.conf").write_text(block, encoding="utf-8")
    main = f"""worker_processes 1;
user root;
daemon off;
pid {tmp}/nginx.pid;
error_log {tmp}/error.log;
events {{ worker_connections 64; }}
http {{
    include /etc/nginx/mime.types;
    default_type text/plain;  # not nginx's application/octet-stream: see test_pagefind_index_files_go_out_as_written
    access_log off;
    client_body_temp_path {tmp}/body;
    proxy_temp_path {tmp}/proxy;
    fastcgi_temp_path {tmp}/fastcgi;
    uwsgi_temp_path {tmp}/uwsgi;
    scgi_temp_path {tmp}/scgi;
    include {tmp}/gongkai.conf;
}}
"""
    path = tmp / "nginx.conf"
    path.write_text(main, encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def nginx_url(sample_site: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    assert Path(NGINX).exists(), "nginx not installed: apt-get install nginx-light"
    tmp = tmp_path_factory.mktemp("nginx")
    www = tmp / "www"
    www.mkdir()
    site = www / "xxgk"  # the sample, plus a platform body's own bundle at fgw/pagefind/ (here: the same files)
    site.mkdir()
    for entry in sample_site.iterdir():
        (site / entry.name).symlink_to(entry, target_is_directory=entry.is_dir())
    (site / "fgw").mkdir()
    (site / "fgw" / "pagefind").symlink_to(sample_site / "pagefind", target_is_directory=True)
    port = free_port()
    conf = nginx_conf(tmp, www, port)
    test = subprocess.run([NGINX, "-t", "-c", str(conf)], capture_output=True, text=True)
    assert test.returncode == 0 and "syntax is ok" in test.stderr, test.stderr
    proc = subprocess.Popen([NGINX, "-c", str(conf)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    for _ in range(100):
        try:
            urllib.request.urlopen(url + "/xxgk/", timeout=1).close()
            break
        except OSError:
            time.sleep(0.05)
    try:
        yield url
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def get(url: str, gz: bool = True) -> tuple[int, dict[str, str], bytes]:
    req = urllib.request.Request(url, headers={"Accept-Encoding": "gzip"} if gz else {})
    try:
        with urllib.request.urlopen(req, timeout=10) as resp:
            return resp.status, {k.lower(): v for k, v in resp.headers.items()}, resp.read()
    except urllib.error.HTTPError as err:
        return err.code, {k.lower(): v for k, v in err.headers.items()}, err.read()


def text_of(headers: dict[str, str], body: bytes) -> str:
    return (gzip.decompress(body) if headers.get("content-encoding") == "gzip" else body).decode("utf-8")


def test_security_headers_and_short_cache_on_html(nginx_url: str) -> None:
    status, headers, body = get(nginx_url + "/xxgk/")
    assert status == 200 and headers["content-encoding"] == "gzip" and "政府信息公开" in text_of(headers, body)
    assert headers["x-content-type-options"] == "nosniff" and headers["x-frame-options"] == "SAMEORIGIN"
    assert headers["referrer-policy"] == "strict-origin-when-cross-origin"
    assert headers["content-security-policy"] == csp.policy(header=True)  # the one policy of plugins/gongkai/csp.py
    assert headers["cache-control"] == "public, max-age=600"


def test_unknown_path_gets_the_chinese_404_page_with_status_404(nginx_url: str) -> None:
    status, headers, body = get(nginx_url + "/xxgk/no/such/page/")
    assert status == 404
    page = text_of(headers, body)
    assert "页面未找到" in page and 'action="/xxgk/search/"' in page
    assert headers["content-security-policy"]  # headers on errors too (`always`)


def test_fingerprinted_assets_are_cached_a_year_and_text_is_gzipped(nginx_url: str, sample_site: Path) -> None:
    css = next(sample_site.glob("assets/stylesheets/main.*.min.css")).relative_to(sample_site)
    status, headers, _ = get(f"{nginx_url}/xxgk/{css}")
    assert status == 200 and headers["content-encoding"] == "gzip"
    assert headers["cache-control"] == "public, max-age=31536000, immutable"
    for path in ("pagefind/pagefind.js", "opendata/catalog.json"):  # same name after every build: short cache
        status, headers, _ = get(f"{nginx_url}/xxgk/{path}")
        assert status == 200 and headers["content-encoding"] == "gzip" and headers["cache-control"] == "public, max-age=600", path


def test_pagefind_index_files_go_out_as_written_already_compressed(nginx_url: str, sample_site: Path) -> None:
    # The test's http{} sends unknown types as text/plain, which the server block gzips: a Pagefind file that the
    # Pagefind location did not match would come out as text/plain, compressed a second time.
    patterns = (
        "pagefind/fragment/**/*.pf_fragment",
        "pagefind/*.pf_meta",
        "pagefind/index/*.pf_index",
        "pagefind/filter/*.pf_filter",
        "pagefind/*.pagefind",
    )
    for bundle in ("", "fgw/"):  # the portal's bundle and a platform body's own (the same rules serve both)
        for pattern in patterns:
            path = next(sample_site.glob(pattern)).relative_to(sample_site).as_posix()
            status, headers, body = get(f"{nginx_url}/xxgk/{bundle}{path}")
            assert status == 200 and "content-encoding" not in headers, bundle + path
            assert headers["content-type"] == "application/octet-stream" and body[:2] == b"\x1f\x8b", bundle + path
            assert body == (sample_site / path).read_bytes(), bundle + path
            fingerprinted = not path.endswith(".pagefind")  # wasm.unknown.pagefind: the same name after every build
            cache = "public, max-age=31536000, immutable" if fingerprinted else "public, max-age=600"
            assert headers["cache-control"] == cache, bundle + path
    status, headers, _ = get(f"{nginx_url}/xxgk/fgw/pagefind/pagefind.js")  # the script: text, gzipped
    assert status == 200 and headers["content-encoding"] == "gzip" and "javascript" in headers["content-type"]


def test_search_works_through_nginx_and_the_csp_header_blocks_nothing(nginx_url: str, browser: Any) -> None:
    context = browser.new_context(locale="zh-CN")
    tab = context.new_page()
    errors: list[str] = []
    tab.on("console", lambda m: m.type in ("error", "warning") and errors.append(m.text))
    tab.on("pageerror", lambda e: errors.append(str(e)))
    tab.goto(f"{nginx_url}/xxgk/")
    tab.goto(f"{nginx_url}/xxgk/search/?q={urllib.parse.quote('统计公报')}")
    tab.wait_for_function(DONE)
    hrefs = [a.get_attribute("href") for a in tab.query_selector_all(".gk-result__title a")]
    assert hrefs and all(re.match(r"^(/xxgk/|\.\./)", h) for h in hrefs)
    assert errors == []
    response = tab.goto(f"{nginx_url}/xxgk/missing/")
    assert response is not None and response.status == 404 and tab.locator("h1").inner_text() == "页面未找到"
    context.close()
    assert errors == ["Failed to load resource: the server responded with a status of 404 (Not Found)"]  # the page itself


def test_readme_shows_the_shipped_config_verbatim() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert "```nginx\n" + CONF.read_text(encoding="utf-8") + "```" in readme


def test_the_404_page_as_nginx_serves_it_has_no_wcag21_aa_violations(nginx_url: str, browser: Any) -> None:
    from a11y_support import axe_violations, describe

    context = browser.new_context(locale="zh-CN")
    tab = context.new_page()
    response = tab.goto(f"{nginx_url}/xxgk/no/such/page/")
    assert response is not None and response.status == 404
    tab.wait_for_load_state("load")
    assert tab.evaluate("getComputedStyle(document.querySelector('.md-header')).position") != "static"  # styled
    violations = axe_violations(tab)
    context.close()
    assert violations == [], describe(violations)
