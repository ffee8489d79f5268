# Conveniences; CI runs .ci/run. See README.md and docs/VM.md.
.PHONY: agent vm test test-vm

# The release build: a static binary that runs in any Linux guest (no libc
# needed), and starts faster and lighter than a dynamically linked one.
agent:
	CGO_ENABLED=0 go build -trimpath -o bin/goqga ./cmd/agent

# Boot a real VM (QEMU) with the agent on its virtio-serial port and print
# how to talk to it; Ctrl-C stops it. Needs qemu-system-x86 and e2fsprogs.
vm:
	go run ./test/vm/cmd/vmrun

# The README's test command.
test:
	go test -race ./...

# The end-to-end suite in real VMs (about 3 minutes under TCG).
test-vm:
	go test -race -tags vm -count=1 -timeout 30m -v ./test/vm/
