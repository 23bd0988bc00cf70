# Tests: cmocka unit tests (ASan+UBSan), fuzzing, wine unit tests, end-to-end.
TB := $(B)/test
TFLAGS := -O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all
UNIT_TESTS := subnet x11setup netinfo config shellenv xauth handoff hostopts firewall winhost ifchoose poller pump forwarder guest
# What the tests link besides their own file: the modules of the Linux programs.
UNIT_DEPS := $(sort $(filter-out %/wslx.c %/wslx_full.c %/wslx_host.c %/doctor.c %/xwindow.c \
	%/fixfw.c,$(FULL_SRC) $(HOST_SRC)))

$(TB)/%.o: %.c
	@mkdir -p $(dir $@)
	@$(CC) $(WARN) $(TFLAGS) $(INC) $(call pc,$(PKG_FULL) cmocka) -MMD -MP -c $< -o $@

$(TB)/lib.a: $(call obj,test,$(UNIT_DEPS))
	@rm -f $@ && ar rcs $@ $^

.PRECIOUS: $(TB)/%.o
$(TB)/unit_%: $(TB)/tests/unit/test_%.o $(TB)/lib.a
	@$(CC) $(TFLAGS) -o $@ $^ $(call pl,$(PKG_FULL) cmocka)

unit: $(addprefix $(TB)/unit_,$(UNIT_TESTS))
	@bash tests/unit/run.sh $^

# libFuzzer targets (tests/fuzz/fuzz_NAME.c, seeds in tests/fuzz/seeds/NAME): a
# short run of each in check, FUZZ_SECONDS each with `make fuzz`.
FUZZ_TARGETS := x11setup xauthfile failed x11reply
FUZZ_SECONDS ?= 300
FUZZ_SMOKE_SECONDS ?= 4
FUZZ_LIB := auth/x11setup.c auth/x11reply.c auth/cookie.c auth/xauthfile.c
$(B)/fuzz_%: tests/fuzz/fuzz_%.c $(FUZZ_LIB)
	@mkdir -p $(B)
	@clang -std=c11 -g -O1 -fsanitize=fuzzer,address,undefined $(INC) -o $@ $^
# fuzz_run NAME SECONDS: one target, its corpus kept in build/, its last line shown.
fuzz_run = mkdir -p $(B)/fuzz-corpus/$(1) && \
	$(B)/fuzz_$(1) -max_total_time=$(2) -max_len=1100 -artifact_prefix=$(B)/fuzz-$(1)- \
	$(B)/fuzz-corpus/$(1) tests/fuzz/seeds/$(1) >$(B)/fuzz-$(1).log 2>&1; rc=$$?; \
	echo "fuzz $(1): $$(grep DONE $(B)/fuzz-$(1).log | tail -1)"; \
	[ $$rc = 0 ] || { tail -30 $(B)/fuzz-$(1).log; exit $$rc; }
fuzz-smoke: $(addprefix $(B)/fuzz_,$(FUZZ_TARGETS))
	@$(foreach t,$(FUZZ_TARGETS),$(call fuzz_run,$(t),$(FUZZ_SMOKE_SECONDS)) &&) \
		echo "fuzz: $(words $(FUZZ_TARGETS)) passed, 0 failed"
fuzz: $(addprefix $(B)/fuzz_,$(FUZZ_TARGETS))
	@$(foreach t,$(FUZZ_TARGETS),$(call fuzz_run,$(t),$(FUZZ_SECONDS)) &&) true

e2e: all
	@bash tests/e2e/run.sh

.PHONY: fuzz-smoke wine-unit
