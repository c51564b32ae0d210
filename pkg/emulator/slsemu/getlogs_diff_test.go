package slsemu

import (
	"bytes"
	"compress/zlib"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strconv"
	"sync"
	"testing"

	"github.com/pierrec/lz4/v4"
	"github.com/stretchr/testify/require"

	"github.com/logbridge/cloudlogs/pkg/emulator/knobs"
)

// twins are two servers with the same data: the test asks one over HTTP
// (the new GetLogs, GetLogsV2) and the other through the reference code of
// getlogs_ref_test.go; each keeps its own Incomplete rounds, so both see
// the same sequence of queries.
type twins struct {
	e   *testEnv
	ref *Server
}

func newTwins(t *testing.T) *twins {
	cfg := Config{Logs: 20_000, Days: 2, DenseLogs: 5_000, Seed: 3}
	e := newEnv(t, cfg)
	cfg.KeyID, cfg.KeySecret, cfg.Now = testKeyID, testSecret, e.srv.cfg.Now
	ref, err := New(cfg, knobs.NewController(knobs.Settings{}, 1))
	require.NoError(t, err)
	tw := &twins{e: e, ref: ref}
	for _, s := range []*Server{e.srv, ref} {
		require.NoError(t, s.CreateLogstore("odd", map[string]string{"status": "long", "msg": "text"}))
	}
	tw.append(t, rand.New(rand.NewPCG(1, 1)), 300)
	return tw
}

// oddValues need every kind of escaping, and some none.
var oddValues = []string{"plain", "GET /api/v1/orders?id=7&x=<b>", `say "hi"`, `back\slash`, "tab\tnew\nline", "\x01\x1f", "中文 é", "\u2028", "\xff bad", "500", "200", ""}

// append writes the same random logs to both servers: out of time order,
// several in one second, several sources and topics, odd keys and values.
func (tw *twins) append(t *testing.T, r *rand.Rand, n int) {
	base := testNow.Unix() - 3600
	logs := make([]Log, n)
	for i := range logs {
		c := map[string]string{"status": oddValues[9+r.IntN(2)], "msg": oddValues[r.IntN(len(oddValues))]}
		if r.IntN(3) == 0 {
			c[[]string{"k<&>", `k"q`, "键", "x-y"}[r.IntN(4)]] = oddValues[r.IntN(len(oddValues))]
		}
		logs[i] = Log{Time: base + int64(r.IntN(3600)), Topic: []string{"", "a", "b<c>"}[r.IntN(3)],
			Source: []string{"10.0.0.1", "10.0.0.2", "host \"q\""}[r.IntN(3)], Contents: c}
	}
	store := []string{"odd", "odd", DenseLogstore}[r.IntN(3)]
	for _, s := range []*Server{tw.e.srv, tw.ref} {
		require.NoError(t, s.AppendLogs(store, logs))
	}
}

// randomLogsQuery is a GetLogs query, sometimes a wrong one.
func randomLogsQuery(r *rand.Rand) (string, url.Values) {
	now := testNow.Unix()
	store := []string{"nginx-access", DenseLogstore, DenseLogstore, "odd", "odd", "no-such"}[r.IntN(6)]
	to := now - int64(r.IntN(7200))
	from := to - int64(1+r.IntN(4*3600))
	query := []string{"", "*", "*", "*", "status >= 400", "status: 500 or msg: plain", "not status: 200", "GET", "中文",
		"* | select count(1) as c", `* | select status, count(*) as "c<&>" group by status order by status`, "status >"}[r.IntN(12)]
	q := logsQuery(from, to, query)
	q.Set("line", strconv.Itoa([]int{100, 100, 100, 0, 1, 37, 101}[r.IntN(7)]))
	q.Set("offset", strconv.Itoa([]int{0, 100 * r.IntN(60), r.IntN(6000), -1}[r.IntN(4)]))
	q.Set("reverse", []string{"true", "false", "", "TRUE", "maybe"}[r.IntN(5)])
	if r.IntN(6) == 0 {
		q.Set("topic", []string{"a", "b<c>", "none"}[r.IntN(3)])
	}
	if r.IntN(30) == 0 {
		q.Set("from", q.Get("to"))
	}
	return store, q
}

var elapsedInMeta = regexp.MustCompile(`"elapsedMillisecond":\d+`)

