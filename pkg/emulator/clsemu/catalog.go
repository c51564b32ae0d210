package clsemu

import (
	"strings"
	"time"
)

// Demo logsets and topics: fixed ids so tests, provisioning and the demo
// stack can name them.
const (
	// DemoSCFLogsetID / DemoSCFTopicID are SCF's default delivery target
	// (logset SCF_logset_Dm0Lk7Qa, AssumerName "SCF"; topic
	// SCF_logtopic_Xq3vB9Zc, CLS.md 1.1).
	DemoSCFLogsetID = "4d3f2b1a-5c6e-4a7b-9c8d-0e1f2a3b4c5d"
	DemoSCFTopicID  = "9a8b7c6d-1e2f-4a3b-8c4d-5e6f7a8b9c0d"
	// DemoAppLogsetID / DemoAppTopicID are logset demo-apps and its topic
	// nginx-access (web access logs).
	DemoAppLogsetID = "1b2c3d4e-6f70-4819-a2b3-c4d5e6f70819"
	DemoAppTopicID  = "7e6d5c4b-3a29-4180-b7c6-d5e4f3a2b1c0"

	DemoSCFLogsetName = "SCF_logset_Dm0Lk7Qa"
	DemoSCFTopicName  = "SCF_logtopic_Xq3vB9Zc"
	DemoAppLogsetName = "demo-apps"
	DemoAppTopicName  = "nginx-access"
)

type logset struct {
	id, name, assumer string
	created           time.Time
}

type topic struct {
	id, name, logsetID string
	assumer            string
	created            time.Time
	period             int64 // retention days
	index              index
	bySeq              []*record // arrival order (SQL rowid)
	byTime             []*record // (time, arrival) order
	// feed brings the topic up to now (demo data, SCF delivery); it is
	// called without the server lock, since it adds records itself.
	feed func(now time.Time)
}

// Value types of a key-value index (ValueInfo.Type).
const (
	typeText   = "text"
	typeLong   = "long"
	typeDouble = "double"
)

// defaultTokenizer is CLS's default delimiter set for text fields.
const defaultTokenizer = "@&?|#()='\",;:<>[]{}/ \n\t\r\\"

// index is a topic's index rule: full text plus key-value fields.
type index struct {
	fullText      bool
	fullCase      bool
	fullTokenizer string
	kvCase        bool
	keys          []indexKey
	byKey         map[string]indexKey
}

type indexKey struct {
	key, typ, tokenizer string
	sql                 bool
}

func newIndex(kv ...indexKey) index {
	ix := index{fullText: true, fullTokenizer: defaultTokenizer, byKey: map[string]indexKey{}}
	for _, k := range kv {
		if k.typ == typeText && k.tokenizer == "" {
			k.tokenizer = defaultTokenizer
		}
		ix.keys = append(ix.keys, k)
		ix.byKey[k.key] = k
	}
	return ix
}

func text(key string) indexKey   { return indexKey{key: key, typ: typeText, sql: true} }
func long(key string) indexKey   { return indexKey{key: key, typ: typeLong, sql: true} }
func double(key string) indexKey { return indexKey{key: key, typ: typeDouble, sql: true} }

// scfIndex is the index SCF configures on its default topic (CLS.md 1.2),
// except SCF_Duration: the doc's table says long, but SCF delivers the
// duration as fractional milliseconds ("2.735"), which a long index could
// not hold, so the emulator indexes it double [INFERRED].
func scfIndex() index {
	return newIndex(text("SCF_FunctionName"), text("SCF_Namespace"), long("SCF_StartTime"), long("SCF_LogTime"),
		text("SCF_RequestId"), double("SCF_Duration"), text("SCF_Alias"), text("SCF_Qualifier"), double("SCF_MemUsage"),
		text("SCF_Level"), text("SCF_Message"), text("SCF_Type"), long("SCF_StatusCode"), long("SCF_RetryNum"))
}

func nginxIndex() index {
	return newIndex(text("remote_addr"), text("method"), text("request_uri"), long("status"), long("body_bytes_sent"),
		double("request_time"), text("host"), text("http_user_agent"), text("level"))
}

// tokenize splits a value at the delimiters, lower-casing unless case matters.
func tokenize(s, delims string, caseSensitive bool) []string {
	if !caseSensitive {
		s = strings.ToLower(s)
	}
	return strings.FieldsFunc(s, func(r rune) bool { return r < 128 && strings.ContainsRune(delims, r) })
}
