package config

import (
	"bytes"
	"slices"
	"strings"
	"testing"
	"time"
)

func TestExecFlagsAndKey(t *testing.T) {
	def, _, err := Parse([]string{"-m", "unix-listen", "-p", "/s"}, env(t, nil))
	if err != nil || def.ExecMax != 64 || def.ExecTTL != 10*time.Minute || def.ExecAllow != nil {
		t.Fatalf("defaults %+v %v", def, err)
	}
	conf := writeFile(t, "[general]\nexec-allow=/usr/bin/a;/bin/b\n")
	cfg, _, err := Parse([]string{"-m", "unix-listen", "-p", "/s", "-c", conf, "--exec-max", "3",
		"--exec-ttl", "90s", "--exec-allow", "/bin/c"}, env(t, nil))
	if err != nil {
		t.Fatal(err)
	}
	// The command line's list replaces the file's, as for --file-allow.
	if cfg.ExecMax != 3 || cfg.ExecTTL != 90*time.Second || !slices.Equal(cfg.ExecAllow, []string{"/bin/c"}) {
		t.Fatalf("got %d %v %q", cfg.ExecMax, cfg.ExecTTL, cfg.ExecAllow)
	}
	file, _, err := Parse([]string{"-m", "unix-listen", "-p", "/s", "-c", conf}, env(t, nil))
	if err != nil || !slices.Equal(file.ExecAllow, []string{"/usr/bin/a", "/bin/b"}) {
		t.Fatalf("from the file: %q %v", file.ExecAllow, err)
	}
	var b bytes.Buffer
	file.Dump(&b)
	if !strings.Contains(b.String(), "\nexec-allow=/usr/bin/a;/bin/b;\n") {
		t.Errorf("dump:\n%s", b.String())
	}
	for _, bad := range [][]string{{"--exec-max", "0"}, {"--exec-ttl", "0s"}, {"--exec-allow", "bin/sh"}} {
		if _, _, err := Parse(append([]string{"-m", "unix-listen", "-p", "/s"}, bad...), env(t, nil)); err == nil {
			t.Errorf("%v: want error", bad)
		}
	}
}
