package agenttest

import (
	"bytes"
	"sync"
)

// MaxLog bounds the agent log kept in memory (its tail).
const MaxLog = 4 << 20

// logSink receives the agent's stderr: it keeps the tail for the tests to
// search and hands each stats record to whoever waits for one.
type logSink struct {
	mu      sync.Mutex
	tail    []byte // the last MaxLog bytes
	partial []byte // an unfinished line
	stats   chan Stats
	serving chan struct{} // closed at the agent's "goqga serving" line
	served  bool
}

// ServingMessage is logged once the agent has installed its signal
// handlers and serves: a SIGUSR1 before it would be lost.
const ServingMessage = "goqga serving"

func newLogSink() *logSink {
	return &logSink{stats: make(chan Stats, 16), serving: make(chan struct{})}
}

func (l *logSink) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.tail = append(l.tail, p...)
	if over := len(l.tail) - MaxLog; over > 0 {
		l.tail = append(l.tail[:0], l.tail[over:]...)
	}
	l.partial = append(l.partial, p...)
	for {
		i := bytes.IndexByte(l.partial, '\n')
		if i < 0 {
			break
		}
		if !l.served && bytes.Contains(l.partial[:i], []byte("\t"+ServingMessage+"\t")) {
			l.served = true
			close(l.serving)
		}
		if s, ok := ParseStats(l.partial[:i]); ok {
			select {
			case l.stats <- s:
			default: // nobody asked for so many: drop
			}
		}
		l.partial = l.partial[i+1:]
	}
	if len(l.partial) > MaxLog {
		l.partial = nil // a line this long is no stats record
	}
	return len(p), nil
}

func (l *logSink) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return string(l.tail)
}

// drain forgets records nobody waited for.
func (l *logSink) drain() {
	for {
		select {
		case <-l.stats:
		default:
			return
		}
	}
}
