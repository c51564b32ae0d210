package grpcanswer

import (
	"bytes"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"sync"
	"sync/atomic"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
	"github.com/grafana/grafana-plugin-sdk-go/data"
)

// MinRows is the smallest frame handed over: for fewer rows the SDK's own
// encoding costs too little to be worth a placeholder.
const MinRows = 100

// keepFor is how long a handed-over frame waits for its reply to be
// marshalled; a reply is marshalled right after QueryData returns, so an
// entry this old belongs to a request that was abandoned.
const keepFor = 10 * time.Minute

var enabled atomic.Bool

// tokenPrefix starts every placeholder's name: random per process, so no
// frame name a user or a vendor wrote can be taken for a placeholder.
var tokenPrefix = func() []byte {
	var b [16]byte
	_, _ = rand.Read(b[:])
	return []byte("cloudlogs-deferred-" + hex.EncodeToString(b[:]) + "-")
}()

// tokenDigits is the width of the counter after the prefix.
const tokenDigits = 16

// maxPlaceholder bounds the size of a placeholder's Arrow encoding (a
// frame with a name and a RefID, no fields); larger frames are not looked
// into.
const maxPlaceholder = 2048

var deferred = struct {
	sync.Mutex
	next    uint64
	entries map[string]deferredFrame
}{entries: make(map[string]deferredFrame)}

type deferredFrame struct {
	frame *data.Frame
	at    time.Time
}

// DeferFrames hands over, in place, the frames of one query's answer that
// are worth it, when the codec is installed and Grafana asked for Arrow.
// A frame's RefID is set first, as the SDK would set it.
func DeferFrames(format backend.DataFrameFormat, refID string, frames data.Frames) {
	if !enabled.Load() || format != backend.DataFrameFormat_ARROW {
		return
	}
	for i, f := range frames {
		if f == nil || len(f.Fields) == 0 || f.Fields[0].Len() < MinRows {
			continue
		}
		if f.RefID == "" {
			f.RefID = refID
		}
		frames[i] = data.NewFrame(put(f))
		frames[i].RefID = f.RefID
	}
}

func put(f *data.Frame) string {
	now := time.Now()
	deferred.Lock()
	defer deferred.Unlock()
	for token, e := range deferred.entries {
		if now.Sub(e.at) > keepFor {
			delete(deferred.entries, token)
		}
	}
	deferred.next++
	token := fmt.Sprintf("%s%0*x", tokenPrefix, tokenDigits, deferred.next)
	deferred.entries[token] = deferredFrame{frame: f, at: now}
	return token
}

// take removes and returns the frame of token, or nil.
func take(token string) *data.Frame {
	deferred.Lock()
	defer deferred.Unlock()
	e, ok := deferred.entries[token]
	if !ok {
		return nil
	}
	delete(deferred.entries, token)
	return e.frame
}

// placeholderToken finds a placeholder's token in an encoded frame.
func placeholderToken(encoded []byte) (string, bool) {
	if len(encoded) > maxPlaceholder {
		return "", false
	}
	i := bytes.Index(encoded, tokenPrefix)
	if i < 0 || len(encoded) < i+len(tokenPrefix)+tokenDigits {
		return "", false
	}
	return string(encoded[i : i+len(tokenPrefix)+tokenDigits]), true
}

// pending is how many handed-over frames wait for their reply.
func pending() int {
	deferred.Lock()
	defer deferred.Unlock()
	return len(deferred.entries)
}
