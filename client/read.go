package client

import (
	"bufio"
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
		c.line = c.line[:0]
	}
	for {
		chunk, err := c.r.ReadSlice('\n')
		if err == nil && len(c.line) == 0 {
			return chunk, nil
		}
		if cap(c.line) == 0 && c.nextCap > 0 {
			c.line = make([]byte, 0, c.nextCap)
		}
		c.line = append(c.line, chunk...)
		switch err {
		case nil:
			c.partial = false
			return c.line, nil
		case bufio.ErrBufferFull:
			continue
		}
		c.partial = len(c.line) > 0
		if err == io.EOF && c.partial {
			err = io.ErrUnexpectedEOF
		}
		return nil, err
	}
}

// skipToSentinel drops any kept partial line, then input up to and
// including the next 0xFF byte.
func (c *Client) skipToSentinel() error {
	c.line, c.partial = c.line[:0], false
	for {
		_, err := c.r.ReadSlice(0xFF)
		if err != bufio.ErrBufferFull {
			return err
		}
	}
}
