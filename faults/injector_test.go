package faults

import (
	"errors"
	"io/fs"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"go.uber.org/goleak"
	"golang.org/x/sys/unix"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

func mustParse(t *testing.T, spec string) *Injector {
	t.Helper()
	inj, err := Parse(spec)
	if err != nil {
		t.Fatal(err)
	}
	return inj
}

func TestNilInjector(t *testing.T) {
	var inj *Injector
	if err := inj.Hit("os.open", "/x"); err != nil {
		t.Errorf("nil Hit = %v", err)
	}
	if f, ok := inj.Match("os.open", "/x"); ok || f != (Fault{}) {
		t.Errorf("nil Match = %v, %v", f, ok)
	}
	inj.Release()
	if inj.Points() != nil || inj.String() != "" {
		t.Errorf("nil Points/String = %v, %q", inj.Points(), inj.String())
	}
}

func TestHitError(t *testing.T) {
	inj := mustParse(t, "os.read=error(EIO),os.open=error(ENOENT)")
	err := inj.Hit("os.read", "/dev/vda")
	if !errors.Is(err, unix.EIO) {
		t.Fatalf("Hit = %v, want errors.Is EIO", err)
	}
	if got := err.Error(); got != "injected fault: input/output error" {
		t.Errorf("message = %q", got)
	}
	var ie *InjectedError
	if !errors.As(err, &ie) || ie.Point != "os.read" || ie.Target != "/dev/vda" {
		t.Errorf("errors.As InjectedError = %+v", ie)
	}
	if err := inj.Hit("os.open", ""); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("ENOENT should satisfy fs.ErrNotExist: %v", err)
	}
	if err := inj.Hit("os.write", ""); err != nil {
		t.Errorf("unmatched point: %v", err)
	}
}

// hits runs Match n times and records which actions fired.
func hits(inj *Injector, point, target string, n int) []string {
	var out []string
	for range n {
		f, ok := inj.Match(point, target)
		if !ok {
			out = append(out, "-")
			continue
		}
		out = append(out, f.Action.String())
	}
	return out
}

func TestCountsAndFallThrough(t *testing.T) {
	inj := mustParse(t, "os.read=error(EIO)*2,os.read=delay(1ms)*1")
	got := hits(inj, "os.read", "", 5)
	want := []string{"error", "error", "delay", "-", "-"}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("(-want +got):\n%s", d)
	}
	// String renders counts as written, not as left.
	if inj.String() != "os.read=error(EIO)*2,os.read=delay(1ms)*1" {
		t.Errorf("String = %q", inj.String())
	}
}

func TestTargetMatching(t *testing.T) {
	tests := []struct {
		spec, point, target string
		want                bool
	}{
		{"os.freeze=hang", "os.freeze", "/mnt", true},
		{"os.freeze=hang", "os.freeze", "", true},
		{"os.freeze@/mnt=hang", "os.freeze", "/mnt", true},
		{"os.freeze@/mnt=hang", "os.freeze", "/mnt/", false},
		{"os.freeze@/mnt=hang", "os.freeze", "", false},
		{"os.freeze@/mnt=hang", "os.thaw", "/mnt", false},
		{"os.freeze=hang", "os.freezeall", "", false},
	}
	for _, tt := range tests {
		_, ok := mustParse(t, tt.spec).Match(tt.point, tt.target)
		if ok != tt.want {
			t.Errorf("%s: Match(%q, %q) = %v, want %v", tt.spec, tt.point, tt.target, ok, tt.want)
		}
	}
}

func TestTargetedRuleBeforeGeneral(t *testing.T) {
	inj := mustParse(t, "os.open@/a=error(EACCES),os.open=error(EIO)")
	if err := inj.Hit("os.open", "/a"); !errors.Is(err, unix.EACCES) {
		t.Errorf("/a: %v", err)
	}
	if err := inj.Hit("os.open", "/b"); !errors.Is(err, unix.EIO) {
		t.Errorf("/b: %v", err)
	}
}

func TestConcurrentCount(t *testing.T) {
	const count, workers, per = 1000, 16, 200
	inj := mustParse(t, "os.read=error(EIO)*1000")
	var fired atomic.Int64
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			for range per {
				if inj.Hit("os.read", "") != nil {
					fired.Add(1)
				}
			}
		})
	}
	wg.Wait()
	if fired.Load() != count {
		t.Errorf("fired %d times, want exactly %d", fired.Load(), count)
	}
}

func TestHangReleased(t *testing.T) {
	inj := mustParse(t, "os.freeze=hang")
	done := make(chan error)
	go func() { done <- inj.Hit("os.freeze", "/") }()
	select {
	case err := <-done:
		t.Fatalf("hang returned before Release: %v", err)
	case <-time.After(20 * time.Millisecond):
	}
	inj.Release()
	if err := <-done; err != nil {
		t.Errorf("released hang = %v", err)
	}
	inj.Release() // idempotent
	if err := inj.Hit("os.freeze", "/"); err != nil {
		t.Errorf("hang after Release = %v", err)
	}
}

