# Gongkai: `make site` builds the site with search; `make test` runs the whole suite.
# Both set up everything they need first (virtualenv, pinned packages; for tests also Chromium,
# and the npm tools axe-core and vnu-jar). With a wheelhouse/ folder (`make wheelhouse` on a machine
# with internet), the packages are installed from it with no network access (政务外网 / intranet).
SHELL := /bin/bash
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.gongkai-installed
export NO_MKDOCS_2_WARNING := 1
export PIP_DISABLE_PIP_VERSION_CHECK := 1

WHEELHOUSE ?= wheelhouse
# Offline installs ignore every configured index and find-links: only the wheelhouse is used.
OFFLINE_PIP := PIP_CONFIG_FILE=/dev/null PIP_FIND_LINKS= PIP_INDEX_URL= PIP_EXTRA_INDEX_URL= PIP_NO_INDEX=1

.PHONY: install site partition assemble serve check new body init test lint bench browser-deps screenshots wheelhouse clean

$(STAMP): pyproject.toml constraints.txt
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	@if [ -d $(WHEELHOUSE) ]; then \
	  echo "从 $(WHEELHOUSE)/ 离线安装（不联网）"; \
	  $(OFFLINE_PIP) $(BIN)/python -m pip install -q --no-index --find-links $(WHEELHOUSE) -c constraints.txt -e '.[test]'; \
	else \
	  $(BIN)/python -m pip install -q -c constraints.txt -e '.[test]'; \
	fi
	@touch $@

install: $(STAMP)

# git keeps no empty folder: a project without content/ still builds (the 专栏 with empty-column notices).
content:
	@mkdir -p content

# With PARTITIONS=n (n > 1; CI sets it, README 分区生成) `make site` puts together the partitions the matrix jobs
# built into parts/*/ instead of building everything again.
site: $(STAMP) content
ifneq ($(filter-out 0 1,$(PARTITIONS)),)
	$(BIN)/gongkai assemble $(sort $(wildcard parts/*/)) --site-dir site
else
	$(BIN)/mkdocs build --strict
endif

# One partition of a platform's bodies (`make partition PARTITION=2/4`, balanced by item count) into parts/2/.
PARTITION ?= 1/1
partition: $(STAMP) content
	$(BIN)/gongkai build --partition $(PARTITION) --site-dir parts/$(firstword $(subst /, ,$(PARTITION)))

# Every parts/*/ put together into site/ with one search index (atomically: a failure leaves site/ as it was).
assemble: $(STAMP)
	$(BIN)/gongkai assemble $(sort $(wildcard parts/*/)) --site-dir site

serve: $(STAMP) content
	$(BIN)/mkdocs serve

check: $(STAMP) content
	$(BIN)/gongkai check

# `make new 栏目=其他文件 标题=关于……的通知` (政策解读 also 解读对象=索引号; a platform body's item also 机关=fgw):
# a new item file, next free 索引号.
new: $(STAMP)
	@if [ -z "$(栏目)" ] || [ -z "$(标题)" ]; then echo "用法：make new 栏目=其他文件 标题=信息标题" >&2; exit 2; fi
	$(BIN)/gongkai new "$(栏目)" "$(标题)" $(if $(解读对象),--解读对象 "$(解读对象)") $(if $(机关),--body "$(机关)")

# `make body 标识=jtj 名称=示例县交通运输局 类型=部门` (类型=乡镇 for a township): a new body on the platform
# (asks for the other facts; see README 集约化平台).
body: $(STAMP)
	@if [ -z "$(标识)" ] || [ -z "$(名称)" ] || [ -z "$(类型)" ]; then echo "用法：make body 标识=jtj 名称=机关名称 类型=部门（或 乡镇）" >&2; exit 2; fi
	$(BIN)/gongkai body add "$(标识)" --名称 "$(名称)" --类型 "$(类型)"

# `make init`: turn the sample into this body's project (asks for the body's facts; see README 快速采用).
init: $(STAMP)
	$(BIN)/gongkai init

# Every pinned package (and the build backend) as wheels for this platform, for `make site` without internet.
wheelhouse: $(STAMP)
	$(BIN)/python -m pip download -q -d $(WHEELHOUSE) -c constraints.txt -r <($(BIN)/python tools/requirements.py)
	@echo "已把全部依赖下载到 $(WHEELHOUSE)/：把整个仓库（含该目录）复制到内网机器后运行 make site"

# ruff; the package's layers and no import cycle (import-linter, [tool.importlinter] in pyproject.toml);
# static types of the whole package at mypy's strict level ([tool.mypy] in pyproject.toml).
lint: $(STAMP)
	$(BIN)/ruff check plugins tests bench tools
	$(BIN)/lint-imports --no-logo --no-cache
	$(BIN)/mypy

# System packages for the browser tests: Debian's Chromium (Playwright cannot download browsers
# here), Java for the Nu HTML Checker, CJK fonts for screenshots, nginx for the deploy/nginx test;
# npm packages from package-lock.json.
export GONGKAI_CHROMIUM ?= /usr/bin/chromium
browser-deps:
	@if [ ! -x "$(GONGKAI_CHROMIUM)" ] || ! command -v java >/dev/null || ! fc-list 2>/dev/null | grep -qi 'Noto Sans CJK' || [ ! -x /usr/sbin/nginx ]; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
	      chromium default-jre-headless fonts-noto-cjk nginx-light >/dev/null; \
	  else \
	    echo "需要 chromium、Java、fonts-noto-cjk 和 nginx：sudo apt-get install chromium default-jre-headless fonts-noto-cjk nginx-light" >&2; exit 1; \
	  fi; \
	fi
	@if [ -f package-lock.json ] && [ ! -d node_modules ]; then npm ci --no-audit --no-fund --silent; fi

# PYTEST_ARGS narrows the run (e.g. `make test PYTEST_ARGS=tests/test_check_cli.py`).
test: $(STAMP) browser-deps lint
	$(BIN)/pytest -n 2 --dist loadfile $(PYTEST_ARGS)

# The staff guide's screenshots in README.md (tests/screenshots/*.png), from a real build in real Chromium.
screenshots: $(STAMP) browser-deps
	$(BIN)/python tests/screenshots.py tests/screenshots

# Benchmarks (results in bench/RESULTS.md): the whole build against bare Material followed by the pagefind CLI,
# BENCH_RUNS alternating pairs per size (time, CPU and peak RSS per process), then search (build with and without
# the index, and in Chromium what a reader's browser fetches for each benchmark query), then `mkdocs serve`: the time from
# saving an item to its change being served (bench/serve.py).
BENCH_SIZES ?= 1000,5000,20000
BENCH_RUNS ?= 2
bench: $(STAMP) browser-deps
	$(BIN)/python bench/run.py --sizes $(BENCH_SIZES) --runs $(BENCH_RUNS)
	$(BIN)/python bench/search.py $(BENCH_SIZES)
	$(BIN)/python bench/serve.py --sizes $(BENCH_SIZES)

clean:
	rm -rf site parts bench/out .pytest_cache
