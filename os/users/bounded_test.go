package users

import (
	"errors"
	"testing"
	"time"

	"github.com/goqga/goqga/os/deadline"
)

type hung struct{ release chan struct{} }

func (h hung) Utmp() ([]Login, error)     { <-h.release; return nil, nil }
func (h hung) Sessions() ([]Login, error) { return []Login{{User: "a"}}, nil }

// A hung utmp costs its deadline once, then is refused at once until it
// returns; the other listing is not held up.
func TestWithDeadline(t *testing.T) {
	h := hung{release: make(chan struct{})}
	defer close(h.release)
	b := WithDeadline(h, 50*time.Millisecond)
	start := time.Now()
	var te *deadline.TimeoutError
	if _, err := b.Utmp(); !errors.As(err, &te) || time.Since(start) > 2*time.Second {
		t.Fatalf("hung utmp: %v after %v", err, time.Since(start))
	}
	if _, err := b.Utmp(); !errors.Is(err, deadline.ErrBusy) {
		t.Fatalf("second call: %v", err)
	}
	if s, err := b.Sessions(); err != nil || len(s) != 1 {
		t.Fatalf("sessions: %v %v", s, err)
	}
}
