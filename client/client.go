package client

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"net"
	"os"
	"time"
)

// bufSize is the read buffer size; longer lines are assembled in Client.line.
const bufSize = 256 << 10

type deadliner interface {
	SetReadDeadline(time.Time) error
	SetWriteDeadline(time.Time) error
}

// Client is a connection to a guest agent.
type Client struct {
	rw      io.ReadWriteCloser
	dl      deadliner // nil when rw has no deadlines
	r       *bufio.Reader
	line    []byte   // reused buffer for lines longer than the read buffer
	nextCap int      // the size of the last long line, handed over with its reply
	spill   [][]byte // the rest of a long line that outgrew line (appendLine)
	partial bool     // line holds the start of a line cut short by an error
	wbuf    bytes.Buffer
	enc     *json.Encoder
	timeout time.Duration
}

// Dial connects to the agent at addr ("unix" and a socket path, or any
// network net.Dial knows). timeout bounds the dial and becomes the per-call
// timeout (see SetTimeout).
func Dial(network, addr string, timeout time.Duration) (*Client, error) {
	conn, err := net.DialTimeout(network, addr, timeout)
	if err != nil {
		return nil, err
	}
	c := New(conn)
	c.SetTimeout(timeout)
	return c, nil
}

// New wraps rw. The timeout starts at zero (no deadline).
func New(rw io.ReadWriteCloser) *Client {
	return newSize(rw, bufSize)
}

func newSize(rw io.ReadWriteCloser, size int) *Client {
	c := &Client{rw: rw, r: bufio.NewReaderSize(rw, size)}
	c.dl, _ = rw.(deadliner)
	c.enc = json.NewEncoder(&c.wbuf)
	c.enc.SetEscapeHTML(false)
	return c
}

// SetTimeout sets the deadline applied to each call; d <= 0 disables it.
// It has no effect when the connection does not support deadlines.
func (c *Client) SetTimeout(d time.Duration) { c.timeout = d }

// Close closes the connection.
func (c *Client) Close() error { return c.rw.Close() }

// IsTimeout reports whether err is a deadline expiry.
func IsTimeout(err error) bool { return errors.Is(err, os.ErrDeadlineExceeded) }

// WriteRaw writes b as is (split requests, 0xFF bytes, garbage).
func (c *Client) WriteRaw(b []byte) error {
	c.arm(c.timeout)
	_, err := c.rw.Write(b)
	return err
}

// arm sets read and write deadlines d from now (none when d <= 0).
// Errors are ignored: a connection without deadlines simply blocks, and a
// closed one reports its state on the next read or write.
func (c *Client) arm(d time.Duration) {
	if c.dl != nil {
		c.dl.SetReadDeadline(deadline(d))
		c.dl.SetWriteDeadline(deadline(d))
	}
}

func (c *Client) setReadDeadline(d time.Duration) {
	if c.dl != nil {
		c.dl.SetReadDeadline(deadline(d))
	}
}

func deadline(d time.Duration) time.Time {
	if d <= 0 {
		return time.Time{}
	}
	return time.Now().Add(d)
}
