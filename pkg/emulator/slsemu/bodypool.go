package slsemu

import "sync"

// A page's body (about 50 KB), GetLogsV2's envelope of it and its LZ4 block
// were three fresh allocations a call; in a process that also holds the
// logstores, each collection they bring on scans every log. Bodies come
// from bodyBuffers instead and go back once ServeHTTP has written them
// (net/http copies what Write is given before it returns).

var bodyBuffers = sync.Pool{New: func() any { b := make([]byte, 0, 64<<10); return &b }}

// maxKeptBuffer keeps a rare huge body (a large SQL answer) from being held
// by the pool.
const maxKeptBuffer = 4 << 20

// takeBuffer returns an empty buffer; whoever takes it keeps the grown
// slice in it (*buf = b) and hands it to a response or to giveBack.
func takeBuffer() *[]byte {
	buf := bodyBuffers.Get().(*[]byte)
	*buf = (*buf)[:0]
	return buf
}

// giveBack returns a buffer nothing refers to any more; nil is ignored.
func giveBack(buf *[]byte) {
	if buf != nil && cap(*buf) <= maxKeptBuffer {
		bodyBuffers.Put(buf)
	}
}

// recycle hands the response buffers its body uses, to be given back once
// the body is written (release).
func (r *response) recycle(bufs ...*[]byte) {
	for _, b := range bufs {
		if b != nil {
			r.pooled = append(r.pooled, b)
		}
	}
}

// release gives the response's buffers back: its body is written.
func (r *response) release() {
	for _, b := range r.pooled {
		giveBack(b)
	}
	r.pooled = nil
}
