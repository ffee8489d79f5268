package process

import (
	"os"
	"sync"
	"time"
)

// stdio is a child's three descriptors and the agent's ends of them.
type stdio struct {
	child    [3]*os.File // handed to the child; closed in the agent once it started
	null     *os.File    // the agent's /dev/null, shared by every child, never closed here
	stdin    *os.File    // the agent's write end; nil without input
	outR     *os.File    // the agent's read ends; nil when not captured
	errR     *os.File
	out, err Buffer
	wg       sync.WaitGroup
}

// newStdio opens the pipes a Spec asks for; what is not piped is null
// (/dev/null, opened once by the Runner). Every descriptor is
// close-on-exec in the agent (os.Pipe); the child gets its copies as 0,
// 1 and 2 only.
func newStdio(s Spec, null *os.File) (io *stdio, err error) {
	io = &stdio{null: null, out: Buffer{Max: MaxOutput}, err: Buffer{Max: MaxOutput}}
	defer func() {
		if err != nil {
			io.closeChildEnds()
			io.closeOurs()
		}
	}()
	if s.HasStdin {
		if io.child[0], io.stdin, err = os.Pipe(); err != nil {
			return nil, err
		}
	} else {
		io.child[0] = null
	}
	if io.outR, io.child[1], err = io.pipeOrNull(s.Capture.stdout()); err != nil {
		return nil, err
	}
	if s.Capture == CaptureMerged {
		io.child[2] = io.child[1] // stderr into stdout's pipe
		return io, nil
	}
	io.errR, io.child[2], err = io.pipeOrNull(s.Capture.stderr())
	return io, err
}

// pipeOrNull is a pipe (read end, write end) when captured, else null.
func (io *stdio) pipeOrNull(captured bool) (*os.File, *os.File, error) {
	if captured {
		return os.Pipe()
	}
	return nil, io.null, nil
}

// closeChildEnds closes the child's copies in the agent, so the agent's
// read ends see EOF once the child (and its children) close theirs.
func (io *stdio) closeChildEnds() {
	for i, f := range io.child {
		if f != nil && f != io.null && (i != 2 || f != io.child[1]) {
			_ = f.Close()
		}
	}
}

// closeOurs closes the agent's ends.
func (io *stdio) closeOurs() {
	for _, f := range []*os.File{io.stdin, io.outR, io.errR} {
		if f != nil {
			_ = f.Close()
		}
	}
}

// start feeds input to stdin (then closes it) and reads the captured
// streams, each on its own goroutine, until finish stops them.
func (io *stdio) start(input []byte) {
	if io.stdin != nil {
		io.wg.Go(func() {
			_, _ = io.stdin.Write(input) // EPIPE when the child does not read: fine
			_ = io.stdin.Close()
		})
	}
	for _, s := range []struct {
		f *os.File
		b *Buffer
	}{{io.outR, &io.out}, {io.errR, &io.err}} {
		if s.f != nil {
			io.wg.Go(func() { drain(s.f, s.b) })
		}
	}
}

// finish waits for the I/O goroutines after the process exited: until
// every pipe is at EOF, or grace has passed (a child it left holds a
// pipe), when the deadlines stop them. Then the agent's ends are closed.
func (io *stdio) finish(grace time.Duration) {
	done := make(chan struct{})
	go func() { io.wg.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(grace):
		now := time.Now()
		for _, f := range []*os.File{io.outR, io.errR} {
			if f != nil {
				_ = f.SetReadDeadline(now)
			}
		}
		if io.stdin != nil {
			_ = io.stdin.SetWriteDeadline(now)
		}
		<-done
	}
	for _, f := range []*os.File{io.outR, io.errR} {
		if f != nil {
			_ = f.Close()
		}
	}
}
