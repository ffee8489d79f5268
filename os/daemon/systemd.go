package daemon

import (
	"os"

	sddaemon "github.com/coreos/go-systemd/v22/daemon"
	"github.com/coreos/go-systemd/v22/journal"
)

// notify sends a state to systemd's notify socket ($NOTIFY_SOCKET);
// without one (not a Type=notify service) it does nothing. Its failure is
// not the agent's: a service manager that cannot be told waits, then acts
// on its own timeout.
func notify(state string) { _, _ = sddaemon.SdNotify(false, state) }

// Supervised reports whether systemd waits for the agent's notifications
// (a Type=notify service): then the agent must not detach.
func Supervised() bool { return os.Getenv("NOTIFY_SOCKET") != "" }

// Stopping tells systemd the agent is on its way down (it may still thaw).
func Stopping() { notify(sddaemon.SdNotifyStopping) }

// StderrIsJournal reports whether stderr is systemd's journal stream
// ($JOURNAL_STREAM names stderr's device and inode): then the log goes
// there with priority prefixes.
func StderrIsJournal() bool {
	ok, err := journal.StderrIsJournalStream()
	return ok && err == nil
}
