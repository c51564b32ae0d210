package sls

import (
	"bytes"
	"compress/zlib"
	"net/http"
	"reflect"
	"strconv"
	"testing"

	"github.com/pierrec/lz4/v4"
)

// FuzzDecodeLogsV2Body: GetLogsV2's {meta, data} wrapper around any array
// GetLogs' scanner reads yields the same rows and the count it states; a
// body without meta and data reads as GetLogs reads it; anything else is an
// error, never a panic.
func FuzzDecodeLogsV2Body(f *testing.F) {
	for _, c := range decodeCases {
		f.Add([]byte(c))
	}
	f.Add([]byte(`{"meta":{"progress":"Complete","count":1,"extra":[1]},"data":[{"a":"1"}]}`))
	f.Add([]byte(`{"meta":null,"data":null}`))
	f.Add([]byte(`{"meta":{"count":"x"},"data":[]}`))
	f.Fuzz(func(t *testing.T, body []byte) {
		v2, v2err := decodeLogsV2Body(body)
		v1, v1err := decodeLogsBody(body)
		if !bytes.Contains(body, []byte(`"meta"`)) && !bytes.Contains(body, []byte(`"data"`)) && !bytes.Contains(body, []byte(`\u`)) {
			if (v1err == nil) != (v2err == nil) || v1err == nil && !reflect.DeepEqual(v1, v2) {
				t.Fatalf("body %q: GetLogsV2 read %+v (%v), GetLogs %+v (%v)", body, v2, v2err, v1, v1err)
			}
		}
		if v1err != nil || len(bytes.TrimSpace(body)) == 0 || bytes.TrimSpace(body)[0] != '[' {
			return
		}
		n := len(v1.Logs)
		wrapped := append([]byte(`{"meta":{"progress":"Complete","count":`+strconv.Itoa(n)+`},"data":`), body...)
		wrapped = append(wrapped, '}')
		got, err := decodeLogsV2Body(wrapped)
		if err != nil || !got.HasCount || got.Count != int64(n) || got.Progress != "Complete" || !reflect.DeepEqual(got.Logs, v1.Logs) {
			t.Fatalf("body %q wrapped: %+v, %v; want the %d rows %+v", body, got, err, n, v1.Logs)
		}
	})
}

// FuzzDecompress: lz4 and deflate answers decompress to exactly what was
// compressed; any other bytes with any declared size are an error or
// exactly that many bytes, never a panic.
func FuzzDecompress(f *testing.F) {
	f.Add([]byte(`[{"a":"1"}]`), []byte{0x10, 0x41}, 1, uint8(0))
	f.Add(bytes.Repeat([]byte("abc"), 100), []byte{0xff, 0xff, 0xff}, 300, uint8(1))
	f.Add([]byte{}, []byte{}, 0, uint8(2))
	f.Fuzz(func(t *testing.T, data, garbage []byte, size int, kind uint8) {
		kinds := []string{"lz4", "deflate", "LZ4 ", "gzip", ""}
		k := kinds[int(kind)%len(kinds)]
		if size < 0 {
			size = -(size + 1)
		}
		size %= 1 << 20 // the header may say up to 256 MiB; keep the fuzzer's memory small
		h := http.Header{}
		h.Set("x-log-compresstype", k)
		h.Set("x-log-bodyrawsize", strconv.Itoa(size))
		if out, err := decompress(h, garbage); err == nil && k != "" && len(out) != size {
			t.Fatalf("%s %x as %d bytes: got %d bytes", k, garbage, size, len(out))
		}

		h.Set("x-log-bodyrawsize", strconv.Itoa(len(data)))
		var packed []byte
		switch k {
		case "lz4", "LZ4 ":
			block := make([]byte, lz4.CompressBlockBound(len(data)))
			n, err := lz4.CompressBlock(data, block, nil)
			if err != nil || n == 0 { // incompressible: SLS sends it unpacked
				return
			}
			packed = block[:n]
		case "deflate":
			var b bytes.Buffer
			w := zlib.NewWriter(&b)
			_, _ = w.Write(data)
			_ = w.Close()
			packed = b.Bytes()
		default:
			return
		}
		out, err := decompress(h, packed)
		if err != nil || !bytes.Equal(out, data) {
			t.Fatalf("%s round trip of %x: %x, %v", k, data, out, err)
		}
	})
}
