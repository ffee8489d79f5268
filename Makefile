# Conveniences; CI runs .ci/run. See README.md and docs/VM.md.
.PHONY: vm test test-vm

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
