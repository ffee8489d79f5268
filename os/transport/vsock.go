//go:build linux

package transport

import (
	"fmt"
	"net"
	"slices"
	"strconv"
	"strings"

	"github.com/mdlayher/vsock"
	"go.uber.org/zap"
	"golang.org/x/sys/unix"
)

// openVsock listens on an AF_VSOCK socket given as qemu-ga's "CID:PORT".
func openVsock(o Options) (Listener, error) {
	cid, port, err := parseVsockPath(o.Path)
	if err != nil {
		return nil, err
	}
	ln, err := vsock.ListenContextID(cid, port, nil)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", MethodVsock, err)
	}
	name := MethodVsock + ":" + o.Path
	return newStreamListener(name, ln, vsockAdmit(o.VsockAllowCIDs, o.Log.With(zap.String("transport", name))), o.Log), nil
}

// parseVsockPath parses "CID:PORT". CID -1 (or empty) means any local CID
// (VMADDR_CID_ANY); that is what an agent normally listens on.
func parseVsockPath(s string) (cid, port uint32, err error) {
	c, p, ok := strings.Cut(s, ":")
	if !ok {
		return 0, 0, fmt.Errorf("%s: path %q is not CID:PORT", MethodVsock, s)
	}
	cid = unix.VMADDR_CID_ANY
	if c != "" && c != "-1" {
		v, err := strconv.ParseUint(c, 10, 32)
		if err != nil {
			return 0, 0, fmt.Errorf("%s: bad CID in %q", MethodVsock, s)
		}
		cid = uint32(v)
	}
	v, err := strconv.ParseUint(p, 10, 32)
	if err != nil {
		return 0, 0, fmt.Errorf("%s: bad port in %q", MethodVsock, s)
	}
	return cid, uint32(v), nil
}

// cidAllowed reports whether a peer CID may talk to the agent. Any process
// in any VM that can reach us over vsock could otherwise drive the agent;
// only the hypervisor host (CID 2) is meant to.
func cidAllowed(cid uint32, allow []uint32) bool {
	return slices.Contains(allow, cid)
}

// vsockAdmit returns the Accept filter for the allowed CIDs; refusals are
// logged.
func vsockAdmit(allow []uint32, log *zap.Logger) func(net.Conn) bool {
	return func(c net.Conn) bool {
		if a, ok := c.RemoteAddr().(*vsock.Addr); ok && cidAllowed(a.ContextID, allow) {
			return true
		}
		log.Warn("refusing vsock peer", zap.Stringer("peer", c.RemoteAddr()), zap.Uint32s("allowed_cids", allow))
		return false
	}
}
