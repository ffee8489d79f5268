package config

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/spf13/pflag"
)

func writeFile(t *testing.T, content string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "qemu-ga.conf")
	if err := os.WriteFile(p, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

const fullFile = `# a comment
[general]
daemon=true
method=isa-serial
path=/dev/ttyS1
logfile=/var/log/qga.log
pidfile=/run/qga.pid
fsfreeze-hook=/etc/hook
statedir=/run/qga
verbose=true
retry-path=true
block-rpcs=guest-exec,guest-exec-status
`

func TestConfigFile(t *testing.T) {
	full := func(c *Config) {
		c.Daemonize, c.Method, c.Path, c.LogFile = true, "isa-serial", "/dev/ttyS1", "/var/log/qga.log"
		c.PidFile, c.FsfreezeHook, c.StateDir = "/run/qga.pid", "/etc/hook", "/run/qga"
		c.Verbose, c.RetryPath = true, true
		c.BlockRPCs = []string{"guest-exec", "guest-exec-status"}
	}
	tests := []struct {
		name string
		file string
		args []string
		want func(c *Config)
	}{
		{"every key", fullFile, nil, full},
		{"flags override scalars", fullFile,
			[]string{"-m", "virtio-serial", "-p", "/p", "-l", "/l", "-f", "/f", "-F/h", "-t", "/t"},
			func(c *Config) {
				full(c)
				c.Method, c.Path, c.LogFile, c.PidFile, c.FsfreezeHook, c.StateDir = "virtio-serial", "/p", "/l", "/f", "/h", "/t"
			}},
		{"file path kept when only the method flag is given", "[general]\npath=/dev/ttyS1\n",
			[]string{"-m", "isa-serial"},
			func(c *Config) { c.Method, c.Path = "isa-serial", "/dev/ttyS1" }},
		{"lists add", fullFile, []string{"-b", "guest-shutdown", "--block-rpcs=guest-ping"},
			func(c *Config) {
				full(c)
				c.BlockRPCs = append(c.BlockRPCs, "guest-shutdown", "guest-ping")
			}},
		{"file block and flag allow add up", "[general]\nblock-rpcs=a\n", []string{"-a", "b"},
			func(c *Config) { c.BlockRPCs, c.AllowRPCs = []string{"a"}, []string{"b"} }},
		{"GLib list form", "[general]\nallow-rpcs=guest-ping;guest-info;\n", nil,
			func(c *Config) { c.AllowRPCs = []string{"guest-ping", "guest-info"} }},
		{"empty lists", "[general]\nblock-rpcs=\nallow-rpcs=\n", nil, func(c *Config) {}},
		{"booleans", "[general]\ndaemon=1\nverbose=yes\nretry-path=TRUE\n", nil,
			func(c *Config) { c.Daemonize, c.Verbose, c.RetryPath = true, true, true }},
		{"false booleans", "[general]\ndaemon=0\nverbose=no\nretry-path=false\n", nil, func(c *Config) {}},
		{"escapes and spaces", "[general]\n path = \\s/a b\\\\c\\t\\s \nlogfile=a#b;c\n", nil,
			func(c *Config) { c.Path, c.LogFile = " /a b\\c\t ", "a#b;c" }},
		{"no [general] keys", "# nothing\n", nil, func(c *Config) {}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := writeFile(t, tt.file)
			got, _, err := Parse(append([]string{"-c", p}, tt.args...), env(t, nil))
			if err != nil {
				t.Fatal(err)
			}
			w := want(tt.want)
			w.ConfigFile = p
			if d := cmp.Diff(w, got, cmpConfig); d != "" {
				t.Errorf("(-want +got):\n%s", d)
			}
		})
	}
}

func TestQGAConf(t *testing.T) {
	p := writeFile(t, "[general]\nverbose=true\n")
	got, _, err := Parse(nil, env(t, map[string]string{"QGA_CONF": p}))
	if err != nil || !got.Verbose || got.ConfigFile != p {
		t.Fatalf("QGA_CONF: %+v, %v", got, err)
	}
	// -c wins over QGA_CONF.
	p2 := writeFile(t, "[general]\ndaemon=true\n")
	got, _, err = Parse([]string{"--config", p2}, env(t, map[string]string{"QGA_CONF": p}))
	if err != nil || got.Verbose || !got.Daemonize || got.ConfigFile != p2 {
		t.Fatalf("-c over QGA_CONF: %+v, %v", got, err)
	}
	// A missing QGA_CONF file is not an error (only an explicit -c is).
	got, _, err = Parse(nil, env(t, nil))
	if err != nil || got.ConfigFile != "" {
		t.Fatalf("missing QGA_CONF file: %+v, %v", got, err)
	}
}

