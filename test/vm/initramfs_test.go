package vm

import (
	"bytes"
	"compress/gzip"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestGuestEnv(t *testing.T) {
	g := GuestConfig{AgentArgs: DefaultAgentArgs, Disks: DefaultDisks, NIC: DefaultNIC, NoTools: true}
	env, err := g.env()
	if err != nil {
		t.Fatal(err)
	}
	want := "DISKS='data0:/mnt/data0 data1:/mnt/data1'\nNIC_IP4='192.0.2.15/24'\nNIC_IP6='2001:db8::15/64'\n" +
		"NIC_MAC='52:54:00:12:34:56'\nNO_AGENT='0'\nNO_LINKS='0'\nNO_TOOLS='1'\nROOT_SERIAL=''\n"
	if env != want {
		t.Fatalf("env:\n%s\nwant:\n%s", env, want)
	}
	for _, bad := range []GuestConfig{
		{AgentArgs: []string{"--faults", "a=b; rm -rf /"}},
		{AgentArgs: []string{"it's"}},
		{NIC: NIC{MAC: "$(reboot)"}},
		{Disks: []Disk{{Serial: "d`x`", Mount: "/mnt"}}},
		{AgentArgs: []string{"two words"}},
		{RootSerial: "root;x"},
	} {
		if _, err := bad.env(); err == nil {
			t.Errorf("%+v accepted", bad)
		}
	}
}

func TestRunLayer(t *testing.T) {
	agent := filepath.Join(t.TempDir(), "agent")
	os.WriteFile(agent, []byte("\x7fELF..."), 0o755)
	gz, err := RunLayer(GuestConfig{Agent: agent, AgentArgs: []string{"-t", "/run/goqga", "--faults", "os.open@/x=delay(3s)"},
		Disks: DefaultDisks, NIC: DefaultNIC})
	if err != nil {
		t.Fatal(err)
	}
	files := gunzipEntries(t, gz)
	if string(files["bin/goqga-agent"].data) != "\x7fELF..." || files["bin/goqga-agent"].mode&0o111 == 0 {
		t.Errorf("agent entry %+v", files["bin/goqga-agent"])
	}
	if got := string(files["etc/goqga/args"].data); got != "-t /run/goqga --faults os.open@/x=delay(3s)\n" {
		t.Errorf("args %q", got)
	}
	if !strings.Contains(string(files["etc/goqga/vm.env"].data), "NIC_MAC='52:54:00:12:34:56'") {
		t.Errorf("vm.env %q", files["etc/goqga/vm.env"].data)
	}
}

func TestBaseLayerIsCached(t *testing.T) {
	dir := t.TempDir()
	bb, mod := filepath.Join(dir, "busybox"), filepath.Join(dir, "ext4.ko")
	os.WriteFile(bb, []byte("busybox"), 0o644)
	os.WriteFile(mod, []byte("module"), 0o644)
	a := &Assets{Busybox: bb, Modules: []string{mod}}
	p1, err := BaseLayer(a, dir)
	if err != nil {
		t.Fatal(err)
	}
	gz, _ := os.ReadFile(p1)
	files := gunzipEntries(t, gz)
	for name, want := range map[string]string{"bin/busybox": "busybox", "lib/modules/goqga/ext4.ko": "module", "etc/goqga/modules": "ext4\n"} {
		if got := string(files[name].data); got != want {
			t.Errorf("%s: %q, want %q", name, got, want)
		}
	}
	for _, script := range []string{"init", "etc/goqga/agent-run", "etc/goqga/ctl"} {
		if e := files[script]; e.mode&0o111 == 0 || !bytes.HasPrefix(e.data, []byte("#!")) {
			t.Errorf("%s: mode %o, %q...", script, e.mode, e.data[:min(len(e.data), 10)])
		}
	}
	if files["dev/console"].rdev != 5<<8|1 {
		t.Error("no /dev/console for init's first output")
	}
	if p2, _ := BaseLayer(a, dir); p2 != p1 {
		t.Errorf("same inputs, new layer %s", p2)
	}
	os.WriteFile(mod, []byte("module v2"), 0o644)
	if p3, _ := BaseLayer(a, dir); p3 == p1 {
		t.Error("a changed module did not change the layer")
	}
}

func gunzipEntries(t *testing.T, gz []byte) map[string]cpioEntry {
	t.Helper()
	r, err := gzip.NewReader(bytes.NewReader(gz))
	if err != nil {
		t.Fatal(err)
	}
	raw, err := io.ReadAll(r)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]cpioEntry{}
	for _, e := range readCPIO(t, raw) {
		out[e.name] = e
	}
	return out
}

func TestCachedAssetsFallback(t *testing.T) {
	cache := t.TempDir()
	old := time.Now().Add(-time.Hour)
	m := "_m" + modulesKey() // an entry for another module list is never used
	for _, d := range []string{"linux-image-6.1.0-56-amd64_6.1.192-2" + m, "linux-image-6.1.0-9-amd64_6.1.27-1" + m,
		"linux-image-6.1.0-99-amd64_6.1.999-1_m0000", "busybox-static_1:1.35.0-4"} {
		os.MkdirAll(filepath.Join(cache, d), 0o755)
		os.WriteFile(filepath.Join(cache, d, "done"), nil, 0o644)
		os.WriteFile(filepath.Join(cache, d, "modules.order.goqga"), []byte("virtio\next4\n"), 0o644)
		if strings.Contains(d, "-9-") { // filled before: "9" > "56" as text, yet older
			os.Chtimes(filepath.Join(cache, d, "done"), old, old)
		}
	}
	os.MkdirAll(filepath.Join(cache, "linux-image-9.9_incomplete"), 0o755) // no "done": never used
	a, err := cachedAssets(cache, io.EOF)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(a.Kernel, "6.1.0-56-amd64") || len(a.Modules) != 2 ||
		filepath.Base(a.Modules[1]) != "ext4.ko" {
		t.Fatalf("assets %+v", a)
	}
	if _, err := cachedAssets(t.TempDir(), io.EOF); err == nil || !strings.Contains(err.Error(), "apt-get update") {
		t.Fatalf("an empty cache: %v", err)
	}
}
