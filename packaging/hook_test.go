package packaging

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// hookDir copies the hook into a fresh directory with a fsfreeze-hook.d
// holding scripts that append "NAME ARG" to a trace file, and a logger
// on PATH that records what the hook logs. fail names scripts that exit 1.
func hookDir(t *testing.T, names []string, fail map[string]bool) (hook, trace, logged string) {
	t.Helper()
	dir := t.TempDir()
	src, err := os.ReadFile("fsfreeze-hook")
	if err != nil {
		t.Fatal(err)
	}
	hook = filepath.Join(dir, "fsfreeze-hook")
	must(t, os.WriteFile(hook, src, 0o755))
	d := filepath.Join(dir, "fsfreeze-hook.d")
	must(t, os.Mkdir(d, 0o755))
	trace, logged = filepath.Join(dir, "trace"), filepath.Join(dir, "logged")
	for _, n := range names {
		status := "0"
		if fail[n] {
			status = "1"
		}
		script := "#!/bin/sh\necho \"" + n + " $1\" >>" + trace + "\necho \"output of " + n + "\"\nexit " + status + "\n"
		must(t, os.WriteFile(filepath.Join(d, n), []byte(script), 0o755))
	}
	must(t, os.WriteFile(filepath.Join(d, "not-executable"), []byte("#!/bin/sh\necho bad >>"+trace+"\n"), 0o644))
	bin := filepath.Join(dir, "bin")
	must(t, os.Mkdir(bin, 0o755))
	must(t, os.WriteFile(filepath.Join(bin, "logger"), []byte("#!/bin/sh\necho \"$@\" >>"+logged+"\n"), 0o755))
	t.Setenv("PATH", bin+":"+os.Getenv("PATH"))
	return hook, trace, logged
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func runHook(t *testing.T, hook, arg string) (string, int) {
	out, err := exec.Command(hook, arg).CombinedOutput()
	if ee, ok := err.(*exec.ExitError); ok {
		return string(out), ee.ExitCode()
	} else if err != nil {
		t.Fatal(err)
	}
	return string(out), 0
}

func read(t *testing.T, p string) string {
	b, _ := os.ReadFile(p)
	return string(b)
}

func TestHookOrderAndLeftovers(t *testing.T) {
	names := []string{"20-db", "10-app", "30-z", "10-app.dpkg-old", "20-db.rpmnew", "30-z~", "x.dpkg-dist", "B-upper"}
	hook, trace, logged := hookDir(t, names, nil)
	if out, code := runHook(t, hook, "freeze"); code != 0 {
		t.Fatalf("freeze: exit %d\n%s", code, out)
	}
	if out, code := runHook(t, hook, "thaw"); code != 0 {
		t.Fatalf("thaw: exit %d\n%s", code, out)
	}
	want := "10-app freeze\n20-db freeze\n30-z freeze\nB-upper freeze\nB-upper thaw\n30-z thaw\n20-db thaw\n10-app thaw\n"
	if got := read(t, trace); got != want {
		t.Errorf("ran (C order for freeze, reverse for thaw, leftovers skipped):\n%s\nwant:\n%s", got, want)
	}
	log := read(t, logged)
	if !strings.Contains(log, "-t goqga-fsfreeze-hook -p daemon.info -- ") ||
		!strings.Contains(log, "10-app freeze: output of 10-app") || !strings.Contains(log, "30-z thaw done") {
		t.Errorf("the journal did not get each script's output and status:\n%s", log)
	}
}

func TestHookStopsAFailedFreeze(t *testing.T) {
	hook, trace, logged := hookDir(t, []string{"1-a", "2-b", "3-c", "4-d"}, map[string]bool{"3-c": true})
	out, code := runHook(t, hook, "freeze")
	if code == 0 || !strings.Contains(out, "freeze stopped at") || !strings.Contains(out, "output of 3-c") {
		t.Fatalf("freeze with a failing script: exit %d\n%s", code, out)
	}
	want := "1-a freeze\n2-b freeze\n3-c freeze\n2-b thaw\n1-a thaw\n"
	if got := read(t, trace); got != want {
		t.Errorf("ran:\n%s\nwant (stop at 3-c, thaw 2-b then 1-a, never 4-d):\n%s", got, want)
	}
	if !strings.Contains(read(t, logged), "-p daemon.err -- ") {
		t.Errorf("the failure was not logged as an error:\n%s", read(t, logged))
	}
	// A failing thaw script is reported but does not stop the others.
	must(t, os.Remove(trace))
	out, code = runHook(t, hook, "thaw")
	if code == 0 || read(t, trace) != "4-d thaw\n3-c thaw\n2-b thaw\n1-a thaw\n" {
		t.Errorf("thaw: exit %d, ran:\n%s\n%s", code, read(t, trace), out)
	}
}

func TestHookUsageAndNoDirectory(t *testing.T) {
	dir := t.TempDir()
	src, _ := os.ReadFile("fsfreeze-hook")
	hook := filepath.Join(dir, "fsfreeze-hook")
	must(t, os.WriteFile(hook, src, 0o755))
	if _, code := runHook(t, hook, "freeze"); code != 0 {
		t.Errorf("no fsfreeze-hook.d: exit %d, want 0", code)
	}
	if out, code := runHook(t, hook, "bogus"); code != 2 || !strings.Contains(out, "usage") {
		t.Errorf("bad argument: exit %d %q", code, out)
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		t.Errorf("the hook wrote files: %v", entries)
	}
}
