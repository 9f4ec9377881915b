# SmartSeg: customer segmentation (RFM + k-means) as a small C web application.
#   make            build everything into build/
#   make deps       install missing Debian packages (no-op when present)
#   make test       deps, then every test, normally and under ASan + UBSan
#   make run        deps, build, start nginx + FastCGI workers on 127.0.0.1:$(PORT)
#   make bench      benchmarks (not part of the tests; BENCH_BIG=1 adds a 100M-row file)
#   make bench-versus REV=R  the CLI against revision R's, side by side
# Local overrides go in config.mk (not committed).
-include config.mk

CC       ?= cc
BUILD    ?= build
PORT     ?= 8000
PKGS      = libmongoc-1.0 libbson-1.0 libcurl sqlite3 zlib libzip expat
WARN      = -Wall -Wextra -Werror
OPT      ?= -O2
CPPFLAGS += -D_DEFAULT_SOURCE -D_GNU_SOURCE -Ilib -I/usr/include/ClearSilver
CFLAGS   += -std=c11 $(OPT) -g $(WARN) -pthread
PKG_CFLAGS = $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS   = $(shell pkg-config --libs $(PKGS) 2>/dev/null)
LDLIBS   += $(PKG_LIBS) -lcsv -lm -pthread
ifeq ($(FUZZ),1)
# fuzz/: the library instrumented for libFuzzer's coverage (linked into the targets)
CFLAGS   += -fsanitize=fuzzer-no-link
endif
ifeq ($(SAN),1)
CFLAGS   += -fsanitize=address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer
LDFLAGS  += -fsanitize=address,undefined
endif

# Debian packages the build, the tests and `make run` need.
DEB_PKGS = gcc make pkg-config libc6-dev libfcgi-dev clearsilver-dev libmongoc-dev \
           libbson-dev libcurl4-openssl-dev libcsv-dev libsqlite3-dev nginx \
           spawn-fcgi multiwatch curl python3 sqlite3 ca-certificates apache2 libapache2-mod-fcgid w3m \
           zlib1g-dev libzip-dev libexpat1-dev iproute2 $(SQL_PKGS)
# the SQL engines of tests/integration/sql-engines.sh (DuckDB and pyspark
# come from PyPI into a virtual environment under build/)
SQL_PKGS = postgresql openjdk-17-jre-headless python3-venv
# clang with libFuzzer and its sanitizer runtimes, for fuzz/ (make fuzz, the smoke test)
FUZZ_PKGS = clang-14 libclang-rt-14-dev
BENCH_PKGS = python3-pandas python3-sklearn wrk hyperfine time
SUDO = $(shell [ "$$(id -u)" = 0 ] || echo sudo)

