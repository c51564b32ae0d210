package models

import (
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
)

// SCF query defaults.
const (
	DefaultSCFLimit   = 1000
	DefaultSCFOrderBy = "startTime"
	DefaultSCFOrder   = "desc"
)

// SCF metric names for scfMetrics; dashboards and alert rules store them.
const (
	SCFMetricInvocations = "invocations"
	SCFMetricErrors      = "errors"
	SCFMetricErrorRate   = "errorRate"
	SCFMetricDurationAvg = "durationAvg"
	SCFMetricDurationP50 = "durationP50"
	SCFMetricDurationP95 = "durationP95"
	SCFMetricDurationP99 = "durationP99"
	SCFMetricDurationMax = "durationMax"
	SCFMetricBillDur     = "billDuration"
	SCFMetricMemoryMax   = "memoryMax"
)

// SCFMetrics lists every metric in its default order.
var SCFMetrics = []string{
	SCFMetricInvocations, SCFMetricErrors, SCFMetricErrorRate, SCFMetricDurationAvg, SCFMetricDurationP50,
	SCFMetricDurationP95, SCFMetricDurationP99, SCFMetricDurationMax, SCFMetricBillDur, SCFMetricMemoryMax,
}

// SCFOrderByFields are the accepted orderBy values (the seed's names).
var SCFOrderByFields = []string{"startTime", "functionName", "requestId", "duration", "memUsage"}

// scfOrderByAliases accepts the English page's and API 3.0's spellings too.
var scfOrderByAliases = map[string]string{
	"start_time": "startTime", "function_name": "functionName", "request_id": "requestId", "mem_usage": "memUsage",
}

// SCFQuery is a validated SCF panel query with every default applied.
type SCFQuery struct {
	QueryType    string
	FunctionName string
	Namespace    string
	Qualifier    string
	// RetCode is "", "not0" (errors only) or "is0" (successes only).
	RetCode   string
	OrderBy   string
	Desc      bool
	RequestID string
	Limit     int
	Offset    int
	// LimitCapped is true when the asked limit was lowered to maxRows.
	LimitCapped bool
	Metrics     []string
	LogVolume   bool
}

type rawSCFQuery struct {
	QueryType    string `json:"queryType"`
	FunctionName string `json:"functionName"`
	Namespace    string `json:"namespace"`
	Qualifier    string `json:"qualifier"`
	Filter       *struct {
		RetCode *string `json:"retCode"`
	} `json:"filter"`
	OrderBy   string   `json:"orderBy"`
	Order     string   `json:"order"`
	RequestID string   `json:"requestId"`
	Limit     *Number  `json:"limit"`
	Offset    *Number  `json:"offset"`
	Metrics   []string `json:"metrics"`
	LogVolume bool     `json:"logVolume"`
}

