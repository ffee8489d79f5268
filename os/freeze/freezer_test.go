package freeze

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"syscall"
	"testing"

	"github.com/goqga/goqga/faults"
)

// fakeOS is a stateful stand-in for the kernel: it renders its state as
// text, so tests compare what the filesystems end up as, not call lists.
type fakeOS struct {
	mounts []Mount
	frozen map[string]int
	fail   map[string]error // "freeze /home" -> error, returned every time
	sticky map[string]bool  // FITHAW always succeeds (a buggy filesystem)
	calls  int
}

func newFakeOS(paths ...string) *fakeOS {
	f := &fakeOS{frozen: map[string]int{}, fail: map[string]error{}, sticky: map[string]bool{}}
	for i, p := range paths {
		f.mounts = append(f.mounts, Mount{Path: p, Type: "ext4", Major: 8, Minor: uint32(i)})
	}
	return f
}

func (f *fakeOS) Mounts() ([]Mount, error) { return f.mounts, f.fail["mounts"] }

func (f *fakeOS) Freeze(p string) error {
	f.calls++
	if err := f.fail["freeze "+p]; err != nil {
		return err
	}
	if f.frozen[p] > 0 {
		return &OpError{Op: "freeze", Path: p, Err: syscall.EBUSY}
	}
	f.frozen[p]++
	return nil
}

func (f *fakeOS) Thaw(p string) error {
	f.calls++
	if err := f.fail["thaw "+p]; err != nil {
		return err
	}
	if f.sticky[p] {
		return nil
	}
	if f.frozen[p] == 0 {
		return &OpError{Op: "thaw", Path: p, Err: syscall.EINVAL}
	}
	f.frozen[p]--
	return nil
}

func (f *fakeOS) String() string {
	var out []string
	for _, m := range f.mounts {
		if f.frozen[m.Path] > 0 {
			out = append(out, m.Path)
		}
	}
	return "frozen:" + strings.Join(out, ",")
}

func freezeErr(p string, e syscall.Errno) error { return &OpError{Op: "freeze", Path: p, Err: e} }

func TestFreezeAll(t *testing.T) {
	cases := []struct {
		name     string
		fail     map[string]error
		n        int
		err      string
		rendered string
	}{
		{"all", nil, 3, "", "frozen:/,/boot,/home"},
		{"EOPNOTSUPP skipped", map[string]error{"freeze /boot": freezeErr("/boot", syscall.EOPNOTSUPP)}, 2, "", "frozen:/,/home"},
		{"EBUSY skipped", map[string]error{"freeze /home": freezeErr("/home", syscall.EBUSY)}, 2, "", "frozen:/,/boot"},
		{"EIO stops", map[string]error{"freeze /boot": freezeErr("/boot", syscall.EIO)}, 1,
			"failed to freeze /boot: Input/output error", "frozen:/home"},
		{"open EBUSY is not skipped", map[string]error{"freeze /boot": &OpError{Op: "open", Path: "/boot", Err: syscall.EBUSY}}, 1,
			"failed to open /boot: Device or resource busy", "frozen:/home"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			f := newFakeOS("/", "/boot", "/home")
			for k, v := range c.fail {
				f.fail[k] = v
			}
			n, err := FreezeAll(f, Reversed([]string{"/", "/boot", "/home"}))
			gotErr := ""
			if err != nil {
				gotErr = err.Error()
			}
			if n != c.n || gotErr != c.err || f.String() != c.rendered {
				t.Errorf("FreezeAll = %d, %q, %s; want %d, %q, %s", n, gotErr, f, c.n, c.err, c.rendered)
			}
		})
	}
}

func TestThawAll(t *testing.T) {
	f := newFakeOS("/", "/boot", "/home", "/data")
	f.frozen["/"], f.frozen["/home"] = 1, 3 // /home frozen three times over
	f.sticky["/data"] = true
	f.fail["thaw /boot"] = &OpError{Op: "open", Path: "/boot", Err: syscall.ENOENT}
	if n, err := ThawAll(f, Paths(f.mounts)); n != 3 || err != nil || f.String() != "frozen:" {
		t.Errorf("ThawAll = %d, %v, %s; want 3 thawed, none frozen, no error", n, err, f)
	}
	// / once, /boot once (fails), /home four times, /data MaxThaws times.
	if want := 2 + 1 + 4 + MaxThaws; f.calls != want {
		t.Errorf("%d FITHAW calls, want %d", f.calls, want)
	}
	if n, err := ThawAll(f, Paths(f.mounts)[:3]); n != 0 || err != nil {
		t.Errorf("thawing thawed filesystems = %d, %v; want 0, no error", n, err)
	}
}

