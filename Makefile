# servpack top-level build: kernel (two flavours), ISOs, QEMU runs, tests.
# `make` builds both flavours; `make help` lists targets and variables (docs/make-help.txt).
#
# Hook for other areas (rules go in mk/<area>.mk, included below): files that travel with the kernel as
# multiboot2 modules (user programs, hives) are built into $(BUILD)/modules/. Append each file to
# MODULE_FILES and give it a rule:
#     MODULE_FILES += $(BUILD)/modules/SYSTEM
#     $(BUILD)/modules/SYSTEM: kernel/cm/system.reg $(MKHIVE) ; $(MKHIVE) $@ $<
# `make modules` builds them; every image -- make iso, make run, the test harness -- carries all files in
# $(BUILD)/modules/, and GRUB passes each one as a module whose name is the file name. (A module that is
# no longer built stays in that folder until `make clean`.)

FLAVOUR   ?= sp
TOOLCHAIN ?= gcc
FIXES     ?=
FIRMWARE  ?= bios
BOOT      ?= cdrom
DISK      ?=
CMDLINE   ?=
MACHINE   ?= pc
T         ?=
GDB_PORT  ?= $(shell echo $$((1234 + $$(id -u) % 1000)))
MODULE_FILES :=

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

.PHONY: all kernel modules iso isos run run-image run-serial debug gdb test test-list deps print-deps check-tools clean help
.DEFAULT_GOAL := all

all:
	@$(MAKE) --no-print-directory FLAVOUR=rtm kernel modules
	@$(MAKE) --no-print-directory FLAVOUR=sp kernel modules

kernel: check-tools-build $(KERNEL)


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

# ---- After the mk/*.mk files, so that MODULE_FILES is complete. -----------------------------------

