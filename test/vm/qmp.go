package vm

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"sync"
	"time"
)

// maxEvents bounds the events a QMP client keeps; a test looks at a few.
const maxEvents = 1024

// QMP is a small client of QEMU's monitor protocol: one command at a
// time, events collected in arrival order for WaitEvent.
type QMP struct {
	conn    net.Conn
	mu      sync.Mutex // one command at a time
	id      int        // the last command's id; replies to older ones are dropped
	replies chan qmpMsg

	emu    sync.Mutex
	cond   *sync.Cond
	events []Event
	base   int   // sequence number of events[0]
	err    error // set when the reader stops
}

// Event is one QMP event.
type Event struct {
	Seq   int // position in the stream of events, from 0
	Name  string
	Data  json.RawMessage
	Stamp time.Time
}

type qmpMsg struct {
	Return json.RawMessage `json:"return"`
	Error  *struct {
		Class string `json:"class"`
		Desc  string `json:"desc"`
	} `json:"error"`
	ID        int             `json:"id"`
	Event     string          `json:"event"`
	Data      json.RawMessage `json:"data"`
	QMP       json.RawMessage `json:"QMP"`
	Timestamp struct {
		Seconds      int64 `json:"seconds"`
		Microseconds int64 `json:"microseconds"`
	} `json:"timestamp"`
}

// DialQMP connects, reads the greeting and leaves negotiation mode.
func DialQMP(path string, timeout time.Duration) (*QMP, error) {
	conn, err := net.DialTimeout("unix", path, timeout)
	if err != nil {
		return nil, err
	}
	return NewQMP(conn, timeout)
}

// NewQMP runs the protocol on conn (tests give it a fake QEMU).
func NewQMP(conn net.Conn, timeout time.Duration) (*QMP, error) {
	q := &QMP{conn: conn, replies: make(chan qmpMsg, 8)}
	q.cond = sync.NewCond(&q.emu)
	r := bufio.NewReader(conn)
	conn.SetReadDeadline(time.Now().Add(timeout))
	greeting, err := readQMP(r)
	if err == nil && greeting.QMP == nil {
		err = errors.New("qmp: no greeting")
	}
	if err != nil {
		conn.Close()
		return nil, err
	}
	conn.SetReadDeadline(time.Time{})
	go q.read(r)
	if _, err := q.Execute("qmp_capabilities", nil, timeout); err != nil {
		conn.Close()
		return nil, err
	}
	return q, nil
}

func readQMP(r *bufio.Reader) (qmpMsg, error) {
	var m qmpMsg
	line, err := r.ReadBytes('\n')
	if err != nil {
		return m, err
	}
	if err := json.Unmarshal(line, &m); err != nil {
		return m, fmt.Errorf("qmp: bad message %q: %v", line, err)
	}
	return m, nil
}

// read dispatches messages until the connection ends.
func (q *QMP) read(r *bufio.Reader) {
	for {
		m, err := readQMP(r)
		if err != nil {
			q.emu.Lock()
			q.err = err
			q.cond.Broadcast()
			q.emu.Unlock()
			close(q.replies)
			return
		}
		if m.Event == "" {
			select {
			case q.replies <- m:
			default: // nobody waits: a reply to a command that timed out
			}
			continue
		}
		q.emu.Lock()
		if len(q.events) == maxEvents {
			q.events, q.base = q.events[1:], q.base+1
		}
		q.events = append(q.events, Event{Seq: q.base + len(q.events), Name: m.Event, Data: m.Data,
			Stamp: time.Unix(m.Timestamp.Seconds, m.Timestamp.Microseconds*1000)})
		q.cond.Broadcast()
		q.emu.Unlock()
	}
}

// Execute runs one command and returns its return value.
func (q *QMP) Execute(cmd string, args any, timeout time.Duration) (json.RawMessage, error) {
	q.mu.Lock()
	defer q.mu.Unlock()
	q.id++
	msg := map[string]any{"execute": cmd, "id": q.id}
	if args != nil {
		msg["arguments"] = args
	}
	req, err := json.Marshal(msg)
	if err != nil {
		return nil, err
	}
	q.conn.SetWriteDeadline(time.Now().Add(timeout))
	if _, err := q.conn.Write(append(req, '\n')); err != nil {
		return nil, err
	}
	timer := time.NewTimer(timeout)
	defer timer.Stop()
	for {
		select {
		case m, ok := <-q.replies:
			switch {
			case !ok:
				return nil, fmt.Errorf("qmp %s: connection closed", cmd)
			case m.ID != q.id:
				continue
			case m.Error != nil:
				return nil, fmt.Errorf("qmp %s: %s: %s", cmd, m.Error.Class, m.Error.Desc)
			}
			return m.Return, nil
		case <-timer.C:
			return nil, fmt.Errorf("qmp %s: no reply in %v", cmd, timeout)
		}
	}
}

// Status is query-status's "status" ("running", "suspended", "shutdown").
func (q *QMP) Status(timeout time.Duration) (string, error) {
	ret, err := q.Execute("query-status", nil, timeout)
	if err != nil {
		return "", err
	}
	var s struct {
		Status string `json:"status"`
	}
	return s.Status, json.Unmarshal(ret, &s)
}

// Mark is the sequence number the next event will get: WaitEvent(name,
// Mark()) waits for an event after this point.
func (q *QMP) Mark() int {
	q.emu.Lock()
	defer q.emu.Unlock()
	return q.base + len(q.events)
}

// WaitEvent returns the first event called name with Seq >= since.
func (q *QMP) WaitEvent(name string, since int, timeout time.Duration) (Event, error) {
	// The timer sets a flag rather than the loop comparing clocks: a timer
	// that fired a moment before a deadline computed after it left the
	// waiter asleep for good (a test hung 7 minutes on a loaded machine).
	expired := false
	t := time.AfterFunc(timeout, func() { q.emu.Lock(); expired = true; q.cond.Broadcast(); q.emu.Unlock() })
	defer t.Stop()
	q.emu.Lock()
	defer q.emu.Unlock()
	for {
		for _, e := range q.events {
			if e.Seq >= since && e.Name == name {
				return e, nil
			}
		}
		switch {
		case q.err != nil:
			return Event{}, fmt.Errorf("qmp: waiting for %s: %w", name, q.err)
		case expired:
			return Event{}, fmt.Errorf("qmp: no %s event in %v (events: %s)", name, timeout, q.names(since))
		}
		q.cond.Wait()
	}
}

// Events returns the names of the events since seq.
func (q *QMP) Events(since int) []string {
	q.emu.Lock()
	defer q.emu.Unlock()
	return q.names(since)
}

func (q *QMP) names(since int) []string {
	var out []string
	for _, e := range q.events {
		if e.Seq >= since {
			out = append(out, e.Name)
		}
	}
	return out
}

// Close ends the connection.
func (q *QMP) Close() error { return q.conn.Close() }

var _ io.Closer = (*QMP)(nil)
