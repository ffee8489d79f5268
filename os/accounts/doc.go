// Package accounts is the OS boundary of the credentials domain: the
// passwd database, chpasswd, and a user's ~/.ssh/authorized_keys, as raw
// facts and byte-level operations. What qemu-ga makes of them (which lines
// are keys, what is added or removed, the error texts) is the credentials
// actor's business.
//
// Two backends:
//   - Linux reads /etc/passwd (path injectable) itself and asks
//     getent(1) for names it lacks (NSS: LDAP, sssd), runs chpasswd with
//     the "user:password" line on its stdin (never on a command line),
//     under a deadline, and reads and replaces authorized_keys relative to
//     directory descriptors (see below).
//   - Sim serves the simulated guest's users, homes and keys from its
//     World and journals every change (user names and counts, never a
//     password or a key).
//
// WithFaults puts the fault points os.getpwnam, os.chpasswd, os.read_keys
// and os.write_keys in front of either; their target is the user name.
//
// # The home directory belongs to the user
//
// The agent runs as root and the user may have prepared their home to
// trick it: .ssh or authorized_keys replaced by a symbolic link to
// /etc/shadow or /root/.ssh, a FIFO that blocks a reader, a hard link, a
// rename between two steps. So, in the Linux backend:
//   - The home directory is opened once, walking its path from "/": a
//     symbolic link is followed only where it stands in a directory only
//     root can change (the administrator's /home -> /srv/home), never in
//     one the user, a group or everyone may write. Every later step is
//     relative to descriptors: openat(home, ".ssh",
//     O_NOFOLLOW|O_DIRECTORY), openat(ssh, "authorized_keys", O_NOFOLLOW).
//     A symbolic link at either place is refused, never followed.
//   - .ssh must be a directory owned by the user or root; one that is
//     missing is created 0700 and given to the user (through its
//     descriptor, so a swap after mkdirat is caught by O_NOFOLLOW).
//   - authorized_keys is read only when it is a regular file of at most
//     MaxKeysFile bytes, owned by the user or root, with one link; it is
//     opened O_NONBLOCK so a FIFO cannot hang the agent.
//   - It is replaced atomically: a new file is created O_EXCL|O_NOFOLLOW
//     in the .ssh directory's descriptor, written, given to the user,
//     chmod 0600, fsynced, and renamed over the old name with renameat
//     (which replaces a symbolic link itself, never its target), then the
//     directory is fsynced. A reader sees the old file or the new one.
//
// # Invariants
//   - Nothing here blocks without bound: chpasswd and getent run under a
//     deadline and are killed (their whole session) when it passes; file
//     work runs
//     under a deadline too, and while one that timed out is still stuck
//     in the kernel (a hung NFS home) the next is refused at once instead
//     of piling up.
//   - Every descriptor is close-on-exec; the password line is written to
//     chpasswd's stdin pipe and its buffer is zeroed afterwards.
//   - The passwd parser never panics on any input (a fuzz test holds it
//     to it).
package accounts
