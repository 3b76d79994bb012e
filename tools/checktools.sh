#!/bin/sh
# Checks that the host tools a make target needs are installed; names the exact apt-get command if not.
# Usage: checktools.sh build|iso|run|test TOOLCHAIN FIRMWARE DISK
what="$1"; toolchain="$2"; firmware="$3"; disk="$4"
missing=""; packages=""
need() {   # need PACKAGE PATH-OR-COMMAND...
  pkg="$1"; shift
  for t in "$@"; do
    case "$t" in
      /*) [ -e "$t" ] && continue ;;
      *)  command -v "$t" >/dev/null 2>&1 && continue ;;
    esac
    missing="$missing $t"
    case " $packages " in *" $pkg "*) ;; *) packages="$packages $pkg" ;; esac
  done
}
build() {
  need gcc-i686-linux-gnu i686-linux-gnu-gcc
  need binutils-i686-linux-gnu i686-linux-gnu-ld
  need grub-common grub-file
  need python3 python3
  [ "$toolchain" = clang ] && need clang clang
}
iso() {
  build
  need grub-common grub-mkrescue
  need grub-pc-bin /usr/lib/grub/i386-pc/moddep.lst
  need grub-efi-amd64-bin /usr/lib/grub/x86_64-efi/moddep.lst
  need xorriso xorriso
  need mtools mformat
}
run() {
  iso
  need qemu-system-x86 qemu-system-i386 qemu-system-x86_64
  [ "$firmware" = uefi ] && need ovmf /usr/share/OVMF/OVMF_CODE_4M.fd
}
case "$what" in
  build) build ;;
  iso)   iso ;;
  run)   run ;;
  test)  toolchain=clang firmware=uefi; run; need gcc gcc ;;
  *) echo "checktools.sh: unknown target '$what'" >&2; exit 2 ;;
esac
[ -z "$missing" ] && exit 0
sudo=""; [ "$(id -u 2>/dev/null)" = 0 ] || sudo="sudo "
echo "servpack: missing host tools:$missing" >&2
echo "Install them with:" >&2
echo "    ${sudo}apt-get install -y$packages" >&2
echo "(or run 'make deps' to install everything servpack uses)" >&2
exit 1
