package clsemu

import (
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/logbridge/cloudlogs/pkg/emulator/tcparams"
)

// DescribeTopics, DescribeLogsets and DescribeIndex (CLS.md 2.8; shapes of
// the SDK's TopicInfo, LogsetInfo and DescribeIndexResponseParams).

type filter struct {
	Key    string
	Values []string
}

type topicsRequest struct {
	Filters       []filter
	Offset        tcparams.FlexInt
	Limit         tcparams.FlexInt
	PreciseSearch tcparams.FlexInt
	BizType       tcparams.FlexInt
}

type topicInfo struct {
	LogsetId           string
	TopicId            string
	TopicName          string
	PartitionCount     int64
	Index              bool
	AssumerName        string
	CreateTime         string
	Status             bool
	Tags               []any
	AutoSplit          bool
	MaxSplitPartitions int64
	StorageType        string
	Period             int64
	SubAssumerName     string
	Describes          string
	HotPeriod          uint64
	BizType            uint64
	IsWebTracking      bool
	RoleName           string
}

type topicsResponse struct {
	Topics     []topicInfo
	TotalCount int64
	RequestId  string
}

const (
	defaultListLimit = 20
	maxListLimit     = 100
	maxFilters       = 10
)

func cstTime(t time.Time) string { return t.In(sqlZone).Format("2006-01-02 15:04:05") }

func listPage(offset, limit tcparams.FlexInt) (int, int, *apiError) {
	o, l := int(offset.Value), int(limit.Value)
	if !limit.Set || l == 0 {
		l = defaultListLimit
	}
	if o < 0 || l < 0 || l > maxListLimit {
		return 0, 0, errInvalidParameter(fmt.Sprintf("Offset must be 0 or more and Limit between 1 and %d.", maxListLimit))
	}
	return o, l, nil
}

// matchName is a topicName/logsetName filter: fuzzy (substring) unless exact.
func matchName(have string, values []string, exact bool) bool {
	for _, v := range values {
		if exact && have == v || !exact && strings.Contains(have, v) {
			return true
		}
	}
	return false
}

