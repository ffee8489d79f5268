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
	if err := f.inj.Hit(pointOpen, path); err != nil {
		return nil, err
	}
	file, err := f.fs.Open(path, m)
	if err != nil {
		return nil, err
	}
	return &faultyFile{f: file, inj: f.inj}, nil
}

func (f *faultyFS) ReadState(path string) ([]byte, error) {
	if err := f.inj.Hit(pointReadState, path); err != nil {
		return nil, err
	}
	return f.fs.ReadState(path)
}

func (f *faultyFS) WriteState(path string, data []byte) error {
	if err := f.inj.Hit(pointWriteState, path); err != nil {
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
	if err := f.inj.Hit(pointRead, f.f.Path()); err != nil {
		return 0, err
	}
	return f.f.Read(p)
}

func (f *faultyFile) Write(p []byte) (int, error) {
	if err := f.inj.Hit(pointWrite, f.f.Path()); err != nil {
		return 0, err
	}
	return f.f.Write(p)
}

func (f *faultyFile) Seek(offset int64, whence int) (int64, error) {
	if err := f.inj.Hit(pointSeek, f.f.Path()); err != nil {
		return 0, err
	}
	return f.f.Seek(offset, whence)
}

func (f *faultyFile) Flush() error {
	if err := f.inj.Hit(pointFlush, f.f.Path()); err != nil {
		return err
	}
	return f.f.Flush()
}

// Close closes the real file first: like close(2), an injected failure
// reports an error but still releases the descriptor, and an injected
// panic or hang cannot leak it.
func (f *faultyFile) Close() error {
	err := f.f.Close()
	if ferr := f.inj.Hit(pointClose, f.f.Path()); ferr != nil {
		return ferr
	}
	return err
}

// The domain's fault points.
var (
	pointOpen       = faults.Declare("os.open", "guest-file-open", "the file's path as opened")
	pointRead       = faults.Declare("os.read", "guest-file-read", "the file's path as opened")
	pointWrite      = faults.Declare("os.write", "guest-file-write", "the file's path as opened")
	pointSeek       = faults.Declare("os.seek", "guest-file-seek", "the file's path as opened")
	pointFlush      = faults.Declare("os.flush", "guest-file-flush", "the file's path as opened")
	pointClose      = faults.Declare("os.close", "guest-file-close (the fd is freed even when a fault fires)", "the file's path as opened")
	pointReadState  = faults.Declare("os.read_state", "reading the handle counter", "STATEDIR/qga.state")
	pointWriteState = faults.Declare("os.write_state", "writing the handle counter", "STATEDIR/qga.state")
)
