package accounts

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"golang.org/x/sys/unix"
)

// home makes a home directory for a user that is this test process.
func home(t testing.TB) User {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "home")
	if err := os.Mkdir(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	return User{Name: "tester", UID: os.Getuid(), GID: os.Getgid(), Home: dir}
}

func mode(t *testing.T, p string) os.FileMode {
	t.Helper()
	st, err := os.Lstat(p)
	if err != nil {
		t.Fatal(err)
	}
	return st.Mode()
}

func TestWriteThenRead(t *testing.T) {
	u := home(t)
	l := safeLinux()
	if _, err := l.ReadKeys(u); !IsNotExist(err) {
		t.Fatalf("read before any write: %v, want not-exist", err)
	}
	old := syscall.Umask(0) // the modes must not depend on the umask
	defer syscall.Umask(old)
	for _, content := range []string{"ssh-ed25519 AAAA one\n", "", "a\nb\n"} {
		if err := l.WriteKeys(u, []byte(content)); err != nil {
			t.Fatal(err)
		}
		got, err := l.ReadKeys(u)
		if err != nil || string(got) != content {
			t.Fatalf("read back %q %v, want %q", got, err, content)
		}
	}
	if m := mode(t, SSHDir(u)); m != os.ModeDir|0o700 {
		t.Errorf(".ssh mode %v, want drwx------", m)
	}
	if m := mode(t, KeysPath(u)); m != 0o600 {
		t.Errorf("authorized_keys mode %v, want -rw-------", m)
	}
	entries, _ := os.ReadDir(SSHDir(u))
	if len(entries) != 1 {
		t.Errorf("temporary files left behind: %v", entries)
	}
}

// An existing .ssh keeps its mode: it is the user's choice (qemu-ga too).
func TestExistingSSHDirKept(t *testing.T) {
	u := home(t)
	if err := os.Mkdir(SSHDir(u), 0o750); err != nil {
		t.Fatal(err)
	}
	if err := safeLinux().WriteKeys(u, []byte("k\n")); err != nil {
		t.Fatal(err)
	}
	if m := mode(t, SSHDir(u)); m != os.ModeDir|0o750 {
		t.Errorf(".ssh mode %v, want it kept", m)
	}
}

