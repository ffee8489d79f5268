# Conveniences; CI runs .ci/run. See README.md and docs/VM.md.
.PHONY: agent qga vm test test-vm test-libvirt licenses man deb version

# The version every build and package carries: git describe, or VERSION.
VERSION := $(shell sh packaging/version)
LDFLAGS := -X main.Version=$(VERSION)

# The release build: a static binary that runs in any Linux guest (no libc
# needed), and starts faster and lighter than a dynamically linked one.
agent:
	CGO_ENABLED=0 go build -trimpath -ldflags '$(LDFLAGS)' -o bin/goqga ./cmd/agent

qga:
	CGO_ENABLED=0 go build -trimpath -o bin/qga ./cmd/qga

version:
	@echo $(VERSION)

# THIRD_PARTY_LICENSES from the modules the binaries link (a test in
# cmd/thirdparty fails while it is out of date).
licenses:
	go run ./cmd/thirdparty > THIRD_PARTY_LICENSES.new && mv THIRD_PARTY_LICENSES.new THIRD_PARTY_LICENSES

# The man pages goqga(8) and qga(1), generated from the options' own help.
man:
	mkdir -p bin/man
	go run ./cmd/agent --man > bin/man/goqga.8
	go run ./cmd/qga --man > bin/man/qga.1

# The Debian package bin/goqga_VERSION_amd64.deb (packaging/deb/build).
deb:
	sh packaging/deb/build bin

# Boot a real VM (QEMU) with the agent on its virtio-serial port and print
# how to talk to it; Ctrl-C stops it. Needs qemu-system-x86 and e2fsprogs.
vm:
	go run ./test/vm/cmd/vmrun

# The same, but the Debian 12 guest (systemd) with the goqga .deb installed
# (needs mmdebstrap and root the first time, to make its root filesystem).
vm-debian:
	go run ./test/vm/cmd/vmrun -debian

# The README's test command.
test:
	go test -race ./...

# The end-to-end suite in real VMs (about 3 minutes under TCG).
test-vm:
	go test -race -tags vm -count=1 -timeout 30m -v ./test/vm/

# The VM suite's guest under a private libvirtd, driven by virsh (root;
# docs/LIBVIRT.md). AGENT=qemu-ga runs it against Debian's qemu-ga.
test-libvirt:
	GOQGA_LIBVIRT_AGENT=$(or $(AGENT),goqga) go test -race -tags libvirt -count=1 -timeout 20m -v ./test/libvirt/
