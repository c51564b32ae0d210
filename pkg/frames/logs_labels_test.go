package frames

import (
	"encoding/json"
	"testing"
)

var labelStrings = []string{
	"", "plain", `quote " and \ backslash`, "<script>&amp;</script>", "tab\tnl\ncr\rbs\bff\f",
	"\x00\x01\x1f\x7f", "中文 ünï 😀", "\u2028\u2029", "bad \xff utf8 \xc3", "\xed\xa0\x80 surrogate bytes",
	"__tag__:__pack_id__", "a", "b", "A", "é",
}

func TestAppendLabelsJSONMatchesMarshal(t *testing.T) {
	for _, k := range labelStrings {
		for _, v := range labelStrings {
			checkLabelsJSON(t, map[string]string{k: v, v: k, "z" + k: "x" + v})
		}
	}
	checkLabelsJSON(t, map[string]string{})
}

func TestSortLabelsKeepsLastOfRepeatedKey(t *testing.T) {
	got := SortLabels([]Label{{"b", "1"}, {"a", "1"}, {"b", "2"}, {"a", "2"}, {"c", "0"}})
	want := []Label{{"a", "2"}, {"b", "2"}, {"c", "0"}}
	if len(got) != len(want) {
		t.Fatalf("got %v, want %v", got, want)
	}
	for i := range got {
		if got[i] != want[i] {
			t.Fatalf("got %v, want %v", got, want)
		}
	}
}

func TestNewLogsFrameLabels(t *testing.T) {
	f := NewLogsFrame("x", []LogRow{
		{Labels: map[string]string{"b": "<1>", "a": "2"}},
		{Labels: map[string]string{"pre": "made"}},
		{},
	})
	want := []string{`{"a":"2","b":"\u003c1\u003e"}`, `{"pre":"made"}`, `{}`}
	for i, w := range want {
		if got := string(f.Fields[4].At(i).(json.RawMessage)); got != w {
			t.Errorf("row %d labels %s, want %s", i, got, w)
		}
	}
}

func checkLabelsJSON(t *testing.T, m map[string]string) {
	t.Helper()
	want, _ := json.Marshal(m)
	var ls []Label
	for k, v := range m {
		ls = append(ls, Label{k, v})
	}
	if got := AppendLabelsJSON(nil, SortLabels(ls)); string(got) != string(want) {
		t.Fatalf("labels %q: got %s, want %s", m, got, want)
	}
}

func FuzzAppendLabelsJSON(f *testing.F) {
	for _, s := range labelStrings {
		f.Add(s, s+"x")
	}
	f.Fuzz(func(t *testing.T, k, v string) { checkLabelsJSON(t, map[string]string{k: v, v: k}) })
}
