package config

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/goqga/goqga/faults"
)

// Built-in defaults, as in qemu-ga on Linux.
const (
	DefaultMethod          = "virtio-serial"
	DefaultVirtioPath      = "/dev/virtio-ports/org.qemu.guest_agent.0"
	DefaultSerialPath      = "/dev/ttyS0"
	DefaultPidFile         = "/var/run/qemu-ga.pid"
	DefaultStateDir        = "/var/run"
	DefaultFsfreezeHook    = "/etc/qemu/fsfreeze-hook"
	DefaultConfigFile      = "/etc/qemu/qemu-ga.conf"
	DefaultOS              = "linux"
	DefaultMaxMessageBytes = 64 << 20
	// The memory budgets (docs/ROBUSTNESS.md): requests read and not yet
	// answered, replies not yet read by the host, and Go's soft limit.
	DefaultMaxInflightBytes = 16 << 20
	DefaultMaxReplyBytes    = 16 << 20
	DefaultMemoryLimit      = 128 << 20
	DefaultMaxHandles       = 1024
	DefaultFreezeTimeout    = 10 * time.Minute
	DefaultExecMax          = 64
	DefaultExecTTL          = 10 * time.Minute
	// DefaultFileMode is the permission of files guest-file-open creates:
	// owner only, where qemu-ga uses 0666 (--file-mode 0666 restores it).
	DefaultFileMode = 0o600
)

// Methods are the valid transport methods, in the order error texts list them.
var Methods = []string{"virtio-serial", "isa-serial", "unix-listen", "vsock-listen"}

// OSes are the valid --os backends.
var OSes = []string{"linux", "sim"}

// Config is the agent's effective configuration.
type Config struct {
	Method, Path, LogFile, PidFile, FsfreezeHook, StateDir string
	Daemonize, Verbose, RetryPath                          bool
	BlockRPCs, AllowRPCs                                   []string

	// Additions of this agent (long flags only, not in the keyfile).
	OS              string        // --os: linux or sim
	MaxMessageBytes int           // --max-message-bytes
	Faults          string        // --faults: a faults spec, validated by Parse
	MaxHandles      int           // --max-handles: open guest-file handles at most
	FreezeTimeout   time.Duration // --freeze-timeout: auto-thaw after this long; 0 disables
	SimConfig       string        // --sim-config: JSON file replacing the simulated guest
	SimJournal      string        // --sim-journal: file the simulated guest logs its side effects to
	SimRoot         string        // --sim-root: the simulated guest's "/" for guest-file-*; "": a private temporary directory
	VsockAllowCIDs  []uint        // --vsock-allow-cids: peer CIDs vsock-listen accepts (default: the host, 2)
	FileAllow       []string      // --file-allow (repeatable): directories guest-file-open is confined to; empty: anywhere
	FileMode        FileMode      // --file-mode: permission of files guest-file-open creates
	ExecMax         int           // --exec-max: guest-exec processes running or uncollected at most
	ExecTTL         time.Duration // --exec-ttl: an uncollected guest-exec result is dropped after this
	ExecAllow       []string      // --exec-allow (repeatable) and key exec-allow: the only programs guest-exec runs; empty: any

	// The memory budgets: --max-inflight-bytes, --max-reply-bytes and
	// --memory-limit (0: none).
	MaxInflightBytes, MaxReplyBytes, MemoryLimit int

	ConfigFile string // the config file that was read; "" if none

	// Warnings are what the agent logs once its log is open: ignored
	// groups and keys of the config file, deprecated names used.
	Warnings []string
}

func (c *Config) warnf(format string, args ...any) {
	c.Warnings = append(c.Warnings, fmt.Sprintf(format, args...))
}

// Action is what the caller should do with the parsed config.
type Action int

// The actions. ActionRun is the zero value.
const (
	ActionRun          Action = iota
	ActionVersion             // -V: print the version and exit
	ActionHelp                // -h: print Usage and exit
	ActionListCommands        // -b help or -a help: list the commands and exit
	ActionDumpConf            // -D: print Dump and exit
	ActionManPage             // --man (hidden): print the man page and exit
)

func (a Action) String() string {
	switch a {
	case ActionRun:
		return "run"
	case ActionVersion:
		return "version"
	case ActionHelp:
		return "help"
	case ActionListCommands:
		return "list-commands"
	case ActionDumpConf:
		return "dump-conf"
	case ActionManPage:
		return "man-page"
	}
	return fmt.Sprintf("Action(%d)", int(a))
}

// defaultConfig holds every default that does not depend on other fields
// (Path does: it is filled in by finish).
func defaultConfig() *Config {
	return &Config{
		Method:           DefaultMethod,
		PidFile:          DefaultPidFile,
		StateDir:         DefaultStateDir,
		OS:               DefaultOS,
		MaxMessageBytes:  DefaultMaxMessageBytes,
		MaxInflightBytes: DefaultMaxInflightBytes,
		MaxReplyBytes:    DefaultMaxReplyBytes,
		MemoryLimit:      DefaultMemoryLimit,
		MaxHandles:       DefaultMaxHandles,
		FreezeTimeout:    DefaultFreezeTimeout,
		FileMode:         DefaultFileMode,
		ExecMax:          DefaultExecMax,
		ExecTTL:          DefaultExecTTL,
	}
}

