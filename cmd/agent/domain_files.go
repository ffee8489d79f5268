package main

import (
	"io/fs"
	"path/filepath"

	"github.com/goqga/goqga/actors/domain"
	"github.com/goqga/goqga/actors/files"
	osfiles "github.com/goqga/goqga/os/files"
)

// stateFile is qemu-ga's persistent state file in the state directory.
const stateFile = "qga.state"

func init() {
	domains = append(domains, domainDef{name: files.Name, specs: files.Specs, logic: filesLogic})
}

// filesLogic builds the files domain. Guest files are real files under
// both backends (file I/O is harmless anywhere); --os sim adds journal
// lines for opens and closes. Faults wrap the journal, so an injected
// failure is not journaled. --file-allow and --file-mode shape the real
// backend; a --file-allow directory that cannot be resolved stops the
// agent at start-up.
func filesLogic(e *env) (domain.Logic, error) {
	fsys, err := osfiles.NewLinux(osfiles.Options{FileMode: fs.FileMode(e.cfg.FileMode), Allow: e.cfg.FileAllow})
	if err != nil {
		return nil, err
	}
	if e.journal != nil {
		fsys = osfiles.Journaled(fsys, e.journal)
	}
	return files.New(files.Config{
		FS:         osfiles.WithFaults(fsys, e.faults),
		StatePath:  filepath.Join(e.cfg.StateDir, stateFile),
		MaxHandles: e.cfg.MaxHandles,
		Log:        e.log.Named(files.Name),
	}), nil
}
