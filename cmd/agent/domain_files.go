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

// filesLogic builds the files domain. Guest files are real files; under
// --os sim they live inside the simulated guest's root (--sim-root, a
// private temporary directory by default), never on the host's own
// paths, and each open, write and close is journaled. Faults wrap the
// journal, so an injected failure is not journaled. --file-allow and
// --file-mode shape both backends (under sim, --file-allow names guest
// directories); a --file-allow directory that cannot be resolved stops
// the agent at start-up.
func filesLogic(e *env) (domain.Logic, error) {
	o := osfiles.Options{FileMode: fs.FileMode(e.cfg.FileMode), Allow: e.cfg.FileAllow}
	fsys, err := osfiles.NewLinux(o)
	if e.cfg.OS == "sim" {
		fsys, err = osfiles.Sandbox(e.simRoot, o)
	}
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
		ReplyRoom:  e.replies.WaitRoom,
	}), nil
}