func TestConfigFileErrors(t *testing.T) {
	tests := []struct{ file, err string }{
		{"[general]\nverbose=maybe\n", `key "verbose": bad value "maybe": want true or false`},
		{"[general]\ndaemon=\n", `key "daemon": bad value "": want true or false`},
		{"[general]\nmethod=tcp\n", `key "method": bad value "tcp": want one of virtio-serial, isa-serial, unix-listen, vsock-listen`},
		{"[general]\npath=/a\\qb\n", `key "path": bad value "/a\\qb": invalid escape sequence \q`},
		{"[general]\npath=/a\\\n", `key "path": bad value "/a\\": ends with a lone backslash`},
		{"[general]\nmax-handles=many\n", `key "max-handles": bad value "many": must be an integer`},
		{"[general]\nfile-mode=4755\n", `key "file-mode": bad value "4755": invalid file mode "4755" (want octal permission bits, 0000 to 0777)`},
		{"verbose=true\n", `key "verbose" is outside a group (want it under [general])`},
		{"[general]\nblock-rpcs=a\nallow-rpcs=b\n", `keys "block-rpcs" and "allow-rpcs" cannot both list RPCs`},
	}
	for _, tt := range tests {
		p := writeFile(t, tt.file)
		_, _, err := Parse([]string{"-c", p}, env(t, nil))
		want := "config file " + p + ": " + tt.err
		if err == nil || err.Error() != want {
			t.Errorf("file %q:\n got %v\nwant %s", tt.file, err, want)
		}
	}
}

// TestConfigFileLikeQemuGA: what qemu-ga ignores is ignored with a
// warning, and the deprecated blacklist key still blocks.
func TestConfigFileLikeQemuGA(t *testing.T) {
	p := writeFile(t, "[general]\nverbos=true\nblacklist=guest-exec;guest-ping\n"+
		"[genral]\nverbose=true\n[general]\nblock-rpcs=guest-info\n")
	got, _, err := Parse([]string{"-c", p, "--blacklist", "guest-shutdown"}, env(t, nil))
	if err != nil {
		t.Fatal(err)
	}
	if d := cmp.Diff([]string{"guest-exec", "guest-ping", "guest-info", "guest-shutdown"}, got.BlockRPCs); d != "" {
		t.Errorf("blacklist key and --blacklist add to block-rpcs (-want +got):\n%s", d)
	}
	if got.Verbose {
		t.Error("a key in an unknown group was applied")
	}
	wantWarnings := []string{
		`unknown key "verbos" with value "true" in [general] ignored (known: `,
		`key "blacklist" is deprecated, use "block-rpcs"`,
		`unknown group [genral] ignored (only [general] is read)`,
		`option --blacklist is deprecated, use --block-rpcs`,
	}
	if len(got.Warnings) != len(wantWarnings) {
		t.Fatalf("warnings %q, want %d", got.Warnings, len(wantWarnings))
	}
	for i, w := range wantWarnings {
		if !strings.HasPrefix(got.Warnings[i], w) {
			t.Errorf("warning %d = %q, want prefix %q", i, got.Warnings[i], w)
		}
	}
	if !strings.Contains(got.Warnings[0], "max-handles") || !strings.Contains(got.Warnings[0], "verbose") {
		t.Errorf("the unknown-key warning lists the known keys: %q", got.Warnings[0])
	}
}

// TestEveryOptionIsAKey: each long option of ours set in [general] gives
// the Config the same option on the command line gives.
func TestEveryOptionIsAKey(t *testing.T) {
	values := map[string]string{
		"os": "sim", "max-message-bytes": "4096", "faults": "os.freeze=error(EIO)",
		"max-inflight-bytes": "1048576", "max-reply-bytes": "2097152", "memory-limit": "0",
		"max-handles": "7", "freeze-timeout": "90s", "vsock-allow-cids": "2,5",
		"file-allow": "/srv/a", "file-mode": "0640", "sim-config": "/w.json", "sim-journal": "/j",
		"sim-root": "/r",
		"exec-max": "3", "exec-ttl": "90s", "exec-allow": "/bin/true",
	}
	newFlagSet(defaultConfig(), &parseState{}).VisitAll(func(f *pflag.Flag) {
		if !isFlagKey(f) {
			return
		}
		v, ok := values[f.Name]
		if !ok {
			t.Errorf("no test value for option --%s: add one", f.Name)
			return
		}
		extra := []string{}
		if strings.HasPrefix(f.Name, "sim-") {
			extra = []string{"--os", "sim"}
		}
		fromFlag, _, err := Parse(append([]string{"--" + f.Name + "=" + v}, extra...), env(t, nil))
		if err != nil {
			t.Fatalf("--%s=%s: %v", f.Name, v, err)
		}
		fileValue := strings.ReplaceAll(v, ",", ";")
		p := writeFile(t, "[general]\n"+f.Name+"="+fileValue+"\n")
		fromFile, _, err := Parse(append([]string{"-c", p}, extra...), env(t, nil))
		if err != nil {
			t.Fatalf("key %s=%s: %v", f.Name, fileValue, err)
		}
		fromFile.ConfigFile = ""
		if d := cmp.Diff(fromFlag, fromFile, cmpConfig); d != "" {
			t.Errorf("%s: flag vs key (-flag +key):\n%s", f.Name, d)
		}
	})
}
