package config

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/spf13/pflag"
)

// oursDefault is the tail of -D with every option of ours at its default,
// in --help order.
const oursDefault = `os=linux
max-message-bytes=67108864
max-inflight-bytes=16777216
max-reply-bytes=16777216
memory-limit=134217728
faults=
max-handles=1024
freeze-timeout=10m0s
vsock-allow-cids=
file-allow=
file-mode=0600
exec-max=64
exec-ttl=10m0s
exec-allow=
sim-config=
sim-journal=
sim-root=
`

func TestDumpDefaults(t *testing.T) {
	var b strings.Builder
	want(nil).Dump(&b)
	const golden = `[general]
daemon=false
method=virtio-serial
path=/dev/virtio-ports/org.qemu.guest_agent.0
pidfile=/var/run/qemu-ga.pid
statedir=/var/run
verbose=false
retry-path=false
block-rpcs=
allow-rpcs=
` + oursDefault
	if d := cmp.Diff(golden, b.String()); d != "" {
		t.Errorf("Dump (-want +got):\n%s", d)
	}
}

func TestDumpFull(t *testing.T) {
	c := want(func(c *Config) {
		c.Daemonize, c.Verbose, c.RetryPath = true, true, true
		c.LogFile, c.FsfreezeHook = "/l", " /odd\tpath\\ "
		c.BlockRPCs = []string{"guest-exec", "guest-ping"}
	})
	var b strings.Builder
	c.Dump(&b)
	const golden = `[general]
daemon=true
method=virtio-serial
path=/dev/virtio-ports/org.qemu.guest_agent.0
logfile=/l
pidfile=/var/run/qemu-ga.pid
fsfreeze-hook=\s/odd\tpath\\\s
statedir=/var/run
verbose=true
retry-path=true
block-rpcs=guest-exec;guest-ping;
allow-rpcs=
` + oursDefault
	if d := cmp.Diff(golden, b.String()); d != "" {
		t.Errorf("Dump (-want +got):\n%s", d)
	}
}

// TestDumpRoundTrip: Dump's output, read back with -c, gives the same
// Config (except ConfigFile, which names the file read).
func TestDumpRoundTrip(t *testing.T) {
	tests := [][]string{
		nil,
		{"-m", "isa-serial"},
		{"-m", "unix-listen", "-p", "/run/qga.sock", "-d", "-v", "-r", "-l", "/var/log/qga.log"},
		{"-m", "vsock-listen", "-p", "3:1234", "-F", "-t", "/st", "-f", "/pid"},
		{"-b", "a,b", "-b", "c"},
		{"--allow-rpcs=guest-ping,guest-sync"},
		{"-p", " /we ird\\path\n#;x=y ", "-F/hook with spaces", "-l", "\t/log\r"},
		{"--os", "sim", "--sim-config", "/w", "--sim-journal", "/j", "--sim-root", "/r", "--max-message-bytes", "99",
			"--faults", "os.freeze=error(EIO)*1", "--max-handles", "3", "--freeze-timeout", "1m30s",
			"--vsock-allow-cids", "2,9", "--file-allow", "/a", "--file-allow", "/b;c", "--file-mode", "640"},
	}
	for _, args := range tests {
		c, act, err := Parse(append(args, "-D"), env(t, nil))
		if err != nil || act != ActionDumpConf {
			t.Fatalf("Parse(%q) = %v, %v", args, act, err)
		}
		var b strings.Builder
		c.Dump(&b)
		p := filepath.Join(t.TempDir(), "dump.conf")
		if err := os.WriteFile(p, []byte(b.String()), 0o600); err != nil {
			t.Fatal(err)
		}
		back, _, err := Parse([]string{"-c", p}, env(t, nil))
		if err != nil {
			t.Fatalf("%q: reading the dump back: %v\n%s", args, err, b.String())
		}
		back.ConfigFile = ""
		if d := cmp.Diff(c, back, cmpConfig); d != "" {
			t.Errorf("%q: round trip (-dumped +read back):\n%s\ndump:\n%s", args, d, b.String())
		}
	}
}

// TestDumpHasEveryOption: -D prints a key for every setting there is.
func TestDumpHasEveryOption(t *testing.T) {
	var b strings.Builder
	want(nil).Dump(&b)
	keys := map[string]bool{}
	for _, line := range strings.Split(b.String(), "\n") {
		if k, _, ok := strings.Cut(line, "="); ok {
			keys[k] = true
		}
	}
	newFlagSet(defaultConfig(), &parseState{}).VisitAll(func(f *pflag.Flag) {
		name := f.Name
		if name == "daemonize" {
			name = "daemon"
		}
		if notKeys[f.Name] && name == f.Name {
			return
		}
		if !keys[name] && name != "logfile" && name != "fsfreeze-hook" {
			t.Errorf("-D lacks %s", name)
		}
	})
}
