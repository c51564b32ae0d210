package scfemu

import (
	"fmt"
	"sort"
	"strings"
)

type v3LogsRequest struct {
	FunctionName      string
	Namespace         string
	Qualifier         string
	Offset            flexInt
	Limit             flexInt
	Order             string
	OrderBy           string
	Filter            struct{ RetCode string }
	FunctionRequestId string
	StartTime         string
	EndTime           string
	// SearchContext is "已下线" (offline) in the SDK; accepted and ignored.
	SearchContext any
}

type v3FunctionLog struct {
	FunctionName   string
	RetMsg         string
	RequestId      string
	StartTime      string
	RetCode        int64
	InvokeFinished int64
	Duration       float64
	BillDuration   int64
	MemUsage       int64
	Log            string
	Level          string
	Source         string
	RetryNum       uint64
}

type v3LogsResponse struct {
	TotalCount    int
	Data          []v3FunctionLog
	SearchContext any
	RequestId     string
}

func (s *Server) v3GetFunctionLogs(params []byte) (any, *apiError) {
	q, apiErr := s.v3LogsQuery(params)
	if apiErr != nil {
		return nil, apiErr
	}
	s.store.catchUp(q.Now)
	return s.v3LogsAnswer(s.store.query(q)), nil
}

// v3LogsQuery reads and checks GetFunctionLogs' parameters.
func (s *Server) v3LogsQuery(params []byte) (logQuery, *apiError) {
	var req v3LogsRequest
	if apiErr := decodeParams(params, &req); apiErr != nil {
		return logQuery{}, apiErr
	}
	return s.planLogs(logsParams{
		FunctionName: req.FunctionName, Namespace: req.Namespace, Qualifier: req.Qualifier,
		Order: req.Order, OrderBy: req.OrderBy, RetCode: req.Filter.RetCode, RequestID: req.FunctionRequestId,
		Offset: req.Offset, Limit: req.Limit, HasTimeRange: true, StartTime: req.StartTime, EndTime: req.EndTime,
	})
}

// v3LogsAnswer is the GetFunctionLogs answer of a page.
func (s *Server) v3LogsAnswer(total int, page []Invocation) v3LogsResponse {
	out := v3LogsResponse{TotalCount: total, Data: make([]v3FunctionLog, len(page)), RequestId: newRequestID()}
	for i, inv := range page {
		out.Data[i] = v3FunctionLog{
			FunctionName: inv.FunctionName, RetMsg: inv.RetMsg, RequestId: inv.RequestID,
			StartTime: s.startTimeString(inv.Start), RetCode: inv.RetCode, InvokeFinished: inv.InvokeFinished,
			Duration: inv.Duration, BillDuration: inv.BillDuration(), MemUsage: inv.MemUsage,
			Log: inv.Log, RetryNum: inv.RetryNum,
		}
	}
	return out
}

type v3ListFunctionsRequest struct {
	Order       string
	Orderby     string
	Offset      flexInt
	Limit       flexInt
	SearchKey   string
	Namespace   string
	Description string
	Filters     []struct {
		Name   string
		Values []string
	}
}

type v3Function struct {
	ModTime                        string
	AddTime                        string
	Runtime                        string
	FunctionName                   string
	FunctionId                     string
	Namespace                      string
	Status                         string
	StatusDesc                     string
	Description                    string
	Tags                           []any
	Type                           string
	StatusReasons                  []any
	TotalProvisionedConcurrencyMem uint64
	ReservedConcurrencyMem         uint64
	AsyncRunEnable                 string
	TraceEnable                    string
}

type v3ListFunctionsResponse struct {
	Functions  []v3Function
	TotalCount int
	RequestId  string
}

// maxListLimit is the emulator's page cap for the list actions (the SDK does
// not publish one; 100 keeps answers small).
const maxListLimit = 100

func (s *Server) v3ListFunctions(params []byte) (any, *apiError) {
	var req v3ListFunctionsRequest
	if apiErr := decodeParams(params, &req); apiErr != nil {
		return nil, apiErr
	}
	namespace := req.Namespace
	if namespace == "" {
		namespace = "default"
	}
	if _, ok := s.namespace(namespace); !ok {
		return nil, errNamespaceNotFound(namespace)
	}
	offset, limit, apiErr := listPage(req.Offset, req.Limit)
	if apiErr != nil {
		return nil, apiErr
	}
	var matched []Function
	for _, f := range s.functionsIn(namespace) {
		if !strings.Contains(f.Name, req.SearchKey) || !strings.Contains(f.Description, req.Description) {
			continue
		}
		keep, apiErr := matchesFilters(f, req.Filters)
		if apiErr != nil {
			return nil, apiErr
		}
		if keep {
			matched = append(matched, f)
		}
	}
	if apiErr := sortFunctions(matched, req.Orderby, req.Order); apiErr != nil {
		return nil, apiErr
	}
	out := v3ListFunctionsResponse{Functions: []v3Function{}, TotalCount: len(matched), RequestId: newRequestID()}
	for _, f := range pageOf(matched, offset, limit) {
		out.Functions = append(out.Functions, v3Function{
			ModTime: s.startTimeString(f.ModTime), AddTime: s.startTimeString(f.AddTime), Runtime: f.Runtime,
			FunctionName: f.Name, FunctionId: f.FunctionID(), Namespace: f.Namespace, Status: "Active",
			Description: f.Description, Tags: []any{}, Type: "Event", StatusReasons: []any{},
			AsyncRunEnable: "FALSE", TraceEnable: "FALSE",
		})
	}
	return out, nil
}

