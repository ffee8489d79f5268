package framer

import (
	"github.com/goqga/goqga/jsonscan"

	"bytes"
	"math"
)

// Limits bound one message. A zero (or negative) field takes the qemu-ga
// default; every limit is at least 1 so the framer always makes progress.
type Limits struct {
	// MaxBytes bounds the bytes of one message, from its first byte to the
	// byte being read, and so the memory held for a partial message.
	MaxBytes int
	// MaxTokens bounds the lexical tokens of one message: brackets, commas,
	// colons, strings, numbers and keywords each count one. It limits the
	// size of the decoded value independently of the bytes (64 MiB of "1,"
	// would otherwise decode to a huge slice).
	MaxTokens int
	// MaxDepth bounds the nesting of objects and arrays: MaxDepth is
	// accepted, MaxDepth+1 is an error.
	MaxDepth int
}

// qemu-ga's limits (MAX_TOKEN_SIZE, MAX_TOKEN_COUNT, MAX_NESTING).
const (
	defaultMaxBytes  = 64 << 20
	defaultMaxTokens = 2 << 20
	defaultMaxDepth  = 1024
)

// DefaultLimits returns qemu-ga's limits: 64 MiB, 2,097,152 tokens and depth
// 1024 per message.
func DefaultLimits() Limits {
	return Limits{MaxBytes: defaultMaxBytes, MaxTokens: defaultMaxTokens, MaxDepth: defaultMaxDepth}
}

func (l Limits) withDefaults() Limits {
	d := DefaultLimits()
	if l.MaxBytes <= 0 {
		l.MaxBytes = d.MaxBytes
	}
	// Room for index arithmetic (limitAt) without overflow.
	l.MaxBytes = min(l.MaxBytes, math.MaxInt/2)
	if l.MaxTokens <= 0 {
		l.MaxTokens = d.MaxTokens
	}
	if l.MaxDepth <= 0 {
		l.MaxDepth = d.MaxDepth
	}
	return l
}

// Event is one outcome of framing: exactly one of Msg and Err is set.
type Event struct {
	// Msg is a complete top-level JSON value without surrounding whitespace.
	// The receiver owns it.
	Msg []byte
	// Err describes why a message was rejected, in qemu-ga's words.
	Err string
}

// mode is where the framer is relative to messages.
type mode uint8

const (
	// idle: between messages, skipping whitespace and sentinels.
	idle mode = iota
	// inMessage: buffering a message that is valid so far.
	inMessage
	// discarding: the current message was reported bad; structure is still
	// tracked (depth, strings) so framing resumes exactly where it ends, but
	// nothing is buffered or checked. Invariant: never depth 0 between
	// tokens (that is idle).
	discarding
)

// lexState is the lexical position inside a message (inMessage or
// discarding). In idle it is always betweenTokens.
type lexState uint8

const (
	betweenTokens lexState = iota
	inString               // inside a string body
	inEscape               // after a backslash in a string
	inUnicode              // inside the hex digits of \uXXXX (hexLeft remain)
	inBare                 // inside a number or keyword
)

// Framer splits a byte stream into JSON messages. The zero value is not
// usable; call New. A Framer is not safe for concurrent use.
type Framer struct {
	lim Limits

	mode    mode
	lex     lexState
	depth   int    // open brackets; in inMessage len(open) == depth
	open    []byte // kinds of open brackets, '{' or '[', inMessage only
	tokens  int    // tokens of the current message so far
	hexLeft int    // hex digits still expected in inUnicode
	bare    bareToken

	// buf holds the bytes of the current message that arrived in earlier
	// Push calls. Bytes of the current call are appended only when the call
	// ends or the message completes, in one copy (see seg).
	buf []byte
	// nextCap sizes buf for the next large message after one was handed
	// over in it; 0 when the last message was small (see handOver).
	nextCap int
	// spare is a handed-over buffer given back (Recycle), at least nextCap
	// bytes, for the next large message.
	spare []byte

	// Valid only during Push: the caller's bytes, where the current
	// message's unbuffered part starts in them, and the callback.
	data []byte
	seg  int
	emit func(Event)
	// limitAt is the index in data past which the current message is over
	// MaxBytes; math.MaxInt when no message is being buffered, so the size
	// check on the hot path is a single comparison.
	limitAt int
}

// New returns a Framer enforcing l (zero fields take defaults).
func New(l Limits) *Framer {
	return &Framer{lim: l.withDefaults()}
}

