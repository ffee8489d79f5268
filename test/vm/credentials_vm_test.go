//go:build vm

package vm

import (
	"encoding/base64"
	"strings"
	"testing"
	"time"

	"github.com/goqga/goqga/client"
)

// testCredentials: passwords set through the guest's real chpasswd and
// read back from /etc/shadow; keys for root and for alice, an
// unprivileged user whose home holds the attacks of docs/CREDENTIALS.md.
// The users come from accountFiles; the homes are made here.
func testCredentials(t *testing.T, g *Guest) {
	sh(t, g, "rm -rf /root /home/alice && mkdir -p /root /home/alice && chmod 700 /root && "+
		"chown 1000:1000 /home/alice && chmod 755 /home/alice")
	c := agent(t, g)
	t.Run("Password", func(t *testing.T) { credPassword(t, g, c) })
	t.Run("RootKeys", func(t *testing.T) { credRootKeys(t, g, c) })
	t.Run("UserKeys", func(t *testing.T) { credUserKeys(t, g, c) })
	t.Run("SymlinkAttacks", func(t *testing.T) { credAttacks(t, g, c) })
}

func b64(s string) string { return base64.StdEncoding.EncodeToString([]byte(s)) }

// shadowHash is user's hash field in the guest's /etc/shadow.
func shadowHash(t *testing.T, g *Guest, user string) string {
	t.Helper()
	return strings.TrimSpace(sh(t, g, "grep '^"+user+":' /etc/shadow | cut -d: -f2"))
}

func credPassword(t *testing.T, g *Guest, c *client.Client) {
	// Plain: PAM hashes it (SHA-512, our pam.d); busybox's mkpasswd with
	// the stored salt must give the same hash.
	do(t, c, "guest-set-user-password", map[string]any{"username": "alice", "password": b64("S3cure-Pass!"), "crypted": false}, nil)
	h := shadowHash(t, g, "alice")
	parts := strings.Split(h, "$")
	if len(parts) != 4 || parts[1] != "6" {
		t.Fatalf("alice's hash %q, want a SHA-512 crypt", h)
	}
	if again := strings.TrimSpace(sh(t, g, "mkpasswd -m sha512 'S3cure-Pass!' '"+parts[2]+"'")); again != h {
		t.Fatalf("alice's hash %q is not the password's (%q)", h, again)
	}
	// Crypted: chpasswd -e stores the hash as given.
	hash := strings.TrimSpace(sh(t, g, "mkpasswd -m sha512 'root-Pass-2' goqgasalt"))
	do(t, c, "guest-set-user-password", map[string]any{"username": "root", "password": b64(hash), "crypted": true}, nil)
	if got := shadowHash(t, g, "root"); got != hash {
		t.Fatalf("root's hash %q, want %q", got, hash)
	}
	// chpasswd's own words for a user it does not know; nothing changed.
	refused(t, c, "guest-set-user-password", map[string]any{"username": "bob", "password": b64("x"), "crypted": false},
		"GenericError", "child process has failed to set user password: chpasswd: (user bob) pam_chauthtok() failed")
	refused(t, c, "guest-set-user-password", map[string]any{"username": "alice", "password": b64("a\nb"), "crypted": false},
		"GenericError", "forbidden characters in raw password")
	if got := shadowHash(t, g, "alice"); got != h {
		t.Fatalf("alice's hash changed to %q", got)
	}
	if out := sh(t, g, "ls -a /etc"); strings.Contains(out, "shadow.lock") || strings.Contains(out, "passwd.lock") {
		t.Errorf("chpasswd left a lock behind: %s", out)
	}
}

// keysOf reads user's file and the modes and owners of it and .ssh.
func keysOf(t *testing.T, g *Guest, home string) (content, meta string) {
	t.Helper()
	content = sh(t, g, "cat "+home+"/.ssh/authorized_keys")
	meta = strings.TrimSpace(sh(t, g, "stat -c '%a %u %g %F' "+home+"/.ssh "+home+"/.ssh/authorized_keys"))
	return content, strings.ReplaceAll(meta, "\n", "; ")
}

func credRootKeys(t *testing.T, g *Guest, c *client.Client) {
	add := func(keys []string, reset bool) {
		do(t, c, "guest-ssh-add-authorized-keys", map[string]any{"username": "root", "keys": keys, "reset": reset}, nil)
	}
	add([]string{"ssh-ed25519 AAAAroot1 one", "ssh-ed25519 AAAAroot2 two"}, false)
	add([]string{"ssh-ed25519 AAAAroot2 two", "ssh-ed25519 AAAAroot3 three"}, false)
	content, meta := keysOf(t, g, "/root")
	if content != "ssh-ed25519 AAAAroot1 one\nssh-ed25519 AAAAroot2 two\nssh-ed25519 AAAAroot3 three\n" {
		t.Errorf("root's file %q", content)
	}
	if meta != "700 0 0 directory; 600 0 0 regular file" {
		t.Errorf("root's .ssh and file: %s", meta)
	}
	// qemu-ga in the same guest reads the same keys.
	sameAnswer(t, c, refAgent(t, g), "guest-ssh-get-authorized-keys", map[string]any{"username": "root"}, nil)
	do(t, c, "guest-ssh-remove-authorized-keys", map[string]any{"username": "root", "keys": []string{"ssh-ed25519 AAAAroot1 one", "absent"}}, nil)
	var got struct{ Keys []string }
	do(t, c, "guest-ssh-get-authorized-keys", map[string]any{"username": "root"}, &got)
	if strings.Join(got.Keys, "|") != "ssh-ed25519 AAAAroot3 three|ssh-ed25519 AAAAroot2 two" {
		t.Errorf("after remove: %q", got.Keys)
	}
	add([]string{"ssh-ed25519 AAAAroot9 nine"}, true)
	if content, _ := keysOf(t, g, "/root"); content != "ssh-ed25519 AAAAroot9 nine\n" {
		t.Errorf("after reset: %q", content)
	}
}

