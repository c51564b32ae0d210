package scfservice

import (
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/logbridge/cloudlogs/pkg/adhoc"
	"github.com/logbridge/cloudlogs/pkg/lenient"
	"github.com/logbridge/cloudlogs/pkg/querytext"
	"github.com/logbridge/cloudlogs/pkg/settings"
)

// Query types, the `queryType` of a panel query. Alert rules and provisioned
// dashboards send these strings, so they never change.
const (
	QueryTypeLogs        = "scfLogs"
	QueryTypeInvocations = "scfInvocations"
	QueryTypeMetrics     = "scfMetrics"
)

// LatestQualifier is SCF's name of a function's newest version.
const LatestQualifier = "$LATEST"

// SCF query defaults.
const (
	DefaultLimit   = 1000
	DefaultOrderBy = "startTime"
	DefaultOrder   = "desc"
)

// SCF metric names for scfMetrics; dashboards and alert rules store them.
const (
	MetricInvocations = "invocations"
	MetricErrors      = "errors"
	MetricErrorRate   = "errorRate"
	MetricDurationAvg = "durationAvg"
	MetricDurationP50 = "durationP50"
	MetricDurationP95 = "durationP95"
	MetricDurationP99 = "durationP99"
	MetricDurationMax = "durationMax"
	MetricBillDur     = "billDuration"
	MetricMemoryMax   = "memoryMax"
)

// Metrics lists every metric in its default order.
var Metrics = []string{
	MetricInvocations, MetricErrors, MetricErrorRate, MetricDurationAvg, MetricDurationP50,
	MetricDurationP95, MetricDurationP99, MetricDurationMax, MetricBillDur, MetricMemoryMax,
}

// OrderByFields are the accepted orderBy values (the seed's names).
var OrderByFields = []string{"startTime", "functionName", "requestId", "duration", "memUsage"}

// orderByAliases accepts the English page's and API 3.0's spellings too.
var orderByAliases = map[string]string{
	"start_time": "startTime", "function_name": "functionName", "request_id": "requestId", "mem_usage": "memUsage",
}

// Query is a validated SCF panel query with every default applied.
type Query struct {
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
	OrderBy   string          `json:"orderBy"`
	Order     string          `json:"order"`
	RequestID string          `json:"requestId"`
	Limit     *lenient.Number `json:"limit"`
	Offset    *lenient.Number `json:"offset"`
	Metrics   []string        `json:"metrics"`
	LogVolume lenient.Bool    `json:"logVolume"`
}

