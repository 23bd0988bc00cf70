# Tests: cmocka unit tests (ASan+UBSan), fuzzing, wine unit tests, end-to-end.
TB := $(B)/test
TFLAGS := -O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all
UNIT_TESTS := subnet x11setup netinfo config shellenv xauth handoff hostopts firewall winhost ifchoose
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

# The setup parser under libFuzzer: a short run in check, longer with `make fuzz`.
$(B)/fuzz_x11setup: tests/fuzz/fuzz_x11setup.c auth/x11setup.c auth/cookie.c
	@mkdir -p $(B)
	@clang -std=c11 -g -O1 -fsanitize=fuzzer,address,undefined $(INC) -o $@ $^
fuzz-smoke: $(B)/fuzz_x11setup
	@mkdir -p $(B)/fuzz-corpus
	@$(B)/fuzz_x11setup -max_total_time=10 -max_len=400 $(B)/fuzz-corpus tests/fuzz/seeds \
		>$(B)/fuzz-smoke.log 2>&1; rc=$$?; tail -1 $(B)/fuzz-smoke.log; \
		[ $$rc = 0 ] || { tail -30 $(B)/fuzz-smoke.log; exit $$rc; }
fuzz: $(B)/fuzz_x11setup
	@mkdir -p $(B)/fuzz-corpus
	$(B)/fuzz_x11setup -max_total_time=300 -max_len=400 $(B)/fuzz-corpus tests/fuzz/seeds

e2e: all
	@bash tests/e2e/run.sh

.PHONY: fuzz-smoke wine-unit