func TestDelay(t *testing.T) {
	inj := mustParse(t, "os.a=delay(30ms),os.b=delay(1h)")
	start := time.Now()
	if err := inj.Hit("os.a", ""); err != nil || time.Since(start) < 30*time.Millisecond {
		t.Errorf("delay: err %v after %v", err, time.Since(start))
	}
	done := make(chan error)
	go func() { done <- inj.Hit("os.b", "") }()
	inj.Release()
	select {
	case err := <-done:
		if err != nil {
			t.Error(err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("Release did not cut a delay short")
	}
}

func TestPanicValue(t *testing.T) {
	inj := mustParse(t, "actor.files@/tmp/x=panic")
	defer func() {
		v := recover()
		p, ok := v.(*InjectedPanic)
		if !ok {
			t.Fatalf("recovered %T %v, want *InjectedPanic", v, v)
		}
		if *p != (InjectedPanic{Point: "actor.files", Target: "/tmp/x"}) {
			t.Errorf("panic value = %+v", *p)
		}
		if p.Error() != "injected panic at actor.files@/tmp/x" {
			t.Errorf("message = %q", p.Error())
		}
	}()
	_ = inj.Hit("actor.files", "/tmp/x")
	t.Fatal("Hit did not panic")
}

func TestDropCorruptOnlyViaMatch(t *testing.T) {
	inj := mustParse(t, "channel.write=drop*1,channel.write=corrupt*1")
	if err := inj.Hit("channel.write", ""); err != nil {
		t.Errorf("Hit(drop) = %v, want nil", err)
	}
	if f, ok := inj.Match("channel.write", ""); !ok || f.Action != Corrupt {
		t.Errorf("Match = %v, %v; want corrupt", f, ok)
	}
}

func TestPoints(t *testing.T) {
	inj := mustParse(t, "os.b=hang,os.a=panic,os.b@/x=hang,channel.write=drop")
	if d := cmp.Diff([]string{"os.b", "os.a", "channel.write"}, inj.Points()); d != "" {
		t.Errorf("Points (-want +got):\n%s", d)
	}
}

func BenchmarkHitNil(b *testing.B) {
	var inj *Injector
	for b.Loop() {
		_ = inj.Hit("os.read", "/x")
	}
}

func BenchmarkHitMiss(b *testing.B) {
	inj, _ := Parse("os.freeze=hang,os.open@/a=error(EIO)")
	for b.Loop() {
		_ = inj.Hit("os.read", "/x")
	}
}

func TestMatchThenApply(t *testing.T) {
	inj := mustParse(t, "os.open@/a=error(EPERM)")
	f, ok := inj.Match("os.open", "/a")
	want := Fault{Action: Error, Errno: unix.EPERM, Point: "os.open", Target: "/a"}
	if !ok || f != want {
		t.Fatalf("Match = %+v, %v; want %+v", f, ok, want)
	}
	err := inj.Apply(f)
	var ie *InjectedError
	if !errors.As(err, &ie) || *ie != (InjectedError{Point: "os.open", Target: "/a", Errno: unix.EPERM}) {
		t.Errorf("Apply = %#v", err)
	}
	if err := inj.Apply(Fault{Action: Drop}); err != nil {
		t.Errorf("Apply(drop) = %v", err)
	}
	if err := inj.Apply(Fault{}); err != nil {
		t.Errorf("Apply(none) = %v", err)
	}
}

func TestApplyOnNil(t *testing.T) {
	var inj *Injector
	if err := inj.Apply(Fault{Action: Error, Errno: unix.EIO}); !errors.Is(err, unix.EIO) {
		t.Errorf("nil Apply(error) = %v", err)
	}
	start := time.Now()
	if err := inj.Apply(Fault{Action: Delay, Delay: 10 * time.Millisecond}); err != nil || time.Since(start) < 10*time.Millisecond {
		t.Errorf("nil Apply(delay) = %v after %v", err, time.Since(start))
	}
}

func TestCall(t *testing.T) {
	inj := mustParse(t, "os.read=error(EIO)*1")
	calls := 0
	fn := func() (int, error) { calls++; return 7, nil }
	if v, err := Call(inj, "os.read", "", fn); v != 0 || !errors.Is(err, unix.EIO) || calls != 0 {
		t.Fatalf("a fault: %d, %v, %d calls", v, err, calls)
	}
	if v, err := Call(inj, "os.read", "", fn); v != 7 || err != nil || calls != 1 {
		t.Fatalf("no fault: %d, %v, %d calls", v, err, calls)
	}
	if v, err := Call(nil, "os.read", "", fn); v != 7 || err != nil {
		t.Fatalf("no injector: %d, %v", v, err)
	}
}