// ParseQuery reads a query's JSON and applies the defaults: queryType
// (when the JSON has none) falls back to queryType, namespace to the
// settings, limit to 1000 capped by maxRows. Errors name the field and the
// accepted values.
func ParseQuery(raw json.RawMessage, queryType string, s settings.Settings) (Query, error) {
	var r rawSCFQuery
	if err := lenient.DecodeQuery(raw, &r); err != nil {
		return Query{}, err
	}
	q := Query{
		QueryType:    strings.TrimSpace(queryType),
		FunctionName: strings.TrimSpace(r.FunctionName),
		Namespace:    strings.TrimSpace(r.Namespace),
		Qualifier:    strings.TrimSpace(r.Qualifier),
		RequestID:    strings.TrimSpace(r.RequestID),
		LogVolume:    bool(r.LogVolume),
	}
	if q.QueryType == "" {
		q.QueryType = strings.TrimSpace(r.QueryType)
	}
	if q.QueryType == "" {
		q.QueryType = QueryTypeLogs
	}
	var errs []error
	// Filters come first: they may fill the namespace the defaults would.
	filters, err := adhoc.Parse(raw)
	if err != nil {
		return Query{}, err
	}
	if r.Filter != nil && r.Filter.RetCode != nil {
		q.RetCode = strings.TrimSpace(*r.Filter.RetCode)
	}
	if err := q.applyAdhocFilters(filters); err != nil {
		errs = append(errs, err)
	}
	if q.Namespace == "" {
		q.Namespace = s.SCF.Namespace
	}
	if q.Namespace == "" {
		q.Namespace = settings.DefaultSCFNamespace
	}
	texts := []querytext.Field{{Name: "functionName", Text: q.FunctionName}, {Name: "namespace", Text: q.Namespace}, {Name: "requestId", Text: q.RequestID}}
	// $LATEST is SCF's own name of a function's newest version, not a variable.
	if q.Qualifier != LatestQualifier {
		texts = append(texts, querytext.Field{Name: "qualifier", Text: q.Qualifier})
	}
	if err := querytext.VariablesError(texts...); err != nil {
		errs = append(errs, err)
	}
	switch q.QueryType {
	case QueryTypeLogs, QueryTypeInvocations, QueryTypeMetrics:
	default:
		errs = append(errs, fmt.Errorf("queryType %q is not an SCF query type; use %s", q.QueryType, strings.Join([]string{QueryTypeLogs, QueryTypeInvocations, QueryTypeMetrics}, ", ")))
	}
	v2 := s.SCF.APIVersion == settings.SCFAPIv2
	if v2 && q.FunctionName == "" {
		errs = append(errs, errors.New("functionName is required with the legacy v2 API; set it to the function whose logs you want"))
	}
	if v2 && q.Qualifier != "" {
		errs = append(errs, errors.New("qualifier is not supported by the legacy v2 API; remove it or switch the data source to API 3.0"))
	}
	retCodeVariable := querytext.VariableError("filter.retCode", q.RetCode)
	switch {
	case retCodeVariable != nil:
		errs = append(errs, retCodeVariable)
	case q.RetCode == "", q.RetCode == "not0", q.RetCode == "is0":
	case q.RetCode == "TimeLimitExceeded", q.RetCode == "ResourceLimitExceeded", q.RetCode == "UserCodeException":
		if v2 {
			errs = append(errs, fmt.Errorf("filter.retCode %q needs API 3.0; the legacy v2 API knows \"\", \"not0\" and \"is0\"", q.RetCode))
		}
	default:
		errs = append(errs, fmt.Errorf(`filter.retCode %q is not valid; use "" (all), "not0" (errors only) or "is0" (successes only)`, q.RetCode))
	}
	q.OrderBy = strings.TrimSpace(r.OrderBy)
	if alias, ok := orderByAliases[q.OrderBy]; ok {
		q.OrderBy = alias
	}
	if q.OrderBy == "" {
		q.OrderBy = DefaultOrderBy
	}
	if !slices.Contains(OrderByFields, q.OrderBy) {
		errs = append(errs, fmt.Errorf("orderBy %q is not valid; use one of %s", r.OrderBy, strings.Join(OrderByFields, ", ")))
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
		maxRows = settings.DefaultMaxRows
	}
	q.Limit = min(DefaultLimit, maxRows)
	if r.Limit != nil {
		n, err := r.Limit.Whole("limit")
		switch {
		case err != nil || n < 1:
			errs = append(errs, fmt.Errorf("limit must be a positive whole number, got %v", float64(*r.Limit)))
		case n > maxRows:
			q.Limit, q.LimitCapped = maxRows, true
		default:
			q.Limit = n
		}
	}
	if r.Offset != nil {
		n, err := r.Offset.Whole("offset")
		if err != nil || n < 0 {
			errs = append(errs, fmt.Errorf("offset must be a whole number of at least 0, got %v", float64(*r.Offset)))
		} else {
			q.Offset = n
		}
	}
	if len(r.Metrics) == 0 {
		q.Metrics = append([]string(nil), Metrics...)
	}
	for _, m := range r.Metrics {
		m = strings.TrimSpace(m)
		if !slices.Contains(Metrics, m) {
			errs = append(errs, fmt.Errorf("metric %q is not known; use any of %s", m, strings.Join(Metrics, ", ")))
			continue
		}
		if !slices.Contains(q.Metrics, m) {
			q.Metrics = append(q.Metrics, m)
		}
	}
	if len(errs) > 0 {
		return Query{}, errors.Join(errs...)
	}
	return q, nil
}

// inferQueryType is the one place a query without a type gets one: the JSON's
// queryType when it has one (some callers only put it there), else scfLogs,
// which is what Explore and the seed's API are about.
func inferQueryType(raw json.RawMessage) string {
	var m struct {
		QueryType string `json:"queryType"`
	}
	if json.Unmarshal(raw, &m) == nil && strings.TrimSpace(m.QueryType) != "" {
		return strings.TrimSpace(m.QueryType)
	}
	return QueryTypeLogs
}
