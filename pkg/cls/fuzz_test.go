package cls

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"
)

// fixedAnswer is a transport that answers every request with one status and
// body: the fuzzers feed the client's real decoding path without a server.
type fixedAnswer struct {
	status int
	body   []byte
}

func (a fixedAnswer) RoundTrip(r *http.Request) (*http.Response, error) {
	return &http.Response{StatusCode: a.status, Header: http.Header{"Content-Type": {"application/json"}},
		Body: io.NopCloser(bytes.NewReader(a.body)), ContentLength: int64(len(a.body)), Request: r}, nil
}

// FuzzAnalyzeAnswer: whatever a SearchLog answer holds, Analyze errors or
// returns exactly one row per AnalysisRecord, each as wide as the columns,
// and only for a body that is one whole JSON document.
func FuzzAnalyzeAnswer(f *testing.F) {
	for _, s := range []string{
		`{"Response":{"Analysis":true,"Columns":[{"Name":"c","Type":"bigint"}],"AnalysisRecords":["{\"c\":3}","{\"c\":null}"],"RequestId":"r"}}`,
		`{"Response":{"AnalysisRecords":["{\"a\":1,\"a\":2,\"b\":\"x\"}"]}}`,
		`{"Response":{"Error":{"Code":"InvalidParameter","Message":"bad"},"RequestId":"r"}}`,
		`{"Response":{"AnalysisRecords":["[1]"]}}`, `{"Response":{"Topics":{"Errors":[{"TopicId":"t","ErrorMsg":"m"}]}}}`,
		`{"Response":{}} trailing`, `{"Response":`, `<html>`, ``,
	} {
		f.Add(200, []byte(s))
	}
	f.Add(500, []byte(`{"Response":{}}`))
	endpoint, _ := url.Parse("http://cls.invalid")
	f.Fuzz(func(t *testing.T, status int, body []byte) {
		if status < 100 || status > 599 {
			status = 200
		}
		c := New(Config{HTTPClient: &http.Client{Transport: fixedAnswer{status, body}}, Endpoint: endpoint,
			Region: "ap-guangzhou", SecretID: "id", SecretKey: "key", MaxAttempts: 1})
		from := time.Unix(1700000000, 0)
		res, err := c.Analyze(context.Background(), AnalysisRequest{TopicIDs: []string{"t"}, From: from, To: from.Add(time.Hour), Query: "* | select count(*) as c"})
		if err != nil {
			if strings.TrimSpace(err.Error()) == "" {
				t.Fatalf("%d %q: an error without a message", status, body)
			}
			return
		}
		var ref struct {
			Response struct {
				AnalysisRecords []string
			}
		}
		if rerr := json.Unmarshal(body, &ref); rerr != nil {
			t.Fatalf("%d %q: the client read %d rows from a body encoding/json refuses: %v", status, body, len(res.Rows), rerr)
		}
		if len(res.Rows) != len(ref.Response.AnalysisRecords) {
			t.Fatalf("%d %q: %d rows for %d records", status, body, len(res.Rows), len(ref.Response.AnalysisRecords))
		}
		for _, row := range res.Rows {
			if len(row) != len(res.Columns) {
				t.Fatalf("%d %q: a row of %d cells for %d columns", status, body, len(row), len(res.Columns))
			}
		}
	})
}

// FuzzLogJSON: a LogJson reads as encoding/json reads it, member for
// member, exactly when it is one JSON object; anything else is an error and
// the log keeps its text.
func FuzzLogJSON(f *testing.F) {
	for _, s := range []string{
		`{"a":"1","b":2,"c":true,"d":null,"e":{"x":[1]},"__TAG__":{"k":"v"}}`, `{"a":"\u00e9\ud83d"}`, `{}`, ` {"a" : "b"} `,
		`{"a":1}x`, `{"a":}`, `{"a":"b",}`, `[1]`, `"s"`, `{"a":01}`, `{"__TAG__":[1]}`, `{"k":"\x"}`, ``,
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		fields, err := parseLogJSON(s, nil)
		valid := json.Valid([]byte(s)) && strings.HasPrefix(strings.TrimLeft(s, " \t\r\n"), "{")
		if valid != (err == nil) {
			t.Fatalf("%q: parse error %v, but encoding/json says valid=%v", s, err, valid)
		}
		if err != nil {
			if l := (&logInfo{LogJSON: s}).toLog(); l.RawLog != s || len(l.Fields) != 0 {
				t.Fatalf("%q: an unreadable LogJson became %+v", s, l)
			}
			return
		}
		if want := referenceFields(t, s); !equalFields(fields, want) {
			t.Fatalf("%q: fields %q, encoding/json reads %q", s, fields, want)
		}
		// A page's logs share their tag names: the same fields, twice over.
		names := map[string]string{}
		for range 2 {
			if named, err := parseLogJSONNames(s, nil, names); err != nil || !equalFields(named, fields) {
				t.Fatalf("%q: with shared names %q (%v), alone %q", s, named, err, fields)
			}
		}
	})
}

func equalFields(a, b []Field) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}
