package statedir

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// Ensure creates dir (and parents) if it does not exist.
func Ensure(dir string) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("cannot create state directory %s: %w", dir, err)
	}
	return nil
}

// WriteAtomic replaces path with data: readers see the old content or the
// new, never a mix. Files are created close-on-exec (Go's default).
func WriteAtomic(path string, data []byte, perm os.FileMode) error {
	dir := filepath.Dir(path)
	tmp, err := os.CreateTemp(dir, tempPrefix(filepath.Base(path))+"*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name()) // no-op after a successful rename
	if err := writeSync(tmp, data, perm); err != nil {
		return err
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return err
	}
	return syncDir(dir)
}

func writeSync(f *os.File, data []byte, perm os.FileMode) error {
	_, err := f.Write(data)
	if err == nil {
		err = f.Chmod(perm)
	}
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return err
}

func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer d.Close()
	return d.Sync()
}

// tempPrefix starts the names of WriteAtomic's temporary files for the
// file name; os.CreateTemp ends them with a random decimal number.
func tempPrefix(name string) string { return "." + name + "." }

// RemoveStale removes the temporary files WriteAtomic left in dir for the
// given file names when it was interrupted (the agent killed between the
// create and the rename), and returns the names removed. Only names of
// that exact form go: dir may be shared (/var/run).
func RemoveStale(dir string, names ...string) ([]string, error) {
	ents, err := os.ReadDir(dir)
	if err != nil {
		return nil, err
	}
	var removed []string
	for _, e := range ents {
		if !e.Type().IsRegular() || !isTemp(e.Name(), names) {
			continue
		}
		if err := os.Remove(filepath.Join(dir, e.Name())); err != nil && !os.IsNotExist(err) {
			return removed, err
		}
		removed = append(removed, e.Name())
	}
	return removed, nil
}

func isTemp(file string, names []string) bool {
	for _, n := range names {
		rest, ok := strings.CutPrefix(file, tempPrefix(n))
		if ok && rest != "" && strings.Trim(rest, "0123456789") == "" {
			return true
		}
	}
	return false
}