# What goes into an image of this variant: the listed modules and whatever else is in modules/.
MODULES_IN_IMAGE = $(sort $(MODULE_FILES) $(wildcard $(BUILD)/modules $(BUILD)/modules/*))

modules: $(MODULE_FILES)
	@:

# ---- Images. Each flavour image boots straight into its kernel; servpack.iso offers both (default SP).

ISOS := $(BUILDROOT)/servpack-rtm.iso $(BUILDROOT)/servpack-sp.iso $(BUILDROOT)/servpack.iso
image_inputs = $(BUILDROOT)/$(1)/servpack.elf $(wildcard $(BUILDROOT)/$(1)/modules $(BUILDROOT)/$(1)/modules/*) \
               tools/mkiso.sh
TITLE_sp  := servpack SP (Service Pack: all KB fixes applied)
TITLE_rtm := servpack RTM (as released: the KB bugs are present)

iso: check-tools-iso
	@$(MAKE) --no-print-directory FLAVOUR=rtm kernel modules
	@$(MAKE) --no-print-directory FLAVOUR=sp kernel modules
	@$(MAKE) --no-print-directory isos

isos: $(ISOS)
	@:

define flavour_image
$(BUILDROOT)/servpack-$(1).iso: $(call image_inputs,$(1))
	@echo "  ISO     $$@"
	@tools/mkiso.sh $$@ 0 "$(TITLE_$(1))|$(BUILDROOT)/$(1)|"
endef
$(foreach f,rtm sp,$(eval $(call flavour_image,$(f))))

$(BUILDROOT)/servpack.iso: $(call image_inputs,sp) $(call image_inputs,rtm)
	@echo "  ISO     $@"
	@tools/mkiso.sh $@ 5 "$(TITLE_sp)|$(BUILDROOT)/sp|" "$(TITLE_rtm)|$(BUILDROOT)/rtm|"

# ---- Running. run.iso is this variant with CMDLINE; it is rebuilt when the kernel, modules or CMDLINE change.

RUN_ISO   := $(BUILD)/run.iso
RUN_CMD   := $(BUILD)/run.cmdline
QEMU_RUN  := python3 tools/qemu.py --firmware $(FIRMWARE) --boot $(BOOT) --machine $(MACHINE) \
             --vars $(BUILDROOT)/ovmf-vars.fd $(if $(DISK),--disk $(DISK) --disk-image $(BUILDROOT)/disk.img)

$(RUN_CMD): FORCE
	@mkdir -p $(dir $@)
	@echo '$(subst ','"'"',$(CMDLINE))' > $@.tmp
	@cmp -s $@.tmp $@ && rm -f $@.tmp || mv $@.tmp $@

$(RUN_ISO): $(KERNEL) $(MODULES_IN_IMAGE) $(RUN_CMD) tools/mkiso.sh
	@echo "  ISO     $@"
	@tools/mkiso.sh $@ 0 "servpack $(VARIANT)|$(BUILD)|$$(cat $(RUN_CMD))"

# Kernel and modules first (some areas hang their modules on `kernel`), then the image, then QEMU.
define prepare_run
	@$(MAKE) --no-print-directory kernel modules
	@$(MAKE) --no-print-directory run-image
endef

run-image: $(RUN_ISO)
	@:

run: check-tools-run
	$(prepare_run)
	@$(QEMU_RUN) $(RUN_ISO)

run-serial: check-tools-run
	$(prepare_run)
	@$(QEMU_RUN) --display serial $(RUN_ISO)

# A GDB script with the kernel's symbols and a per-user port, so several students can share one host.
# Under UEFI QEMU is x86_64 (OVMF needs it), so GDB must take its registers as 64-bit ones: breakpoints
# and variables work, but 32-bit frames and arguments are misread there. FIRMWARE=bios debugs best.
$(BUILD)/gdbinit: FORCE
	@{ $(if $(filter uefi,$(FIRMWARE)),echo 'set architecture i386:x86-64';) \
	   echo 'file $(abspath $(KERNEL))'; \
	   echo 'target remote 127.0.0.1:$(GDB_PORT)'; \
	   echo 'break KiSystemStartup'; \
	   echo 'echo servpack: QEMU is stopped at reset; "continue" runs to KiSystemStartup\n'; } > $@

debug: check-tools-run $(BUILD)/gdbinit
	$(prepare_run)
	@echo "servpack: QEMU waits for GDB on port $(GDB_PORT). In another terminal run:"
	@echo "    make gdb$(if $(FIXES), FIXES=\"$(FIXES)\",$(if $(filter rtm,$(FLAVOUR)), FLAVOUR=rtm))    (that is: gdb -x $(BUILD)/gdbinit)"
	@$(QEMU_RUN) --gdb $(GDB_PORT) $(RUN_ISO)

gdb:
	@test -f $(BUILD)/gdbinit || { echo "servpack: no $(BUILD)/gdbinit yet: start 'make debug' first"; exit 1; }
	gdb -q -x $(BUILD)/gdbinit

# ---- Tests: both flavours with GCC, a Clang build check, the images, then tests/run.py (T=prefix).

test: check-tools-test
	@$(MAKE) --no-print-directory all
	@$(if $(T),,$(MAKE) --no-print-directory TOOLCHAIN=clang all)
	@$(MAKE) --no-print-directory iso
	@BUILDROOT=$(BUILDROOT) python3 tests/run.py $(T)

test-list:
	@BUILDROOT=$(BUILDROOT) python3 tests/run.py --list

# ---- Host tools: each target checks what it needs and names the exact apt-get command.

DEPS         := make gcc python3 gcc-i686-linux-gnu binutils-i686-linux-gnu clang grub-common grub-pc-bin \
                grub-efi-amd64-bin xorriso mtools qemu-system-x86 ovmf dosfstools libhivex-bin
DEPS_DESKTOP := qemu-system-gui gdb
SUDO         := $(if $(filter 0,$(shell id -u)),,sudo)

check-tools-%:
	@tools/checktools.sh $* $(TOOLCHAIN) $(FIRMWARE) $(DISK)

deps:
	$(SUDO) apt-get update
	$(SUDO) apt-get install -y --no-install-recommends $(DEPS) $(DEPS_DESKTOP)

print-deps:
	@echo $(DEPS)

clean:
	rm -rf $(BUILDROOT)

help:
	@sed -n 's/^## \{0,1\}//p' docs/make-help.txt
