// Command agent is goqga, a QEMU guest agent: it answers the hypervisor's
// JSON commands over virtio-serial, isa-serial, a unix socket or vsock.
// Its flags and config file are qemu-ga's; see the README.
package main

import (
	"fmt"
	"io"
	"os"
	"runtime/debug"

	"github.com/goqga/goqga/config"
)

// Version is the agent's version, reported by -V and guest-info. The
// release build sets it from packaging/version (git describe, or the
// VERSION file): -ldflags "-X main.Version=...". A plain go build leaves
// it empty and buildVersion falls back to what the go command stamped.
var Version = ""

func init() { Version = buildVersion(Version, debug.ReadBuildInfo) }

// buildVersion is the version set at link time, else the main module's
// version the go command records from git (v0.0.0-DATE-HASH), else "devel".
func buildVersion(linked string, info func() (*debug.BuildInfo, bool)) string {
	if linked != "" {
		return linked
	}
	if bi, ok := info(); ok && bi.Main.Version != "" && bi.Main.Version != "(devel)" {
		return bi.Main.Version
	}
	return "devel"
}

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

func run(args []string, stdout, stderr io.Writer) int {
	declareActorPoints()
	cfg, action, err := config.Parse(args, os.Getenv)
	if err != nil {
		fmt.Fprintf(stderr, "goqga: %v\n", err)
		return 1
	}
	switch action {
	case config.ActionVersion:
		fmt.Fprintf(stdout, "goqga %s (QEMU Guest Agent compatible)\n", Version)
		return 0
	case config.ActionHelp:
		config.Usage(stdout)
		return 0
	case config.ActionManPage:
		if err := manPage(stdout); err != nil {
			fmt.Fprintf(stderr, "goqga: %v\n", err)
			return 1
		}
		return 0
	case config.ActionListCommands:
		listCommands(stdout)
		return 0
	case config.ActionDumpConf:
		for _, w := range cfg.Warnings {
			fmt.Fprintf(stderr, "goqga: warning: %s\n", w)
		}
		cfg.Dump(stdout)
		return 0
	}
	if err := serve(cfg, stderr); err != nil {
		fmt.Fprintf(stderr, "goqga: %v\n", err)
		return 1
	}
	return 0
}

func listCommands(w io.Writer) {
	reg, err := registry()
	if err != nil {
		fmt.Fprintln(w, err)
		return
	}
	for _, s := range reg.All() {
		fmt.Fprintln(w, s.Name)
	}
}
