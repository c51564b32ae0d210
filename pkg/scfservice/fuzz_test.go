package scfservice

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"github.com/logbridge/cloudlogs/pkg/querytext"
	"github.com/logbridge/cloudlogs/pkg/settings"
)

// FuzzParseQuery feeds any query JSON through the router's inference and
// parser, for API 3.0 and the legacy v2 API: it errors with a message, or
// yields a query of a known type and order whose limits hold.
func FuzzParseQuery(f *testing.F) {
	for _, s := range []string{
		`{"functionName":"hello","limit":"50","offset":"10","order":"acs","orderBy":"duration"}`,
		`{"queryType":"scfMetrics","functionName":"f","metrics":["invocations","errors","invocations"]}`,
		`{"queryType":"scfInvocations","filter":{"retCode":"TimeLimitExceeded"},"logVolume":"true"}`,
		`{"filter":{"retCode":"x"},"limit":0}`, `{"limit":1e300}`, `{"offset":-1}`, `{"qualifier":"$LATEST"}`,
		`{"metrics":[]}`, `{"filter":null}`, `[]`, `null`, ``,
	} {
		f.Add(s, "", false)
		f.Add(s, "", true)
	}
	v3 := &Service{settings: settings.Settings{MaxRows: 500, SCF: settings.SCFSettings{APIVersion: settings.SCFAPIv3, Namespace: "prod"}}}
	v2 := &Service{settings: settings.Settings{MaxRows: 500, SCF: settings.SCFSettings{APIVersion: settings.SCFAPIv2}}}
	f.Fuzz(func(t *testing.T, raw, queryType string, legacy bool) {
		svc := v3
		if legacy {
			svc = v2
		}
		qt := queryType
		if qt == "" {
			qt = inferQueryType(json.RawMessage(raw))
		}
		m, variant, err := parse(svc, json.RawMessage(raw), qt)
		if err != nil {
			if strings.TrimSpace(err.Error()) == "" {
				t.Fatalf("%q: an error without a message", raw)
			}
			return
		}
		if !slices.Contains([]string{QueryTypeLogs, QueryTypeInvocations, QueryTypeMetrics}, m.QueryType) {
			t.Fatalf("%q: accepted query type %q", raw, m.QueryType)
		}
		if (variant == variantLogVolume) != m.LogVolume || variant != "" && variant != variantLogVolume {
			t.Fatalf("%q: variant %q, logVolume %v", raw, variant, m.LogVolume)
		}
		if m.Limit < 1 || m.Limit > svc.settings.MaxRows || m.Offset < 0 {
			t.Fatalf("%q: limit %d offset %d (maxRows %d)", raw, m.Limit, m.Offset, svc.settings.MaxRows)
		}
		if m.Namespace == "" || !slices.Contains(OrderByFields, m.OrderBy) || len(m.Metrics) == 0 {
			t.Fatalf("%q: namespace %q orderBy %q metrics %q", raw, m.Namespace, m.OrderBy, m.Metrics)
		}
		if legacy && (m.FunctionName == "" || m.Qualifier != "") {
			t.Fatalf("%q: v2 query without a function or with a qualifier: %+v", raw, m)
		}
	})
}

// FuzzSplitLog: every non-blank line of an invocation's log lands in
// exactly one entry, in order, and each entry's severity can be read.
func FuzzSplitLog(f *testing.F) {
	for _, s := range []string{
		"START RequestId: abc\n2017-09-18T09:14:01.236Z\tabc\tINFO\thello\n{\n  a: 1\n}\nEND RequestId: abc\nReport RequestId: abc Duration: 1 ms",
		"[ERROR]\t2017-09-18T09:14:01.236Z\tabc\tboom\nTraceback:\n  line 1", "2017/09/18 09:14:01 go log\r\n\r\n",
		"2017-09-18 09:14:01.236 WARN  [main] java", "\n\n  \n", "no marker at all", "", "\r", "2017-02-30T25:61:61.999Z\tx\ty",
	} {
		f.Add(s)
	}
	lines := func(s string) []string {
		var out []string
		for _, l := range strings.Split(s, "\n") {
			if l = strings.TrimRight(l, "\r"); strings.TrimSpace(l) != "" {
				out = append(out, l)
			}
		}
		return out
	}
	f.Fuzz(func(t *testing.T, log string) {
		entries := SplitLog(log)
		var got []string
		for _, e := range entries {
			if strings.TrimSpace(e.Body) == "" {
				t.Fatalf("%q: a blank entry %+v", log, e)
			}
			got = append(got, lines(e.Body)...)
			_ = Severity(e, false)
			_ = Severity(e, true)
		}
		if want := lines(log); !slices.Equal(got, want) {
			t.Fatalf("%q: entries hold lines %q, the log %q", log, got, want)
		}
	})
}

// readPhrase is how CQL reads a phrase: a backslash takes the next byte as
// it is, the first other quote ends it. It returns the value and the rest.
func readPhrase(s string) (value, rest string, ok bool) {
	if s == "" || s[0] != '"' {
		return "", s, false
	}
	var b strings.Builder
	for i := 1; i < len(s); i++ {
		switch s[i] {
		case '\\':
			if i+1 == len(s) {
				return "", s, false
			}
			i++
			b.WriteByte(s[i])
		case '"':
			return b.String(), s[i+1:], true
		default:
			b.WriteByte(s[i])
		}
	}
	return "", s, false
}

// FuzzCQLPhrase: any function name, namespace, qualifier or request id
// quoted into the CQL search reads back as that value, and the search of a
// statement splits off its SQL at the plugin's pipe, not at one of theirs.
func FuzzCQLPhrase(f *testing.F) {
	for _, s := range []string{"hello", `a"b`, `a\`, `\"`, "x | select 1", "'", "a\nb", "", "中文"} {
		f.Add(s, "default", s, s)
	}
	f.Fuzz(func(t *testing.T, fn, ns, qualifier, requestID string) {
		m := Query{FunctionName: fn, Namespace: ns, Qualifier: qualifier, RequestID: requestID, OrderBy: "startTime", Limit: 10}
		search := searchFilter(m)
		rest := search
		for _, want := range []struct{ key, value string }{
			{"SCF_FunctionName:", fn}, {"SCF_Namespace:", ns}, {"SCF_Qualifier:", qualifier}, {"SCF_RequestId:", requestID},
		} {
			if want.key == "SCF_Qualifier:" && qualifier == "" || want.key == "SCF_RequestId:" && requestID == "" {
				continue
			}
			rest = strings.TrimPrefix(rest, " AND ")
			after, ok := strings.CutPrefix(rest, want.key)
			if !ok {
				t.Fatalf("%q: no %s at %q", search, want.key, rest)
			}
			got, r, ok := readPhrase(after)
			if !ok || got != want.value {
				t.Fatalf("%q: %s reads back as %q (ok %v), want %q", search, want.key, got, ok, want.value)
			}
			rest = r
		}
		if rest != "" {
			t.Fatalf("%q: %q left after the phrases", search, rest)
		}
		text := querytext.Parse(invocationsSQL(m), querytext.DoubleAndSingleQuotes)
		if text.Search != strings.TrimSpace(search) || !strings.HasPrefix(text.SQL, "select * from (") {
			t.Fatalf("%q splits into %+v", invocationsSQL(m), text)
		}
	})
}