// Only "not frozen" answers end a thaw quietly; any other failure of a
// filesystem's first FITHAW leaves it possibly frozen and is reported.
func TestThawAllReportsStuck(t *testing.T) {
	cases := []struct {
		err   error
		stuck bool
	}{
		{&OpError{Op: "thaw", Path: "/", Err: syscall.EINVAL}, false},
		{&OpError{Op: "thaw", Path: "/", Err: syscall.EOPNOTSUPP}, false},
		{&OpError{Op: "open", Path: "/", Err: syscall.ENOENT}, false},
		{&OpError{Op: "thaw", Path: "/", Err: syscall.EIO}, true},
		{&OpError{Op: "thaw", Path: "/", Err: syscall.EPERM}, true},
		{&OpError{Op: "open", Path: "/", Err: syscall.EACCES}, true},
	}
	for _, c := range cases {
		f := newFakeOS("/", "/boot")
		f.frozen["/"], f.frozen["/boot"] = 1, 1
		f.fail["thaw /"] = c.err
		n, err := ThawAll(f, Paths(f.mounts))
		if n != 1 || (err != nil) != c.stuck || (err != nil && err.Error() != c.err.Error()) {
			t.Errorf("%v: ThawAll = %d, %v; want 1 thawed, stuck %v", c.err, n, err, c.stuck)
		}
	}
}

func TestFreezable(t *testing.T) {
	in := []Mount{
		{"/", "ext4", 253, 0, "/dev/vda1"}, {"/proc", "proc", 0, 5, "proc"}, {"/home", "btrfs", 0, 33, "/dev/vdb"},
		{"/var", "btrfs", 0, 33, "/dev/vdb"}, {"/bind", "ext4", 253, 0, "/dev/vda1"}, {"/boot", "ext4", 253, 1, "/dev/vda2"},
	}
	if got := Paths(Freezable(in)); !slices.Equal(got, []string{"/", "/home", "/boot"}) {
		t.Errorf("Freezable = %q", got)
	}
}

// OpError words failures as qemu-ga does, with C's strerror texts, also
// for injected errors.
func TestOpErrorText(t *testing.T) {
	cases := []struct {
		err  error
		want string
	}{
		{&OpError{Op: "freeze", Path: "/home", Err: syscall.EIO}, "failed to freeze /home: Input/output error"},
		{&OpError{Op: "open", Path: "/x", Err: fmt.Errorf("wrapped: %w", syscall.ENOENT)}, "failed to open /x: No such file or directory"},
		{&OpError{Op: "thaw", Path: "/", Err: &faults.InjectedError{Errno: syscall.EPERM}}, "failed to thaw /: Operation not permitted"},
		{&OpError{Op: "read", Path: "/m", Err: errors.New("plain text")}, "failed to read /m: plain text"},
	}
	for _, c := range cases {
		if got := c.err.Error(); got != c.want {
			t.Errorf("got %q, want %q", got, c.want)
		}
	}
}

func TestWithFaults(t *testing.T) {
	inj, err := faults.Parse("os.freeze@/boot=error(EBUSY)*1,os.freeze@/home=error(EIO)*1,os.thaw@/=error(EIO)*1,os.mountinfo=error(EACCES)*1")
	if err != nil {
		t.Fatal(err)
	}
	f := newFakeOS("/", "/boot", "/home")
	x := WithFaults(f, inj)
	if _, err := List(x); err == nil || err.Error() != "failed to read /proc/self/mountinfo: Permission denied" {
		t.Errorf("os.mountinfo: %v", err)
	}
	n, err := FreezeAll(x, []string{"/boot", "/home"})
	if n != 0 || err == nil || err.Error() != "failed to freeze /home: Input/output error" {
		t.Errorf("FreezeAll = %d, %v", n, err)
	}
	n, err = FreezeAll(x, []string{"/", "/boot", "/home"})
	if n != 3 || err != nil {
		t.Errorf("faults used up, FreezeAll = %d, %v", n, err)
	}
	// qemu-ga would call / thawed; it may still be frozen, and says so.
	n, err = ThawAll(x, []string{"/", "/boot", "/home"})
	if n != 2 || f.String() != "frozen:/" || err == nil || err.Error() != "failed to thaw /: Input/output error" {
		t.Errorf("ThawAll with os.thaw@/ = %d, %v, %s", n, err, f)
	}
	if WithFaults(f, nil) != Freezer(f) {
		t.Error("no injector should add no layer")
	}
}
