package config

import (
	"os"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

// env returns a getenv over m. Unless m sets QGA_CONF, it points QGA_CONF
// at a file that does not exist, so no test reads the machine's
// /etc/qemu/qemu-ga.conf.
func env(t *testing.T, m map[string]string) func(string) string {
	t.Helper()
	if _, ok := m["QGA_CONF"]; !ok {
		m = mapsWith(m, "QGA_CONF", filepath.Join(t.TempDir(), "absent.conf"))
	}
	return func(k string) string { return m[k] }
}

func mapsWith(m map[string]string, k, v string) map[string]string {
	out := map[string]string{k: v}
	for kk, vv := range m {
		out[kk] = vv
	}
	return out
}

// want builds the expected Config: defaults, virtio path, then edits.
func want(edit func(c *Config)) *Config {
	c := defaultConfig()
	c.Path = DefaultVirtioPath
	if edit != nil {
		edit(c)
	}
	return c
}

var cmpConfig = cmpopts.EquateEmpty()

func TestParseFlags(t *testing.T) {
	tests := []struct {
		name string
		args []string
		want *Config
	}{
		{"defaults", nil, want(nil)},
		{"-m", []string{"-m", "isa-serial"}, want(func(c *Config) { c.Method, c.Path = "isa-serial", DefaultSerialPath })},
		{"-m attached", []string{"-misa-serial"}, want(func(c *Config) { c.Method, c.Path = "isa-serial", DefaultSerialPath })},
		{"--method=", []string{"--method=isa-serial"}, want(func(c *Config) { c.Method, c.Path = "isa-serial", DefaultSerialPath })},
		{"--method", []string{"--method", "isa-serial"}, want(func(c *Config) { c.Method, c.Path = "isa-serial", DefaultSerialPath })},
		{"-p", []string{"-p", "/dev/vport0p1"}, want(func(c *Config) { c.Path = "/dev/vport0p1" })},
		{"-p attached", []string{"-p/dev/vport0p1"}, want(func(c *Config) { c.Path = "/dev/vport0p1" })},
		{"--path=", []string{"--path=/x"}, want(func(c *Config) { c.Path = "/x" })},
		{"--path", []string{"--path", "/x"}, want(func(c *Config) { c.Path = "/x" })},
		{"-p takes a dash value", []string{"-p", "-F"}, want(func(c *Config) { c.Path = "-F" })},
		{"--path takes a dash value", []string{"--path", "-v"}, want(func(c *Config) { c.Path = "-v" })},
		{"-p=x is getopt's =x", []string{"-p=x"}, want(func(c *Config) { c.Path = "=x" })},
		{"unix-listen", []string{"-m", "unix-listen", "-p", "/run/qga.sock"}, want(func(c *Config) { c.Method, c.Path = "unix-listen", "/run/qga.sock" })},
		{"vsock-listen", []string{"-m", "vsock-listen", "-p", "3:1234"}, want(func(c *Config) { c.Method, c.Path = "vsock-listen", "3:1234" })},
		{"-l", []string{"-l", "/var/log/qga.log"}, want(func(c *Config) { c.LogFile = "/var/log/qga.log" })},
		{"--logfile", []string{"--logfile=/l"}, want(func(c *Config) { c.LogFile = "/l" })},
		{"-f", []string{"-f", "/p.pid"}, want(func(c *Config) { c.PidFile = "/p.pid" })},
		{"--pidfile", []string{"--pidfile", "/p.pid"}, want(func(c *Config) { c.PidFile = "/p.pid" })},
		{"-t", []string{"-t", "/st"}, want(func(c *Config) { c.StateDir = "/st" })},
		{"--statedir", []string{"--statedir=/st"}, want(func(c *Config) { c.StateDir = "/st" })},
		{"-v", []string{"-v"}, want(func(c *Config) { c.Verbose = true })},
		{"--verbose", []string{"--verbose"}, want(func(c *Config) { c.Verbose = true })},
		{"-d", []string{"-d"}, want(func(c *Config) { c.Daemonize = true })},
		{"--daemonize", []string{"--daemonize"}, want(func(c *Config) { c.Daemonize = true })},
		{"-r", []string{"-r"}, want(func(c *Config) { c.RetryPath = true })},
		{"--retry-path", []string{"--retry-path"}, want(func(c *Config) { c.RetryPath = true })},
		{"cluster -vdr", []string{"-vdr"}, want(func(c *Config) { c.Verbose, c.Daemonize, c.RetryPath = true, true, true })},
		{"-F bare", []string{"-F"}, want(func(c *Config) { c.FsfreezeHook = DefaultFsfreezeHook })},
		{"-F attached", []string{"-F/usr/local/hook"}, want(func(c *Config) { c.FsfreezeHook = "/usr/local/hook" })},
		{"-F=x is getopt's =x", []string{"-F=x"}, want(func(c *Config) { c.FsfreezeHook = "=x" })},
		{"--fsfreeze-hook bare", []string{"--fsfreeze-hook"}, want(func(c *Config) { c.FsfreezeHook = DefaultFsfreezeHook })},
		{"--fsfreeze-hook=", []string{"--fsfreeze-hook=/x"}, want(func(c *Config) { c.FsfreezeHook = "/x" })},
		{"-vF bare in cluster", []string{"-vF"}, want(func(c *Config) { c.Verbose, c.FsfreezeHook = true, DefaultFsfreezeHook })},
		{"-dF/x in cluster", []string{"-dF/x"}, want(func(c *Config) { c.Daemonize, c.FsfreezeHook = true, "/x" })},
		{"-F then options", []string{"-F", "-v"}, want(func(c *Config) { c.Verbose, c.FsfreezeHook = true, DefaultFsfreezeHook })},
		{"-vp in cluster", []string{"-vp", "/x"}, want(func(c *Config) { c.Verbose, c.Path = true, "/x" })},
		{"-b", []string{"-b", "guest-exec"}, want(func(c *Config) { c.BlockRPCs = []string{"guest-exec"} })},
		{"-b repeated", []string{"-b", "a,b", "-b", "c"}, want(func(c *Config) { c.BlockRPCs = []string{"a", "b", "c"} })},
		{"--block-rpcs", []string{"--block-rpcs=a,,b,", "--block-rpcs", "c"}, want(func(c *Config) { c.BlockRPCs = []string{"a", "b", "c"} })},
		{"-a", []string{"-a", "guest-ping,guest-info", "-a", "guest-sync"}, want(func(c *Config) { c.AllowRPCs = []string{"guest-ping", "guest-info", "guest-sync"} })},
		{"--allow-rpcs", []string{"--allow-rpcs=guest-ping"}, want(func(c *Config) { c.AllowRPCs = []string{"guest-ping"} })},
		{"--os", []string{"--os", "sim"}, want(func(c *Config) { c.OS = "sim" })},
		{"--os=", []string{"--os=linux"}, want(nil)},
		{"--max-message-bytes", []string{"--max-message-bytes", "1024"}, want(func(c *Config) { c.MaxMessageBytes = 1024 })},
		{"--faults", []string{"--faults=os.freeze=error(EBUSY)*1"}, want(func(c *Config) { c.Faults = "os.freeze=error(EBUSY)*1" })},
		{"last scalar wins", []string{"-p", "/a", "--path=/b"}, want(func(c *Config) { c.Path = "/b" })},
		{"long abbreviation", []string{"--verb", "--meth", "isa-serial", "--fsfreeze=/x"}, want(func(c *Config) {
			c.Verbose, c.Method, c.Path, c.FsfreezeHook = true, "isa-serial", DefaultSerialPath, "/x"
		})},
		{"-- ends options", []string{"-v", "--"}, want(func(c *Config) { c.Verbose = true })},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, act, err := Parse(tt.args, env(t, nil))
			if err != nil {
				t.Fatalf("Parse(%q): %v", tt.args, err)
			}
			if act != ActionRun {
				t.Errorf("action = %v, want run", act)
			}
			if d := cmp.Diff(tt.want, got, cmpConfig); d != "" {
				t.Errorf("Parse(%q) (-want +got):\n%s", tt.args, d)
			}
		})
	}
}

