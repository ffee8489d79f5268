//go:build linux

package transport

import (
	"fmt"
	"sync"
	"time"

	"go.uber.org/zap"
)

// devConfig describes a serial-device listener (virtio-serial or isa-serial).
type devConfig struct {
	name     string                // "virtio-serial:/dev/..." for String and logs
	open     func() (*port, error) // opens the device; tests substitute stand-ins
	reattach bool                  // virtio: sessions follow host attach/detach
	retry    bool                  // RetryPath
	interval time.Duration
	log      *zap.Logger
}

// devListener turns one device, reopened when it disappears, into a series
// of sessions.
type devListener struct {
	cfg      devConfig
	acceptMu sync.Mutex // one Accept at a time

	// Used only under acceptMu (or before the listener is shared).
	lastOpen time.Time // last open attempt: reopening is paced by cfg.interval
	failing  bool      // the current streak of open failures was logged at info

	mu        sync.Mutex
	port      *port    // nil while the device is not open
	active    *devConn // the current session, if any
	seq       int
	closing   chan struct{}
	closeOnce sync.Once
}

// newDevListener makes the first open attempt. Without retry a failure is
// returned; with retry it is logged and Accept keeps trying.
func newDevListener(cfg devConfig) (*devListener, error) {
	l := &devListener{cfg: cfg, closing: make(chan struct{})}
	p, err := l.tryOpen()
	if err != nil && !cfg.retry {
		return nil, fmt.Errorf("%s: %w", cfg.method(), err)
	}
	l.port = p
	return l, nil
}

func (c devConfig) method() string {
	if c.reattach {
		return MethodVirtio
	}
	return MethodISA
}

func (l *devListener) String() string { return l.cfg.name }

// Accept waits for the previous session to be closed, (re)opens the device
// if needed, and waits for the next session to start.
func (l *devListener) Accept() (Conn, error) {
	l.acceptMu.Lock()
	defer l.acceptMu.Unlock()
	if err := l.waitIdle(); err != nil {
		return nil, err
	}
	for {
		p, err := l.device()
		if err != nil {
			return nil, err
		}
		c, err := l.session(p)
		if err == nil || err == ErrClosed {
			return c, err
		}
		l.drop(p) // device lost: close it (virtio allows one opener) and reopen
	}
}

// waitIdle blocks until the current session, if any, has been closed.
func (l *devListener) waitIdle() error {
	l.mu.Lock()
	active := l.active
	l.mu.Unlock()
	if active != nil {
		select {
		case <-active.done:
		case <-l.closing:
		}
	}
	select {
	case <-l.closing:
		return ErrClosed
	default:
		return nil
	}
}

// session waits for the host (virtio) or starts at once (tty).
func (l *devListener) session(p *port) (Conn, error) {
	var pending []byte
	var hups uint64
	var err error
	if l.cfg.reattach {
		pending, hups, err = p.awaitHost()
	} else {
		hups, err = p.current()
	}
	if err != nil {
		return nil, err
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	select {
	case <-l.closing:
		return nil, ErrClosed
	default:
	}
	l.seq++
	l.active = newDevConn(p, fmt.Sprintf("%s session %d", p.name, l.seq), hups, pending)
	return l.active, nil
}

// device returns the open device, opening it first if needed. With retry it
// tries every cfg.interval until it succeeds or the listener is closed;
// without, one failed attempt is returned.
func (l *devListener) device() (*port, error) {
	l.mu.Lock()
	p := l.port
	l.mu.Unlock()
	if p != nil {
		return p, nil
	}
	for {
		if err := l.pace(); err != nil {
			return nil, err
		}
		p, err := l.tryOpen()
		if err == nil {
			return l.install(p)
		}
		if !l.cfg.retry {
			return nil, fmt.Errorf("%s: %w", l.cfg.method(), err)
		}
	}
}

// pace sleeps until cfg.interval after the last open attempt, so a device
// that keeps failing or hanging up is not reopened in a tight loop.
func (l *devListener) pace() error {
	d := time.Until(l.lastOpen.Add(l.cfg.interval))
	if d <= 0 {
		return nil
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-l.closing:
		return ErrClosed
	}
}

// tryOpen makes one attempt and logs it: with retry, the first failure of a
// streak at info and the rest at debug, so a missing port does not flood
// the log every five seconds.
func (l *devListener) tryOpen() (*port, error) {
	l.lastOpen = time.Now()
	p, err := l.cfg.open()
	log := l.cfg.log.With(zap.String("transport", l.cfg.name))
	switch {
	case err == nil && l.failing:
		l.failing = false
		log.Info("transport device opened", zap.String("device", p.name))
	case err != nil && l.cfg.retry && !l.failing:
		l.failing = true
		log.Info("cannot open transport device, retrying", zap.Error(err), zap.Duration("every", l.cfg.interval))
	case err != nil && l.cfg.retry:
		log.Debug("cannot open transport device, retrying", zap.Error(err))
	}
	return p, err
}

// install makes p the current device unless the listener was closed
// meanwhile.
func (l *devListener) install(p *port) (*port, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	select {
	case <-l.closing:
		p.close()
		return nil, ErrClosed
	default:
		l.port = p
		return p, nil
	}
}

func (l *devListener) drop(p *port) {
	l.mu.Lock()
	if l.port == p {
		l.port = nil
	}
	l.mu.Unlock()
	p.close()
}

// Close closes the device; blocked Accept, Read and Write return ErrClosed.
func (l *devListener) Close() error {
	l.closeOnce.Do(func() {
		close(l.closing)
		l.mu.Lock()
		p := l.port
		l.port = nil
		l.mu.Unlock()
		if p != nil {
			p.close()
		}
	})
	return nil
}
