package freeze

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// The samples: container-ext4 was read from a development container;
// the others follow real guests (a Fedora btrfs install with subvolumes,
// a Debian guest with escaped names, a bind mount, a squashfs and NFS).
func TestParseSamples(t *testing.T) {
	cases := []struct {
		file      string
		all       int
		freezable []string
	}{
		{"container-ext4.mountinfo", 20, []string{"/"}},
		{"fedora-btrfs.mountinfo", 9, []string{"/", "/boot", "/boot/efi"}},
		{"debian-escapes-bind.mountinfo", 10, []string{"/", "/srv/my data", "/mnt/tab\tand\\backslash", "/snap/core/1"}},
	}
	for _, c := range cases {
		t.Run(c.file, func(t *testing.T) {
			f, err := os.Open(filepath.Join("testdata", c.file))
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			all, err := ParseMountinfo(f)
			if err != nil || len(all) != c.all {
				t.Fatalf("parsed %d mounts (%v), want %d", len(all), err, c.all)
			}
			if got := Paths(Freezable(all)); !slices.Equal(got, c.freezable) {
				t.Errorf("freezable %q, want %q", got, c.freezable)
			}
		})
	}
}

func TestParseLine(t *testing.T) {
	cases := []struct {
		line string
		want *Mount // nil: skipped
	}{
		{"36 35 98:0 /mnt1 /mnt2 rw,noatime master:1 - ext3 /dev/root rw", &Mount{"/mnt2", "ext3", 98, 0, "/dev/root"}},
		{"36 35 8:3 / /a rw shared:1 master:2 propagate_from:3 - xfs /dev/sda3 rw", &Mount{"/a", "xfs", 8, 3, "/dev/sda3"}},
		{"36 35 8:3 / /a\\040b rw - fuse\\040x src rw", &Mount{"/a b", "fuse x", 8, 3, "src"}},
		{"36 35 8:3 / /a rw - xfs", nil},            // no source field
		{"36 35 8:3 / /a rw xfs /dev/sda3 rw", nil}, // no separator
		{"36 35 8-3 / /a rw - xfs /dev/sda3 rw", nil},
		{"36 35 8:x / /a rw - xfs /dev/sda3 rw", nil},
		{"36 35 8:3 / /a rw -  /dev/sda3 rw", nil}, // empty type
		{"", nil},
		{"- - - - - - - - -", nil},
	}
	for _, c := range cases {
		got, ok := parseLine(c.line)
		switch {
		case c.want == nil && ok:
			t.Errorf("%q: parsed %+v, want skipped", c.line, got)
		case c.want != nil && (!ok || got != *c.want):
			t.Errorf("%q: got %+v (%v), want %+v", c.line, got, ok, *c.want)
		}
	}
}

func TestUnescape(t *testing.T) {
	cases := map[string]string{
		`/plain`:          "/plain",
		`/a\040b`:         "/a b",
		`/t\011\012\134x`: "/t\t\n\\x",
		`/short\04`:       `/short\04`, // not three digits
		`/not\08x`:        `/not\08x`,  // 8 is not octal
		`/big\777`:        `/big\777`,  // over a byte
		`\`:               `\`,
		`\134134`:         `\134`,
	}
	for in, want := range cases {
		if got := Unescape(in); got != want {
			t.Errorf("Unescape(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestMaxMounts(t *testing.T) {
	var b strings.Builder
	for i := 0; i <= MaxMounts; i++ {
		fmt.Fprintf(&b, "%d 1 8:%d / /m%d rw - ext4 /dev/x rw\n", i, i, i)
	}
	if _, err := ParseMountinfo(strings.NewReader(b.String())); err == nil {
		t.Fatal("a table over MaxMounts was accepted")
	}
}

// render writes m as the kernel would list it.
func render(m Mount) string {
	return fmt.Sprintf("1 0 %d:%d / %s rw shared:1 - %s %s rw\n", m.Major, m.Minor, Escape(m.Path), Escape(m.Type), Escape(m.Source))
}

// FuzzParseMountinfo: any input parses without panic, and every mount it
// yields survives being listed again the kernel's way.
func FuzzParseMountinfo(f *testing.F) {
	samples, _ := filepath.Glob(filepath.Join("testdata", "*.mountinfo"))
	for _, s := range samples {
		b, err := os.ReadFile(s)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(string(b))
	}
	f.Fuzz(func(t *testing.T, data string) {
		mounts, err := ParseMountinfo(strings.NewReader(data))
		if err != nil {
			return
		}
		for _, m := range mounts {
			again, err := ParseMountinfo(strings.NewReader(render(m)))
			if err != nil || len(again) != 1 || again[0] != m {
				t.Fatalf("%+v rendered as %q parses as %+v (%v)", m, render(m), again, err)
			}
		}
		_ = Freezable(mounts)
	})
}

// FuzzUnescape: Escape then Unescape gives back any string.
func FuzzUnescape(f *testing.F) {
	for _, s := range []string{"/a b", "\\040", "/t\t\n\\x", "\xff\x00"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got := Unescape(Escape(s)); got != s {
			t.Fatalf("Unescape(Escape(%q)) = %q", s, got)
		}
		_ = Unescape(s)
	})
}
