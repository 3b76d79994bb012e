# `make bench` (not part of `make test`): kernel and user-mode benchmark figures from the SP kernel
# under QEMU TCG, in TSC cycles and nanoseconds (tools/bench.py, docs/bench.md).
.PHONY: bench
bench: check-tools-test
	@$(MAKE) --no-print-directory FLAVOUR=sp kernel modules
	@BUILDROOT=$(BUILDROOT) python3 tools/bench.py
