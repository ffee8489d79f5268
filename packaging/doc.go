// Package packaging holds what installs goqga in a guest, and tests it
// on this machine: the fsfreeze hook script (run for real, on scripts that
// write nothing but their own trace), the example config (every key it
// mentions is one the agent reads). The units, the udev rule and the .deb
// are proved in a Debian guest by test/vm (TestDebianGuest), and the .deb
// is linted there (TestDebPackage).
//
//	fsfreeze-hook          /etc/qemu/fsfreeze-hook
//	qemu-ga.conf.example   /usr/share/doc/goqga/examples/qemu-ga.conf
//	systemd/, udev/        units and rule, in /lib/systemd/system, /lib/udev/rules.d
//	deb/                   the .deb's control files and build script (make deb)
//	version                the version every build carries
package packaging
