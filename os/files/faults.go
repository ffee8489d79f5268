package files

import "github.com/goqga/goqga/faults"

// WithFaults wraps fsys so that every call first asks inj whether a fault
// fires: os.open, os.read_state and os.write_state on FS, os.read,
// os.write, os.seek, os.flush and os.close on each File. A nil inj adds
// nothing.
func WithFaults(fsys FS, inj *faults.Injector) FS {
	if inj == nil {
		return fsys
	}
	return &faultyFS{fs: fsys, inj: inj}
}

type faultyFS struct {
	fs  FS
	inj *faults.Injector
}

func (f *faultyFS) Open(path string, m Mode) (File, error) {
	if err := f.inj.Hit("os.open", path); err != nil {
		return nil, err
	}
	file, err := f.fs.Open(path, m)
	if err != nil {
		return nil, err
	}
	return &faultyFile{f: file, inj: f.inj}, nil
}

func (f *faultyFS) ReadState(path string) ([]byte, error) {
	if err := f.inj.Hit("os.read_state", path); err != nil {
		return nil, err
	}
	return f.fs.ReadState(path)
}

func (f *faultyFS) WriteState(path string, data []byte) error {
	if err := f.inj.Hit("os.write_state", path); err != nil {
		return err
	}
	return f.fs.WriteState(path, data)
}

type faultyFile struct {
	f   File
	inj *faults.Injector
}

func (f *faultyFile) Path() string { return f.f.Path() }

func (f *faultyFile) Read(p []byte) (int, error) {
	if err := f.inj.Hit("os.read", f.f.Path()); err != nil {
		return 0, err
	}
	return f.f.Read(p)
}

func (f *faultyFile) Write(p []byte) (int, error) {
	if err := f.inj.Hit("os.write", f.f.Path()); err != nil {
		return 0, err
	}
	return f.f.Write(p)
}

func (f *faultyFile) Seek(offset int64, whence int) (int64, error) {
	if err := f.inj.Hit("os.seek", f.f.Path()); err != nil {
		return 0, err
	}
	return f.f.Seek(offset, whence)
}

func (f *faultyFile) Flush() error {
	if err := f.inj.Hit("os.flush", f.f.Path()); err != nil {
		return err
	}
	return f.f.Flush()
}

// Close closes the real file first: like close(2), an injected failure
// reports an error but still releases the descriptor, and an injected
// panic or hang cannot leak it.
func (f *faultyFile) Close() error {
	err := f.f.Close()
	if ferr := f.inj.Hit("os.close", f.f.Path()); ferr != nil {
		return ferr
	}
	return err
}
