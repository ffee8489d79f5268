package main

import (
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

// dialVsock bounds the connect by timeout: vsock.Dial has no deadline.
func dialVsock(cid, port uint32, timeout time.Duration) (net.Conn, error) {
	type result struct {
		c   *vsock.Conn
		err error
	}
	done := make(chan result, 1)
	go func() {
		c, err := vsock.Dial(cid, port, nil)
		done <- result{c, err}
	}()
	if timeout <= 0 {
		r := <-done
		return conn(r.c, r.err)
	}
	select {
	case r := <-done:
		return conn(r.c, r.err)
	case <-time.After(timeout):
		go func() {
			if r := <-done; r.c != nil {
				r.c.Close()
			}
		}()
		return nil, fmt.Errorf("connect: timeout after %v", timeout)
	}
}

// conn keeps a nil *vsock.Conn out of the net.Conn interface.
func conn(c *vsock.Conn, err error) (net.Conn, error) {
	if err != nil {
		return nil, err
	}
	return c, nil
}
