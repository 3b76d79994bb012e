# Configuration-manager test images (tests/suites/cm.py), built from the SP kernel by `make iso`:
# a corrupt SYSTEM hive (bad base-block checksum) and a missing one, which must stop the system with
# CONFIG_INITIALIZATION_FAILED; a corrupt SOFTWARE hive (a cell running past its bin), which is
# refused while the system carries on; and a SYSTEM hive with CrashControl\AutoReboot = 1 booted
# without onstop=, whose crash behaviour the kernel must take from the hive. (mk/hive.mk is read after
# this file: its variables appear here only in recipes.)

CM_IMAGES := $(BUILDROOT)/cm-images
CM_ISOS   := $(foreach i,corrupt-system missing-system corrupt-software autoreboot,$(BUILDROOT)/cm-$(i).iso)
CM_SP     := $(BUILDROOT)/sp
CM_INPUTS := $(CM_SP)/servpack.elf $(foreach m,SYSTEM SOFTWARE PROGRAMS,$(CM_SP)/modules/$(m)) tools/mkiso.sh mk/cm.mk \
             kernel/cm/system.reg $(BUILDROOT)/host/mkhive

isos: $(CM_ISOS)

# $(1): image name; $(2): command to make its modules/ folder in $$d from the SP modules; $(3): cmdline.
define cm_image
$(BUILDROOT)/cm-$(1).iso: $(CM_INPUTS)
	@echo "  ISO     $$@"
	@d=$(CM_IMAGES)/$(1); rm -rf $$$$d && mkdir -p $$$$d/modules && cp $(CM_SP)/servpack.elf $$$$d/ && \
	 cp $(CM_SP)/modules/* $$$$d/modules/ && $(2) && tools/mkiso.sh -m $$@ 0 "servpack cm-$(1)|$$$$d|$(3)"
endef

CM_POKE = python3 -c 'import sys; f=open(sys.argv[1],"r+b"); f.seek(int(sys.argv[2],0)); f.write(bytes.fromhex(sys.argv[3]))'

$(eval $(call cm_image,corrupt-system,$(CM_POKE) $$$$d/modules/SYSTEM 0x1FC 5a5a5a5a,onstop=exit))
$(eval $(call cm_image,missing-system,rm $$$$d/modules/SYSTEM,onstop=exit))
$(eval $(call cm_image,corrupt-software,$(CM_POKE) $$$$d/modules/SOFTWARE 0x1020 00000f80,onstop=exit))
$(eval $(call cm_image,autoreboot,sed 's/"AutoReboot"=dword:00000000/"AutoReboot"=dword:00000001/' \
    kernel/cm/system.reg > $$$$d/system.reg && SOURCE_DATE_EPOCH=$$(HIVE_EPOCH) $$(MKHIVE) $$$$d/modules/SYSTEM \
    $$$$d/system.reg,ktest=cm_autoreboot))
