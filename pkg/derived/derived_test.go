package derived

import (
	"bytes"
	"encoding/json"
	"fmt"
	"testing"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/data"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/logbridge/cloudlogs/pkg/frames"
	"github.com/logbridge/cloudlogs/pkg/settings"
)

var slsSelf = SelfQuery{QueryType: "slsLogs", Keep: []string{"logstore"}, TextKey: "query"}

func logsFrame(rows ...frames.LogRow) *data.Frame {
	return frames.NewLogsFrame("app-log", rows)
}

func row(body string, labels map[string]string) frames.LogRow {
	return frames.LogRow{Time: time.Unix(1, 0), Body: body, Labels: labels}
}

func fieldOf(t *testing.T, f *data.Frame, name string) *data.Field {
	t.Helper()
	for _, fd := range f.Fields {
		if fd.Name == name {
			return fd
		}
	}
	require.Failf(t, "no field", "frame has no field %q", name)
	return nil
}

func values(f *data.Field) []string {
	out := make([]string, f.Len())
	for i := range out {
		out[i] = f.At(i).(string)
	}
	return out
}

func TestRegexTakesTheFirstCaptureAndLinksToAnotherDataSource(t *testing.T) {
	set := New([]settings.DerivedField{{Name: "traceID", MatcherType: "regex", MatcherRegex: `traceID=(\w+)|trace=(\w+)`,
		URL: "${__value.raw}", URLDisplayLabel: "Open trace", DatasourceUID: "tempo-uid"}}, "self", "Logs", slsSelf)
	f := logsFrame(row("GET / traceID=abc123 200", nil), row("no id here", nil), row("x trace=def9", nil))
	set.Apply(data.Frames{f}, json.RawMessage(`{"logstore":"app-log"}`))

	got := fieldOf(t, f, "traceID")
	assert.Equal(t, []string{"abc123", "", "def9"}, values(got))
	require.Len(t, got.Config.Links, 1)
	assert.Equal(t, data.DataLink{Title: "Open trace", Internal: &data.InternalDataLink{DatasourceUID: "tempo-uid",
		Query: map[string]any{"refId": "A", "query": "${__value.raw}"}}}, got.Config.Links[0])
}

func TestLabelMatcherLinksIntoThisDataSourceKeepingTheOrigin(t *testing.T) {
	set := New(settings.DefaultDerivedFields(settings.ServiceSLS, "self"), "self", "My SLS", slsSelf)
	f := logsFrame(
		row("a", map[string]string{"trace_id": "t-1", "status": "200"}),
		row("b", map[string]string{"status": "500"}),
		row("c", map[string]string{"trace_id": `q"uo\te<`, "request_id": "r-3"}),
	)
	set.Apply(data.Frames{f}, json.RawMessage(`{"refId":"B","queryType":"slsLogs","logstore":"nginx","query":"status: 500","limit":5}`))

	trace := fieldOf(t, f, "trace_id")
	assert.Equal(t, []string{"t-1", "", `q"uo\te<`}, values(trace), "escaped label values are decoded")
	assert.Equal(t, []string{"", "", "r-3"}, values(fieldOf(t, f, "request_id")))
	for _, fd := range f.Fields {
		assert.NotEqual(t, "traceId", fd.Name, "no line has a traceId: no field")
	}
	link := trace.Config.Links[0]
	assert.Equal(t, "Lines with this trace_id", link.Title)
	assert.Equal(t, "self", link.Internal.DatasourceUID)
	assert.Equal(t, "My SLS", link.Internal.DatasourceName)
	b, err := json.Marshal(link.Internal.Query)
	require.NoError(t, err)
	assert.JSONEq(t, `{"refId":"A","queryType":"slsLogs","logstore":"nginx","query":"trace_id: \"${__value.raw}\""}`, string(b))
}

func TestSCFAndCLSDefaultsWriteTheirOwnQueries(t *testing.T) {
	scf := New(settings.DefaultDerivedFields(settings.ServiceSCF, "u"), "u", "SCF",
		SelfQuery{QueryType: "scfLogs", Keep: []string{"functionName", "namespace", "qualifier"}, TextKey: "requestId"})
	f := logsFrame(row("START", map[string]string{"requestId": "req-1"}))
	scf.Apply(data.Frames{f}, json.RawMessage(`{"queryType":"scfLogs","functionName":"order-api","namespace":"default","qualifier":null}`))
	b, _ := json.Marshal(fieldOf(t, f, "requestId").Config.Links[0].Internal.Query)
	assert.JSONEq(t, `{"refId":"A","queryType":"scfLogs","functionName":"order-api","namespace":"default","requestId":"${__value.raw}"}`, string(b))

	cls := New(settings.DefaultDerivedFields(settings.ServiceCLS, "u"), "u", "CLS",
		SelfQuery{QueryType: "clsLogs", Keep: []string{"syntax", "topicId", "topicIds"}, TextKey: "query"})
	f = logsFrame(row("x", map[string]string{"SCF_RequestId": "req-9", "__topic_id__": "t1"}))
	cls.Apply(data.Frames{f}, json.RawMessage(`{"queryType":"clsLogs","topicIds":["t1","t2"],"syntax":"lucene"}`))
	b, _ = json.Marshal(fieldOf(t, f, "SCF_RequestId").Config.Links[0].Internal.Query)
	assert.JSONEq(t, `{"refId":"A","queryType":"clsLogs","syntax":"lucene","topicIds":["t1","t2"],"query":"SCF_RequestId:\"${__value.raw}\""}`, string(b))
}