func (s *Server) describeTopics(r *http.Request, params []byte) (any, *apiError) {
	s.ctl.Sleep(r)
	var req topicsRequest
	if e := decode(params, &req); e != nil {
		return nil, e
	}
	offset, limit, e := listPage(req.Offset, req.Limit)
	if e != nil {
		return nil, e
	}
	precise := req.PreciseSearch.Value
	if precise < 0 || precise > 3 || req.BizType.Value < 0 || req.BizType.Value > 1 {
		return nil, errInvalidParameter("PreciseSearch must be 0..3 and BizType 0 or 1.")
	}
	if len(req.Filters) > maxFilters {
		return nil, errInvalidParameter(fmt.Sprintf("At most %d Filters are allowed.", maxFilters))
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	var matched []*topic
	for _, t := range s.topicList {
		keep := req.BizType.Value == 0 // the emulator has no metric topics
		for _, f := range req.Filters {
			if len(f.Values) == 0 || len(f.Values) > 100 {
				return nil, errInvalidParameter(fmt.Sprintf("Filter %s needs 1 to 100 Values.", f.Key))
			}
			switch {
			case f.Key == "topicName":
				keep = keep && matchName(t.name, f.Values, precise&1 != 0)
			case f.Key == "logsetName":
				keep = keep && matchName(s.logsetOf(t).name, f.Values, precise&2 != 0)
			case f.Key == "topicId":
				keep = keep && matchName(t.id, f.Values, true)
			case f.Key == "logsetId":
				keep = keep && matchName(t.logsetID, f.Values, true)
			case f.Key == "storageType":
				keep = keep && matchName("hot", f.Values, true)
			case f.Key == "tagKey" || strings.HasPrefix(f.Key, "tag:"):
				keep = false // the demo topics carry no tags
			default:
				return nil, errInvalidParameter(fmt.Sprintf("Filter key %q is not supported; use topicName, logsetName, topicId, logsetId, tagKey, tag:<key> or storageType.", f.Key))
			}
		}
		if keep {
			matched = append(matched, t)
		}
	}
	out := topicsResponse{Topics: []topicInfo{}, TotalCount: int64(len(matched)), RequestId: newRequestID()}
	for i := offset; i < len(matched) && i < offset+limit; i++ {
		t := matched[i]
		out.Topics = append(out.Topics, topicInfo{
			LogsetId: t.logsetID, TopicId: t.id, TopicName: t.name, PartitionCount: 1, Index: true,
			AssumerName: t.assumer, CreateTime: cstTime(t.created), Status: true, Tags: []any{}, AutoSplit: true,
			MaxSplitPartitions: 50, StorageType: "hot", Period: t.period,
		})
	}
	return out, nil
}

func (s *Server) logsetOf(t *topic) *logset {
	for _, l := range s.logsets {
		if l.id == t.logsetID {
			return l
		}
	}
	return &logset{}
}

type logsetsRequest struct {
	Filters []filter
	Offset  tcparams.FlexInt
	Limit   tcparams.FlexInt
}

type logsetInfo struct {
	LogsetId         string
	LogsetName       string
	CreateTime       string
	AssumerName      string
	Tags             []any
	TopicCount       int64
	RoleName         string
	MetricTopicCount int64
}

type logsetsResponse struct {
	Logsets    []logsetInfo
	TotalCount int64
	RequestId  string
}

func (s *Server) describeLogsets(r *http.Request, params []byte) (any, *apiError) {
	s.ctl.Sleep(r)
	var req logsetsRequest
	if e := decode(params, &req); e != nil {
		return nil, e
	}
	offset, limit, e := listPage(req.Offset, req.Limit)
	if e != nil {
		return nil, e
	}
	if len(req.Filters) > maxFilters {
		return nil, errInvalidParameter(fmt.Sprintf("At most %d Filters are allowed.", maxFilters))
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	var matched []*logset
	for _, l := range s.logsets {
		keep := true
		for _, f := range req.Filters {
			if len(f.Values) == 0 || len(f.Values) > 5 {
				return nil, errInvalidParameter(fmt.Sprintf("Filter %s needs 1 to 5 Values.", f.Key))
			}
			switch {
			case f.Key == "logsetName":
				keep = keep && matchName(l.name, f.Values, false)
			case f.Key == "logsetId":
				keep = keep && matchName(l.id, f.Values, true)
			case f.Key == "tagKey" || strings.HasPrefix(f.Key, "tag:"):
				keep = false
			default:
				return nil, errInvalidParameter(fmt.Sprintf("Filter key %q is not supported; use logsetName, logsetId, tagKey or tag:<key>.", f.Key))
			}
		}
		if keep {
			matched = append(matched, l)
		}
	}
	out := logsetsResponse{Logsets: []logsetInfo{}, TotalCount: int64(len(matched)), RequestId: newRequestID()}
	for i := offset; i < len(matched) && i < offset+limit; i++ {
		l := matched[i]
		var n int64
		for _, t := range s.topicList {
			if t.logsetID == l.id {
				n++
			}
		}
		out.Logsets = append(out.Logsets, logsetInfo{LogsetId: l.id, LogsetName: l.name, CreateTime: cstTime(l.created),
			AssumerName: l.assumer, Tags: []any{}, TopicCount: n})
	}
	return out, nil
}

type indexRequest struct{ TopicId string }

type fullTextInfo struct {
	CaseSensitive bool
	Tokenizer     string
	ContainZH     bool
}

type valueInfo struct {
	Type      string
	Tokenizer string
	SqlFlag   bool
	ContainZH bool
}

type keyValueInfo struct {
	Key   string
	Value valueInfo
}

type ruleKeyValueInfo struct {
	CaseSensitive bool
	KeyValues     []keyValueInfo
}

type ruleInfo struct {
	FullText *fullTextInfo
	KeyValue *ruleKeyValueInfo
}

type indexResponse struct {
	TopicId               string
	Status                bool
	Rule                  ruleInfo
	ModifyTime            string
	IncludeInternalFields bool
	MetadataFlag          uint64
	RequestId             string
}

func (s *Server) describeIndex(r *http.Request, params []byte) (any, *apiError) {
	s.ctl.Sleep(r)
	var req indexRequest
	if e := decode(params, &req); e != nil {
		return nil, e
	}
	if req.TopicId == "" {
		return nil, errMissingParameter("TopicId")
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	t := s.topics[req.TopicId]
	if t == nil {
		return nil, errTopicNotExist(req.TopicId)
	}
	kv := &ruleKeyValueInfo{CaseSensitive: t.index.kvCase, KeyValues: []keyValueInfo{}}
	for _, k := range t.index.keys {
		kv.KeyValues = append(kv.KeyValues, keyValueInfo{Key: k.key, Value: valueInfo{Type: k.typ, Tokenizer: k.tokenizer, SqlFlag: k.sql}})
	}
	out := indexResponse{TopicId: t.id, Status: true, Rule: ruleInfo{KeyValue: kv}, ModifyTime: cstTime(t.created), RequestId: newRequestID()}
	if t.index.fullText {
		out.Rule.FullText = &fullTextInfo{CaseSensitive: t.index.fullCase, Tokenizer: t.index.fullTokenizer}
	}
	return out, nil
}