// Push feeds bytes as they arrive and calls emit, synchronously and in stream
// order, for each complete message and each rejected one. data is not
// retained. emit must not call back into f.
func (f *Framer) Push(data []byte, emit func(Event)) {
	if emit == nil {
		emit = func(Event) {}
	}
	f.data, f.seg, f.emit = data, 0, emit
	if f.mode == inMessage {
		f.limitAt = f.lim.MaxBytes - len(f.buf)
	}
	for i := 0; i < len(data); {
		i = f.step(i)
	}
	if f.mode == inMessage {
		f.appendBuf(data[f.seg:])
	}
	f.data, f.emit = nil, nil
}

// Reset drops any partial message and returns to idle, as if the stream
// started afresh. Use it when the host side disconnects.
func (f *Framer) Reset() {
	f.resync()
}

// Pending reports the bytes buffered for a partial message; it never exceeds
// Limits.MaxBytes.
func (f *Framer) Pending() int {
	return len(f.buf)
}

// step consumes data[i] (or a run starting there) and returns the index of
// the next unconsumed byte. Handlers may return i itself after a transition
// (error, end of a bare token) so the byte is looked at again in the new
// state; every such transition leaves a state that consumes it, so the loop
// always progresses.
func (f *Framer) step(i int) int {
	if f.mode == idle {
		return f.idleByte(i)
	}
	switch f.lex {
	case inString:
		return f.stringRun(i)
	case inEscape:
		return f.escapeByte(i)
	case inUnicode:
		return f.unicodeByte(i)
	case inBare:
		return f.bareByte(i)
	default:
		return f.structuralByte(i)
	}
}

func (f *Framer) idleByte(i int) int {
	b := f.data[i]
	if isSpace(b) || isSentinel(b) {
		return i + 1
	}
	f.begin(i)
	return i
}

// begin starts a message at data[i]; structuralByte then reads that byte.
func (f *Framer) begin(i int) {
	f.mode, f.lex, f.depth, f.tokens = inMessage, betweenTokens, 0, 0
	f.open = f.open[:0]
	f.seg = i
	f.limitAt = i + f.lim.MaxBytes
}

func (f *Framer) structuralByte(i int) int {
	b := f.data[i]
	if isSentinel(b) {
		f.resync()
		return i + 1
	}
	if f.mode == discarding {
		return f.discardStructural(i, b)
	}
	if f.overflows(i, 1) {
		return i
	}
	switch b {
	case ' ', '\t', '\n', '\r':
		return i + 1
	case '{', '[':
		return f.openBracket(i, b)
	case '}', ']':
		return f.closeBracket(i, b)
	case ',', ':':
		if f.depth == 0 {
			f.fail(strayErr(b))
			return i + 1
		}
		if !f.countToken() {
			return i
		}
		return i + 1
	case '"':
		if !f.countToken() {
			return i
		}
		f.lex = inString
		return i + 1
	default:
		if !f.countToken() {
			return i
		}
		f.lex = inBare
		f.bare.start(b)
		return i + 1
	}
}

func (f *Framer) openBracket(i int, b byte) int {
	if !f.countToken() {
		return i
	}
	if f.depth >= f.lim.MaxDepth {
		f.fail(ErrNestingDepth)
		return i // counted again while discarding, so depth is MaxDepth+1
	}
	f.open = append(f.open, b)
	f.depth++
	return i + 1
}

func (f *Framer) closeBracket(i int, b byte) int {
	if f.depth == 0 {
		f.fail(strayErr(b))
		return i + 1
	}
	if !f.countToken() {
		return i
	}
	if f.open[f.depth-1] != opener(b) {
		// The closer still closes something while discarding: "{]" is one
		// bad message, not a bad message followed by an endless one.
		f.fail(mismatchErr(b))
		return i
	}
	f.depth--
	f.open = f.open[:f.depth]
	if f.depth == 0 {
		f.emitMsg(i + 1)
	}
	return i + 1
}

func (f *Framer) discardStructural(i int, b byte) int {
	switch b {
	case '{', '[':
		f.depth++
	case '}', ']':
		f.depth-- // > 0: discarding is never at depth 0 between tokens
		if f.depth == 0 {
			f.mode = idle
		}
	case '"':
		f.lex = inString
	case ' ', '\t', '\n', '\r', ',', ':':
	default:
		f.lex = inBare
	}
	return i + 1
}

