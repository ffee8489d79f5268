package vm

import (
	"errors"
	"os"
	"reflect"
	"strings"
	"testing"
)

func TestParseModinfo(t *testing.T) {
	ext4, err := os.ReadFile("testdata/ext4.modinfo") // Debian 6.1's, objcopy'd
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name string
		sec  string
		want Modinfo
	}{
		{"ext4", string(ext4), Modinfo{Depends: []string{"jbd2", "mbcache", "crc16"}, PreDeps: []string{"crypto_crc32c"}}},
		{"no depends", "depends=\x00license=GPL\x00", Modinfo{}},
		{"dashes and blanks", "depends=a-b,,c\x00", Modinfo{Depends: []string{"a_b", "c"}}},
		{"softdep pre and post", "softdep=pre: x y post: z pre: w\x00", Modinfo{PreDeps: []string{"x", "y", "w"}}},
		{"softdep post only", "softdep=post: z\x00", Modinfo{}},
		{"no equals", "depends\x00\x00", Modinfo{}},
		{"not module names", "depends=../x,a.b,ok\x00softdep=pre: 0,0 y\x00", Modinfo{Depends: []string{"x", "ok"}, PreDeps: []string{"y"}}}, // paths lose their directories
	} {
		if got := ParseModinfo([]byte(tc.sec)); !reflect.DeepEqual(got, tc.want) {
			t.Errorf("%s: %+v, want %+v", tc.name, got, tc.want)
		}
	}
}

func TestModName(t *testing.T) {
	for in, want := range map[string]string{
		"/lib/modules/6.1/kernel/crypto/crc32c_generic.ko": "crc32c_generic",
		"crc32c-generic": "crc32c_generic", "x.ko.xz": "x", " ext4 ": "ext4", "": "", "  ": "",
	} {
		if got := ModName(in); got != want {
			t.Errorf("ModName(%q) = %q, want %q", in, got, want)
		}
	}
}

// fakeModules is a module tree: name -> its .modinfo.
type fakeModules map[string]Modinfo

func (f fakeModules) index() map[string]string {
	idx := map[string]string{}
	for n := range f {
		idx[n] = "/m/" + n + ".ko"
	}
	return idx
}

func (f fakeModules) info(file string) (Modinfo, error) {
	m, ok := f[ModName(file)]
	if !ok {
		return Modinfo{}, errors.New("no such file")
	}
	return m, nil
}

func TestModuleOrder(t *testing.T) {
	// Debian 6.1's graph for the guest's modules.
	debian := fakeModules{
		"virtio_pci":  {Depends: []string{"virtio_ring", "virtio_pci_modern_dev", "virtio_pci_legacy_dev", "virtio"}},
		"virtio_ring": {}, "virtio_pci_modern_dev": {}, "virtio_pci_legacy_dev": {}, "virtio": {},
		"virtio_console": {Depends: []string{"virtio_ring", "virtio"}},
		"virtio_blk":     {Depends: []string{"virtio_ring", "virtio"}},
		"virtio_net":     {Depends: []string{"net_failover", "virtio_ring", "virtio"}},
		"net_failover":   {Depends: []string{"failover"}}, "failover": {},
		"ext4": {Depends: []string{"jbd2", "mbcache", "crc16"}, PreDeps: []string{"crypto_crc32c"}},
		"jbd2": {PreDeps: []string{"crypto_crc32c"}}, "mbcache": {}, "crc16": {}, "crc32c_generic": {},
	}
	for _, tc := range []struct {
		name    string
		mods    fakeModules
		roots   []string
		builtin map[string]bool
		want    string // order, or an error's text
	}{
		{"debian guest", debian, []string{"virtio_pci", "virtio_console", "virtio_blk", "virtio_net", "ext4", "crc32c_generic"}, nil,
			"virtio_ring virtio_pci_modern_dev virtio_pci_legacy_dev virtio virtio_pci virtio_console virtio_blk " +
				"failover net_failover virtio_net crc32c_generic jbd2 mbcache crc16 ext4"},
		{"builtin dependency", fakeModules{"a": {Depends: []string{"b"}}}, []string{"a"}, map[string]bool{"b": true}, "a"},
		{"missing", fakeModules{"a": {Depends: []string{"b"}}}, []string{"a"}, nil, "module b (needed by a) not found"},
		{"cycle", fakeModules{"a": {Depends: []string{"b"}}, "b": {Depends: []string{"a"}}}, []string{"a"}, nil,
			"module dependency cycle: a -> b -> a"},
		{"each once", fakeModules{"a": {Depends: []string{"c"}}, "b": {Depends: []string{"c"}}, "c": {}}, []string{"a", "b", "a"}, nil, "c a b"},
	} {
		got, err := ModuleOrder(tc.roots, tc.mods.index(), tc.builtin, moduleAliases, tc.mods.info)
		text := strings.Join(got, " ")
		if err != nil {
			text = err.Error()
		}
		if text != tc.want {
			t.Errorf("%s:\n got %s\nwant %s", tc.name, text, tc.want)
		}
	}
}

func TestModuleOrderIsBounded(t *testing.T) {
	mods := fakeModules{}
	for i := 0; i < 2*maxModules; i++ {
		name := "m" + strings.Repeat("x", i)
		mods[name] = Modinfo{Depends: []string{"m" + strings.Repeat("x", i+1)}}
	}
	mods["m"+strings.Repeat("x", 2*maxModules)] = Modinfo{}
	if _, err := ModuleOrder([]string{"m"}, mods.index(), nil, nil, mods.info); err == nil ||
		!strings.Contains(err.Error(), "more than") {
		t.Fatalf("a chain of %d modules: %v", 2*maxModules, err)
	}
}

func FuzzParseModinfo(f *testing.F) {
	f.Fuzz(func(t *testing.T, sec []byte) {
		m := ParseModinfo(sec)
		for _, n := range append(m.Depends, m.PreDeps...) {
			if !validModName(n) {
				t.Fatalf("name %q from %q", n, sec)
			}
		}
		if len(m.Depends)+len(m.PreDeps) > len(sec) {
			t.Fatalf("%d names from %d bytes", len(m.Depends)+len(m.PreDeps), len(sec))
		}
	})
}
