# User mode: the libraries (ntdll, kernel32, crt, and lib/rtl shared with the kernel) as one static
# archive, every user/<prog>/*.c linked against it into $(BUILD)/user/<prog>.exe (a static i386 ELF
# based at 0x00400000, lib/user.ld), and all programs packed into the PROGRAMS boot module.

AR         := i686-linux-gnu-ar
# The C runtime's headers come first: kernel/include has an io.h of its own (the I/O manager).
USER_CFLAGS := -Ilib/crt/include $(CFLAGS)
USER_LIB_SRC := $(wildcard lib/ntdll/*.c lib/ntdll/*.S lib/kernel32/*.c lib/kernel32/*.S lib/crt/*.c lib/rtl/*.c)
USER_LIB_OBJ := $(patsubst %,$(BUILD)/uobj/%.o,$(USER_LIB_SRC))
USER_LIB     := $(BUILD)/user/libservpack.a
USER_PROGS   := $(sort $(notdir $(patsubst %/,%,$(dir $(wildcard user/*/*.c)))))   # folders with sources
USER_EXES    := $(patsubst %,$(BUILD)/user/%.exe,$(USER_PROGS))
PROGRAMS     := $(BUILD)/modules/PROGRAMS

MODULE_FILES += $(PROGRAMS)

.PHONY: programs
programs: $(PROGRAMS)

$(BUILD)/uobj/%.c.o: %.c | $(KBCONFIG)
	@mkdir -p $(dir $@)
	@echo "  CC      $<"
	@$(CC) $(USER_CFLAGS) -c $< -o $@

$(BUILD)/uobj/%.S.o: %.S | $(KBCONFIG)
	@mkdir -p $(dir $@)
	@echo "  AS      $<"
	@$(CC) $(USER_CFLAGS) -D__ASSEMBLY__ -c $< -o $@

$(USER_LIB): $(USER_LIB_OBJ)
	@mkdir -p $(dir $@)
	@echo "  AR      $@"
	@rm -f $@ && $(AR) rcs $@ $^

# A program is every .c file in its folder; mainCRTStartup (lib/crt/start.c) is its entry point.
user_objs = $(patsubst %,$(BUILD)/uobj/%.o,$(wildcard user/$(1)/*.c))
.SECONDEXPANSION:
$(BUILD)/user/%.exe: $$(call user_objs,$$*) $(USER_LIB) lib/user.ld
	@echo "  LD      $@"
	@$(LD) -m elf_i386 -static -nostdlib -T lib/user.ld -u mainCRTStartup -o $@ \
	    $(filter %.o,$^) $(USER_LIB) $(LIBGCC)

# The archive carries copies without debug information; the .exe files keep it for gdb.
$(BUILD)/programs/%.exe: $(BUILD)/user/%.exe
	@mkdir -p $(dir $@)
	@$(OBJCOPY) --strip-debug $< $@

# A malformed member for the loader tests: hello.exe cut short (its program headers point past the end).
$(BUILD)/programs/corrupt.exe: $(BUILD)/programs/hello.exe
	@head -c 200 $< > $@

$(PROGRAMS): tools/mkarchive.py $(patsubst %,$(BUILD)/programs/%.exe,$(USER_PROGS)) $(BUILD)/programs/corrupt.exe
	@mkdir -p $(dir $@)
	@echo "  ARCHIVE $@"
	@python3 tools/mkarchive.py $@ $(filter %.exe,$^)

.SECONDARY: $(foreach p,$(USER_PROGS),$(call user_objs,$(p))) $(USER_EXES)

-include $(USER_LIB_OBJ:.o=.d) $(patsubst %,$(BUILD)/uobj/%.d,$(wildcard user/*/*.c))
