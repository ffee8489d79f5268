package client

import (
	"bufio"
	"bytes"
	"io"
)

// ReadReply reads one reply line within the timeout. A line starting with
// 0xFF is accepted: the byte is stripped and Reply.Delimited is set.
func (c *Client) ReadReply() (*Reply, error) {
	c.setReadDeadline(c.timeout)
	return c.readReply()
}

// ReadLine reads one line within the timeout and returns it without its
// newline and unparsed. The bytes are valid until the next read: a caller
// that needs only part of a large reply (a benchmark counting bytes read)
// skips the copy and the scan a Reply costs.
func (c *Client) ReadLine() ([]byte, error) {
	c.setReadDeadline(c.timeout)
	line, err := c.readLine()
	if err != nil {
		return nil, err
	}
	return line[:len(line)-1], nil
}

func (c *Client) readReply() (*Reply, error) {
	line, err := c.readLine()
	if err != nil {
		return nil, err
	}
	if len(c.line) > 0 && &line[0] == &c.line[0] {
		// A long line (a file read's) was assembled in c.line: the reply
		// takes that buffer instead of a copy, and the next long line gets
		// one of the same size. Copying a 64 MiB line in one memmove also
		// stalled the garbage collector, which cannot stop a goroutine in
		// the middle of one.
		c.line, c.nextCap = nil, cap(line)
		return parseReplyOwned(line)
	}
	return parseReply(line)
}

// readLine returns the next line including its '\n'. The slice is valid
// until the next read. After an error, the bytes read so far are kept and
// the next call continues the same line.
func (c *Client) readLine() ([]byte, error) {
	if !c.partial {
		c.line, c.spill = c.line[:0], nil
	}
	for {
		chunk, err := c.r.ReadSlice('\n')
		if err == nil && len(c.line) == 0 && len(c.spill) == 0 {
			return chunk, nil
		}
		c.appendLine(chunk)
		switch err {
		case nil:
			c.partial = false
			c.joinSpill()
			return c.line, nil
		case bufio.ErrBufferFull:
			continue
		}
		c.partial = len(c.line) > 0 || len(c.spill) > 0
		if err == io.EOF && c.partial {
			err = io.ErrUnexpectedEOF
		}
		return nil, err
	}
}

// appendLine adds p to the long line being assembled. While c.line has
// room (sized like the last long line) p goes there; past that, into
// spill, never growing c.line: growing it copies everything so far in one
// memmove, which the garbage collector cannot interrupt, and a collection
// that started meanwhile kept signalling the goroutine until it finished.
// Reading the first 64 MiB line took 3-4 s that way, the next ones 20 ms.
func (c *Client) appendLine(p []byte) {
	if cap(c.line) == 0 {
		c.line = make([]byte, 0, max(c.nextCap, 2*len(p)))
	}
	if len(c.spill) == 0 && len(c.line)+len(p) <= cap(c.line) {
		c.line = append(c.line, p...)
		return
	}
	c.spill = append(c.spill, bytes.Clone(p))
}

// joinSpill makes c.line the whole line, copying in pieces small enough
// for the garbage collector to stop the goroutine between them.
func (c *Client) joinSpill() {
	if len(c.spill) == 0 {
		return
	}
	n := len(c.line)
	for _, s := range c.spill {
		n += len(s)
	}
	line := make([]byte, n)
	k := 0
	for i := 0; i < len(c.line); i += joinStep {
		k += copy(line[k:], c.line[i:min(i+joinStep, len(c.line))])
	}
	for _, s := range c.spill {
		k += copy(line[k:], s)
	}
	c.line, c.spill = line, nil
}

const joinStep = 1 << 20

// skipToSentinel drops any kept partial line, then input up to and
// including the next 0xFF byte.
func (c *Client) skipToSentinel() error {
	c.line, c.spill, c.partial = c.line[:0], nil, false
	for {
		_, err := c.r.ReadSlice(0xFF)
		if err != bufio.ErrBufferFull {
			return err
		}
	}
}