// stringRun consumes a string body up to and including the next byte that
// matters (quote, backslash, control character, sentinel), skipping the
// plain bytes in between with a word-at-a-time scan. Bytes of UTF-8
// sequences are plain here (the command scanner checks them, on the whole
// message, where a sequence cut between reads is whole again).
func (f *Framer) stringRun(i int) int {
	j := i + jsonscan.PlainLen(f.data[i:])
	if j < len(f.data) && f.data[j] >= 0x80 && !isSentinel(f.data[j]) {
		j = f.plainEnd(j) // non-ASCII text: rare, off the fast path
	}
	f.overflows(i, j-i) // on overflow, keeps scanning the string while discarding
	if j == len(f.data) {
		return j
	}
	b := f.data[j]
	if isSentinel(b) {
		f.resync()
		return j + 1
	}
	if f.overflows(j, 1) {
		return j
	}
	switch b {
	case '"':
		f.lex = betweenTokens
		if f.depth == 0 {
			f.finish(j + 1)
		}
	case '\\':
		f.lex = inEscape
	default: // control character: the string goes on, the message is bad
		if f.mode == inMessage {
			f.fail(errControl)
		}
	}
	return j + 1
}

// plainEnd returns the index of the first byte at or after i that ends
// a run of string content: a quote, a backslash, a control byte or a
// sentinel; or len(data).
func (f *Framer) plainEnd(i int) int {
	d := f.data
	j := i
	for j < len(d) && d[j] >= 0x80 && !isSentinel(d[j]) {
		j++
		j += jsonscan.PlainLen(d[j:])
	}
	return j
}

func (f *Framer) escapeByte(i int) int {
	b := f.data[i]
	if isSentinel(b) {
		f.resync()
		return i + 1
	}
	if f.overflows(i, 1) {
		return i
	}
	f.lex = inString
	if f.mode != inMessage {
		return i + 1 // any escaped byte, even a quote, stays in the string
	}
	switch b {
	case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
	case 'u':
		f.lex, f.hexLeft = inUnicode, 4
	default:
		f.fail(errEscape)
	}
	return i + 1
}

func (f *Framer) unicodeByte(i int) int {
	b := f.data[i]
	if isSentinel(b) {
		f.resync()
		return i + 1
	}
	if !isHex(b) {
		// The byte is read again as string content: in "\u12"} the quote
		// still ends the string, so resynchronisation stays exact.
		if f.mode == inMessage {
			f.fail(errEscape)
		}
		f.lex = inString
		return i
	}
	if f.overflows(i, 1) {
		return i
	}
	f.hexLeft--
	if f.hexLeft == 0 {
		f.lex = inString
	}
	return i + 1
}

func (f *Framer) bareByte(i int) int {
	b := f.data[i]
	if isSentinel(b) {
		f.resync()
		return i + 1
	}
	if endsBare(b) {
		// The terminator is not part of the token: read it again.
		f.lex = betweenTokens
		if f.mode == inMessage {
			if msg := f.bare.check(); msg != "" {
				f.fail(msg)
				return i
			}
		}
		if f.depth == 0 {
			f.finish(i)
		}
		return i
	}
	if f.overflows(i, 1) {
		return i
	}
	if f.mode == inMessage {
		f.bare.add(b)
	}
	return i + 1
}

// countToken counts one token of the current message and reports whether it
// is within the limit (else the message has failed).
func (f *Framer) countToken() bool {
	f.tokens++
	if f.tokens > f.lim.MaxTokens {
		f.fail(ErrTokenCount)
		return false
	}
	return true
}

// overflows reports whether taking n more bytes at data[i] would push the
// current message past MaxBytes, and if so fails it. Outside inMessage
// nothing is counted (limitAt is MaxInt). Small enough to inline: it runs
// for most bytes.
func (f *Framer) overflows(i, n int) bool {
	if i+n <= f.limitAt {
		return false
	}
	f.fail(ErrTokenSize)
	return true
}

// fail reports the current message once and switches to discarding it. When
// the failure leaves nothing open (a bad top-level token) there is nothing
// to discard and the framer is idle again.
func (f *Framer) fail(msg string) {
	f.dropBuf()
	f.limitAt = math.MaxInt
	f.mode = discarding
	if f.depth == 0 && f.lex == betweenTokens {
		f.mode = idle
	}
	f.emit(Event{Err: msg})
}

// finish ends the current top-level value at data[end]: emitted if good,
// forgotten if it was being discarded.
func (f *Framer) finish(end int) {
	if f.mode == inMessage {
		f.emitMsg(end)
		return
	}
	f.mode = idle
}