// Parse parses the command line (without argv[0]) and the config file it
// designates. getenv reads the environment (os.Getenv if nil). For
// ActionHelp, ActionVersion and ActionListCommands the returned Config has
// only defaults and command-line values, unvalidated and without the file.
func Parse(args []string, getenv func(string) string) (*Config, Action, error) {
	if getenv == nil {
		getenv = os.Getenv
	}
	// Pass 1, like qemu-ga's first getopt loop: check the syntax, catch the
	// immediate actions and find the config file.
	first := defaultConfig()
	st, err := parseFlags(args, first)
	if err != nil {
		return nil, ActionRun, err
	}
	if st.action != ActionRun {
		first.defaultPath()
		return first, st.action, nil
	}
	c := defaultConfig()
	if err := c.loadFile(st.configPath(getenv)); err != nil {
		return nil, ActionRun, err
	}
	// Pass 2 over the file's values: scalars override, lists append.
	if st, err = parseFlags(args, c); err != nil {
		return nil, ActionRun, err
	}
	c.Warnings = append(c.Warnings, st.warnings...)
	if err := c.finish(st, getenv); err != nil {
		return nil, ActionRun, err
	}
	if st.dump {
		return c, ActionDumpConf, nil
	}
	return c, ActionRun, nil
}

// configFileRef says which config file to read and whether it must exist.
type configFileRef struct {
	path     string
	required bool
}

func (st *parseState) configPath(getenv func(string) string) configFileRef {
	if st.configSet {
		return configFileRef{st.configFile, true}
	}
	if p := getenv("QGA_CONF"); p != "" {
		return configFileRef{p, false}
	}
	return configFileRef{DefaultConfigFile, false}
}

// loadFile applies the config file to c. A missing optional file is fine.
func (c *Config) loadFile(ref configFileRef) error {
	data, err := os.ReadFile(ref.path)
	if err != nil {
		if !ref.required && errors.Is(err, fs.ErrNotExist) {
			return nil
		}
		return fmt.Errorf("config file %q: %w", ref.path, err)
	}
	if err := c.applyKeyfile(data); err != nil {
		return fmt.Errorf("config file %s: %w", ref.path, err)
	}
	c.ConfigFile = ref.path
	return nil
}

// finish checks the merged config and fills in defaults that depend on it.
func (c *Config) finish(st *parseState, getenv func(string) string) error {
	if st.blockSet && st.allowSet {
		return errors.New("--block-rpcs and --allow-rpcs cannot be used together")
	}
	if err := checkMethod(c.Method); err != nil {
		return err
	}
	c.defaultPath()
	if c.Path == "" && !socketActivated(getenv) {
		return fmt.Errorf("path is required for method %s (use -p/--path)", c.Method)
	}
	return c.checkAdditions()
}

func checkMethod(m string) error {
	if !slices.Contains(Methods, m) {
		return fmt.Errorf("invalid method %q (want one of %s)", m, strings.Join(Methods, ", "))
	}
	return nil
}

// defaultPath fills in the path for the methods that have a default one.
func (c *Config) defaultPath() {
	if c.Path != "" {
		return
	}
	switch c.Method {
	case "virtio-serial":
		c.Path = DefaultVirtioPath
	case "isa-serial":
		c.Path = DefaultSerialPath
	}
}

// socketActivated reports whether systemd handed us a listening socket:
// then, as in qemu-ga, the method's path is not needed.
func socketActivated(getenv func(string) string) bool {
	return getenv("LISTEN_FDS") != "" && getenv("LISTEN_PID") == strconv.Itoa(os.Getpid())
}

func (c *Config) checkAdditions() error {
	if !slices.Contains(OSes, c.OS) {
		return fmt.Errorf("invalid --os %q (want one of %s)", c.OS, strings.Join(OSes, ", "))
	}
	if c.MaxMessageBytes <= 0 {
		return fmt.Errorf("invalid --max-message-bytes %d (want a positive byte count)", c.MaxMessageBytes)
	}
	if c.MaxInflightBytes <= 0 || c.MaxReplyBytes <= 0 || c.MemoryLimit < 0 {
		return fmt.Errorf("invalid --max-inflight-bytes %d, --max-reply-bytes %d or --memory-limit %d (want positive byte counts; 0 disables the memory limit)",
			c.MaxInflightBytes, c.MaxReplyBytes, c.MemoryLimit)
	}
	if c.MaxHandles <= 0 {
		return fmt.Errorf("invalid --max-handles %d (want a positive count)", c.MaxHandles)
	}
	if c.FreezeTimeout < 0 {
		return fmt.Errorf("invalid --freeze-timeout %v (want a duration, 0 to disable)", c.FreezeTimeout)
	}
	if (c.SimConfig != "" || c.SimJournal != "" || c.SimRoot != "") && c.OS != "sim" {
		return fmt.Errorf("--sim-config, --sim-journal and --sim-root need --os sim")
	}
	if err := checkFileAllow(c.FileAllow); err != nil {
		return err
	}
	if err := c.checkExec(); err != nil {
		return err
	}
	if _, err := faults.Parse(c.Faults); err != nil {
		return fmt.Errorf("invalid --faults: %w", err)
	}
	return nil
}
