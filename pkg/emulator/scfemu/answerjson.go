package scfemu

import (
	"encoding/json"
	"math"
	"strconv"
	"sync"
)

// A page of GetFunctionLogs is the emulator's largest answer, written on
// every call: encoding/json's reflection over 100 runs cost more than
// finding them. The answers below write their own JSON, byte for byte what
// encoding/json writes for the same values (answerjson_test.go holds them
// to it); anything they do not know how to write (a character outside
// ASCII, a control character, a float json would write in e notation or
// refuse) makes them give up, and encoding/json writes the answer instead.

// jsonAppender is an answer that can write its own JSON; ok false means it
// gave up and b is to be discarded.
type jsonAppender interface {
	appendJSON(b []byte) (out []byte, ok bool)
}

// marshalAnswer writes v's JSON into buf: by v itself when it can, by
// encoding/json otherwise (whose error it returns).
func marshalAnswer(buf []byte, v any) ([]byte, error) {
	if a, ok := v.(jsonAppender); ok {
		if out, ok := a.appendJSON(buf); ok {
			return out, nil
		}
	}
	return json.Marshal(v)
}

// bodyBuffers are answer bodies, kept for the next answer once written
// (net/http copies what Write is given before it returns).
var bodyBuffers = sync.Pool{New: func() any { b := make([]byte, 0, 64<<10); return &b }}

// maxKeptBody keeps a rare huge answer's buffer from being held forever.
const maxKeptBody = 4 << 20

func (e v3Envelope) appendJSON(b []byte) ([]byte, bool) {
	inner, ok := e.Response.(jsonAppender)
	if !ok {
		return b, false
	}
	b = append(b, `{"Response":`...)
	if b, ok = inner.appendJSON(b); !ok {
		return b, false
	}
	return append(b, '}'), true
}

func (r v3LogsResponse) appendJSON(b []byte) ([]byte, bool) {
	if r.SearchContext != nil {
		return b, false
	}
	b = append(b, `{"TotalCount":`...)
	b = strconv.AppendInt(b, int64(r.TotalCount), 10)
	b = append(b, `,"Data":`...)
	if r.Data == nil {
		b = append(b, "null"...)
	} else {
		b = append(b, '[')
		for i := range r.Data {
			if i > 0 {
				b = append(b, ',')
			}
			var ok bool
			if b, ok = r.Data[i].appendJSON(b); !ok {
				return b, false
			}
		}
		b = append(b, ']')
	}
	b = append(b, `,"SearchContext":null,"RequestId":`...)
	b, ok := appendJSONString(b, r.RequestId)
	return append(b, '}'), ok
}

func (l *v3FunctionLog) appendJSON(b []byte) ([]byte, bool) {
	ok := true
	str := func(name, v string) {
		b = append(b, name...)
		if ok {
			b, ok = appendJSONString(b, v)
		}
	}
	str(`{"FunctionName":`, l.FunctionName)
	str(`,"RetMsg":`, l.RetMsg)
	str(`,"RequestId":`, l.RequestId)
	str(`,"StartTime":`, l.StartTime)
	b = append(b, `,"RetCode":`...)
	b = strconv.AppendInt(b, l.RetCode, 10)
	b = append(b, `,"InvokeFinished":`...)
	b = strconv.AppendInt(b, l.InvokeFinished, 10)
	b = append(b, `,"Duration":`...)
	if ok {
		b, ok = appendJSONFloat(b, l.Duration)
	}
	b = append(b, `,"BillDuration":`...)
	b = strconv.AppendInt(b, l.BillDuration, 10)
	b = append(b, `,"MemUsage":`...)
	b = strconv.AppendInt(b, l.MemUsage, 10)
	str(`,"Log":`, l.Log)
	str(`,"Level":`, l.Level)
	str(`,"Source":`, l.Source)
	b = append(b, `,"RetryNum":`...)
	b = strconv.AppendUint(b, l.RetryNum, 10)
	return append(b, '}'), ok
}

// jsonPlain marks the bytes encoding/json writes as themselves inside a
// string; jsonEscapes says how it writes the other ASCII bytes, "" where it
// writes them in a way appendJSONString does not (other control
// characters), so that it gives up.
var jsonPlain, jsonEscapes = func() (plain [256]bool, escapes [128]string) {
	for c := 0x20; c < 0x80; c++ {
		plain[c] = true
	}
	escapes['\n'], escapes['\r'], escapes['\t'] = `\n`, `\r`, `\t`
	for _, c := range `"\<>&` {
		plain[c] = false
	}
	escapes['"'], escapes['\\'] = `\"`, `\\`
	escapes['<'], escapes['>'], escapes['&'] = `\u003c`, `\u003e`, `\u0026` // HTML-safe, as json.Marshal is
	return plain, escapes
}()

// appendJSONString writes s as encoding/json does, or gives up on a byte
// outside ASCII or an unusual control character. (Logs have a newline or a
// tab every few dozen bytes: looking at eight bytes at a time did not pay.)
func appendJSONString(b []byte, s string) ([]byte, bool) {
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		if jsonPlain[c] {
			continue
		}
		if c >= 0x80 || jsonEscapes[c] == "" {
			return b, false
		}
		b = append(b, s[start:i]...)
		b = append(b, jsonEscapes[c]...)
		start = i + 1
	}
	b = append(b, s[start:]...)
	return append(b, '"'), true
}

// appendJSONFloat writes f as encoding/json does where it uses plain
// decimal notation (zero, and magnitudes from 1e-6 below 1e21); it gives up
// elsewhere (e notation, NaN, infinities).
func appendJSONFloat(b []byte, f float64) ([]byte, bool) {
	if abs := math.Abs(f); abs != 0 && (abs < 1e-6 || abs >= 1e21 || math.IsNaN(f)) {
		return b, false
	}
	return strconv.AppendFloat(b, f, 'f', -1, 64), true
}