// victim is a directory outside the home that an attacker points at.
func victim(t *testing.T) string {
	t.Helper()
	v := filepath.Join(t.TempDir(), "victim")
	if err := os.Mkdir(v, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(v, "shadow"), []byte("root:secret-hash:1::::::\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	return v
}

func wantUnsafe(t *testing.T, err error, why string) {
	t.Helper()
	var ue *UnsafeError
	if !errors.As(err, &ue) || !strings.Contains(ue.Why, why) {
		t.Fatalf("got %v, want a refusal because %s", err, why)
	}
}

func victimUntouched(t *testing.T, v string) {
	t.Helper()
	entries, err := os.ReadDir(v)
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) != 1 || entries[0].Name() != "shadow" {
		t.Fatalf("victim directory changed: %v", entries)
	}
	if b, _ := os.ReadFile(filepath.Join(v, "shadow")); string(b) != "root:secret-hash:1::::::\n" {
		t.Fatalf("victim file changed: %q", b)
	}
}

func TestSSHDirSymlinkRefused(t *testing.T) {
	u, v := home(t), victim(t)
	if err := os.Symlink(v, SSHDir(u)); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink("shadow", filepath.Join(v, "authorized_keys")); err != nil {
		t.Fatal(err)
	}
	defer os.Remove(filepath.Join(v, "authorized_keys"))
	l := safeLinux()
	_, err := l.ReadKeys(u)
	wantUnsafe(t, err, "symbolic link")
	wantUnsafe(t, l.WriteKeys(u, []byte("attacker\n")), "symbolic link")
	os.Remove(filepath.Join(v, "authorized_keys"))
	victimUntouched(t, v)
}

// authorized_keys as a link to /etc/shadow: never read through; a write
// replaces the link itself.
func TestKeysFileSymlink(t *testing.T) {
	u, v := home(t), victim(t)
	if err := os.Mkdir(SSHDir(u), 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(filepath.Join(v, "shadow"), KeysPath(u)); err != nil {
		t.Fatal(err)
	}
	l := safeLinux()
	_, err := l.ReadKeys(u)
	wantUnsafe(t, err, "symbolic link")
	if err := l.WriteKeys(u, []byte("k\n")); err != nil {
		t.Fatal(err)
	}
	if m := mode(t, KeysPath(u)); m != 0o600 {
		t.Fatalf("authorized_keys is %v after the write, want a regular file", m)
	}
	victimUntouched(t, v)
}

func TestOddFilesRefused(t *testing.T) {
	u := home(t)
	if err := os.Mkdir(SSHDir(u), 0o700); err != nil {
		t.Fatal(err)
	}
	l := safeLinux()
	// A FIFO would block a reader forever without O_NONBLOCK.
	if err := syscall.Mkfifo(KeysPath(u), 0o600); err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	_, err := l.ReadKeys(u)
	wantUnsafe(t, err, "not a regular file")
	if time.Since(start) > 5*time.Second {
		t.Fatal("reading a FIFO waited")
	}
	os.Remove(KeysPath(u))
	// A hard link could be one to a file the user cannot read.
	other := filepath.Join(u.Home, "other")
	if err := os.WriteFile(other, []byte("x\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.Link(other, KeysPath(u)); err != nil {
		t.Fatal(err)
	}
	_, err = l.ReadKeys(u)
	wantUnsafe(t, err, "2 hard links")
	os.Remove(KeysPath(u))
	// .ssh as a plain file.
	os.Remove(SSHDir(u))
	if err := os.WriteFile(SSHDir(u), nil, 0o600); err != nil {
		t.Fatal(err)
	}
	_, err = l.ReadKeys(u)
	wantUnsafe(t, err, "not a directory")
	os.Remove(SSHDir(u))
	// Too large.
	os.Mkdir(SSHDir(u), 0o700)
	if err := os.WriteFile(KeysPath(u), bytes.Repeat([]byte("k"), MaxKeysFile+1), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err = l.ReadKeys(u); !errors.Is(err, ErrTooLarge) {
		t.Fatalf("got %v, want too large", err)
	}
	if err = l.WriteKeys(u, make([]byte, MaxKeysFile+1)); !errors.Is(err, ErrTooLarge) {
		t.Fatalf("got %v, want too large", err)
	}
}

// Someone else's .ssh (or file) in the home is refused. As root the
// directory is given away; otherwise the user is made someone else.
func TestOtherOwnerRefused(t *testing.T) {
	u := home(t)
	if err := os.Mkdir(SSHDir(u), 0o700); err != nil {
		t.Fatal(err)
	}
	if os.Getuid() == 0 {
		if err := os.Chown(SSHDir(u), 12345, 12345); err != nil {
			t.Fatal(err)
		}
		u.UID = 1000
	} else {
		u.UID++
	}
	_, err := safeLinux().ReadKeys(u)
	wantUnsafe(t, err, "owned by uid")
	wantUnsafe(t, safeLinux().WriteKeys(u, []byte("k\n")), "owned by uid")
}

// The user swaps .ssh for a symbolic link to the victim right after the
// agent opened it: the write still lands in the directory that was
// opened, never in the victim.
func TestSwapAfterOpen(t *testing.T) {
	u, v := home(t), victim(t)
	moved := filepath.Join(u.Home, "moved")
	afterSSHOpen = func() {
		if err := os.Rename(SSHDir(u), moved); err != nil {
			t.Error(err)
		}
		if err := os.Symlink(v, SSHDir(u)); err != nil {
			t.Error(err)
		}
	}
	defer func() { afterSSHOpen = nil }()
	if err := safeLinux().WriteKeys(u, []byte("k\n")); err != nil {
		t.Fatal(err)
	}
	victimUntouched(t, v)
	if b, err := os.ReadFile(filepath.Join(moved, "authorized_keys")); err != nil || string(b) != "k\n" {
		t.Fatalf("the opened directory got %q %v", b, err)
	}
}

// A user flipping .ssh between a directory and a symbolic link as fast
// as they can while the agent writes: the victim never gets a file.
func TestSwapRace(t *testing.T) {
	u, v := home(t), victim(t)
	real := filepath.Join(u.Home, "real")
	if err := os.Mkdir(real, 0o700); err != nil {
		t.Fatal(err)
	}
	link := filepath.Join(u.Home, "link")
	if err := os.Symlink(v, link); err != nil {
		t.Fatal(err)
	}
	var stop atomic.Bool
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		for i := 0; !stop.Load(); i++ {
			src := real
			if i%2 == 1 {
				src = link
			}
			_ = os.Rename(src, SSHDir(u)) // .ssh becomes the directory, then the link
			_ = os.Rename(SSHDir(u), src)
		}
	}()
	l := safeLinux()
	for range 300 {
		_ = l.WriteKeys(u, []byte("k\n"))
		_, _ = l.ReadKeys(u)
	}
	stop.Store(true)
	wg.Wait()
	// .ssh may have been created fresh while both were moved away.
	os.RemoveAll(SSHDir(u))
	victimUntouched(t, v)
}

// linkedHome makes a directory of the given mode holding target, a
// directory, and home, a link to it: the user's home.
func linkedHome(t *testing.T, mode os.FileMode) (User, string) {
	t.Helper()
	base := t.TempDir()
	if err := os.Chmod(base, mode); err != nil {
		t.Fatal(err)
	}
	target := filepath.Join(base, "target")
	if err := os.Mkdir(target, 0o755); err != nil {
		t.Fatal(err)
	}
	u := User{Name: "tester", UID: os.Getuid(), GID: os.Getgid(), Home: filepath.Join(base, "home")}
	if err := os.Symlink(target, u.Home); err != nil {
		t.Fatal(err)
	}
	return u, target
}

// The home itself is a link the user made in a directory they may write
// (here world-writable): following it would put root's directory in
// place of the home. Refused; the link's target is untouched.
func TestHomeLinkInWritableDir(t *testing.T) {
	u, target := linkedHome(t, 0o777)
	l := safeLinux()
	_, err := l.ReadKeys(u)
	wantUnsafe(t, err, "symbolic link")
	wantUnsafe(t, l.WriteKeys(u, []byte("k\n")), "symbolic link")
	if entries, _ := os.ReadDir(target); len(entries) != 0 {
		t.Fatalf("the link's target got %v", entries)
	}
}

// A link in a directory only root can change is the administrator's
// (/home -> /srv/home) and is followed. Only root can make such a
// directory; for anyone else the same layout is refused.
func TestHomeLinkInRootDir(t *testing.T) {
	u, target := linkedHome(t, 0o755)
	err := safeLinux().WriteKeys(u, []byte("k\n"))
	if os.Getuid() != 0 {
		wantUnsafe(t, err, "symbolic link")
		return
	}
	if err != nil {
		t.Fatal(err)
	}
	if b, err := os.ReadFile(filepath.Join(target, ".ssh", "authorized_keys")); err != nil || string(b) != "k\n" {
		t.Fatalf("through the administrator's link: %q %v", b, err)
	}
}

// The user swaps their home, in a directory they may write, with a link
// to the victim (renameat2 RENAME_EXCHANGE: the name always exists)
// while the agent writes: the victim never gets a file.
func TestHomeSwapRace(t *testing.T) {
	base := t.TempDir()
	if err := os.Chmod(base, 0o777); err != nil {
		t.Fatal(err)
	}
	v := victim(t)
	u := User{Name: "tester", UID: os.Getuid(), GID: os.Getgid(), Home: filepath.Join(base, "home")}
	other := filepath.Join(base, "other")
	if err := os.Mkdir(u.Home, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(v, other); err != nil {
		t.Fatal(err)
	}
	var stop atomic.Bool
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		for !stop.Load() {
			if err := unix.Renameat2(unix.AT_FDCWD, u.Home, unix.AT_FDCWD, other, unix.RENAME_EXCHANGE); err != nil {
				t.Error(err)
				return
			}
		}
	}()
	l := safeLinux()
	wrote, tries := 0, 0
	for ; tries < 20000 && wrote < 50; tries++ {
		if l.WriteKeys(u, []byte("k\n")) == nil {
			wrote++
		}
	}
	stop.Store(true)
	wg.Wait()
	victimUntouched(t, v)
	if wrote == 0 {
		t.Error("no write landed: the race was not run")
	}
	t.Logf("%d of %d writes landed in the real home, the rest were refused", wrote, tries)
}