func TestParseActions(t *testing.T) {
	tests := []struct {
		args []string
		want Action
	}{
		{[]string{"-h"}, ActionHelp},
		{[]string{"--help"}, ActionHelp},
		{[]string{"-V"}, ActionVersion},
		{[]string{"--version"}, ActionVersion},
		{[]string{"-b", "help"}, ActionListCommands},
		{[]string{"-bhelp"}, ActionListCommands},
		{[]string{"--block-rpcs=help"}, ActionListCommands},
		{[]string{"-a", "help"}, ActionListCommands},
		{[]string{"--allow-rpcs", "?"}, ActionListCommands},
		{[]string{"-D"}, ActionDumpConf},
		{[]string{"--dump-conf"}, ActionDumpConf},
		// The first immediate action wins, as in qemu-ga's getopt loop.
		{[]string{"-V", "-h"}, ActionVersion},
		{[]string{"-h", "-V"}, ActionHelp},
		{[]string{"-vhV"}, ActionHelp},
		{[]string{"-D", "-h"}, ActionHelp},
		{[]string{"-b", "a", "-b", "help", "-V"}, ActionListCommands},
		// Immediate actions skip the checks and the config file.
		{[]string{"-m", "bogus", "-h"}, ActionHelp},
		{[]string{"-c", "/nonexistent/qga.conf", "-V"}, ActionVersion},
		{[]string{"-b", "x", "-a", "y", "-a", "help"}, ActionListCommands},
	}
	for _, tt := range tests {
		_, act, err := Parse(tt.args, env(t, nil))
		if err != nil || act != tt.want {
			t.Errorf("Parse(%q) = %v, %v; want %v", tt.args, act, err, tt.want)
		}
	}
}

