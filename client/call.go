package client

import (
	"errors"
	"io"
	"syscall"
	"time"
)

type request struct {
	Execute   string `json:"execute"`
	Arguments any    `json:"arguments,omitempty"`
}

// Call writes {"execute":cmd,"arguments":args} (no "arguments" when args is
// nil) and reads exactly one reply line. err is non-nil only for I/O
// errors, timeouts and unparseable lines; protocol errors are in
// Reply.Error.
func (c *Client) Call(cmd string, args any) (*Reply, error) {
	c.arm(c.timeout)
	if err := c.send(nil, cmd, args); err != nil {
		return nil, err
	}
	return c.readReply()
}

// Do calls cmd and unmarshals the return value into out (unless out is
// nil). A protocol error is returned as *Error.
func (c *Client) Do(cmd string, args, out any) error {
	r, err := c.Call(cmd, args)
	if err != nil {
		return err
	}
	if out == nil {
		return r.Err()
	}
	return r.Decode(out)
}

// CallNoReply is Call for commands that do not reply on success
// (guest-shutdown, guest-suspend-*). It returns (nil, nil) when no reply
// arrives within wait (wait <= 0: none is awaited) or the connection
// reaches EOF (or is reset), else the reply, normally an error.
func (c *Client) CallNoReply(cmd string, args any, wait time.Duration) (*Reply, error) {
	c.arm(c.timeout)
	if err := c.send(nil, cmd, args); err != nil {
		return nil, err
	}
	if wait <= 0 {
		return nil, nil
	}
	c.setReadDeadline(wait)
	r, err := c.readReply()
	if IsTimeout(err) || err == io.EOF || errors.Is(err, syscall.ECONNRESET) {
		return nil, nil
	}
	return r, err
}

// send writes prefix, then the request and '\n' in one write.
func (c *Client) send(prefix []byte, cmd string, args any) error {
	c.wbuf.Reset()
	c.wbuf.Write(prefix)
	if err := c.enc.Encode(request{Execute: cmd, Arguments: args}); err != nil {
		return err
	}
	_, err := c.rw.Write(c.wbuf.Bytes())
	return err
}
