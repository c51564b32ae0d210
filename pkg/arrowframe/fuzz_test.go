package arrowframe

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/data"
	"github.com/stretchr/testify/require"
)

// FuzzEncode cuts a text into values at the fuzzer's lengths (some empty),
// shares it or not, replaces some values with strings of their own, and
// checks the encoding decodes to what the SDK's does.
func FuzzEncode(f *testing.F) {
	f.Add([]byte("hello world, a longer line of text"), []byte{3, 0, 5, 7, 2}, true, uint8(1))
	f.Add([]byte("ünï\x00code\xff"), []byte{1, 1, 1, 1, 0, 0}, false, uint8(0))
	f.Add(make([]byte, 3000), []byte{200, 40, 0, 255}, true, uint8(3))
	f.Fuzz(func(t *testing.T, text []byte, cuts []byte, share bool, replaceEvery uint8) {
		if len(cuts) == 0 || len(cuts) > 2000 {
			return
		}
		var b strings.Builder // heap text, as Share requires
		b.Write(text)
		whole := b.String()
		if share {
			Share(whole)
		}
		values := make([]string, 0, len(cuts))
		raw := make([]json.RawMessage, 0, len(cuts))
		times := make([]time.Time, 0, len(cuts))
		at := 0
		for i, c := range cuts {
			end := min(at+int(c), len(whole))
			v := whole[at:end]
			if replaceEvery > 0 && i%int(replaceEvery) == 0 {
				v = "[" + v + "]" // a string of its own, as a scrubbed value is
			}
			values = append(values, v)
			raw = append(raw, json.RawMessage(`"`+v+`"`))
			times = append(times, time.Unix(int64(i), int64(c)).UTC())
			at = end
		}
		fr := data.NewFrame("fuzz", data.NewField("t", nil, times), data.NewField("s", nil, values), data.NewField("j", nil, raw))
		want, err := fr.MarshalArrow()
		require.NoError(t, err)
		enc, err := Encode(fr)
		require.NoError(t, err)
		got := enc.Bytes()
		wf, err := data.UnmarshalArrowFrame(want)
		require.NoError(t, err)
		gf, err := data.UnmarshalArrowFrame(got)
		require.NoError(t, err)
		require.Equal(t, wf.Rows(), gf.Rows())
		for i := range wf.Fields {
			for r := 0; r < wf.Rows(); r++ {
				require.Equal(t, wf.Fields[i].At(r), gf.Fields[i].At(r), "field %d row %d", i, r)
			}
		}
	})
}