func credUserKeys(t *testing.T, g *Guest, c *client.Client) {
	do(t, c, "guest-ssh-add-authorized-keys", map[string]any{"username": "alice", "keys": []string{"ssh-ed25519 AAAAalice a"}}, nil)
	content, meta := keysOf(t, g, "/home/alice")
	if content != "ssh-ed25519 AAAAalice a\n" || meta != "700 1000 1000 directory; 600 1000 1000 regular file" {
		t.Errorf("alice's file %q, %s", content, meta)
	}
	sameAnswer(t, c, refAgent(t, g), "guest-ssh-get-authorized-keys", map[string]any{"username": "alice"}, nil)
}

// credAttacks: alice's home prepared as alice could (links owned by her),
// then the host manages her keys.
func credAttacks(t *testing.T, g *Guest, c *client.Client) {
	rootKeys := sh(t, g, "cat /root/.ssh/authorized_keys")
	shadow := sh(t, g, "sha256sum /etc/shadow; stat -c '%a %u' /etc/shadow")
	untouched := func(when string) {
		t.Helper()
		if got := sh(t, g, "cat /root/.ssh/authorized_keys"); got != rootKeys {
			t.Errorf("%s: root's keys became %q", when, got)
		}
		if got := sh(t, g, "sha256sum /etc/shadow; stat -c '%a %u' /etc/shadow"); got != shadow {
			t.Errorf("%s: /etc/shadow changed: %s", when, got)
		}
	}
	keys := map[string]any{"username": "alice", "keys": []string{"ssh-ed25519 AAAAattacker x"}}

	// .ssh -> /root/.ssh: writing there would give alice root.
	sh(t, g, "rm -rf /home/alice/.ssh && ln -s /root/.ssh /home/alice/.ssh && chown -h 1000:1000 /home/alice/.ssh")
	refused(t, c, "guest-ssh-add-authorized-keys", keys, "GenericError", "'/home/alice/.ssh': it is a symbolic link")
	refused(t, c, "guest-ssh-get-authorized-keys", map[string]any{"username": "alice"}, "GenericError", "it is a symbolic link")
	untouched(".ssh linked to /root/.ssh")

	// authorized_keys -> /etc/shadow: get would hand the hashes to the
	// host (qemu-ga does), add would rewrite shadow.
	sh(t, g, "rm -f /home/alice/.ssh && mkdir -m 700 /home/alice/.ssh && ln -s /etc/shadow /home/alice/.ssh/authorized_keys && "+
		"chown -h -R 1000:1000 /home/alice/.ssh")
	refused(t, c, "guest-ssh-get-authorized-keys", map[string]any{"username": "alice"}, "GenericError",
		"refusing '/home/alice/.ssh/authorized_keys': it is a symbolic link")
	refused(t, c, "guest-ssh-add-authorized-keys", keys, "GenericError", "it is a symbolic link")
	var leaked struct{ Keys []string }
	do(t, refAgent(t, g), "guest-ssh-get-authorized-keys", map[string]any{"username": "alice"}, &leaked)
	if !strings.Contains(strings.Join(leaked.Keys, "\n"), "root:$6$goqgasalt$") {
		t.Logf("qemu-ga no longer reads through the link (%q): update docs/CREDENTIALS.md", leaked.Keys)
	}
	untouched("authorized_keys linked to /etc/shadow")
	// reset never reads: the link itself is replaced by alice's file.
	do(t, c, "guest-ssh-add-authorized-keys", map[string]any{"username": "alice", "keys": []string{"ssh-ed25519 AAAAalice a"}, "reset": true}, nil)
	if content, meta := keysOf(t, g, "/home/alice"); content != "ssh-ed25519 AAAAalice a\n" || !strings.HasSuffix(meta, "600 1000 1000 regular file") {
		t.Errorf("after reset over the link: %q, %s", content, meta)
	}
	untouched("reset over the link")

	// carol replaces her home, in a directory of her own, with a link to
	// /root: qemu-ga would write her keys into root's file.
	sh(t, g, "rm -rf /srv/carol && mkdir -p /srv/carol && chown 1001:1001 /srv/carol && "+
		"ln -s /root /srv/carol/home && chown -h 1001:1001 /srv/carol/home")
	refused(t, c, "guest-ssh-add-authorized-keys", map[string]any{"username": "carol", "keys": []string{"ssh-ed25519 AAAAcarol c"}},
		"GenericError", "refusing '/srv/carol/home': it is a symbolic link")
	untouched("carol's home linked to /root")

	// A FIFO would block a naive reader for good; the agent answers.
	sh(t, g, "rm -f /home/alice/.ssh/authorized_keys && mkfifo /home/alice/.ssh/authorized_keys")
	start := time.Now()
	refused(t, c, "guest-ssh-get-authorized-keys", map[string]any{"username": "alice"}, "GenericError", "it is not a regular file")
	if d := time.Since(start); d > 20*time.Second {
		t.Errorf("the FIFO took %v", d)
	}
	do(t, c, "guest-ping", nil, nil)
	sh(t, g, "rm -f /home/alice/.ssh/authorized_keys")
}