func TestExternalURLAndNoURL(t *testing.T) {
	set := New([]settings.DerivedField{
		{Name: "user", MatcherType: "label", MatcherRegex: "user_id", URL: "https://crm.example/u/${__value.raw}", URLDisplayLabel: "CRM"},
		{Name: "order", MatcherType: "regex", MatcherRegex: `order=(\d+)`},
	}, "self", "S", slsSelf)
	f := logsFrame(row("order=42", map[string]string{"user_id": "u7"}))
	set.Apply(data.Frames{f}, nil)
	assert.Equal(t, []data.DataLink{{Title: "CRM", URL: "https://crm.example/u/${__value.raw}", TargetBlank: true}}, fieldOf(t, f, "user").Config.Links)
	order := fieldOf(t, f, "order")
	assert.Equal(t, []string{"42"}, values(order))
	assert.Nil(t, order.Config, "no url: the value alone")
}

func TestOnlyLogsFramesAndNoDuplicateFields(t *testing.T) {
	set := New(settings.DefaultDerivedFields(settings.ServiceSLS, "self"), "self", "S", slsSelf)
	table := data.NewFrame("t", data.NewField("trace_id", nil, []string{"x"}), data.NewField("labels", nil, []json.RawMessage{json.RawMessage(`{"trace_id":"y"}`)}))
	logs := logsFrame(row("a", map[string]string{"trace_id": "t-1"}))
	logs.Fields = append(logs.Fields, data.NewField("trace_id", nil, []string{"already"}))
	set.Apply(data.Frames{table, nil, logs}, json.RawMessage(`{}`))
	assert.Len(t, table.Fields, 2, "a table is left alone")
	assert.Len(t, logs.Fields, 6, "a field the frame has is not added twice")

	var none *Set
	none.Apply(data.Frames{logs}, nil) // nil set: nothing to do, no panic
	New(nil, "self", "S", slsSelf).Apply(data.Frames{logs}, nil)
	assert.Len(t, logs.Fields, 6)
}

func TestLabelValuesReadsOnlyFlatStringObjects(t *testing.T) {
	wanted := []string{"a", "b\"c", "z"}
	cases := map[string][]string{
		`{"a":"1","b\"c":"2","z":"\u00e9\n"}`: {"1", "2", "é\n"},
		` { "a" : "x" , "z":"y" } `:           {"x", "", "y"},
		`{"a":1,"z":"y"}`:                     {"", "", ""},
		`{"a":"1"`:                            {"1", "", ""},
		`["a","1"]`:                           {"", "", ""},
		`{"a":"unterminated`:                  {"", "", ""},
		``:                                    {"", "", ""},
		`{"x":"\"a\":\"no\"","a":"yes"}`:      {"yes", "", ""},
	}
	for raw, want := range cases {
		found := make([]string, len(wanted))
		labelValues([]byte(raw), !bytes.ContainsRune([]byte(raw), '\\'), wanted, found)
		assert.Equal(t, want, found, raw)
	}
}

