# wslx: see README.md.  `make demo` and `make check` do all the set-up.
CC ?= cc
PREFIX ?= /usr/local
DESTDIR ?=
B := build
WARN := -std=c11 -D_GNU_SOURCE -Wall -Wextra -Werror -Wshadow -Wformat=2
INC := -Iauth -Ifirewall -Ibridge/guest -Ibridge/host -Ibridge/handoff -Ibridge/sys
CFLAGS ?= -O2 -g
PKG_GUEST := xau inih
PKG_FULL := xau inih xcb x11 libnftables
PKG_HOST := inih libnftables
pc = $(shell pkg-config --cflags $(1))
pl = $(shell pkg-config --libs $(1))

# What goes into each program, by folder (README: Layout).  A module that differs
# by platform has one header and a variant per platform beside it, the same stem
# with a suffix; $(call variant,SUFFIXES,STEMS) picks, for each stem, the first
# variant that exists: "linux posix" for the Linux programs, "win" for Windows.
variant = $(foreach s,$(2),$(firstword $(wildcard $(foreach x,$(1),$(s)_$(x).c))))
LINUX := linux posix

AUTH := auth/subnet.c auth/cookie.c auth/xauthfile.c auth/x11setup.c auth/x11reply.c
# The firewall's rule model and the scripts' text (portable), then what runs them
# from Linux (libnftables; powershell.exe through WSL interop).
FW_RULES := firewall/rule.c firewall/textbuf.c firewall/nft.c firewall/winscript.c \
	firewall/winapply.c
FW_RUN_LINUX := firewall/nft_run.c firewall/winrun.c $(call variant,$(LINUX),firewall/winrun)
SYS := bridge/sys/parse.c bridge/sys/sysroot.c bridge/sys/fileio.c bridge/sys/interop.c \
	$(call variant,$(LINUX),bridge/sys/inifile)

# The guest: `wslx` (env and show, static, on every shell start) and `wslx-full`
# (doctor, test, fix-firewall: the X and nftables libraries).
GUEST := $(addprefix bridge/guest/,guest.c display.c config.c netinfo.c shellenv.c \
	wslconf.c handoffdir.c) bridge/handoff/handoff.c bridge/handoff/handoff_read.c auth/xauthority.c $(AUTH) $(SYS)
WSLX_SRC := bridge/guest/wslx.c $(GUEST)
FULL_SRC := bridge/guest/wslx_full.c $(GUEST) \
	$(addprefix bridge/guest/,doctor.c xwindow.c fixfw.c) $(FW_RULES) $(FW_RUN_LINUX)

# The host: `wslx-host` (Linux) and `wslx-host.exe` (mingw-w64) from the same
# modules, with their platform's variants.
HOST := $(addprefix bridge/host/,wslx_host.c hostcore.c hostopts.c forwarder.c pump.c \
	log.c ifchoose.c hostfw.c) bridge/handoff/handoff.c bridge/handoff/handoff_write.c bridge/sys/parse.c \
	bridge/sys/winargv.c $(AUTH) $(FW_RULES)
HOST_VARIANTS := bridge/host/watcher bridge/host/ifaddr bridge/host/hostfw bridge/sys/netsock \
	bridge/sys/poller bridge/sys/platform bridge/sys/inifile
HOST_SRC := $(HOST) $(call variant,$(LINUX),$(HOST_VARIANTS)) $(FW_RUN_LINUX) \
	bridge/sys/sysroot.c bridge/sys/fileio.c bridge/sys/interop.c
WIN_SRC := $(HOST) firewall/winrun.c $(call variant,win,$(HOST_VARIANTS) firewall/winrun)

obj = $(patsubst %.c,$(B)/$(1)/%.o,$(2))

all: $(B)/wslx $(B)/wslx-full $(B)/wslx-host

$(B)/rel/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(WARN) $(CFLAGS) $(INC) $(call pc,$(PKG_FULL)) -MMD -MP -c $< -o $@

# wslx is static when the static libraries exist: a dynamic link costs more than
# the work `wslx env` does at every shell start.
STATIC := $(shell test -e /usr/lib/x86_64-linux-gnu/libXau.a -a -e /usr/lib/x86_64-linux-gnu/libinih.a && echo -static)
$(B)/wslx: $(call obj,rel,$(WSLX_SRC))
	$(CC) $(CFLAGS) $(STATIC) -o $@ $^ $(call pl,$(PKG_GUEST))

$(B)/wslx-full: $(call obj,rel,$(FULL_SRC))
	$(CC) $(CFLAGS) -o $@ $^ $(call pl,$(PKG_FULL))

$(B)/wslx-host: $(call obj,rel,$(HOST_SRC))
	$(CC) $(CFLAGS) -o $@ $^ $(call pl,$(PKG_HOST))

-include $(shell find $(B) -name '*.d' 2>/dev/null)

include tests/tests.mk

.PHONY: all check demo bench install uninstall clean lint fuzz windows deps unit e2e dist powershell
deps:
	@bash scripts/deps.sh

demo: deps
	@$(MAKE) --no-print-directory all
	bash scripts/demo.sh

bench: deps
	@$(MAKE) --no-print-directory all $(B)/x11bench
	bash tests/bench/run.sh

# Every suite runs even when one fails; the last line sums them all up.
check: deps
	@$(MAKE) --no-print-directory all
	@MAKE="$(MAKE)" bash tests/check.sh

