package clsservice

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"github.com/logbridge/cloudlogs/pkg/querytext"
	"github.com/logbridge/cloudlogs/pkg/settings"
)

// FuzzParseQuery feeds any query JSON through the router's inference and
// parser: it errors with a message, or yields a query with one to
// MaxTopics distinct topics, limits within maxRows and its text split in
// its syntax's quoting.
func FuzzParseQuery(f *testing.F) {
	for _, s := range []string{
		`{"topicId":"t1","query":"status:500 | select count(*) as c"}`,
		`{"topicIds":["a","b","a"," "],"syntax":"LUCENE","limit":"20","sort":"ASC"}`,
		`{"queryType":"clsHistogram","topicId":"t","logVolume":1}`,
		`{"queryType":"clsContext","topicId":"t","pkgId":"P","pkgLogId":"12","time":1700000000000,"prevLogs":"5"}`,
		`{"topicId":"t","query":"'a | b'"}`, `{"topicId":"t","limit":-5}`, `{"topicId":"t","format":"TABLE"}`,
		`{"queryType":"clsContext","topicId":"t","pkgLogId":1e30}`, `[]`, `null`, ``,
	} {
		f.Add(s, "")
	}
	svc := &Service{settings: settings.Settings{MaxRows: 500}}
	f.Fuzz(func(t *testing.T, raw, queryType string) {
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
		if variant != "" && (variant != variantLogVolume || m.QueryType != QueryTypeHistogram || !m.LogVolume) {
			t.Fatalf("%q: variant %q for %+v", raw, variant, m)
		}
		if len(m.TopicIDs) == 0 || len(m.TopicIDs) > MaxTopics {
			t.Fatalf("%q: %d topics", raw, len(m.TopicIDs))
		}
		for i, id := range m.TopicIDs {
			if id == "" || id != strings.TrimSpace(id) || slices.Contains(m.TopicIDs[:i], id) {
				t.Fatalf("%q: topics %q", raw, m.TopicIDs)
			}
		}
		if m.Limit < 0 || m.Limit > svc.settings.MaxRows || m.QueryType == QueryTypeLogs && m.Limit == 0 {
			t.Fatalf("%q: limit %d (maxRows %d)", raw, m.Limit, svc.settings.MaxRows)
		}
		if m.Text != querytext.Parse(m.Query, dialect(m.Syntax)) {
			t.Fatalf("%q: text %+v is not the split of %q", raw, m.Text, m.Query)
		}
		switch m.QueryType {
		case QueryTypeSQL:
			if !m.Text.HasAnalytics() {
				t.Fatalf("%q: clsSql without SQL", raw)
			}
		case QueryTypeLogs, QueryTypeHistogram:
			if m.Text.HasAnalytics() {
				t.Fatalf("%q: %s with SQL", raw, m.QueryType)
			}
		case QueryTypeContext:
			if m.PkgID == "" || m.Prev < 0 || m.Prev > MaxContextLines || m.Next < 0 || m.Next > MaxContextLines {
				t.Fatalf("%q: context %+v", raw, m)
			}
		}
	})
}
