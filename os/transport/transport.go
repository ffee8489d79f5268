//go:build linux

package transport

import (
	"errors"
	"fmt"
	"io"
	"time"

	"go.uber.org/zap"
)

// Conn is one session with the host: a unix/vsock client connection, or one
// period during which the host side of a virtio-serial port is attached.
// Read returns io.EOF when the session ends (client disconnect, virtio host
// hang-up). Close ends the session; for virtio/isa it does not close the
// device, which stays open for the next session unless the listener is
// closed. Reads may run concurrently with Writes; concurrent Writes are
// serialized so that one reply is never interleaved with another.
type Conn interface {
	io.Reader
	io.Writer
	Close() error
	String() string
}

// Listener yields sessions one at a time (qemu-ga serves one client at a
// time). Accept blocks until the next session starts; after Close, Accept
// returns ErrClosed promptly, also when it is already blocked.
type Listener interface {
	Accept() (Conn, error)
	Close() error
	String() string
}

// ErrClosed is returned by Accept, Read and Write once the Listener (or, for
// Read and Write, the Conn) has been closed.
var ErrClosed = errors.New("transport closed")

// ErrDetached is returned by Write on a serial-port session whose host side
// went away: the reply is dropped rather than delivered to the next host.
var ErrDetached = errors.New("transport: host side detached")

// Channel methods, as spelled by qemu-ga's -m option.
const (
	MethodVirtio = "virtio-serial"
	MethodISA    = "isa-serial"
	MethodUnix   = "unix-listen"
	MethodVsock  = "vsock-listen"
)

// Defaults applied by Open.
const (
	DefaultVirtioPath    = "/dev/virtio-ports/org.qemu.guest_agent.0"
	DefaultISAPath       = "/dev/ttyS0"
	DefaultVsockPath     = "-1:1024" // qemu-ga has no default; any CID, port 1024
	DefaultRetryInterval = 5 * time.Second
	DefaultSysfsRoot     = "/sys"
	VsockHostCID         = 2 // VMADDR_CID_HOST
)

// Options selects and configures a transport.
type Options struct {
	Method         string        // MethodVirtio (default), MethodISA, MethodUnix, MethodVsock
	Path           string        // device, socket path or "CID:PORT"; defaults per method, required for unix-listen
	RetryPath      bool          // -r: keep retrying to open the device, and reopen it after it disappears
	RetryInterval  time.Duration // default DefaultRetryInterval
	VsockAllowCIDs []uint32      // peers accepted by vsock-listen; default {VsockHostCID}
	Log            *zap.Logger   // nil: no logging
	SysfsRoot      string        // default "/sys"; tests point it at a temp dir
}

// withDefaults fills in the defaults and validates the method and path.
func (o Options) withDefaults() (Options, error) {
	if o.Method == "" {
		o.Method = MethodVirtio
	}
	if o.Log == nil {
		o.Log = zap.NewNop()
	}
	if o.RetryInterval <= 0 {
		o.RetryInterval = DefaultRetryInterval
	}
	if len(o.VsockAllowCIDs) == 0 {
		o.VsockAllowCIDs = []uint32{VsockHostCID}
	}
	if o.SysfsRoot == "" {
		o.SysfsRoot = DefaultSysfsRoot
	}
	if o.Path != "" {
		return o, nil
	}
	switch o.Method {
	case MethodVirtio:
		o.Path = DefaultVirtioPath
	case MethodISA:
		o.Path = DefaultISAPath
	case MethodVsock:
		o.Path = DefaultVsockPath
	case MethodUnix:
		return o, errors.New("transport: unix-listen needs a socket path")
	}
	return o, nil
}

// Open creates the Listener for o.Method. Without RetryPath a device that
// cannot be opened is an error naming the path; with RetryPath, Open succeeds
// and Accept keeps retrying every RetryInterval.
func Open(o Options) (Listener, error) {
	o, err := o.withDefaults()
	if err != nil {
		return nil, err
	}
	switch o.Method {
	case MethodVirtio:
		return openVirtio(o)
	case MethodISA:
		return openISA(o)
	case MethodUnix:
		return openUnix(o)
	case MethodVsock:
		return openVsock(o)
	}
	return nil, fmt.Errorf("transport: unknown method %q (want %s, %s, %s or %s)",
		o.Method, MethodVirtio, MethodISA, MethodUnix, MethodVsock)
}

// TryWriter is a Conn that can write without blocking: TryWrite writes
// what fits right now and returns at once, (0, nil) when nothing fits.
// The channel uses it to send a reply from its actor when no write is in
// progress, sparing a hand-off to its writer goroutine. It must not be
// called while a Write on the same Conn is in progress.
type TryWriter interface {
	TryWrite(b []byte) (int, error)
}

// PeerWatcher is a Conn that can tell, once its input has ended, whether
// the peer is gone for good (closed both ways, or a virtio host detached)
// rather than only done writing (a half-close, as socat or nc -N do).
// The channel stops waiting to deliver owed replies to a peer that is
// gone, so the next client is not kept waiting.
type PeerWatcher interface {
	PeerGone() bool
}

// BacklogWatcher is a Listener that can tell, without accepting, whether
// a client waits to be accepted. The channel stops waiting to deliver a
// finished session's owed replies when one does: a client that
// half-closed and never reads must not hold the next one off for the
// drain.
type BacklogWatcher interface {
	Waiting() bool
}