func TestParseErrors(t *testing.T) {
	tests := []struct {
		args []string
		err  string
	}{
		{[]string{"-m", "tcp"}, `invalid method "tcp" (want one of virtio-serial, isa-serial, unix-listen, vsock-listen)`},
		{[]string{"-m", "unix-listen"}, `path is required for method unix-listen (use -p/--path)`},
		{[]string{"--method=vsock-listen"}, `path is required for method vsock-listen (use -p/--path)`},
		{[]string{"--os", "bsd"}, `invalid --os "bsd" (want one of linux, sim)`},
		{[]string{"--max-message-bytes=0"}, `invalid --max-message-bytes 0 (want a positive byte count)`},
		{[]string{"--max-message-bytes=lots"}, `invalid argument "lots" for "--max-message-bytes" flag: must be an integer (see --help)`},
		{[]string{"--faults", "os.freeze=explode"}, `invalid --faults: fault "os.freeze=explode": unknown action "explode" (want error(ERRNO), delay(D), hang, panic, drop, corrupt)`},
		{[]string{"-x"}, `unknown shorthand flag: 'x' in -x (see --help)`},
		{[]string{"--bogus"}, `unknown flag: --bogus (see --help)`},
		{[]string{"-m"}, `flag needs an argument: 'm' in -m (see --help)`},
		{[]string{"--path"}, `flag needs an argument: --path (see --help)`},
		{[]string{"--p", "/x"}, `option --p is ambiguous (could be --path, --pidfile) (see --help)`},
		{[]string{"-F", "/x"}, `unexpected argument "/x": qemu-ga takes options only (an -F/--fsfreeze-hook value must be attached: -F/path or --fsfreeze-hook=/path)`},
		{[]string{"--", "-v"}, `unexpected argument "-v": qemu-ga takes options only (an -F/--fsfreeze-hook value must be attached: -F/path or --fsfreeze-hook=/path)`},
		{[]string{"-b", "a", "-a", "b"}, `--block-rpcs and --allow-rpcs cannot be used together`},
		{[]string{"-c", "/nonexistent/qga.conf"}, `config file "/nonexistent/qga.conf": open /nonexistent/qga.conf: no such file or directory`},
	}
	for _, tt := range tests {
		_, _, err := Parse(tt.args, env(t, nil))
		if err == nil {
			t.Errorf("Parse(%q): no error, want %s", tt.args, tt.err)
			continue
		}
		if err.Error() != tt.err {
			t.Errorf("Parse(%q) error:\n got %s\nwant %s", tt.args, err, tt.err)
		}
	}
}