LIB_SRCS  = $(sort $(wildcard lib/*.c lib/*/*.c))
LIB_OBJS  = $(LIB_SRCS:%.c=$(BUILD)/%.o)
CLI_SRCS  = $(sort $(wildcard cli/*.c))
CGI_SRCS  = $(sort $(wildcard cgi-bin/*.c))
UNIT_SRCS = $(sort $(wildcard tests/unit/test-*.c))
UNIT_BINS = $(UNIT_SRCS:tests/unit/%.c=$(BUILD)/tests/%)
TOOL_SRCS = $(sort $(wildcard tests/tools/*.c))
TOOL_BINS = $(TOOL_SRCS:tests/tools/%.c=$(BUILD)/tools/%)

FUZZ_SRCS = $(sort $(wildcard fuzz/fuzz-*.c))
# each fuzz target also as a plain program replaying its corpus (fuzz/replay.c)
FUZZ_REPLAY = $(FUZZ_SRCS:fuzz/fuzz-%.c=$(BUILD)/fuzz/replay-%)

BINS = $(BUILD)/smartseg $(UNIT_BINS) $(TOOL_BINS) $(FUZZ_REPLAY)
ifneq ($(CGI_SRCS),)
BINS += $(BUILD)/smartseg.fcgi
endif

.PHONY: all deps bench-deps test test-plain test-asan run bench bench-versus clean \
        fuzz-build fuzz fuzz-bins fault-full
all: $(BINS)

$(BUILD)/%.o: %.c $(wildcard lib/*.h lib/*/*.h cgi-bin/*.h tests/unit/*.h)
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(PKG_CFLAGS) $(CFLAGS) -c -o $@ $<

# unit tests of the web front include its .c files
$(UNIT_SRCS:%.c=$(BUILD)/%.o): $(wildcard cgi-bin/*.c)

$(BUILD)/libsmartseg.a: $(LIB_OBJS)
	@rm -f $@
	ar rcs $@ $^

$(BUILD)/smartseg: $(CLI_SRCS:%.c=$(BUILD)/%.o) $(BUILD)/libsmartseg.a
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^ $(LDLIBS)

$(BUILD)/smartseg.fcgi: $(CGI_SRCS:%.c=$(BUILD)/%.o) $(BUILD)/libsmartseg.a
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^ -lneo_cgi -lneo_cs -lneo_utl -lfcgi -lz $(LDLIBS)

$(BUILD)/tests/%: $(BUILD)/tests/unit/%.o $(BUILD)/libsmartseg.a
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^ $(LDLIBS)

# the countdown allocator: lib/'s allocation calls go to the test's wrappers
FAULT_WRAP = -Wl,--wrap=malloc,--wrap=calloc,--wrap=realloc,--wrap=strdup,--wrap=strndup
$(BUILD)/tests/test-fault-alloc: LDFLAGS += $(FAULT_WRAP)

# the out-of-memory sweeps of make test, plus two with k chosen automatically
fault-full: all
	FAULT_FULL=1 $(BUILD)/tests/test-fault-alloc

# the web front's request and response layers read and write through libfcgi
$(BUILD)/tests/test-web-%: LDLIBS += -lfcgi
# the page catalogues are ClearSilver HDF
$(BUILD)/tests/test-web-lang: LDLIBS += -lneo_cgi -lneo_cs -lneo_utl -lz

$(BUILD)/tools/%: $(BUILD)/tests/tools/%.o $(BUILD)/libsmartseg.a
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^ $(LDLIBS)

# libFuzzer targets (fuzz/README.md): clang with ASan + UBSan into build-fuzz/.
# `make fuzz FUZZ_S=N` runs each target N seconds on a copy of its seed corpus.
FUZZ_CC    ?= clang-14
FUZZ_BUILD ?= build-fuzz
FUZZ_S     ?= 60
FUZZ_BINS   = $(FUZZ_SRCS:fuzz/%.c=$(BUILD)/fuzz/%)

fuzz-build:
	$(MAKE) --no-print-directory fuzz-bins BUILD=$(FUZZ_BUILD) CC=$(FUZZ_CC) SAN=1 FUZZ=1 OPT=-O1

fuzz-bins: $(FUZZ_BINS)

fuzz: fuzz-build
	fuzz/run.sh $(FUZZ_BUILD) $(FUZZ_S)

$(BUILD)/fuzz/%: $(BUILD)/fuzz/%.o $(BUILD)/libsmartseg.a
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(LDFLAGS) -fsanitize=fuzzer -o $@ $^ $(LDLIBS)

$(BUILD)/fuzz/replay-%: $(BUILD)/fuzz/fuzz-%.o $(BUILD)/fuzz/replay.o $(BUILD)/libsmartseg.a
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^ $(LDLIBS)

# the multipart parser lives in the web front
$(BUILD)/fuzz/fuzz-multipart $(BUILD)/fuzz/replay-multipart: $(BUILD)/cgi-bin/multipart.o

$(BUILD)/fuzz/%.o: fuzz/%.c $(wildcard fuzz/*.h lib/*.h lib/*/*.h cgi-bin/*.h tests/unit/*.h)
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) -Icgi-bin -Itests/unit $(PKG_CFLAGS) $(CFLAGS) -c -o $@ $<

# Packages are installed without starting their system services (nginx and
# Apache would both take port 80 and fail their install): the tests and
# `make run` start their own on free ports.
deps:
	@missing=$$(for p in $(DEB_PKGS) $(FUZZ_PKGS); do dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null | grep -q 'ok installed' || echo $$p; done); \
	if [ -n "$$missing" ]; then \
	  echo "installing missing packages:" $$missing; \
	  guard=; if [ ! -e /usr/sbin/policy-rc.d ]; then guard=1; \
	    printf '#!/bin/sh\nexit 101\n' | $(SUDO) tee /usr/sbin/policy-rc.d >/dev/null && \
	    $(SUDO) chmod 755 /usr/sbin/policy-rc.d; fi; \
	  $(SUDO) apt-get update -qq && \
	  $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing; \
	  rc=$$?; [ -z "$$guard" ] || $(SUDO) rm -f /usr/sbin/policy-rc.d; exit $$rc; \
	fi

bench-deps: deps
	@$(MAKE) --no-print-directory deps DEB_PKGS="$(BENCH_PKGS)"

# Every test twice: an optimised build, then ASan + UBSan; one closing summary.
# The MongoDB-compatible test server is built first (once, into the tools
# cache), and a skipped test fails the run (SMARTSEG_NO_SKIP=1): CI skips nothing.
test: deps
	$(MAKE) --no-print-directory all
	$(MAKE) --no-print-directory all BUILD=build-asan SAN=1 OPT=-O1
	scripts/mongo-server.sh build
	SMARTSEG_NO_SKIP=1 tests/run.sh build build-asan

run: deps all
	scripts/serve.sh $(BUILD) $(PORT)

bench: bench-deps all
	bench/run.sh $(BUILD)

# the CLI against an earlier revision's, side by side: make bench-versus REV=1fc277d
bench-versus: bench-deps all
	bench/versus.sh $(REV) $(BUILD)

clean:
	rm -rf build build-asan $(FUZZ_BUILD)
