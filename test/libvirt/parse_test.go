package libvirt

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

// Real virsh 9.0 output, taken from this suite's runs.
func TestParseDomifaddr(t *testing.T) {
	out := ` Name       MAC address          Protocol     Address
-------------------------------------------------------------------------------
 lo         00:00:00:00:00:00    ipv4         127.0.0.1/8
 lo         00:00:00:00:00:00    ipv6         ::1/128
 eth0       52:54:00:12:34:56    ipv4         192.0.2.15/24
 eth0       52:54:00:12:34:56    ipv6         2001:db8::15/64

`
	got, err := ParseDomifaddr(out)
	if err != nil {
		t.Fatal(err)
	}
	want := []IfAddr{
		{"lo", "00:00:00:00:00:00", "ipv4", "127.0.0.1/8"}, {"lo", "00:00:00:00:00:00", "ipv6", "::1/128"},
		{"eth0", "52:54:00:12:34:56", "ipv4", "192.0.2.15/24"}, {"eth0", "52:54:00:12:34:56", "ipv6", "2001:db8::15/64"},
	}
	if d := cmp.Diff(want, got); d != "" {
		t.Fatalf("(-want +got)\n%s", d)
	}
	if _, err := ParseDomifaddr(" eth0 52:54:00:12:34:56 ipv4\n"); err == nil {
		t.Fatal("a short row parsed")
	}
}

func TestParseFSCount(t *testing.T) {
	for in, want := range map[string]int{"Froze 2 filesystem(s)\n\n": 2, "Thawed 0 filesystem(s)": 0} {
		if n, err := ParseFSCount(in); err != nil || n != want {
			t.Errorf("%q: %d, %v; want %d", in, n, err, want)
		}
	}
	for _, in := range []string{"", "Froze x filesystem(s)", "Froze 2 filesystems"} {
		if _, err := ParseFSCount(in); err == nil {
			t.Errorf("%q parsed", in)
		}
	}
}

func TestParseKeyValues(t *testing.T) {
	got, err := ParseKeyValues("os.id               : debian\nhostname            : goqga-lv\nfs.0.mountpoint     : /mnt/data0\n\n")
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{"os.id": "debian", "hostname": "goqga-lv", "fs.0.mountpoint": "/mnt/data0"}
	if d := cmp.Diff(want, got); d != "" {
		t.Fatalf("(-want +got)\n%s", d)
	}
	if _, err := ParseKeyValues("no separator\n"); err == nil {
		t.Fatal("a line without a colon parsed")
	}
}

func TestParseTable(t *testing.T) {
	out := ` Mountpoint   Name   Type   Target
------------------------------------
 /mnt/data1   vdb    ext4   vdb
 /mnt/data0   vda    ext4   vda

`
	got, err := ParseTable(out, 4)
	if err != nil {
		t.Fatal(err)
	}
	want := [][]string{{"/mnt/data1", "vdb", "ext4", "vdb"}, {"/mnt/data0", "vda", "ext4", "vda"}}
	if d := cmp.Diff(want, got); d != "" {
		t.Fatalf("(-want +got)\n%s", d)
	}
	if _, err := ParseTable(" /mnt/data1 vdb ext4\n", 4); err == nil {
		t.Fatal("a short row parsed")
	}
}

func TestGroup(t *testing.T) {
	kv := map[string]string{"fs.count": "2", "fs.0.mountpoint": "/mnt/data1", "fs.0.fstype": "ext4",
		"fs.1.mountpoint": "/mnt/data0", "fs.1.disk.0.alias": "vda", "fs.10.mountpoint": "/x", "disk.0.name": "/mnt/data0"}
	want := map[string]string{"mountpoint": "/mnt/data0", "disk.0.alias": "vda"}
	if d := cmp.Diff(want, Group(kv, "fs.", "mountpoint", "/mnt/data0")); d != "" {
		t.Fatalf("(-want +got)\n%s", d)
	}
	if g := Group(kv, "fs.", "mountpoint", "/nope"); g != nil {
		t.Fatalf("found %v", g)
	}
	if g := Group(kv, "fs.", "count", "2"); g != nil {
		t.Fatalf("fs.count is no entry: %v", g)
	}
}