func TestSocketActivationNeedsNoPath(t *testing.T) {
	getenv := env(t, map[string]string{"LISTEN_FDS": "1", "LISTEN_PID": strconv.Itoa(os.Getpid())})
	c, _, err := Parse([]string{"-m", "unix-listen"}, getenv)
	if err != nil || c.Path != "" {
		t.Errorf("Parse = %+v, %v; want no path, no error", c, err)
	}
	// Someone else's LISTEN_PID is not for us.
	getenv = env(t, map[string]string{"LISTEN_FDS": "1", "LISTEN_PID": "1"})
	if _, _, err := Parse([]string{"-m", "unix-listen"}, getenv); err == nil {
		t.Error("LISTEN_PID of another process should not excuse a missing path")
	}
}

func TestConfigPath(t *testing.T) {
	none := func(string) string { return "" }
	qga := func(k string) string { return map[string]string{"QGA_CONF": "/q.conf"}[k] }
	tests := []struct {
		st     parseState
		getenv func(string) string
		want   configFileRef
	}{
		{parseState{}, none, configFileRef{DefaultConfigFile, false}},
		{parseState{}, qga, configFileRef{"/q.conf", false}},
		{parseState{configSet: true, configFile: "/c.conf"}, qga, configFileRef{"/c.conf", true}},
	}
	for _, tt := range tests {
		if got := tt.st.configPath(tt.getenv); got != tt.want {
			t.Errorf("configPath(%+v) = %+v, want %+v", tt.st, got, tt.want)
		}
	}
}

func TestActionString(t *testing.T) {
	for a, s := range map[Action]string{ActionRun: "run", ActionListCommands: "list-commands", ActionDumpConf: "dump-conf", Action(9): "Action(9)"} {
		if a.String() != s {
			t.Errorf("%d: %q, want %q", int(a), a.String(), s)
		}
	}
}

func TestAdditionsForDomains(t *testing.T) {
	cfg, _, err := Parse([]string{"-m", "unix-listen", "-p", "/s", "--os", "sim", "--max-handles", "7",
		"--freeze-timeout", "90s", "--sim-config", "/w.json", "--sim-journal", "/j"}, env(t, nil))
	if err != nil {
		t.Fatal(err)
	}
	if cfg.MaxHandles != 7 || cfg.FreezeTimeout != 90*time.Second || cfg.SimConfig != "/w.json" || cfg.SimJournal != "/j" {
		t.Fatalf("got %+v", cfg)
	}
	for _, bad := range [][]string{
		{"--max-handles", "0"}, {"--freeze-timeout", "-1s"}, {"--sim-journal", "/j"},
	} {
		args := append([]string{"-m", "unix-listen", "-p", "/s"}, bad...)
		if _, _, err := Parse(args, env(t, nil)); err == nil {
			t.Errorf("%v: want error", bad)
		}
	}
	def, _, _ := Parse([]string{"-m", "unix-listen", "-p", "/s"}, env(t, nil))
	if def.MaxHandles != 1024 || def.FreezeTimeout != 10*time.Minute {
		t.Errorf("defaults %+v", def)
	}
}

func TestVsockAllowCIDs(t *testing.T) {
	cfg, _, err := Parse([]string{"-m", "vsock-listen", "-p", "-1:1024", "--vsock-allow-cids", "2,3"}, env(t, nil))
	if err != nil || len(cfg.VsockAllowCIDs) != 2 || cfg.VsockAllowCIDs[1] != 3 {
		t.Fatalf("%+v %v", cfg, err)
	}
}
