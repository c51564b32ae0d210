package slsservice

import (
	"crypto/sha1"
	"encoding/hex"
	"encoding/json"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/logbridge/cloudlogs/pkg/frames"
	"github.com/logbridge/cloudlogs/pkg/service/servicetest"
	"github.com/logbridge/cloudlogs/pkg/sls"
)

// pinClassicGetLogs makes an instance's client use classic GetLogs, for
// tests that read GetLogs' URL parameters in the emulator's request log.
func pinClassicGetLogs(ds *servicetest.Instance) {
	svc := servicetest.State[*Service](ds)
	svc.client = svc.client.WithGetLogsV2(false)
}

// refLogRowOf and refLogID are the conversion NewLogsFrame had before it
// wrote ids, bodies and labels into shared buffers: the reference the
// frame's every byte is compared with.
func refLogRowOf(l sls.Log) frames.LogRow {
	row := frames.LogRow{Labels: map[string]string{}}
	var secs, nanos int64
	bodyKey := frames.FirstKey(bodyKeys, l.Get)
	var pairs []string
	for _, f := range l {
		switch f.Key {
		case slsTimeKey:
			secs, _ = strconv.ParseInt(strings.TrimSpace(f.Value), 10, 64)
			continue
		case slsTimeNSKey:
			nanos, _ = strconv.ParseInt(strings.TrimSpace(f.Value), 10, 64)
			continue
		case bodyKey:
			row.Body = f.Value
			continue
		case slsPackIDTag:
			row.Labels[LabelPackID] = f.Value
			continue
		case slsPackMetaTag, LabelPackMeta:
			row.Labels[LabelPackMeta] = f.Value
			continue
		case slsIndexNumber:
			continue
		}
		if f.Null {
			continue
		}
		row.Labels[f.Key] = f.Value
		if !strings.HasPrefix(f.Key, "__") {
			pairs = append(pairs, f.Key+"="+f.Value)
		}
	}
	if bodyKey == "" {
		sort.Strings(pairs)
		row.Body = strings.Join(pairs, " ")
	}
	row.Time = time.Unix(secs, nanos).UTC()
	row.Severity = frames.SeverityOf(frames.FirstValue(levelKeys, l.Get), row.Body)
	row.ID = refLogID(l)
	return row
}

func refLogID(l sls.Log) string {
	h := sha1.New()
	write := func(s string) { h.Write([]byte(s)); h.Write([]byte{0}) }
	packMeta, ok := l.Get(LabelPackMeta)
	if !ok {
		packMeta, _ = l.Get(slsPackMetaTag)
	}
	packID, _ := l.Get(slsPackIDTag)
	secs, _ := l.Get(slsTimeKey)
	nanos, _ := l.Get(slsTimeNSKey)
	source, _ := l.Get("__source__")
	topic, _ := l.Get("__topic__")
	for _, v := range []string{packID, packMeta, secs, nanos, source, topic} {
		write(v)
	}
	for _, f := range l {
		if strings.HasPrefix(f.Key, "__") {
			continue
		}
		write(f.Key)
		write(f.Value)
	}
	return hex.EncodeToString(h.Sum(nil)[:10])
}

func refLogsFrameRows(logs []sls.Log) []frames.LogRow {
	rows := make([]frames.LogRow, len(logs))
	seen := map[string]int{}
	for i, l := range logs {
		rows[i] = refLogRowOf(l)
		if n := seen[rows[i].ID]; n > 0 {
			seen[rows[i].ID] = n + 1
			rows[i].ID += "_" + strconv.Itoa(n)
		} else {
			seen[rows[i].ID] = 1
		}
	}
	return rows
}

// trickyLogs are lines that exercise every branch of the conversion.
func trickyLogs() []sls.Log {
	n := func(k string) sls.Field { return sls.Field{Key: k, Null: true} }
	return []sls.Log{
		log("__time__", "1700000000", "a", "1", "a+", "2", "a=", "3", "a", "0", "b<&>", "x\u2028y\"z\\", "c", "\x01\n\t", "d", "\xff"),
		append(log("__time__", " 5 ", "__time_ns_part__", "7", "content", "first"), n("content"), sls.Field{Key: "content", Value: "second"}),
		append(log("__time__", "5"), n("content"), sls.Field{Key: "message", Value: "WARN from message"}),
		append(log("__time__", "5", "", "empty key"), n("x")),
		log("__tag__:__pack_id__", "P", "__pack_id__", "direct", "__pack_meta__", "M1", "__tag__:__pack_meta__", "M2", "__index_number__", "3"),
		log("level", "", "severity", "err", "content", "x"),
		log("__time__", "1", "content", "same"), log("__time__", "1", "content", "same"), log("__time__", "1", "content", "same"),
		log("k", "v"), log("k", "v", "j", "w"), log("j", "w", "k", "v"), log("k", "v", "k", "u"), log("k", "u", "k", "v"),
		{},
	}
}