// The look for the wanted keys before reading a line's labels changes no
// answer: a key spelt with an escape, a key's text inside a value, HTML-safe
// escapes (as json.Marshal writes "<"), a line without the keys.
func TestKeysLookedForFirstFindWhatReadingFinds(t *testing.T) {
	wanted := []string{"trace_id", "a<b", "b\"c"}
	set := New([]settings.DerivedField{
		{Name: "t", MatcherType: "label", MatcherRegex: wanted[0], URL: "${__value.raw}"},
		{Name: "h", MatcherType: "label", MatcherRegex: wanted[1], URL: "${__value.raw}"},
		{Name: "q", MatcherType: "label", MatcherRegex: wanted[2], URL: "${__value.raw}"},
	}, "self", "S", slsSelf)
	for _, raw := range []string{
		`{"trace_id":"t1"}`, `{"trace\u005fid":"t2"}`, `{"x":"\"trace_id\":\"no\""}`, `{"x":"trace_id"}`,
		`{"a\u003cb":"h1"}`, `{"a<b":"h2"}`, `{"b\"c":"q1"}`, `{"host":"h","status":"200"}`, ``, `{"trace_id":1}`,
	} {
		want := make([]string, len(wanted))
		labelValues([]byte(raw), !bytes.ContainsRune([]byte(raw), '\\'), wanted, want)
		f := data.NewFrame("logs", data.NewField("body", nil, []string{"x"}),
			data.NewField("labels", nil, []json.RawMessage{json.RawMessage(raw)})).SetMeta(&data.FrameMeta{Type: data.FrameTypeLogLines})
		got := set.extract(f)
		for i := range wanted {
			v := ""
			if got[i] != nil {
				v = got[i][0]
			}
			assert.Equal(t, want[i], v, "%s: %s", raw, wanted[i])
		}
	}
}

// A large frame is read in parts at once; the values are those of one
// reading of every line: fields with values in one part only or in all,
// lines sharing labels across a part's edge.
func TestALargeFrameReadInPartsGivesTheSameValues(t *testing.T) {
	n := frames.ParallelRows*2 + 7
	f := sharedLabelsFrame(n)
	bodies := f.Fields[1]
	for row := range n {
		if row > n/2 && row%3 == 0 {
			bodies.Set(row, fmt.Sprintf("order=%d", row))
		}
	}
	set := New([]settings.DerivedField{
		{Name: "requestId", MatcherType: "label", MatcherRegex: "requestId", URL: "${__value.raw}"},
		{Name: "order", MatcherType: "regex", MatcherRegex: `order=(\d+)`, URL: "${__value.raw}"},
		{Name: "none", MatcherType: "label", MatcherRegex: "absent", URL: "${__value.raw}"},
	}, "self", "S", slsSelf)
	want := set.extractRows(frameLines(f), n, 0, n)
	got := set.extract(f)
	require.Len(t, got, 3)
	assert.Equal(t, want[0], got[0])
	assert.Equal(t, want[1], got[1])
	assert.Nil(t, got[2])
	assert.Equal(t, "r-2", got[0][8])
	assert.Equal(t, fmt.Sprint(n-1-(n-1)%3), got[1][n-1-(n-1)%3])
}

// sharedLabelsFrame is a logs frame whose lines come in runs of four that
// share their labels' bytes, as an SCF frame's lines of one invocation do.
func sharedLabelsFrame(n int) *data.Frame {
	c := frames.LogColumns{Time: make([]time.Time, n), Body: make([]string, n), Severity: make([]string, n), ID: make([]string, n),
		Labels: make([]json.RawMessage, n)}
	for i := range c.Labels {
		if i%4 == 0 {
			c.Labels[i] = json.RawMessage(fmt.Sprintf(`{"functionName":"f","requestId":"r-%d","retCode":"0"}`, i/4))
		} else {
			c.Labels[i] = c.Labels[i-1]
		}
	}
	c.Labels[5] = json.RawMessage(`{"requestId":"other"}`) // a line of its own in a run
	return frames.NewLogsFrameColumns("scf", c)
}

// Pages read as they come (Page) and joined in order (Join) give a frame
// the same fields, values and links as Apply gives the whole frame; a page
// without any value and a field found in one page only included.
func TestPagesJoinedAsApply(t *testing.T) {
	const n = 23
	set := New([]settings.DerivedField{
		{Name: "requestId", MatcherType: "label", MatcherRegex: "requestId", URL: "${__value.raw}", DatasourceUID: "self"},
		{Name: "order", MatcherType: "regex", MatcherRegex: `order=(\d+)`, URL: "https://shop/${__value.raw}"},
		{Name: "none", MatcherType: "label", MatcherRegex: "absent", URL: "${__value.raw}"},
	}, "self", "S", slsSelf)
	whole, paged := sharedLabelsFrame(n), sharedLabelsFrame(n)
	for _, f := range []*data.Frame{whole, paged} {
		f.Fields[1].Set(17, "order=17")
	}
	origin := json.RawMessage(`{"refId":"A","logstore":"app-log"}`)
	set.Apply(data.Frames{whole}, origin)

	body, labels := make([]string, n), make([]json.RawMessage, n)
	for i := range n {
		body[i] = paged.Fields[1].At(i).(string)
		labels[i] = paged.Fields[4].At(i).(json.RawMessage)
	}
	var pages []PageValues
	for _, cut := range [][2]int{{0, 8}, {8, 8}, {8, 16}, {16, n}} {
		pages = append(pages, set.Page(body[cut[0]:cut[1]], labels[cut[0]:cut[1]]))
	}
	assert.Nil(t, pages[2].Values[1], "no line of the third page has an order")
	set.Join(paged, pages, origin)

	require.Len(t, paged.Fields, len(whole.Fields))
	for i, want := range whole.Fields {
		got := paged.Fields[i]
		assert.Equal(t, want.Name, got.Name)
		assert.Equal(t, want.Config, got.Config)
		if want.Type() == data.FieldTypeString {
			assert.Equal(t, values(want), values(got), want.Name)
		}
	}
	assert.Equal(t, "17", values(fieldOf(t, paged, "order"))[17])
	assert.Equal(t, "r-5", values(fieldOf(t, paged, "requestId"))[22])
}