install: all
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/libexec/wslx \
		$(DESTDIR)$(PREFIX)/share/man/man1 $(DESTDIR)$(PREFIX)/share/wslx \
		$(DESTDIR)$(PREFIX)/share/bash-completion/completions \
		$(DESTDIR)$(PREFIX)/share/zsh/site-functions \
		$(DESTDIR)$(PREFIX)/share/fish/vendor_completions.d
	install -s -m 0755 $(B)/wslx $(B)/wslx-host $(DESTDIR)$(PREFIX)/bin/
	install -s -m 0755 $(B)/wslx-full $(DESTDIR)$(PREFIX)/libexec/wslx/
	install -m 0644 scripts/man/wslx.1 scripts/man/wslx-host.1 $(DESTDIR)$(PREFIX)/share/man/man1/
	install -m 0644 scripts/wslx-profile.sh $(DESTDIR)$(PREFIX)/share/wslx/
	install -m 0644 scripts/completion/wslx.bash $(DESTDIR)$(PREFIX)/share/bash-completion/completions/wslx
	ln -sf wslx $(DESTDIR)$(PREFIX)/share/bash-completion/completions/wslx-host
	install -m 0644 scripts/completion/_wslx scripts/completion/_wslx-host \
		$(DESTDIR)$(PREFIX)/share/zsh/site-functions/
	install -m 0644 scripts/completion/wslx.fish scripts/completion/wslx-host.fish \
		$(DESTDIR)$(PREFIX)/share/fish/vendor_completions.d/

# What `make install` put, removed, and wslx's own directories (the standard
# ones, bin or share/man, stay).
INSTALLED := bin/wslx bin/wslx-host libexec/wslx/wslx-full share/man/man1/wslx.1 \
	share/man/man1/wslx-host.1 share/wslx/wslx-profile.sh \
	share/bash-completion/completions/wslx share/bash-completion/completions/wslx-host \
	share/zsh/site-functions/_wslx share/zsh/site-functions/_wslx-host \
	share/fish/vendor_completions.d/wslx.fish share/fish/vendor_completions.d/wslx-host.fish
uninstall:
	rm -f $(addprefix $(DESTDIR)$(PREFIX)/,$(INSTALLED))
	-rmdir $(DESTDIR)$(PREFIX)/libexec/wslx $(DESTDIR)$(PREFIX)/share/wslx 2>/dev/null

LINT_SRC = $(shell git ls-files '*.c' '*.h' 2>/dev/null)
lint:
	@clang-format --dry-run --Werror $(LINT_SRC)
	@cppcheck --quiet --error-exitcode=1 --enable=warning,portability,performance \
		--inline-suppr --suppress=missingIncludeSystem -D__linux__ $(INC) \
		$(filter %.c,$(LINT_SRC))
	@echo "lint: clang-format and cppcheck clean ($(words $(LINT_SRC)) files)"
	@bash tests/layering.sh
	@bash tests/layering.sh --self-test

clean:
	rm -rf $(B)

# The Windows half: wslx-host.exe and its portable unit tests, with mingw-w64.
WINCC := x86_64-w64-mingw32-gcc
WB := $(B)/win
WINFLAGS := -std=c11 -Wall -Wextra -Werror -Wshadow -O2 -g -D_WIN32_WINNT=0x0601 $(INC)
# No shell32 (it loads user32, and a console program with user32 gets no
# logoff or shutdown event): winargv.c splits the command line.
WIN_LIBS := -static -lws2_32 -liphlpapi -lbcrypt -ladvapi32
WIN_UNIT := subnet x11setup firewall winhost ifchoose poller

$(WB)/%.o: %.c
	@mkdir -p $(dir $@)
	@$(WINCC) $(WINFLAGS) -Itests/unit/wincmocka -MMD -MP -c $< -o $@

$(WB)/wslx-host.exe: $(call obj,win,$(WIN_SRC))
	$(WINCC) -o $@ $^ $(WIN_LIBS)

$(WB)/unit_%.exe: $(WB)/tests/unit/test_%.o $(call obj,win,$(filter-out %/wslx_host.c,$(WIN_SRC)))
	@$(WINCC) -o $@ $^ $(WIN_LIBS) -lshell32

windows: $(WB)/wslx-host.exe $(addprefix $(WB)/unit_,$(addsuffix .exe,$(WIN_UNIT)))

# The Windows download: wslx-host.exe, the scripts and a short README.
DIST := $(B)/dist
DIST_FILES := $(WB)/wslx-host.exe scripts/wslx-start.ps1 scripts/wslx-install.ps1
$(DIST)/wslx-windows.zip: $(DIST_FILES) scripts/README-windows.txt
	@rm -rf $(DIST)/wslx-windows $@ && mkdir -p $(DIST)/wslx-windows
	@cp $(DIST_FILES) $(DIST)/wslx-windows/
	@cp scripts/README-windows.txt $(DIST)/wslx-windows/README.txt
	@cd $(DIST) && python3 -m zipfile -c wslx-windows.zip wslx-windows
	@echo "dist: $@"
dist: $(DIST)/wslx-windows.zip

# Every PowerShell line wslx ships or generates, run under pwsh against the
# Windows stand-ins (tests/ps), installed from the unpacked zip.
powershell: all $(DIST)/wslx-windows.zip
	@bash tests/ps/run.sh

wine-unit: windows
	@bash tests/unit/wine.sh $(addprefix $(WB)/unit_,$(addsuffix .exe,$(WIN_UNIT)))

$(B)/x11bench: tests/bench/x11bench.c
	$(CC) $(WARN) -O2 -o $@ $< $(call pl,xcb)
