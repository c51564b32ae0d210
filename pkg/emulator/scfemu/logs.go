package scfemu

import (
	"fmt"
	"time"
)

// Published GetFunctionLogs limits.
const (
	// maxOffsetPlusLimit is the SDK's "Offset+Limit不能大于10000".
	maxOffsetPlusLimit = 10000
	// maxWindow is the SDK's "StartTime 和 EndTime 相差不能超过1天".
	maxWindow     = 24 * time.Hour
	defaultLimit  = 20
	dateTimeShape = "2006-01-02 15:04:05"
)

// logsParams are GetFunctionLogs parameters from either API, as sent.
type logsParams struct {
	FunctionName, Namespace, Qualifier string
	Order, OrderBy, RetCode, RequestID string
	Offset, Limit                      flexInt
	// HasTimeRange is true for API 3.0, which has StartTime/EndTime; the
	// legacy API has none and pages over everything.
	HasTimeRange       bool
	StartTime, EndTime string
}

// planLogs validates the parameters and turns them into a store query.
func (s *Server) planLogs(p logsParams) (logQuery, *apiError) {
	now := s.cfg.Now()
	q := logQuery{Namespace: p.Namespace, FunctionName: p.FunctionName, RequestID: p.RequestID, Now: now}
	if q.Namespace == "" {
		q.Namespace = "default"
	}
	if _, ok := s.namespace(q.Namespace); !ok {
		return q, errNamespaceNotFound(q.Namespace)
	}
	if q.FunctionName != "" {
		if _, ok := s.function(q.Namespace, q.FunctionName); !ok {
			return q, errFunctionNotFound(q.Namespace, q.FunctionName)
		}
	}
	if p.Qualifier != "" && p.Qualifier != "$LATEST" {
		return q, errFunctionVersionNotFound(p.Qualifier)
	}

	q.Offset = int(p.Offset.Value)
	if q.Offset < 0 {
		return q, errInvalidParameterValue("InvalidParameterValue.Offset", fmt.Sprintf("偏移量不合法。Offset %d 不能为负数。", q.Offset),
			fmt.Sprintf("Offset %d is invalid; it must be 0 or more.", q.Offset))
	}
	q.Limit = int(p.Limit.Value)
	if q.Limit < 0 {
		return q, errInvalidParameterValue("InvalidParameterValue.Limit", fmt.Sprintf("Limit传入错误。Limit %d 不能为负数。", q.Limit),
			fmt.Sprintf("Limit %d is invalid; it must be 1 or more (0 or absent means %d).", q.Limit, defaultLimit))
	}
	if q.Limit == 0 {
		q.Limit = defaultLimit
	}
	if q.Offset+q.Limit > maxOffsetPlusLimit {
		return q, errOffsetLimit(q.Offset, q.Limit)
	}

	ascending, ok := orders[p.Order]
	if p.Order != "" && !ok {
		return q, errInvalidParameterValue("InvalidParameterValue.Order", fmt.Sprintf("Order传入错误。%q 不是 desc 或 asc。", p.Order),
			fmt.Sprintf("Order %q is invalid; use desc or asc.", p.Order))
	}
	q.Ascending = ascending
	q.OrderBy = orderByStartTime
	if p.OrderBy != "" {
		if q.OrderBy, ok = orderByFields[p.OrderBy]; !ok {
			return q, errInvalidParameterValue("InvalidParameterValue.OrderBy", fmt.Sprintf("OrderBy取值与规范不符。%q 不受支持。", p.OrderBy),
				fmt.Sprintf("OrderBy %q is invalid; use start_time, function_name, request_id, duration or mem_usage (or startTime, functionName, requestId, duration, memUsage).", p.OrderBy))
		}
	}
	if p.RetCode != "" && !retCodeFilters[p.RetCode] {
		return q, errInvalidParameterValue("InvalidParameterValue.RetCode", fmt.Sprintf("RetCode不合法。%q 不受支持。", p.RetCode),
			fmt.Sprintf("Filter.RetCode %q is invalid; use not0, is0, TimeLimitExceeded, ResourceLimitExceeded or UserCodeException.", p.RetCode))
	}
	q.RetCode = p.RetCode

	if p.HasTimeRange {
		var apiErr *apiError
		if q.From, q.To, apiErr = s.timeRange(p.StartTime, p.EndTime, now); apiErr != nil {
			return q, apiErr
		}
	}
	return q, nil
}

// timeRange parses StartTime/EndTime (account zone, second precision, both
// inclusive). With neither, the window is the last day up to now.
func (s *Server) timeRange(start, end string, now time.Time) (time.Time, time.Time, *apiError) {
	if start == "" && end == "" {
		to := now.Truncate(time.Second)
		return to.Add(-maxWindow), to, nil
	}
	if start == "" || end == "" {
		return time.Time{}, time.Time{}, errInvalidParameterValue("InvalidParameterValue.StartTimeOrEndTime",
			"需要同时指定开始日期与结束日期。", "StartTime and EndTime must be given together (or both left out for the last day).")
	}
	from, err := time.ParseInLocation(dateTimeShape, start, s.cfg.Location)
	if err != nil {
		return time.Time{}, time.Time{}, errDateTime("StartTime", start)
	}
	to, err := time.ParseInLocation(dateTimeShape, end, s.cfg.Location)
	if err != nil {
		return time.Time{}, time.Time{}, errDateTime("EndTime", end)
	}
	if to.Before(from) {
		return time.Time{}, time.Time{}, errInvalidParameterValue("InvalidParameterValue.StartTimeOrEndTime",
			fmt.Sprintf("EndTime %s 早于 StartTime %s。", end, start), fmt.Sprintf("EndTime %s is before StartTime %s.", end, start))
	}
	if to.Sub(from) > maxWindow {
		return time.Time{}, time.Time{}, errInvalidParameterValue("InvalidParameterValue.StartTimeOrEndTime",
			fmt.Sprintf("StartTime 和 EndTime 相差不能超过1天 (%s ~ %s)。", start, end),
			fmt.Sprintf("StartTime %s and EndTime %s are more than one day apart; query at most one day per call.", start, end))
	}
	return from, to, nil
}

func errDateTime(field, value string) *apiError {
	return errInvalidParameterValue("InvalidParameterValue.DateTime",
		fmt.Sprintf("DateTime传入错误。%s %q 的格式应为 YYYY-MM-DD HH:MM:SS。", field, value),
		fmt.Sprintf("%s %q is not a date-time; use YYYY-MM-DD HH:MM:SS in the account's time zone.", field, value))
}

// startTimeString is how SCF prints a start time: the account zone, no zone
// suffix. It is Format(dateTimeShape) written digit by digit: a page prints
// 100 of them, and Format reads its layout again for each.
func (s *Server) startTimeString(t time.Time) string {
	t = t.In(s.cfg.Location)
	year, month, day := t.Date()
	if year < 0 || year > 9999 {
		return t.Format(dateTimeShape)
	}
	hour, minute, second := t.Clock()
	var b [len(dateTimeShape)]byte
	digits := func(at, n, v int) {
		for i := at + n - 1; i >= at; i-- {
			b[i] = byte('0' + v%10)
			v /= 10
		}
	}
	digits(0, 4, year)
	digits(5, 2, int(month))
	digits(8, 2, day)
	digits(11, 2, hour)
	digits(14, 2, minute)
	digits(17, 2, second)
	b[4], b[7], b[10], b[13], b[16] = '-', '-', ' ', ':', ':'
	return string(b[:])
}