// resync drops everything partial: the reaction to a sentinel and to Reset.
func (f *Framer) resync() {
	f.dropBuf()
	f.mode, f.lex, f.depth, f.tokens = idle, betweenTokens, 0, 0
	f.open = f.open[:0]
	f.limitAt = math.MaxInt
}

// emitMsg hands over the message ending just before data[end].
func (f *Framer) emitMsg(end int) {
	tail := f.data[f.seg:end]
	var msg []byte
	switch {
	case len(f.buf) == 0:
		msg = bytes.Clone(tail)
	default:
		f.appendBuf(tail)
		if cap(f.buf) > keepBufCap {
			msg = f.handOver()
		} else {
			msg = bytes.Clone(f.buf)
		}
	}
	f.keepBufFor(len(msg))
	f.mode, f.limitAt = idle, math.MaxInt
	f.emit(Event{Msg: msg})
}

// Buffer policy. A message that arrives in one Push is copied out of the
// caller's bytes. One that spans Push calls is assembled in buf, whose
// growth doubles, capped at MaxBytes, so it never exceeds the limit. A
// small assembled message is copied out and buf is kept; a large one is
// handed over in buf itself (no copy: a 4 MiB guest-file-write is 5.6 MB
// of JSON, and copying it out cost a fifth of the agent's time on writes),
// and the next large message starts in a buffer sized for one like it (a
// file transfer is a run of equal writes: one allocation each, no
// regrowth). The first small message, an error, a sentinel or Reset
// forgets the size and releases a large buffer, so an idle agent does not
// sit on tens of MiB.
const (
	minBufCap  = 4 << 10
	keepBufCap = 1 << 20
	maxSpare   = 8 << 20 // a 4 MiB write's message, 5.6 MB, with its headroom
)

func (f *Framer) appendBuf(p []byte) {
	need := len(f.buf) + len(p)
	if need > cap(f.buf) {
		c := max(2*cap(f.buf), minBufCap)
		if need > minBufCap {
			c = max(c, f.nextCap) // a large message like the last one
		}
		c = max(min(c, f.lim.MaxBytes), need)
		var nb []byte
		if cap(f.spare) >= c {
			nb, f.spare = f.spare[:len(f.buf)], nil
		} else {
			nb = make([]byte, len(f.buf), c)
		}
		copy(nb, f.buf)
		f.buf = nb
	}
	f.buf = append(f.buf, p...)
}

// handOver gives the receiver buf, holding a complete large message, and
// remembers its size (with a quarter's headroom) for the next one.
func (f *Framer) handOver() []byte {
	msg := f.buf
	f.buf = nil
	f.nextCap = len(msg) + len(msg)/4
	return msg
}

// Recycle gives the framer a buffer it handed over, once its receiver is
// done with every byte of it: the next large message is assembled in it
// instead of in fresh memory, which Go must zero. One is kept, only while
// large messages follow (see keepBufFor), and only up to maxSpare: a host
// that sent one 48 MiB write and went quiet must not leave the agent
// holding 64 MiB.
func (f *Framer) Recycle(b []byte) {
	if f.nextCap > 0 && cap(b) >= f.nextCap && cap(b) <= maxSpare && f.spare == nil {
		f.spare = b[:0]
	}
}

// Trim releases what is kept for large messages: the spare, the size
// remembered, and the buffer unless a message is partly in it. Call it
// once the host has been quiet for a while, so the memory can go back to
// the system.
func (f *Framer) Trim() {
	f.nextCap, f.spare = 0, nil
	if f.mode != inMessage && cap(f.buf) > minBufCap {
		f.buf = nil
	}
}

// keepBufFor empties the buffer after a message of n bytes, releasing it
// and forgetting the last large size if they are out of proportion to it.
func (f *Framer) keepBufFor(n int) {
	if f.nextCap > 4*n {
		f.nextCap, f.spare = 0, nil
	}
	if cap(f.buf) > keepBufCap && cap(f.buf) > 4*n {
		f.buf = nil
		return
	}
	f.buf = f.buf[:0]
}

// dropBuf forgets a partial message. A large buffer is released: the
// message was bad or abandoned, and nothing says another large one follows.
func (f *Framer) dropBuf() {
	f.nextCap, f.spare = 0, nil
	if cap(f.buf) > keepBufCap {
		f.buf = nil
		return
	}
	f.buf = f.buf[:0]
}