// requireSameAsReference holds NewLogsFrame and LogRowOf to the reference
// conversion, byte for byte.
func requireSameAsReference(t *testing.T, name string, logs []sls.Log) {
	t.Helper()
	want := frames.NewLogsFrame("x", refLogsFrameRows(logs))
	got := NewLogsFrame("x", logs)
	wj, err := json.Marshal(want)
	if err != nil {
		t.Fatal(err)
	}
	gj, err := json.Marshal(got)
	if err != nil {
		t.Fatal(err)
	}
	if string(wj) != string(gj) {
		t.Fatalf("%s: frame differs from the reference\n got %.2000s\nwant %.2000s", name, gj, wj)
	}
	for i, l := range logs {
		a, b := LogRowOf(l), refLogRowOf(l)
		if a.ID != b.ID || a.Body != b.Body || a.Severity != b.Severity || !a.Time.Equal(b.Time) || len(a.Labels) != len(b.Labels) {
			t.Fatalf("%s line %d: LogRowOf %+v, reference %+v", name, i, a, b)
		}
		for k, v := range b.Labels {
			if a.Labels[k] != v {
				t.Fatalf("%s line %d: label %q = %q, reference %q", name, i, k, a.Labels[k], v)
			}
		}
	}
}

func TestNewLogsFrameMatchesReference(t *testing.T) {
	requireSameAsReference(t, "tricky", trickyLogs())
	requireSameAsReference(t, "bench", benchLogs(300))
	pages, _ := filepath.Glob("../sls/testdata/demo-page-*.json")
	var all []sls.Log
	for _, p := range pages {
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		var rows []map[string]string
		if err := json.Unmarshal(b, &rows); err != nil {
			t.Fatal(err)
		}
		// Map order is random: keys sorted, so lines differ in key order
		// from the recorded ones, which the order cache must survive.
		for i, r := range rows {
			keys := make([]string, 0, len(r))
			for k := range r {
				keys = append(keys, k)
			}
			sort.Strings(keys)
			if i%3 == 0 {
				sort.Sort(sort.Reverse(sort.StringSlice(keys)))
			}
			var l sls.Log
			for _, k := range keys {
				l = append(l, sls.Field{Key: k, Value: r[k]})
			}
			all = append(all, l)
		}
	}
	requireSameAsReference(t, "demo pages", all)
}

// FuzzLogsFrameMatchesReference: lines are separated by \n, fields by \x01,
// a key from its value by \x00; a field without \x00 is a null. Keys that
// start one another ("a", "a-b", "a=") and repeated keys are where the body's
// pairs leave the labels' order.
func FuzzLogsFrameMatchesReference(f *testing.F) {
	for _, seed := range []string{
		"a\x001\x01a-b\x002\x01a=\x003\x01b\x00x",
		"k\x00v\x01k\x00u\nk\x00u\x01k\x00v",
		"__time__\x001\x01host\x00h\x01host_name\x00n\x01host.x\x00d\nhost\x00h\x01host.x\x00d\x01host_name\x00n",
		"\x00empty key\x01x\x01level\x00ERROR\x01content\x00c",
		"a \x00s\x01a\x00t\x01a!\x00u",
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, in string) {
		var logs []sls.Log
		for _, line := range strings.Split(in, "\n") {
			var l sls.Log
			for _, field := range strings.Split(line, "\x01") {
				k, v, ok := strings.Cut(field, "\x00")
				l = append(l, sls.Field{Key: k, Value: v, Null: !ok})
			}
			logs = append(logs, l)
		}
		requireSameAsReference(t, "fuzz", logs)
	})
}

func TestKnownKeyIndexes(t *testing.T) {
	for i, k := range knownKeys {
		if knownKey(k) != i {
			t.Errorf("knownKey(%q) = %d, want %d", k, knownKey(k), i)
		}
	}
	if knownKey("contents") != -1 {
		t.Error("an unknown key has an index")
	}
}
