package accounts

import (
	"errors"
	"fmt"
	"sync/atomic"
	"time"
)

// bounded runs file operations on home directories with a deadline. A
// syscall stuck in the kernel (a hung NFS server) cannot be cancelled, so
// an operation that times out keeps its goroutine until the kernel lets
// go; while it does, further operations are refused at once, so at most
// one goroutine is ever stuck.
type bounded struct {
	timeout time.Duration
	stuck   atomic.Bool
}

func newBounded(timeout time.Duration) *bounded { return &bounded{timeout: timeout} }

// errStuck refuses work while an earlier operation is still stuck.
var errStuck = errors.New("an earlier operation on a home directory is still blocked in the kernel")

func (b *bounded) run(op func() error) error {
	if b.stuck.Load() {
		return errStuck
	}
	done := make(chan error, 1)
	go func() { done <- op() }()
	t := time.NewTimer(b.timeout)
	defer t.Stop()
	select {
	case err := <-done:
		return err
	case <-t.C:
	}
	b.stuck.Store(true)
	go func() { <-done; b.stuck.Store(false) }()
	return fmt.Errorf("timed out after %v", b.timeout)
}
