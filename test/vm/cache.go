package vm

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// ensureKernel fills dir with the kernel image and the guest's modules
// (only those: the package unpacks to 400 MB) unless it is complete.
func ensureKernel(dir, pkg, version string, logf func(string, ...any)) error {
	return fill(dir, func(tmp, entry string) error {
		logf("downloading %s %s into %s", pkg, version, dir)
		root, err := download(tmp, pkg, version)
		if err != nil {
			return err
		}
		kernels, _ := filepath.Glob(filepath.Join(root, "boot", "vmlinuz-*"))
		mods, _ := filepath.Glob(filepath.Join(root, "lib", "modules", "*"))
		if len(kernels) != 1 || len(mods) != 1 {
			return fmt.Errorf("%s: want one vmlinuz and one modules tree, found %d and %d", pkg, len(kernels), len(mods))
		}
		if err := copyFile(kernels[0], filepath.Join(entry, "vmlinuz")); err != nil {
			return err
		}
		return keepModules(mods[0], entry)
	})
}

// keepModules copies the guest's modules, in insmod order, into
// entry/modules and records the order in entry/modules.order.goqga.
func keepModules(tree, entry string) error {
	idx, err := IndexModules(filepath.Join(tree, "kernel"))
	if err != nil {
		return err
	}
	builtin := map[string]bool{}
	if b, err := os.ReadFile(filepath.Join(tree, "modules.builtin")); err == nil {
		for _, l := range strings.Fields(string(b)) {
			builtin[ModName(l)] = true
		}
	}
	order, err := ModuleOrder(GuestModules, idx, builtin, moduleAliases, ReadModinfo)
	if err != nil {
		return err
	}
	if err := os.Mkdir(filepath.Join(entry, "modules"), 0o755); err != nil {
		return err
	}
	for _, m := range order {
		if err := copyFile(idx[m], filepath.Join(entry, "modules", m+".ko")); err != nil {
			return err
		}
	}
	return os.WriteFile(filepath.Join(entry, "modules.order.goqga"), []byte(strings.Join(order, "\n")+"\n"), 0o644)
}

// ensureBusybox fills dir with the static busybox binary.
func ensureBusybox(dir, version string, logf func(string, ...any)) error {
	return fill(dir, func(tmp, entry string) error {
		logf("downloading %s %s into %s", busyboxPackage, version, dir)
		root, err := download(tmp, busyboxPackage, version)
		if err != nil {
			return err
		}
		return copyFile(filepath.Join(root, "bin", "busybox"), filepath.Join(entry, "busybox"))
	})
}

// fill makes a cache entry: make builds it in a scratch directory, which
// is renamed into place with a "done" file, so a run killed half-way
// leaves no entry that looks complete. A concurrent run that filled it
// first wins.
func fill(dir string, make func(tmp, entry string) error) error {
	if _, err := os.Stat(filepath.Join(dir, "done")); err == nil {
		return nil
	}
	if err := os.MkdirAll(filepath.Dir(dir), 0o755); err != nil {
		return err
	}
	tmp, err := os.MkdirTemp(filepath.Dir(dir), ".fill-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	entry := filepath.Join(tmp, "entry")
	if err := os.Mkdir(entry, 0o755); err != nil {
		return err
	}
	if err := make(tmp, entry); err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(entry, "done"), nil, 0o644); err != nil {
		return err
	}
	os.RemoveAll(dir) // an incomplete entry left by an older run
	if err := os.Rename(entry, dir); err != nil {
		if _, serr := os.Stat(filepath.Join(dir, "done")); serr == nil {
			return nil
		}
		return err
	}
	return nil
}

func copyFile(src, dst string) error {
	b, err := os.ReadFile(src)
	if err != nil {
		return err
	}
	return os.WriteFile(dst, b, 0o644)
}
