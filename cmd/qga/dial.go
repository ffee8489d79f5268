package main

import (
	"context"
	"fmt"
	"net"
	"regexp"
	"strconv"
	"time"

	"github.com/mdlayher/vsock"

	"github.com/goqga/goqga/client"
)

// vsockAddr is CID:PORT, as the agent's own -p takes it for vsock-listen.
var vsockAddr = regexp.MustCompile(`^(?:vsock:)?([0-9]+):([0-9]+)$`)

// dial connects to a unix socket path, or to vsock CID:PORT (also written
// vsock:CID:PORT). A path that looks like CID:PORT can be given as ./3:1.
func dial(addr string, timeout time.Duration) (*client.Client, error) {
	m := vsockAddr.FindStringSubmatch(addr)
	if m == nil {
		return client.Dial("unix", addr, timeout)
	}
	cid, err1 := strconv.ParseUint(m[1], 10, 32)
	port, err2 := strconv.ParseUint(m[2], 10, 32)
	if err1 != nil || err2 != nil {
		return nil, fmt.Errorf("bad vsock address %q (want CID:PORT)", addr)
	}
	conn, err := dialVsock(uint32(cid), uint32(port), timeout)
	if err != nil {
		return nil, fmt.Errorf("dial vsock %s: %w", addr, err)
	}
	c := client.New(conn)
	c.SetTimeout(timeout)
	return c, nil
}

// dialVsock bounds the connect by timeout (0: none); the context cancels
// the connect itself, so nothing is left dialling after a timeout.
func dialVsock(cid, port uint32, timeout time.Duration) (net.Conn, error) {
	ctx := context.Background()
	if timeout > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, timeout)
		defer cancel()
	}
	c, err := vsock.DialContext(ctx, cid, port, nil)
	if err != nil {
		return nil, err
	}
	return c, nil
}
