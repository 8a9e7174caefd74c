# SignalPress: `make site` builds the example project into site/, `make test` runs every test.
# Both install the Debian packages they need first (only those missing).

SWIFT ?= swift
PREFIX ?= /usr/local
DEBIAN_PACKAGES := libcmark-dev libsqlite3-dev libcurl4-openssl-dev pkg-config zlib1g-dev libdeflate-dev
# The archive bench counts instructions with valgrind (callgrind), on a copy objcopy strips of debug information.
BENCH_PACKAGES := valgrind binutils
# Real servers and programs the tests run against on 127.0.0.1 (outside CI a suite whose program is
# missing is skipped with a message; with CI=true it fails). faketime moves the clock for test-clock.
TEST_PACKAGES := nginx prometheus nodejs zsh fish python3 python3-botocore systemd faketime unzip openssl
BIN_DEBUG := .build/debug/signalpress

.PHONY: all deps build site browser-check test test-clock coverage install theme golden bench bench-archive bench-peer bench-preview bench-indicators clean

all: site

# Installs only the missing Debian packages; needs root (or sudo) only when something is missing.
define install_missing
	@missing=""; for p in $(1); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "install ok installed" || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
	  echo "installing Debian packages:$$missing"; \
	  if [ "$$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi; \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $$missing; \
	fi
endef

deps:
	$(call install_missing,$(DEBIAN_PACKAGES))

build: deps
	$(SWIFT) build

site: build
	$(BIN_DEBUG) build --project .

# Loads the built site and every tier's bundle in headless Chromium under the site's own CSP;
# fails on a blank page, a console error or a CSP violation. Then (reader_check.py) every kind of
# page at 1280 and 390 px in both colour schemes through axe-core, the screener sorted, filtered
# and grouped by clicking, and the feeds validated as Atom and JSON Feed 1.1. Screenshots: .build/screenshots/.
browser-check: site .build/venv-browser/installed
	$(call install_missing,chromium chromium-driver)
	python3 .ci/browser_check.py site .build/screenshots
	.build/venv-browser/bin/python .ci/reader_check.py site .build/screenshots
	$(call install_missing,nginx)
	.build/venv-browser/bin/python .ci/members_check.py $(BIN_DEBUG) content .build/screenshots

# The reader check's virtualenv: Selenium (driving Debian's chromedriver), axe-core, the feed validators.
.build/venv-browser/installed: .ci/browser-requirements.txt
	rm -rf .build/venv-browser
	python3 -m venv .build/venv-browser
	.build/venv-browser/bin/pip install -q -r .ci/browser-requirements.txt
	touch $@

# The delivery tests' virtualenv: a real SMTP server (aiosmtpd) and the Standard Webhooks reference verifier.
.build/venv-test/installed: .ci/test-requirements.txt
	$(call install_missing,python3 python3-venv)
	rm -rf .build/venv-test
	python3 -m venv .build/venv-test
	.build/venv-test/bin/pip install -q -r .ci/test-requirements.txt
	touch $@

test: deps .build/venv-test/installed
	$(call install_missing,$(TEST_PACKAGES))
	$(SWIFT) test --parallel

# The whole suite once more with the system clock moved ahead (Debian's faketime; every program the
# tests start inherits it): no test may depend on the day it runs. CLOCK_SHIFT='+10 years' also passes.
# -m: the thread-safe libfaketime; --exclude-monotonic: durations and timeouts keep the real clock.
CLOCK_SHIFT ?= +400 days
test-clock: deps .build/venv-test/installed
	$(call install_missing,$(TEST_PACKAGES))
	$(SWIFT) build --build-tests
	faketime -m --exclude-monotonic '$(CLOCK_SHIFT)' "$$($(SWIFT) build --show-bin-path)/SignalPressPackageTests.xctest" --testing-library swift-testing

coverage: deps .build/venv-test/installed
	$(SWIFT) test --parallel --enable-code-coverage
	@sh .ci/coverage-report

# The release binary, and man pages made from the argument parser (argument-parser's
# generate-manual plugin): `man signalpress`, `man signalpress.build`, one page per command.
# Each --help example in a man page as a literal block: man fills and wraps plain text, and a
# wrapped comment would paste as a command of its own.
MAN_EXAMPLES_LITERAL := /^Examples:$$/ { print; print ".Bd -literal -offset indent"; literal = 1; next } \
	literal && /^\./ { print ".Ed"; literal = 0 } literal { sub(/^  /, ""); print; next } { print }

install: deps
	$(SWIFT) build -c release
	install -d $(PREFIX)/bin $(PREFIX)/share/man/man1
	install -m 0755 "$$($(SWIFT) build -c release --show-bin-path)/signalpress" $(PREFIX)/bin/signalpress
	$(SWIFT) package --allow-writing-to-package-directory generate-manual --multi-page
	for page in .build/plugins/GenerateManual/outputs/signalpress/*.1; do \
		awk '$(MAN_EXAMPLES_LITERAL)' "$$page" > "$$page.tmp" && mv "$$page.tmp" "$$page"; done
	install -m 0644 .build/plugins/GenerateManual/outputs/signalpress/*.1 $(PREFIX)/share/man/man1/

# Regenerates the default theme compiled into the binary from Templates/.
theme:
	SIGNALPRESS_RECORD_THEME=1 $(SWIFT) test --filter DefaultThemeTests

# Re-records the golden files (charts, pages, report) after an intended change to the output.
golden:
	SIGNALPRESS_RECORD_GOLDEN=1 $(SWIFT) test --filter GoldenTests

# Whole builds of 100, 500, 2,000 and 10,000 synthetic symbols x 2,520 days in release mode: full, no-op and
# one-symbol rebuilds, with wall/CPU time, peak RSS, pages, bytes, files rewritten and time per stage.
BENCH_SIZES ?= 100 500 2000 10000
bench: deps
	$(call install_missing,$(BENCH_PACKAGES))
	$(SWIFT) build -c release
	python3 .ci/bench.py "$$($(SWIFT) build -c release --show-bin-path)/signalpress" .build/bench --sizes $(BENCH_SIZES)
	python3 .ci/bench_archive.py "$$($(SWIFT) build -c release --show-bin-path)/signalpress" .build/bench

# A night with 250 editions in the archive against one with 10: nightly build, no-op, page edit,
# the bytes a night adds to site/, each tier's bundle, backfill's cost a night, and one night's instructions.
bench-archive: deps
	$(call install_missing,$(BENCH_PACKAGES))
	$(SWIFT) build -c release
	python3 .ci/bench_archive.py "$$($(SWIFT) build -c release --show-bin-path)/signalpress" .build/bench

# The Python pipeline of ../shared/reference on the same universe, in its own virtualenv, beside ours.
PEER_SIZES ?= 500
bench-peer: deps
	$(SWIFT) build -c release
	@if [ ! -f ../shared/reference/py_pipeline.py ]; then echo "../shared/reference is absent: no peer to compare with"; exit 0; fi; \
	if [ ! -x .build/venv-peer/bin/python ]; then \
	  python3 -m venv .build/venv-peer && .build/venv-peer/bin/pip install -q -r ../shared/reference/requirements.txt; fi; \
	python3 .ci/bench.py "$$($(SWIFT) build -c release --show-bin-path)/signalpress" .build/bench --sizes $(PEER_SIZES) --peer .build/venv-peer/bin/python

# How long an edit takes to reach `serve`'s preview of a 100-symbol project: public site, pro, enterprise.
bench-preview: deps
	$(SWIFT) build -c release
	python3 .ci/bench.py "$$($(SWIFT) build -c release --show-bin-path)/signalpress" .build/bench --sizes 100 --repeat 1 > /dev/null
	for tier in "" pro enterprise; do \
	  python3 .ci/bench_preview.py "$$($(SWIFT) build -c release --show-bin-path)/signalpress" .build/bench/u100 $${tier:+--tier $$tier}; done

# All 21 indicators over 2,000 synthetic symbols x 2,520 bars, in release mode, beside TA-Lib's
# C core on the same data where Python can install the ta-lib wheel (.build/venv-talib).
bench-indicators: deps
	$(SWIFT) build -c release
	"$$($(SWIFT) build -c release --show-bin-path)/signalpress" bench-indicators --symbols 2000 --days 2520
	@if [ ! -x .build/venv-talib/bin/python ]; then \
	  python3 -m venv .build/venv-talib && .build/venv-talib/bin/pip install -q numpy==2.4.6 TA-Lib==0.8.2 || exit 0; fi; \
	"$$($(SWIFT) build -c release --show-bin-path)/signalpress" sample-data --out .build/bench-universe --symbols 2000 --days 2520 --seed 1 > /dev/null && \
	.build/venv-talib/bin/python .ci/talib_bench.py .build/bench-universe

clean:
	rm -rf .build
