# SignalPress: `make site` builds the example project into site/, `make test` runs every test.
# Both install the Debian packages they need first (only those missing).

SWIFT ?= swift
PREFIX ?= /usr/local
DEBIAN_PACKAGES := libcmark-dev libsqlite3-dev libcurl4-openssl-dev pkg-config zlib1g-dev
BIN_DEBUG := .build/debug/signalpress

.PHONY: all deps build site test coverage install theme clean

all: site

# Installs only the missing packages; needs root (or sudo) only when something is missing.
deps:
	@missing=""; for p in $(DEBIAN_PACKAGES); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "install ok installed" || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
	  echo "installing Debian packages:$$missing"; \
	  if [ "$$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi; \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $$missing; \
	fi

build: deps
	$(SWIFT) build

site: build
	$(BIN_DEBUG) build --project .

test: deps
	$(SWIFT) test --parallel

coverage: deps
	$(SWIFT) test --parallel --enable-code-coverage
	@sh .ci/coverage-report

install: deps
	$(SWIFT) build -c release
	install -d $(PREFIX)/bin
	install -m 0755 "$$($(SWIFT) build -c release --show-bin-path)/signalpress" $(PREFIX)/bin/signalpress

# Regenerates the default theme compiled into the binary from Templates/.
theme:
	SIGNALPRESS_RECORD_THEME=1 $(SWIFT) test --filter DefaultThemeTests

clean:
	rm -rf .build