// check compares the HTTP answer with the reference's for one query, as
// GetLogs (GET) or as GetLogsV2 with the given Accept-Encoding.
func (tw *twins) check(t *testing.T, store string, q url.Values, v2 bool, enc string) {
	t.Helper()
	var got answer
	ref := &http.Request{Method: http.MethodGet, Header: http.Header{}}
	if v2 {
		body := map[string]any{"query": q.Get("query"), "topic": q.Get("topic"), "reverse": q.Get("reverse") == "true"}
		for _, k := range []string{"from", "to", "line", "offset"} {
			body[k], _ = strconv.ParseInt(q.Get(k), 10, 64)
		}
		resp, raw := tw.e.postV2(t, store, body, enc)
		got = answer{status: resp.StatusCode, header: resp.Header, body: raw}
		js, _ := json.Marshal(body)
		ref = httptest.NewRequest(http.MethodPost, "/logstores/"+store+"/logs", bytes.NewReader(js))
		ref.Header.Set("Accept-Encoding", enc)
	} else {
		got = tw.e.do(t, "/logstores/"+store, q)
	}
	tw.ref.catchUp()
	var want *response
	apiErr := tw.ref.exists(store)
	if apiErr == nil && v2 {
		want, apiErr = tw.ref.getLogsV2Ref(ref, store)
	} else if apiErr == nil {
		want, apiErr = tw.ref.logsResponseRef(tw.ref.getLogsRef(context.Background(), store, q))
	}
	if apiErr != nil {
		rec := httptest.NewRecorder()
		writeAPIError(rec, got.header.Get("x-log-requestid"), apiErr)
		require.Equal(t, rec.Code, got.status)
		require.Equal(t, rec.Body.String(), string(got.body))
		return
	}
	require.Equal(t, http.StatusOK, got.status, "%s", got.body)
	require.Equal(t, strconv.Itoa(len(got.body)), got.header.Get("Content-Length"))
	wantPlain, gotPlain := decompressed(t, want.header, want.body), decompressed(t, got.header, got.body)
	// The time taken is the one part of an answer that may differ: when it
	// does, GetLogsV2's meta (so its size) differs by its digits.
	sameTime := bytes.Equal(elapsedInMeta.Find(wantPlain), elapsedInMeta.Find(gotPlain))
	for k := range want.header {
		if k != "X-Log-Elapsed-Millisecond" && (sameTime || k != "X-Log-Bodyrawsize") {
			require.Equal(t, want.header[k], got.header[k], k)
		}
	}
	if sameTime {
		require.Equal(t, string(want.body), string(got.body), "as sent")
	}
	require.Equal(t, string(elapsedInMeta.ReplaceAll(wantPlain, nil)), string(elapsedInMeta.ReplaceAll(gotPlain, nil)))
}

func decompressed(t *testing.T, h http.Header, body []byte) []byte {
	switch h.Get("x-log-compresstype") {
	case "lz4":
		size, err := strconv.Atoi(h.Get("x-log-bodyrawsize"))
		require.NoError(t, err)
		out := make([]byte, size)
		n, err := lz4.UncompressBlock(body, out)
		require.NoError(t, err)
		return out[:n]
	case "deflate":
		zr, err := zlib.NewReader(bytes.NewReader(body))
		require.NoError(t, err)
		out, err := io.ReadAll(zr)
		require.NoError(t, err)
		return out
	}
	return body
}

// TestGetLogsMatchesReference: random GetLogs and GetLogsV2 calls (every
// encoding, object bodies, Incomplete rounds, logs added between calls)
// answer byte for byte what the reference answers.
func TestGetLogsMatchesReference(t *testing.T) {
	tw := newTwins(t)
	r := rand.New(rand.NewPCG(7, 8))
	for step := 0; step < 1500; step++ {
		switch k := r.IntN(100); {
		case k < 3:
			tw.append(t, r, 1+r.IntN(50))
		case k < 5:
			on := r.IntN(2) == 0
			tw.e.srv.SetObjectBody(on)
			tw.ref.SetObjectBody(on)
		case k < 7:
			rounds := r.IntN(2)
			tw.e.ctl.Set(knobs.Settings{IncompleteRounds: rounds})
			tw.ref.ctl.Set(knobs.Settings{IncompleteRounds: rounds})
		}
		store, q := randomLogsQuery(r)
		v2 := r.IntN(2) == 0
		enc := []string{"lz4", "lz4", "deflate", ""}[r.IntN(4)]
		tw.check(t, store, q, v2, enc)
	}
}

// TestGetLogsConcurrentPagesMatchReference: pages asked at once share the
// body buffers; none may see another's bytes.
func TestGetLogsConcurrentPagesMatchReference(t *testing.T) {
	tw := newTwins(t)
	var wg sync.WaitGroup
	for g := 0; g < 6; g++ {
		wg.Add(1)
		go func(g int) {
			defer wg.Done()
			r := rand.New(rand.NewPCG(uint64(g), 5))
			for i := 0; i < 60 && !t.Failed(); i++ {
				store, q := randomLogsQuery(r)
				t.Run(fmt.Sprint(g, "/", i), func(t *testing.T) { tw.check(t, store, q, g%2 == 0, "lz4") })
			}
		}(g)
	}
	wg.Wait()
}
