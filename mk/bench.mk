# `make bench` (not part of `make test`): kernel and user-mode benchmark figures from the SP kernel
# under QEMU TCG, in TSC cycles and nanoseconds (tools/bench.py, docs/bench.md). Always the gcc SP build
# (build/sp), whatever TOOLCHAIN, FLAVOUR or FIXES say: that is the build the harness boots.
.PHONY: bench
bench: check-tools-test
	@$(MAKE) --no-print-directory TOOLCHAIN=gcc FLAVOUR=sp FIXES= kernel modules
	@BUILDROOT=$(BUILDROOT) python3 tools/bench.py
