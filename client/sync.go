package client

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"strconv"
)

type syncArgs struct {
	ID int64 `json:"id"`
}

// Sync resynchronises: it writes 0xFF and guest-sync-delimited with a
// random id, skips input up to the 0xFF sentinel, then discards lines until
// the reply returning the id. The whole exchange is bounded by the timeout.
func (c *Client) Sync() error {
	id := newID()
	c.arm(c.timeout)
	if err := c.send([]byte{0xFF}, "guest-sync-delimited", syncArgs{id}); err != nil {
		return fmt.Errorf("client: sync: %w", err)
	}
	if err := c.skipToSentinel(); err != nil {
		return fmt.Errorf("client: sync: %w", err)
	}
	return c.awaitID(id)
}

// SyncPlain is libvirt's resync: guest-sync with a random id (no 0xFF),
// discarding lines until the reply returning the id.
func (c *Client) SyncPlain() error {
	id := newID()
	c.arm(c.timeout)
	if err := c.send(nil, "guest-sync", syncArgs{id}); err != nil {
		return fmt.Errorf("client: sync: %w", err)
	}
	return c.awaitID(id)
}

func (c *Client) awaitID(id int64) error {
	for {
		line, err := c.readLine()
		if err != nil {
			return fmt.Errorf("client: sync: %w", err)
		}
		if returnsID(line, id) {
			return nil
		}
	}
}

// returnsID reports whether line is a reply whose return is the number id.
// A 0xFF anywhere in the line is a sentinel: what precedes it is junk (a
// partial line), since a raw 0xFF never appears inside a JSON reply.
func returnsID(line []byte, id int64) bool {
	line = line[bytes.LastIndexByte(line, 0xFF)+1:]
	var ret []byte
	err := scanObject(line, func(m member) {
		if string(m.key) == "return" {
			ret = line[m.start:m.end]
		}
	})
	n, perr := strconv.ParseInt(string(ret), 10, 64)
	return err == nil && perr == nil && n == id
}

// newID returns a random positive id that fits in 32 bits, as QEMU's
// python client uses.
func newID() int64 { return int64(rand.Uint32()>>1) + 1 }
