// Package httpbody reads a vendor's answer body into one buffer sized by
// the length the answer announced, for the clients that keep the body as
// the only copy of its text (decoded values are pieces of it).
package httpbody

import (
	"bytes"
	"io"
)

// presize bounds the buffer allocated from an announced length: a broken
// server could announce gigabytes, so past this the buffer grows as the
// bytes come.
const presize = 16 << 20

// Read reads r to its end. announced is the length the answer announced
// (Content-Length; 0 or less when unknown, or when r is not the body as
// sent, such as a gunzipped one): the buffer starts that large, where
// io.ReadAll starts at 512 bytes and doubles, allocating a 50 KB answer
// about twice over.
func Read(r io.Reader, announced int64) ([]byte, error) {
	if announced <= 0 {
		return io.ReadAll(r)
	}
	b := bytes.NewBuffer(make([]byte, 0, min(announced, presize)+bytes.MinRead))
	_, err := b.ReadFrom(r)
	return b.Bytes(), err
}
