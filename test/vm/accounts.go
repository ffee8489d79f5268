package vm

// The guest's accounts, for the credentials cases: busybox has no
// chpasswd, so the reference layer carries the host's (Debian's shadow
// chpasswd, the one a distro guest runs) with the PAM modules it loads,
// and these files: root and unprivileged alice (uid 1000, home
// /home/alice) and carol (uid 1001, home /srv/carol/home), homes made by
// the test, PAM hashing with SHA-512 so busybox's
// mkpasswd in the guest can check a hash, and every other PAM service
// denied.

// PAMDir is where Debian keeps PAM modules (libpam-modules).
const PAMDir = "/lib/x86_64-linux-gnu/security"

// accountPrograms are the host files chpasswd needs in the guest.
var accountPrograms = []string{"/usr/sbin/chpasswd", PAMDir + "/pam_unix.so", PAMDir + "/pam_deny.so"}

// GuestUsers are the guest's passwd lines. carol's home is in a
// directory of her own (/srv/carol), where she can replace it.
const GuestUsers = "root:x:0:0:root:/root:/bin/sh\n" +
	"alice:x:1000:1000:Alice:/home/alice:/bin/sh\n" +
	"carol:x:1001:1001:Carol:/srv/carol/home:/bin/sh\n"

// accountFiles are /etc's account and PAM files.
func accountFiles() []File {
	deny := ""
	for _, kind := range []string{"auth", "account", "password", "session"} {
		deny += kind + " required " + PAMDir + "/pam_deny.so\n"
	}
	return []File{
		{Name: "etc/passwd", Mode: 0o644, Data: []byte(GuestUsers)},
		{Name: "etc/shadow", Mode: 0o600, Data: []byte("root:*:19000:0:99999:7:::\nalice:!:19000:0:99999:7:::\ncarol:!:19000:0:99999:7:::\n")},
		{Name: "etc/group", Mode: 0o644, Data: []byte("root:x:0:\nalice:x:1000:\ncarol:x:1001:\n")},
		{Name: "etc/nsswitch.conf", Mode: 0o644, Data: []byte("passwd: files\ngroup: files\nshadow: files\n")},
		{Name: "etc/pam.d/chpasswd", Mode: 0o644, Data: []byte("password required " + PAMDir + "/pam_unix.so sha512\n")},
		{Name: "etc/pam.d/other", Mode: 0o644, Data: []byte(deny)},
	}
}
