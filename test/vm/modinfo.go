package vm

import (
	"bytes"
	"debug/elf"
	"fmt"
	"io/fs"
	"path/filepath"
	"strings"
)

// maxModules bounds a module closure: the guest needs about fifteen, and
// a dependency cycle or a runaway tree must not grow the initramfs.
const maxModules = 64

// Modinfo is what the kernel module loader needs to know about one
// module's dependencies: depends= (hard, by module name) and the pre:
// part of softdep= (modules the module's users load first; ext4 asks for
// crc32c, which no depends= names).
type Modinfo struct {
	Depends []string
	PreDeps []string
}

// ParseModinfo reads a .modinfo section: NUL-separated key=value strings.
// It never fails: unknown keys and malformed strings are ignored, as the
// kernel's own tools do. Names are normalised ('-' becomes '_').
func ParseModinfo(sec []byte) Modinfo {
	var m Modinfo
	for _, kv := range bytes.Split(sec, []byte{0}) {
		k, v, ok := strings.Cut(string(kv), "=")
		switch {
		case !ok:
		case k == "depends":
			m.Depends = appendNames(m.Depends, strings.Split(v, ","))
		case k == "softdep":
			m.PreDeps = appendNames(m.PreDeps, softdepPre(v))
		}
	}
	return m
}

// softdepPre returns the names after "pre:" up to "post:" in a softdep
// value such as "pre: crc32c post: foo".
func softdepPre(v string) []string {
	var out []string
	in := false
	for _, f := range strings.Fields(v) {
		switch f {
		case "pre:":
			in = true
		case "post:":
			in = false
		default:
			if in {
				out = append(out, f)
			}
		}
	}
	return out
}

// appendNames adds the valid module names among names. Names become
// file names (NAME.ko) in the cache and the initramfs: anything but
// letters, digits and '_' (after ModName) is dropped.
func appendNames(dst, names []string) []string {
	for _, n := range names {
		if n = ModName(n); validModName(n) {
			dst = append(dst, n)
		}
	}
	return dst
}

func validModName(n string) bool {
	for _, r := range n {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '_') {
			return false
		}
	}
	return n != ""
}

// ModName normalises a module name or file name: "crc32c-generic.ko"
// and "crc32c_generic" are the same module.
func ModName(s string) string {
	if s = strings.TrimSpace(s); s == "" {
		return ""
	}
	s = filepath.Base(s)
	for _, ext := range []string{".xz", ".zst", ".gz", ".ko"} {
		s = strings.TrimSuffix(s, ext)
	}
	return strings.ReplaceAll(s, "-", "_")
}

// IndexModules maps module names to their .ko files under dir (the
// package's lib/modules/VERSION/kernel). Compressed modules are refused:
// busybox insmod cannot load them.
func IndexModules(dir string) (map[string]string, error) {
	idx := map[string]string{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		if strings.HasSuffix(p, ".ko") {
			idx[ModName(p)] = p
		}
		return nil
	})
	return idx, err
}

// ReadModinfo reads the .modinfo section of a module file.
func ReadModinfo(file string) (Modinfo, error) {
	f, err := elf.Open(file)
	if err != nil {
		return Modinfo{}, err
	}
	defer f.Close()
	sec := f.Section(".modinfo")
	if sec == nil {
		return Modinfo{}, fmt.Errorf("%s: no .modinfo section", file)
	}
	b, err := sec.Data()
	if err != nil {
		return Modinfo{}, err
	}
	return ParseModinfo(b), nil
}

// ModuleOrder returns roots and everything they need, each module after
// its dependencies: the order insmod must follow. A name that is not in
// idx is an error unless the running kernel has it built in (builtin).
// aliases resolves softdep names that are aliases (crc32c) to modules.
func ModuleOrder(roots []string, idx map[string]string, builtin map[string]bool,
	aliases map[string]string, info func(file string) (Modinfo, error)) ([]string, error) {
	o := orderer{idx: idx, builtin: builtin, aliases: aliases, info: info, state: map[string]int{}}
	for _, r := range roots {
		if err := o.visit(ModName(r), nil); err != nil {
			return nil, err
		}
	}
	return o.out, nil
}

type orderer struct {
	idx     map[string]string
	builtin map[string]bool
	aliases map[string]string
	info    func(string) (Modinfo, error)
	state   map[string]int // 1 visiting, 2 done
	out     []string
}

func (o *orderer) visit(name string, chain []string) error {
	if a, ok := o.aliases[name]; ok {
		name = a
	}
	switch o.state[name] {
	case 1:
		return fmt.Errorf("module dependency cycle: %s -> %s", strings.Join(chain, " -> "), name)
	case 2:
		return nil
	}
	file, ok := o.idx[name]
	if !ok {
		if o.builtin[name] {
			o.state[name] = 2
			return nil
		}
		return fmt.Errorf("module %s (needed by %s) not found", name, strings.Join(chain, " -> "))
	}
	if len(o.state) >= maxModules {
		return fmt.Errorf("more than %d modules needed", maxModules)
	}
	o.state[name] = 1
	mi, err := o.info(file)
	if err != nil {
		return err
	}
	for _, d := range append(mi.PreDeps, mi.Depends...) {
		if err := o.visit(d, append(chain, name)); err != nil {
			return err
		}
	}
	o.state[name] = 2
	o.out = append(o.out, name)
	return nil
}