// A slice of a page keeps its lines' values, and no field that none of
// them has: Join then adds no field without a value, as Apply.
func TestPageValuesSlice(t *testing.T) {
	p := PageValues{Lines: 4, Values: [][]string{{"", "a", "", "b"}, nil}}
	assert.Equal(t, PageValues{Lines: 2, Values: [][]string{{"a", ""}, nil}}, p.Slice(1, 3))
	assert.Equal(t, PageValues{Lines: 1, Values: [][]string{nil, nil}}, p.Slice(2, 3))
}

func TestApplyReadsSharedLabelsOnce(t *testing.T) {
	set := New(settings.DefaultDerivedFields(settings.ServiceSCF, "self"), "self", "S", SelfQuery{QueryType: "scfLogs", TextKey: "requestId"})
	f := sharedLabelsFrame(12)
	set.Apply(data.Frames{f}, json.RawMessage(`{}`))
	assert.Equal(t, []string{"r-0", "r-0", "r-0", "r-0", "r-1", "other", "r-1", "r-1", "r-2", "r-2", "r-2", "r-2"}, values(fieldOf(t, f, "requestId")))
}

// A frame whose body and labels fields are nullable (the types a logs
// frame may hold them in) gets its derived values too, and a null line
// none.
func TestNullableBodyAndLabels(t *testing.T) {
	set := New([]settings.DerivedField{
		{Name: "traceID", MatcherType: "regex", MatcherRegex: `trace=(\w+)`, URL: "${__value.raw}"},
		{Name: "requestId", MatcherType: "label", MatcherRegex: "requestId", URL: "${__value.raw}"},
	}, "self", "S", slsSelf)
	body, labels := "x trace=t1", json.RawMessage(`{"requestId":"r1"}`)
	f := data.NewFrame("logs",
		data.NewField("body", nil, []*string{&body, nil}),
		data.NewField("labels", nil, []*json.RawMessage{&labels, nil}),
	).SetMeta(&data.FrameMeta{Type: data.FrameTypeLogLines})
	set.Apply(data.Frames{f}, json.RawMessage(`{}`))
	assert.Equal(t, []string{"t1", ""}, values(fieldOf(t, f, "traceID")))
	assert.Equal(t, []string{"r1", ""}, values(fieldOf(t, f, "requestId")))
}

// BenchmarkApply10k: the cost of derived fields on a 10,000-line frame.
func BenchmarkApply10k(b *testing.B) {
	rows := make([]frames.LogRow, 10_000)
	for i := range rows {
		labels := map[string]string{"level": "info", "service": "api", "logger": "http", "status": "200"}
		if i%3 == 0 {
			labels["trace_id"] = fmt.Sprintf("%032x", i)
		}
		rows[i] = row(fmt.Sprintf("GET /api/v1/orders/%d 200 12ms", i), labels)
	}
	origin := json.RawMessage(`{"logstore":"app-log"}`)
	sets := map[string]*Set{
		"sls-defaults": New(settings.DefaultDerivedFields(settings.ServiceSLS, "self"), "self", "S", slsSelf),
		"one-regex": New([]settings.DerivedField{{Name: "order", MatcherType: "regex", MatcherRegex: `orders/(\d+)`,
			URL: "${__value.raw}", DatasourceUID: "tempo"}}, "self", "S", slsSelf),
	}
	b.Run("scf-defaults", func(b *testing.B) {
		set := New(settings.DefaultDerivedFields(settings.ServiceSCF, "self"), "self", "S", SelfQuery{QueryType: "scfLogs", TextKey: "requestId"})
		b.ReportAllocs()
		for b.Loop() {
			b.StopTimer()
			f := sharedLabelsFrame(10_000)
			b.StartTimer()
			set.Apply(data.Frames{f}, origin)
		}
	})
	for name, set := range sets {
		b.Run(name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				b.StopTimer()
				f := frames.NewLogsFrame("app-log", rows)
				b.StartTimer()
				set.Apply(data.Frames{f}, origin)
			}
		})
	}
}
