# servpack top-level build: kernel (two flavours), ISOs, QEMU runs, tests.
# `make` builds both flavours; `make help` lists targets and variables.

FLAVOUR   ?= sp
TOOLCHAIN ?= gcc
FIXES     ?=
FIRMWARE  ?= bios
BOOT      ?= cdrom
DISK      ?=
CMDLINE   ?=
T         ?=

KB_TABLE := kernel/include/kbfixes.h
KB_ALL   := $(shell grep -o '^KB_FIX.Q[0-9]*' $(KB_TABLE) | cut -c8-)

# The set of applied fixes decides the variant: rtm = none, sp = all, or a custom FIXES list.
ifneq ($(strip $(FIXES)),)
  APPLIED := $(sort $(FIXES))
  UNKNOWN := $(filter-out $(KB_ALL),$(APPLIED))
  ifneq ($(UNKNOWN),)
    $(error FIXES names unknown KB ids: $(UNKNOWN) (known: $(KB_ALL)))
  endif
  VARIANT := custom-$(subst $(eval) ,-,$(APPLIED))
else ifeq ($(FLAVOUR),rtm)
  APPLIED :=
  VARIANT := rtm
else ifeq ($(FLAVOUR),sp)
  APPLIED := $(KB_ALL)
  VARIANT := sp
else
  $(error FLAVOUR must be rtm or sp, not '$(FLAVOUR)')
endif

BUILDROOT ?= build
ifeq ($(TOOLCHAIN),clang)
  CC      := clang --target=i686-unknown-none-elf
  BUILD   := $(BUILDROOT)/clang-$(VARIANT)
else ifeq ($(TOOLCHAIN),gcc)
  CC      := i686-linux-gnu-gcc
  BUILD   := $(BUILDROOT)/$(VARIANT)
else
  $(error TOOLCHAIN must be gcc or clang)
endif
LD      := i686-linux-gnu-ld
OBJCOPY := i686-linux-gnu-objcopy
NM      := i686-linux-gnu-nm
LIBGCC  := $(shell i686-linux-gnu-gcc -print-libgcc-file-name 2>/dev/null)

WARN    := -Wall -Wextra -Werror -Wno-unused-parameter
CFLAGS  := -std=gnu11 -O2 -g -ffreestanding -fno-pie -fno-stack-protector -fno-builtin \
           -mgeneral-regs-only -fno-omit-frame-pointer -fno-strict-aliasing -MMD -MP $(WARN) \
           -Ikernel/include -Ilib/include -I$(BUILD)/gen
ifeq ($(TOOLCHAIN),clang)
  CFLAGS += -fno-integrated-as
endif
ASFLAGS := $(CFLAGS) -D__ASSEMBLY__

KERNEL_SRC := $(wildcard boot/*.S kernel/*/*.c kernel/*/*.S drivers/*/*.c lib/rtl/*.c)
KERNEL_OBJ := $(patsubst %,$(BUILD)/obj/%.o,$(KERNEL_SRC)) $(BUILD)/obj/gen/font8x8.c.o
KERNEL     := $(BUILD)/servpack.elf
KBCONFIG   := $(BUILD)/gen/kbconfig.h

.PHONY: all kernel iso run run-serial debug test bench deps check-tools clean help
.DEFAULT_GOAL := all

all:
	@$(MAKE) --no-print-directory FLAVOUR=rtm kernel
	@$(MAKE) --no-print-directory FLAVOUR=sp kernel

kernel: $(KERNEL)


# kbconfig.h is rewritten only when the applied set changes, so flavours rebuild only what they must.
$(KBCONFIG): FORCE
	@mkdir -p $(dir $@)
	@tools/mkkbconfig.sh "$(VARIANT)" "$(APPLIED)" "$(KB_ALL)" > $@.tmp
	@cmp -s $@.tmp $@ && rm -f $@.tmp || mv $@.tmp $@

$(BUILD)/obj/%.c.o: %.c | $(KBCONFIG)
	@mkdir -p $(dir $@)
	@echo "  CC      $<"
	@$(CC) $(CFLAGS) -c $< -o $@

$(BUILD)/gen/font8x8.c: kernel/hal/font8x8.txt tools/mkfont.py
	@mkdir -p $(dir $@)
	@python3 tools/mkfont.py $< $@

$(BUILD)/obj/gen/font8x8.c.o: $(BUILD)/gen/font8x8.c | $(KBCONFIG)
	@mkdir -p $(dir $@)
	@echo "  CC      $<"
	@$(CC) $(CFLAGS) -c $< -o $@

$(BUILD)/obj/%.S.o: %.S | $(KBCONFIG)
	@mkdir -p $(dir $@)
	@echo "  AS      $<"
	@$(CC) $(ASFLAGS) -c $< -o $@

# Link twice: the second pass embeds the kernel's own symbol table (for symbolized stack dumps).
$(KERNEL): $(KERNEL_OBJ) linker.ld tools/mksyms.sh
	@echo "  LD      $@"
	@tools/mksyms.sh /dev/null $(BUILD)/syms0.S
	@$(CC) $(ASFLAGS) -c $(BUILD)/syms0.S -o $(BUILD)/syms0.o
	@$(LD) -m elf_i386 -no-pie -T linker.ld -o $@.tmp $(KERNEL_OBJ) $(BUILD)/syms0.o $(LIBGCC)
	@$(NM) -n $@.tmp > $(BUILD)/kernel.nm
	@tools/mksyms.sh $(BUILD)/kernel.nm $(BUILD)/syms.S
	@$(CC) $(ASFLAGS) -c $(BUILD)/syms.S -o $(BUILD)/syms.o
	@$(LD) -m elf_i386 -no-pie -T linker.ld -o $@ $(KERNEL_OBJ) $(BUILD)/syms.o $(LIBGCC)
	@rm -f $@.tmp
	@grub-file --is-x86-multiboot2 $@ || { echo "error: $@ is not a multiboot2 kernel"; exit 1; }

FORCE:

# Each area's extra rules (user programs, host tools, tests) live in mk/*.mk.
include $(sort $(wildcard mk/*.mk))

-include $(KERNEL_OBJ:.o=.d)

clean:
	rm -rf build

help:
	@sed -n 's/^## \{0,1\}//p' docs/make-help.txt