// ParseSCFQuery reads a query's JSON and applies the defaults: queryType
// (when the JSON has none) falls back to queryType, namespace to the
// settings, limit to 1000 capped by maxRows. Errors name the field and the
// accepted values.
func ParseSCFQuery(raw json.RawMessage, queryType string, s Settings) (SCFQuery, error) {
	var r rawSCFQuery
	if len(raw) > 0 {
		if err := json.Unmarshal(raw, &r); err != nil {
			return SCFQuery{}, fmt.Errorf("query is not valid JSON: %v", err)
		}
	}
	q := SCFQuery{
		QueryType:    strings.TrimSpace(queryType),
		FunctionName: strings.TrimSpace(r.FunctionName),
		Namespace:    strings.TrimSpace(r.Namespace),
		Qualifier:    strings.TrimSpace(r.Qualifier),
		RequestID:    strings.TrimSpace(r.RequestID),
		LogVolume:    r.LogVolume,
	}
	if q.QueryType == "" {
		q.QueryType = strings.TrimSpace(r.QueryType)
	}
	if q.QueryType == "" {
		q.QueryType = QueryTypeSCFLogs
	}
	if q.Namespace == "" {
		q.Namespace = s.SCF.Namespace
	}
	if q.Namespace == "" {
		q.Namespace = DefaultSCFNamespace
	}
	var errs []error
	switch q.QueryType {
	case QueryTypeSCFLogs, QueryTypeSCFInvocations, QueryTypeSCFMetrics:
	default:
		errs = append(errs, fmt.Errorf("queryType %q is not an SCF query type; use %s", q.QueryType, strings.Join(SCFQueryTypes, ", ")))
	}
	v2 := s.SCF.APIVersion == SCFAPIv2
	if v2 && q.FunctionName == "" {
		errs = append(errs, errors.New("functionName is required with the legacy v2 API; set it to the function whose logs you want"))
	}
	if v2 && q.Qualifier != "" {
		errs = append(errs, errors.New("qualifier is not supported by the legacy v2 API; remove it or switch the data source to API 3.0"))
	}
	if r.Filter != nil && r.Filter.RetCode != nil {
		q.RetCode = strings.TrimSpace(*r.Filter.RetCode)
	}
	switch q.RetCode {
	case "", "not0", "is0":
	case "TimeLimitExceeded", "ResourceLimitExceeded", "UserCodeException":
		if v2 {
			errs = append(errs, fmt.Errorf("filter.retCode %q needs API 3.0; the legacy v2 API knows \"\", \"not0\" and \"is0\"", q.RetCode))
		}
	default:
		errs = append(errs, fmt.Errorf(`filter.retCode %q is not valid; use "" (all), "not0" (errors only) or "is0" (successes only)`, q.RetCode))
	}
	q.OrderBy = strings.TrimSpace(r.OrderBy)
	if alias, ok := scfOrderByAliases[q.OrderBy]; ok {
		q.OrderBy = alias
	}
	if q.OrderBy == "" {
		q.OrderBy = DefaultSCFOrderBy
	}
	if !slices.Contains(SCFOrderByFields, q.OrderBy) {
		errs = append(errs, fmt.Errorf("orderBy %q is not valid; use one of %s", r.OrderBy, strings.Join(SCFOrderByFields, ", ")))
	}
	// The seed spells ascending "acs"; accept it as the vendor's docs do.
	switch strings.ToLower(strings.TrimSpace(r.Order)) {
	case "", "desc":
		q.Desc = true
	case "asc", "acs":
		q.Desc = false
	default:
		errs = append(errs, fmt.Errorf(`order %q is not valid; use "desc" or "asc"`, r.Order))
	}
	maxRows := s.MaxRows
	if maxRows <= 0 {
		maxRows = DefaultMaxRows
	}
	q.Limit = min(DefaultSCFLimit, maxRows)
	if r.Limit != nil {
		f := float64(*r.Limit)
		if f != float64(int(f)) || f < 1 {
			errs = append(errs, fmt.Errorf("limit must be a positive whole number, got %v", f))
		} else if int(f) > maxRows {
			q.Limit, q.LimitCapped = maxRows, true
		} else {
			q.Limit = int(f)
		}
	}
	if r.Offset != nil {
		f := float64(*r.Offset)
		if f != float64(int(f)) || f < 0 {
			errs = append(errs, fmt.Errorf("offset must be a whole number of at least 0, got %v", f))
		} else {
			q.Offset = int(f)
		}
	}
	if len(r.Metrics) == 0 {
		q.Metrics = append([]string(nil), SCFMetrics...)
	}
	for _, m := range r.Metrics {
		m = strings.TrimSpace(m)
		if !slices.Contains(SCFMetrics, m) {
			errs = append(errs, fmt.Errorf("metric %q is not known; use any of %s", m, strings.Join(SCFMetrics, ", ")))
			continue
		}
		if !slices.Contains(q.Metrics, m) {
			q.Metrics = append(q.Metrics, m)
		}
	}
	if len(errs) > 0 {
		return SCFQuery{}, errors.Join(errs...)
	}
	return q, nil
}