func matchesFilters(f Function, filters []struct {
	Name   string
	Values []string
}) (bool, *apiError) {
	if len(filters) > 10 {
		return false, errInvalidParameterValue("InvalidParameterValue.Filters", "Filters参数错误。最多 10 个。", "At most 10 Filters are allowed.")
	}
	for _, flt := range filters {
		var have string
		switch flt.Name {
		case "Runtime":
			have = f.Runtime
		case "Status":
			have = "Active"
		case "Type":
			have = "Event"
		default:
			return false, errInvalidParameterValue("InvalidParameterValue.Filters", fmt.Sprintf("Filters参数错误。不支持 %q。", flt.Name),
				fmt.Sprintf("Filter name %q is not supported; use Runtime, Status or Type.", flt.Name))
		}
		if !contains(flt.Values, have) {
			return false, nil
		}
	}
	return true, nil
}

func sortFunctions(fs []Function, orderBy, order string) *apiError {
	ascending := true
	switch strings.ToUpper(order) {
	case "", "ASC":
	case "DESC":
		ascending = false
	default:
		return errInvalidParameterValue("InvalidParameterValue.Order", fmt.Sprintf("Order传入错误。%q 不是 ASC 或 DESC。", order),
			fmt.Sprintf("Order %q is invalid; use ASC or DESC.", order))
	}
	var key func(f Function) string
	switch orderBy {
	case "", "AddTime":
		key = func(f Function) string { return f.AddTime.Format("20060102150405") + f.Name }
	case "ModTime":
		key = func(f Function) string { return f.ModTime.Format("20060102150405") + f.Name }
	case "FunctionName":
		key = func(f Function) string { return f.Name }
	default:
		return errInvalidParameterValue("InvalidParameterValue.Orderby", fmt.Sprintf("Orderby取值与规范不符。%q 不受支持。", orderBy),
			fmt.Sprintf("Orderby %q is invalid; use AddTime, ModTime or FunctionName.", orderBy))
	}
	sort.SliceStable(fs, func(i, j int) bool {
		if ascending {
			return key(fs[i]) < key(fs[j])
		}
		return key(fs[i]) > key(fs[j])
	})
	return nil
}

func listPage(offset, limit flexInt) (int, int, *apiError) {
	o, l := int(offset.Value), int(limit.Value)
	if o < 0 {
		return 0, 0, errInvalidParameterValue("InvalidParameterValue.Offset", "偏移量不合法。", fmt.Sprintf("Offset %d is invalid; it must be 0 or more.", o))
	}
	if l == 0 {
		l = defaultLimit
	}
	if l < 0 || l > maxListLimit {
		return 0, 0, errInvalidParameterValue("InvalidParameterValue.Limit", fmt.Sprintf("Limit传入错误。Limit 取值范围为 1 到 %d。", maxListLimit),
			fmt.Sprintf("Limit %d is invalid; use 1 to %d.", l, maxListLimit))
	}
	return o, l, nil
}

func pageOf[T any](items []T, offset, limit int) []T {
	if offset >= len(items) {
		return nil
	}
	return items[offset:min(offset+limit, len(items))]
}

type v3ListNamespacesRequest struct {
	Limit   flexInt
	Offset  flexInt
	Orderby string
	Order   string
}

type v3Namespace struct {
	ModTime     string
	AddTime     string
	Description string
	Name        string
	Type        string
}

type v3ListNamespacesResponse struct {
	Namespaces []v3Namespace
	TotalCount int
	RequestId  string
}

func (s *Server) v3ListNamespaces(params []byte) (any, *apiError) {
	var req v3ListNamespacesRequest
	if apiErr := decodeParams(params, &req); apiErr != nil {
		return nil, apiErr
	}
	offset, limit, apiErr := listPage(req.Offset, req.Limit)
	if apiErr != nil {
		return nil, apiErr
	}
	out := v3ListNamespacesResponse{Namespaces: []v3Namespace{}, TotalCount: len(s.namespaces), RequestId: newRequestID()}
	for _, n := range pageOf(s.namespaces, offset, limit) {
		out.Namespaces = append(out.Namespaces, v3Namespace{
			ModTime: s.startTimeString(n.ModTime), AddTime: s.startTimeString(n.AddTime),
			Description: n.Description, Name: n.Name, Type: n.Type,
		})
	}
	return out, nil
}
