package cls

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestLogJSONKeepsOrderAndLiteralText(t *testing.T) {
	fields, err := parseLogJSON(`{"z":"last-first","SCF_Duration":12.50,"big":12345678901234567890,"neg":-1e-3,"ok":true,"no":false,"gone":null,
		"__TAG__":{"pod":"p-1","n":3,"deep":{"a":[1, 2]},"nil":null},"obj":{ "b" : 1, "a" : [true, "x y"] },"arr":[ ],"esc":"tab\there \"q\" \u00e9 \ud83d\ude00","empty":""}`, nil)
	require.NoError(t, err)
	assert.Equal(t, []Field{
		{"z", "last-first"},
		{"SCF_Duration", "12.50"},
		{"big", "12345678901234567890"},
		{"neg", "-1e-3"},
		{"ok", "true"},
		{"no", "false"},
		{"__TAG__.pod", "p-1"},
		{"__TAG__.n", "3"},
		{"__TAG__.deep", `{"a":[1,2]}`},
		{"obj", `{"b":1,"a":[true,"x y"]}`},
		{"arr", `[]`},
		{"esc", "tab\there \"q\" é 😀"},
		{"empty", ""},
	}, fields)
}

func TestLogJSONRefusesWhatIsNoObject(t *testing.T) {
	for _, bad := range []string{``, `[]`, `"x"`, `{"a":1`, `{"a":1,}`, `{"a" 1}`, `{"a":tru}`, `{"a":"x}`, `{"a":{"b":1}`, `{"a":1} x`, `{"a":{"b":}}`} {
		_, err := parseLogJSON(bad, nil)
		assert.Error(t, err, bad)
	}
	fields, err := parseLogJSON(" {} \n", nil)
	assert.NoError(t, err)
	assert.Empty(t, fields)
}

// referenceFields is the same reading done with encoding/json's token walk:
// slow, but obviously right.
func referenceFields(t *testing.T, s string) []Field {
	dec := json.NewDecoder(strings.NewReader(s))
	dec.UseNumber()
	var out []Field
	var walk func(prefix string, flatten bool)
	walk = func(prefix string, flatten bool) {
		_, err := dec.Token() // {
		require.NoError(t, err)
		for dec.More() {
			k, _ := dec.Token()
			key := prefix + k.(string)
			var raw json.RawMessage
			require.NoError(t, dec.Decode(&raw))
			if flatten && key == tagKey && raw[0] == '{' {
				sub := json.NewDecoder(bytes.NewReader(raw))
				sub.UseNumber()
				saved := dec
				dec = sub
				walk(key+".", false)
				dec = saved
				continue
			}
			var v any
			d := json.NewDecoder(bytes.NewReader(raw))
			d.UseNumber()
			require.NoError(t, d.Decode(&v))
			switch x := v.(type) {
			case nil:
			case string:
				out = append(out, Field{key, x})
			case json.Number:
				out = append(out, Field{key, x.String()})
			case bool:
				out = append(out, Field{key, map[bool]string{true: "true", false: "false"}[x]})
			default:
				var b bytes.Buffer
				require.NoError(t, json.Compact(&b, raw))
				out = append(out, Field{key, b.String()})
			}
		}
		_, _ = dec.Token() // }
	}
	walk("", true)
	return out
}

func TestLogJSONAgreesWithEncodingJSON(t *testing.T) {
	for _, s := range []string{
		`{"SCF_FunctionName":"fn","SCF_Namespace":"default","SCF_StartTime":"1795132800000","SCF_Message":"START RequestId:abc","SCF_Level":"INFO"}`,
		`{"a":"\\","b":"\/","c":"\u0041\n","d":[{"x":null}],"e":0,"f":-0.0E+1}`,
		`{"__TAG__":{"k":"v","x":{"y":"z"}},"__TAG__2":{"k":1}}`,
		`{"msg":"{\"inner\":\"json\"}","n":1.0}`,
		"{\"k\":\"日志\",\"v\" : [1,\"a b\", {\"c\":  \"d\"}] }",
	} {
		got, err := parseLogJSON(s, nil)
		require.NoError(t, err, s)
		assert.Equal(t, referenceFields(t, s), got, s)
	}
}

func TestToLogKeepsUnparsedTextAsRawLog(t *testing.T) {
	li := logInfo{Time: 1795132800123, TopicID: "tp", PkgID: "P", PkgLogID: "7", LogJSON: "not json"}
	l := li.toLog()
	assert.Equal(t, "not json", l.RawLog)
	assert.Empty(t, l.Fields)
	assert.Equal(t, int64(1795132800123), l.Time.UnixMilli())
	assert.Equal(t, "7", l.PkgLogID)

	li.LogJSON = `{"a":"1"}`
	l = li.toLog()
	v, ok := l.Get("a")
	assert.True(t, ok)
	assert.Equal(t, "1", v)
}

func TestPkgLogIDIsReadAsStringOrNumber(t *testing.T) {
	var v struct{ A, B, C idText }
	require.NoError(t, json.Unmarshal([]byte(`{"A":"12","B":34,"C":null}`), &v))
	assert.Equal(t, idText("12"), v.A)
	assert.Equal(t, idText("34"), v.B)
	assert.Equal(t, idText(""), v.C)
}

func TestUnescapeAgreesWithEncodingJSON(t *testing.T) {
	for _, s := range []string{
		`"plain"`, `"a\"b\\c\/d"`, `"\b\f\n\r\t"`, `"\u0041\u00e9\u4e2d"`, `"\ud83d\ude00 smile"`,
		`"lone \ud83d here"`, `"lone \ude00 low"`, `"\ud83d\u0041"`, `"\uD83D\uDE00"`, `"日志\\n"`,
	} {
		var want string
		require.NoError(t, json.Unmarshal([]byte(s), &want), s)
		fields, err := parseLogJSON(`{"k":`+s+`}`, nil)
		require.NoError(t, err, s)
		assert.Equal(t, want, fields[0].Value, s)
	}
	for _, bad := range []string{`"\x"`, `"\u12"`, `"\u12zz"`, "\"tab\there\""} {
		_, err := parseLogJSON(`{"k":`+bad+`}`, nil)
		assert.Error(t, err, bad)
	}
}

// Found by FuzzLogJSON: any run of number bytes ("01", "1-2") was taken for
// a number; a LogJson that is not JSON is kept as its text instead.
func TestLogJSONRefusesMalformedNumbers(t *testing.T) {
	for _, s := range []string{`{"a":01}`, `{"a":1-2}`, `{"a":-}`, `{"a":1e}`, `{"a":.5}`} {
		_, err := parseLogJSON(s, nil)
		assert.Error(t, err, s)
	}
	fields, err := parseLogJSON(`{"a":-0.5e+3,"b":0}`, nil)
	require.NoError(t, err)
	assert.Equal(t, []Field{{"a", "-0.5e+3"}, {"b", "0"}}, fields)
}

// Found by FuzzLogJSON: bytes that are not UTF-8 passed into keys and values
// as they were; encoding/json (and the SLS scanner) make each U+FFFD.
func TestLogJSONReplacesInvalidUTF8(t *testing.T) {
	fields, err := parseLogJSON("{\"k\xff\":\"a\xc3b\",\"e\":\"\\n\xff\"}", nil)
	require.NoError(t, err)
	assert.Equal(t, []Field{{"k\uFFFD", "a\uFFFDb"}, {"e", "\n\uFFFD"}}, fields)
}
