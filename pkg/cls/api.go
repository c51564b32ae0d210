// Package cls is a lean client for Tencent Cloud Log Service (CLS, API 3.0,
// version 2020-10-16, TC3-HMAC-SHA256 with service "cls"): raw-log search
// paged with Context (and past the 10,000-log cursor cap by splitting the
// time range), SQL analysis, histograms, log context and the editor's
// look-ups (logsets, topics, index). I/O only: signing, paging, retries, a
// per-topic bound on concurrent searches, and the vendor's errors with their
// hint and status. See ../shared/CLS.md for every fact it relies on.
package cls

import (
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/logbridge/cloudlogs/pkg/credentials"
)

// Syntax is the query language of a search: CQL (CLS's console default) or
// Lucene. It is always sent explicitly (Query + SyntaxRule), since the two
// request field pairs default to opposite syntaxes.
type Syntax int

const (
	SyntaxLucene Syntax = 0
	SyntaxCQL    Syntax = 1
)

// Config configures a client. Endpoint is the base URL
// (https://cls.tencentcloudapi.com by default, settings build it); the region
// travels in X-TC-Region.
type Config struct {
	HTTPClient   *http.Client
	Endpoint     *url.URL
	Region       string
	SecretID     string
	SecretKey    string
	SessionToken string
	// Credentials, when set, gives the keys for each call instead of
	// SecretID/SecretKey/SessionToken (an assumed role, renewed as it
	// nears expiry).
	Credentials credentials.Provider
	// TopicConcurrency bounds this process's concurrent SearchLog,
	// DescribeLogHistogram and DescribeLogContext calls per topic, shared by
	// every client of the same SecretId and region (the lowest wins; CLS
	// allows 15 per topic, shared with the account's alarms and
	// dashboards). Default 5.
	TopicConcurrency int
	// MaxAttempts and Backoff govern retries of throttling
	// (LimitExceeded.LogSearch, RequestLimitExceeded), InternalError, reset
	// connections and cut-off answers, always within the caller's deadline
	// (pkg/retry). Defaults 4 and 200ms (the ceiling of the first jittered
	// wait, doubling).
	MaxAttempts int
	Backoff     time.Duration
	Now         func() time.Time
}

// Field is one key of a log record (LogJson), in the order CLS sent them;
// every value is text, as CLS sends it.
type Field struct {
	Key   string
	Value string
}

// Log is one raw log (LogInfo).
type Log struct {
	Time      time.Time // LogInfo.Time (ms)
	TopicID   string
	TopicName string
	Source    string
	FileName  string
	HostName  string
	PkgID     string
	PkgLogID  string
	// Fields is LogJson parsed; a __TAG__ object is flattened to __TAG__.<k>.
	Fields []Field
	// RawLog is set when CLS could not index the log (then Fields is empty).
	RawLog string
}

// Get returns a field's value.
func (l Log) Get(key string) (string, bool) {
	for _, f := range l.Fields {
		if f.Key == key {
			return f.Value, true
		}
	}
	return "", false
}

// SearchRequest asks for raw logs (no SQL) of one or more topics.
type SearchRequest struct {
	// TopicIDs: one topic (TopicId) or up to 50 (Topics).
	TopicIDs []string
	From, To time.Time
	Query    string
	Syntax   Syntax
	// Sort is "desc" (newest first, the default) or "asc".
	Sort string
	// Limit is how many logs the caller wants in all; the client pages
	// (1,000 a call, Context until ListOver) and splits the range to pass
	// the 10,000-log cursor cap.
	Limit int
}

// SearchResult is the logs found, in the requested order, without repeats.
type SearchResult struct {
	Logs []Log
	// Complete is true when CLS reported ListOver for every part of the
	// range (no more logs match than were returned).
	Complete bool
	// Calls counts SearchLog requests; Request describes the first one for
	// the query inspector (no credentials).
	Calls   int
	Request string
	// HistogramCalls counts the DescribeLogHistogram requests that planned
	// the parts past the 10,000-log cursor cap.
	HistogramCalls int
}

