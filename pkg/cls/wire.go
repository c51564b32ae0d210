package cls

import (
	"bytes"
	"encoding/json"
	"time"
)

// The request and answer bodies, as TC-GO's cls/v20201016 models spell
// them (CLS.md §2). Only the fields this client sends or reads.

// searchLogRequest is SearchLog's body. Query + SyntaxRule is the pair
// every deployed CLS knows (CLS.md §2.1): the syntax is always sent, since
// left out it means Lucene here but CQL for QueryString.
type searchLogRequest struct {
	TopicID        string         `json:"TopicId,omitempty"`
	Topics         []topicContext `json:"Topics,omitempty"`
	From           int64          `json:"From"`
	To             int64          `json:"To"`
	Query          string         `json:"Query"`
	SyntaxRule     Syntax         `json:"SyntaxRule"`
	Sort           string         `json:"Sort,omitempty"`
	Limit          int            `json:"Limit,omitempty"`
	Context        string         `json:"Context,omitempty"`
	UseNewAnalysis bool           `json:"UseNewAnalysis"`
}

type topicContext struct {
	TopicID string `json:"TopicId"`
	Context string `json:"Context,omitempty"`
}

type searchLogResponse struct {
	Context         string    `json:"Context"`
	ListOver        bool      `json:"ListOver"`
	Analysis        bool      `json:"Analysis"`
	Results         []logInfo `json:"Results"`
	AnalysisRecords []string  `json:"AnalysisRecords"`
	Columns         []Column  `json:"Columns"`
	Topics          *struct {
		Errors []struct {
			TopicID      string `json:"TopicId"`
			ErrorMsg     string `json:"ErrorMsg"`
			ErrorCodeStr string `json:"ErrorCodeStr"`
		} `json:"Errors"`
		Infos []struct {
			TopicID string `json:"TopicId"`
			Context string `json:"Context"`
		} `json:"Infos"`
	} `json:"Topics"`
	RequestID string `json:"RequestId"`
}

// topicError is the first per-topic failure of a several-topic call: CLS
// answers the others, but a result missing a topic would look complete.
func (r *searchLogResponse) topicError(action, region string) error {
	if r.Topics == nil || len(r.Topics.Errors) == 0 {
		return nil
	}
	te := r.Topics.Errors[0]
	code := te.ErrorCodeStr
	if code == "" {
		code = "FailedOperation"
	}
	return &APIError{Code: code, Message: te.ErrorMsg, RequestID: r.RequestID, Action: action, TopicID: te.TopicID, Region: region}
}

// logInfo is one raw log of SearchLog (LogInfo).
type logInfo struct {
	Time      int64  `json:"Time"`
	TopicID   string `json:"TopicId"`
	TopicName string `json:"TopicName"`
	Source    string `json:"Source"`
	FileName  string `json:"FileName"`
	PkgID     string `json:"PkgId"`
	// PkgLogID is a string in LogInfo but a number in DescribeLogContext;
	// either is read.
	PkgLogID idText `json:"PkgLogId"`
	LogJSON  string `json:"LogJson"`
	HostName string `json:"HostName"`
	RawLog   string `json:"RawLog"`
}

// idText is an identifier CLS sends as a string or as a number.
type idText string

func (t *idText) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	switch {
	case len(b) == 0 || string(b) == "null":
		return nil
	case b[0] == '"':
		var s string
		if err := json.Unmarshal(b, &s); err != nil {
			return err
		}
		*t = idText(s)
	default:
		*t = idText(b)
	}
	return nil
}

type histogramRequest struct {
	TopicID    string `json:"TopicId"`
	From       int64  `json:"From"`
	To         int64  `json:"To"`
	Query      string `json:"Query"`
	SyntaxRule Syntax `json:"SyntaxRule"`
	Interval   int64  `json:"Interval"`
}

type histogramResponse struct {
	Interval       int64 `json:"Interval"`
	TotalCount     int64 `json:"TotalCount"`
	HistogramInfos []struct {
		Count int64 `json:"Count"`
		BTime int64 `json:"BTime"`
	} `json:"HistogramInfos"`
}

// toMillis is t in Unix ms, rounded up: with [From, To) ranges a log at
// ms m is in range exactly when From ≤ m < To, for sub-ms bounds too.
func toMillis(t time.Time) int64 {
	ms := t.UnixMilli()
	if time.UnixMilli(ms).Before(t) {
		ms++
	}
	return ms
}

func fromMillis(ms int64) time.Time { return time.UnixMilli(ms).UTC() }
