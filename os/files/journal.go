package files

import "github.com/goqga/goqga/os/sim"

// Journaled records each successful open and each close of fsys in j
// ({"op":"file-open","path":P,"mode":"rw+c"} and {"op":"file-close",...}),
// so tests of the simulated guest see which guest files were touched.
func Journaled(fsys FS, j *sim.Journal) FS {
	if j == nil {
		return fsys
	}
	return &journalFS{FS: fsys, j: j}
}

type journalFS struct {
	FS
	j *sim.Journal
}

func (f *journalFS) Open(path string, m Mode) (File, error) {
	file, err := f.FS.Open(path, m)
	if err != nil {
		return nil, err
	}
	f.j.Record(map[string]any{"op": "file-open", "path": path, "mode": m.String()})
	return &journalFile{File: file, j: f.j}, nil
}

type journalFile struct {
	File
	j *sim.Journal
}

func (f *journalFile) Close() error {
	err := f.File.Close()
	f.j.Record(map[string]any{"op": "file-close", "path": f.Path()})
	return err
}

// String renders m compactly: r, w or rw, then t (truncate), a (append),
// c (create).
func (m Mode) String() string {
	s := [...]string{ReadOnly: "r", WriteOnly: "w", ReadWrite: "rw"}[m.Access]
	for _, f := range []struct {
		on bool
		c  string
	}{{m.Truncate, "t"}, {m.Append, "a"}, {m.Create, "c"}} {
		if f.on {
			s += f.c
		}
	}
	return s
}

// Write records {"op":"file-write","path":P,"bytes":N} for each write that
// wrote something: under sim every change to a guest file is journaled.
func (f *journalFile) Write(p []byte) (int, error) {
	n, err := f.File.Write(p)
	if n > 0 {
		f.j.Record(map[string]any{"op": "file-write", "path": f.Path(), "bytes": n})
	}
	return n, err
}