// AnalysisRequest runs "search | SQL" over one or more topics.
type AnalysisRequest struct {
	TopicIDs []string
	From, To time.Time
	Query    string // search | SQL
	Syntax   Syntax
}

// Column is a column of an SQL answer with its Presto type (bigint, double,
// varchar, timestamp, boolean...).
type Column struct {
	Name string
	Type string
}

// AnalysisResult is an SQL answer: Columns in select-list order, each row's
// cells in that order (nil for SQL null), every value as text.
type AnalysisResult struct {
	Columns []Column
	Rows    [][]*string
	Request string
}

// ColumnIndex is the position of a column by name, -1 when absent.
func (r *AnalysisResult) ColumnIndex(name string) int {
	for i, c := range r.Columns {
		if c.Name == name {
			return i
		}
	}
	return -1
}

// Text is a row's cell in the named column, trimmed; "" for null or absent.
func (r *AnalysisResult) Text(row []*string, column string) string {
	i := r.ColumnIndex(column)
	if i < 0 || i >= len(row) || row[i] == nil {
		return ""
	}
	return strings.TrimSpace(*row[i])
}

// HistogramRequest asks for log counts per interval (DescribeLogHistogram).
// Interval is widened so the range has at most 200 buckets, CLS's limit.
type HistogramRequest struct {
	TopicID  string
	From, To time.Time
	Query    string // search only
	Syntax   Syntax
	Interval time.Duration
}

// Bucket is one histogram bucket: logs in [Start, Start+Interval).
type Bucket struct {
	Start time.Time
	Count int64
}

// HistogramResult is the buckets CLS returned, in time order.
type HistogramResult struct {
	Interval   time.Duration
	TotalCount int64
	Buckets    []Bucket
	Request    string
}

// ContextRequest asks for the logs around one log (DescribeLogContext).
// Time is the log's time; the client formats BTime in UTC+8 with
// milliseconds, as CLS wants it.
type ContextRequest struct {
	TopicID  string
	Time     time.Time
	PkgID    string
	PkgLogID int64
	Prev     int
	Next     int
	Query    string // optional search filter
}

// ContextResult is the surrounding logs in log order.
type ContextResult struct {
	Logs     []Log
	PrevOver bool
	NextOver bool
	Request  string
}

// Topic is one log topic (DescribeTopics).
type Topic struct {
	TopicID   string `json:"topicId"`
	TopicName string `json:"topicName"`
	LogsetID  string `json:"logsetId"`
	Index     bool   `json:"index"`
	// Period is the retention in days (3640 = forever).
	Period int64 `json:"period"`
}

// Logset is one logset (DescribeLogsets).
type Logset struct {
	LogsetID   string `json:"logsetId"`
	LogsetName string `json:"logsetName"`
	TopicCount int64  `json:"topicCount"`
}

// IndexField is one key-value index field of a topic (DescribeIndex).
type IndexField struct {
	Name string `json:"name"`
	// Type is text, long or double.
	Type string `json:"type"`
	// SQL tells whether the field is enabled for analysis (SqlFlag).
	SQL bool `json:"sql"`
}

// The client's methods (client.go and friends):
//
//	func New(cfg Config) *Client
//	func (c *Client) Search(ctx context.Context, r SearchRequest) (*SearchResult, error)
//	func (c *Client) Analyze(ctx context.Context, r AnalysisRequest) (*AnalysisResult, error)
//	func (c *Client) Histogram(ctx context.Context, r HistogramRequest) (*HistogramResult, error)
//	func (c *Client) Context(ctx context.Context, r ContextRequest) (*ContextResult, error)
//	func (c *Client) Topics(ctx context.Context, nameFilter string) ([]Topic, error)   // all pages; "" = all
//	func (c *Client) Logsets(ctx context.Context) ([]Logset, error)                    // all pages
//	func (c *Client) Index(ctx context.Context, topicID string) ([]IndexField, error)
//
// Errors: *APIError (the vendor's Code, Message, RequestId, with Hint() and
// Status()), *NetworkError (Status 502), and ErrInvalidRequest (400) for
// requests refused before sending.
