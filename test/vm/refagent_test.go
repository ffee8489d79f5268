package vm

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestParseLdd(t *testing.T) {
	debian, err := os.ReadFile("testdata/ldd-qemu-ga.txt") // ldd /usr/sbin/qemu-ga, Debian 12
	if err != nil {
		t.Fatal(err)
	}
	libs, err := ParseLdd(debian)
	if err != nil {
		t.Fatal(err)
	}
	got := strings.Join(libs, " ")
	for _, want := range []string{"/lib/x86_64-linux-gnu/libglib-2.0.so.0", "/lib/x86_64-linux-gnu/libc.so.6", "/lib64/ld-linux-x86-64.so.2"} {
		if !strings.Contains(got, want) {
			t.Errorf("no %s in %s", want, got)
		}
	}
	if strings.Contains(got, "vdso") {
		t.Errorf("the vDSO has no file: %s", got)
	}
	for _, bad := range []string{"", "\tlinux-vdso.so.1 (0x1)\n", "\tlibfoo.so.1 => not found\n\tlibc.so.6 => /lib/libc.so.6 (0x1)\n"} {
		if libs, err := ParseLdd([]byte(bad)); err == nil {
			t.Errorf("%q: %v accepted", bad, libs)
		}
	}
}

func FuzzParseLdd(f *testing.F) {
	if b, err := os.ReadFile("testdata/ldd-qemu-ga.txt"); err == nil {
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, out []byte) {
		libs, err := ParseLdd(out)
		if err != nil {
			return
		}
		for _, l := range libs {
			// What is copied into the guest: absolute, no way up.
			if !filepath.IsAbs(l) || strings.Contains(l, "..") {
				t.Fatalf("%q from %q", l, out)
			}
		}
	})
}

// The layer holds every file at its own path, below directories listed
// before it, so the kernel's unpacker can create it.
func TestWriteRefAgent(t *testing.T) {
	dir := t.TempDir()
	lib := filepath.Join(dir, "lib", "x", "libz.so")
	os.MkdirAll(filepath.Dir(lib), 0o755)
	os.WriteFile(lib, []byte("lib"), 0o644)
	var b bytes.Buffer
	if err := writeRefAgent(&b, []string{lib}, nil); err != nil {
		t.Fatal(err)
	}
	entries := map[string]cpioEntry{}
	for _, e := range readCPIO(t, b.Bytes()) {
		entries[e.name] = e
	}
	name := strings.TrimPrefix(lib, "/")
	if e, ok := entries[name]; !ok || string(e.data) != "lib" {
		t.Fatalf("no %s in the layer", name)
	}
	if _, ok := entries[strings.TrimPrefix(filepath.Dir(lib), "/")]; !ok {
		t.Fatalf("no directory entry for %s", filepath.Dir(lib))
	}
}
