# Registry hives: the host tool mkhive (built from the kernel's own hive code, kernel/cm/hv*.c), the
# SYSTEM and SOFTWARE hives GRUB passes to the kernel as modules, and `make fuzz` (a long run of the
# hive parser fuzz test; `make test` runs a short one; FUZZ_SECONDS=120 and FUZZ_SEED=N choose the run).

HOSTCC       ?= gcc
HOST_WARN    := -Wall -Wextra -Werror -Wno-unused-parameter
MKHIVE       := $(BUILDROOT)/host/mkhive
MKHIVE_SRC   := $(wildcard tools/mkhive/*.c) $(filter-out kernel/cm/hvktest.c,$(wildcard kernel/cm/hv*.c)) \
                lib/rtl/format.c lib/rtl/rtlstring.c
MKHIVE_HDR   := $(wildcard tools/mkhive/*.h kernel/cm/hv*.h) kernel/include/hive.h lib/include/rtl.h lib/include/ntdef.h
HIVES        := $(BUILD)/modules/SYSTEM $(BUILD)/modules/SOFTWARE
# Hive timestamps come from the last commit, so rebuilding the same tree gives the same bytes.
HIVE_EPOCH   := $(shell git log -1 --format=%ct 2>/dev/null || echo 0)
FUZZ_SECONDS ?= 120

.PHONY: hives fuzz

MODULE_FILES += $(HIVES)
hives: $(HIVES)

$(MKHIVE): $(MKHIVE_SRC) $(MKHIVE_HDR)
	@mkdir -p $(dir $@)
	@echo "  HOSTCC  $@"
	@$(HOSTCC) -std=gnu11 -O2 -g $(HOST_WARN) -Ikernel/include -Ilib/include -Itools/mkhive $(MKHIVE_SRC) -o $@

$(BUILD)/modules/SYSTEM: kernel/cm/system.reg $(MKHIVE)
	@mkdir -p $(dir $@)
	@echo "  MKHIVE  $@"
	@SOURCE_DATE_EPOCH=$(HIVE_EPOCH) $(MKHIVE) $@ $<

$(BUILD)/modules/SOFTWARE: kernel/cm/software.reg $(MKHIVE)
	@mkdir -p $(dir $@)
	@echo "  MKHIVE  $@"
	@SOURCE_DATE_EPOCH=$(HIVE_EPOCH) $(MKHIVE) $@ $<

HIVE_FUZZ := $(BUILDROOT)/host/test_hive_fuzz
$(HIVE_FUZZ): tests/unit/test_hive_fuzz.c $(MKHIVE_SRC) $(MKHIVE_HDR)
	@mkdir -p $(dir $@)
	@echo "  HOSTCC  $@"
	@$(HOSTCC) -std=gnu11 -O1 -g -fsanitize=address,undefined -fno-sanitize-recover=all $(HOST_WARN) \
		-Ikernel/include -Ilib/include -Itools/mkhive tests/unit/test_hive_fuzz.c \
		$(filter-out tools/mkhive/mkhive.c,$(MKHIVE_SRC)) -o $@

fuzz: $(HIVE_FUZZ)
	$(HIVE_FUZZ) --seconds $(FUZZ_SECONDS) $(if $(FUZZ_SEED),--seed $(FUZZ_SEED))
