package deadline

import (
	"errors"
	"fmt"
	"testing"
	"time"
)

func TestRunReturnsResult(t *testing.T) {
	var g Guard
	v, err := Run(&g, "/", time.Second, func() (int, error) { return 42, nil })
	if v != 42 || err != nil {
		t.Fatalf("got %d, %v", v, err)
	}
	boom := errors.New("boom")
	if _, err := Run(&g, "/", 0, func() (int, error) { return 0, boom }); err != boom {
		t.Fatalf("got %v", err)
	}
	if g.Running() != 0 {
		t.Fatalf("%d still running", g.Running())
	}
}

// A hung call times out, its key stays busy (answered at once, fn not
// called again) until it returns, and other keys are not affected.
func TestRunHungKey(t *testing.T) {
	var g Guard
	release := make(chan struct{})
	_, err := Run(&g, "/nfs", 20*time.Millisecond, func() (int, error) { <-release; return 1, nil })
	var te *TimeoutError
	if !errors.As(err, &te) || te.After != 20*time.Millisecond {
		t.Fatalf("got %v, want a timeout", err)
	}
	called := false
	if _, err := Run(&g, "/nfs", time.Second, func() (int, error) { called = true; return 0, nil }); err != ErrBusy || called {
		t.Fatalf("second call: %v (called %v), want ErrBusy without a call", err, called)
	}
	if v, err := Run(&g, "/", time.Second, func() (int, error) { return 7, nil }); v != 7 || err != nil {
		t.Fatalf("other key: %d, %v", v, err)
	}
	close(release)
	for i := 0; g.Running() != 0; i++ {
		if i > 1000 {
			t.Fatal("the released call never returned")
		}
		time.Sleep(time.Millisecond)
	}
	if v, err := Run(&g, "/nfs", time.Second, func() (int, error) { return 3, nil }); v != 3 || err != nil {
		t.Fatalf("after release: %d, %v", v, err)
	}
}

func TestRunBounded(t *testing.T) {
	var g Guard
	release := make(chan struct{})
	defer close(release)
	for i := range MaxRunning {
		Run(&g, fmt.Sprint(i), time.Microsecond, func() (int, error) { <-release; return 0, nil })
	}
	if _, err := Run(&g, "new", time.Second, func() (int, error) { return 0, nil }); err != ErrBusy {
		t.Fatalf("past the bound: %v", err)
	}
}

func TestRunPanicReachesCaller(t *testing.T) {
	var g Guard
	defer func() {
		if p := recover(); p != "boom" {
			t.Fatalf("recovered %v", p)
		}
		if g.Running() != 0 {
			t.Fatal("the key stays claimed after a panic")
		}
	}()
	Run(&g, "k", time.Second, func() (int, error) { panic("boom") })
}
