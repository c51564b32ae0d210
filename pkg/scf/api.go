package scf

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/logbridge/cloudlogs/pkg/lenient"
	"github.com/logbridge/cloudlogs/pkg/tc3"
)

// Sort fields as the query names them (the seed's spelling).
const (
	OrderByStartTime    = "startTime"
	OrderByFunctionName = "functionName"
	OrderByRequestID    = "requestId"
	OrderByDuration     = "duration"
	OrderByMemUsage     = "memUsage"
)

// v3OrderBy maps the query's sort names to API 3.0's. requestId has no
// API 3.0 spelling: callers sort by it themselves.
var v3OrderBy = map[string]string{
	OrderByStartTime:    "start_time",
	OrderByFunctionName: "function_name",
	OrderByDuration:     "duration",
	OrderByMemUsage:     "mem_usage",
}

// ServerSortable reports whether apiVersion can sort by field itself.
func ServerSortable(apiVersion, field string) bool {
	if apiVersion == APIv2 {
		return true
	}
	_, ok := v3OrderBy[field]
	return ok
}

// LogsRequest is one GetFunctionLogs page request.
type LogsRequest struct {
	FunctionName string
	Namespace    string // API 3.0 only
	Qualifier    string // API 3.0 only
	RequestID    string
	RetCode      string // "", "not0", "is0" (API 3.0 also knows more)
	OrderBy      string // a query sort name (OrderBy*)
	Order        string // "desc" or "asc"
	Offset       int
	Limit        int
	// Start and End bound StartTime..EndTime (both inclusive, whole
	// seconds) on API 3.0; the v2 API has no time parameters.
	Start, End time.Time
}

// LogsPage is one page of invocations and the total the API reported.
type LogsPage struct {
	Total       int
	Invocations []Invocation
}

// GetFunctionLogs fetches one page.
func (c *Client) GetFunctionLogs(ctx context.Context, r LogsRequest) (LogsPage, error) {
	if c.cfg.APIVersion == APIv2 {
		return c.getFunctionLogsV2(ctx, r)
	}
	return c.getFunctionLogsV3(ctx, r)
}

type v3LogsRequest struct {
	FunctionName      string            `json:"FunctionName,omitempty"`
	Offset            int               `json:"Offset"`
	Limit             int               `json:"Limit"`
	Order             string            `json:"Order,omitempty"`
	OrderBy           string            `json:"OrderBy,omitempty"`
	Filter            map[string]string `json:"Filter,omitempty"`
	Namespace         string            `json:"Namespace,omitempty"`
	Qualifier         string            `json:"Qualifier,omitempty"`
	FunctionRequestID string            `json:"FunctionRequestId,omitempty"`
	StartTime         string            `json:"StartTime,omitempty"`
	EndTime           string            `json:"EndTime,omitempty"`
}

type v3LogsResponse struct {
	TotalCount int     `json:"TotalCount"`
	Data       []v3Log `json:"Data"`
}

func (c *Client) getFunctionLogsV3(ctx context.Context, r LogsRequest) (LogsPage, error) {
	in := v3LogsRequest{
		FunctionName: r.FunctionName, Offset: r.Offset, Limit: r.Limit, Order: r.Order,
		Namespace: r.Namespace, Qualifier: r.Qualifier, FunctionRequestID: r.RequestID,
	}
	if r.OrderBy != "" {
		name, ok := v3OrderBy[r.OrderBy]
		if !ok {
			return LogsPage{}, fmt.Errorf("SCF API 3.0 cannot sort by %q", r.OrderBy)
		}
		in.OrderBy = name
	}
	if r.RetCode != "" {
		in.Filter = map[string]string{"RetCode": r.RetCode}
	}
	if !r.Start.IsZero() {
		in.StartTime = FormatTime(r.Start, c.cfg.Location)
	}
	if !r.End.IsZero() {
		in.EndTime = FormatTime(r.End, c.cfg.Location)
	}
	var page LogsPage
	ec := errorContext{Function: r.FunctionName, Namespace: r.Namespace}
	err := c.callV3Reply(ctx, "GetFunctionLogs", in, ec, func(reply *tc3.Reply) error {
		var err error
		page, err = c.decodeLogsReply(reply, r.Namespace, ec)
		return err
	})
	return page, err
}

// decodeLogsReply reads a GetFunctionLogs answer: by decodeLogsPage when it
// has the usual shape, else by encoding/json (errors, odd answers).
func (c *Client) decodeLogsReply(reply *tc3.Reply, namespace string, ec errorContext) (LogsPage, error) {
	if page, ok := decodeLogsPage(reply.Status, reply.Body, namespace, c.cfg.Location); ok {
		return page, nil
	}
	var out v3LogsResponse
	if err := c.decodeV3(reply, "GetFunctionLogs", &out, ec); err != nil {
		return LogsPage{}, err
	}
	return out.page(namespace, c.cfg.Location)
}

// page is the decoded answer as invocations of namespace.
func (out *v3LogsResponse) page(namespace string, loc *time.Location) (LogsPage, error) {
	page := LogsPage{Total: out.TotalCount, Invocations: make([]Invocation, 0, len(out.Data))}
	for _, l := range out.Data {
		inv, err := l.invocation(namespace, loc)
		if err != nil {
			return LogsPage{}, err
		}
		page.Invocations = append(page.Invocations, inv)
	}
	return page, nil
}

type v2LogsResponse struct {
	Total      *lenient.Number `json:"total"`
	TotalCount *lenient.Number `json:"totalCount"`
	Data       []v2Record      `json:"data"`
}

func (c *Client) getFunctionLogsV2(ctx context.Context, r LogsRequest) (LogsPage, error) {
	p := map[string]string{
		"offset": strconv.Itoa(r.Offset),
		"limit":  strconv.Itoa(r.Limit),
	}
	if r.FunctionName != "" {
		p["functionName"] = r.FunctionName
	}
	if r.Order != "" {
		p["order"] = r.Order
	}
	if r.OrderBy != "" {
		p["orderby"] = r.OrderBy
	}
	if r.RetCode != "" {
		p["filter.retCode"] = r.RetCode
	}
	if r.RequestID != "" {
		p["requestId"] = r.RequestID
	}
	var out v2LogsResponse
	if err := c.callV2(ctx, "GetFunctionLogs", p, &out, errorContext{Function: r.FunctionName, Namespace: r.Namespace}); err != nil {
		return LogsPage{}, err
	}
	page := LogsPage{Total: int(pickInt(out.Total, out.TotalCount)), Invocations: make([]Invocation, 0, len(out.Data))}
	for _, rec := range out.Data {
		inv, err := rec.invocation(c.cfg.Location)
		if err != nil {
			return LogsPage{}, err
		}
		if inv.Namespace == "" {
			inv.Namespace = r.Namespace
		}
		page.Invocations = append(page.Invocations, inv)
	}
	return page, nil
}

// Function is one entry of ListFunctions.
type Function struct {
	Name        string `json:"name"`
	Namespace   string `json:"namespace"`
	Runtime     string `json:"runtime"`
	Status      string `json:"status"`
	Description string `json:"description"`
}

// FunctionsPage is one page of ListFunctions.
type FunctionsPage struct {
	Total     int
	Functions []Function
}

type v3FunctionsResponse struct {
	TotalCount int `json:"TotalCount"`
	Functions  []struct {
		FunctionName string `json:"FunctionName"`
		Namespace    string `json:"Namespace"`
		Runtime      string `json:"Runtime"`
		Status       string `json:"Status"`
		Description  string `json:"Description"`
	} `json:"Functions"`
}

type v2FunctionsResponse struct {
	TotalCount *lenient.Number `json:"totalCount"`
	Total      *lenient.Number `json:"total"`
	// The legacy API names the list functionSet; some copies say functions.
	FunctionSet []v2Function `json:"functionSet"`
	Functions   []v2Function `json:"functions"`
}

type v2Function struct {
	FunctionName      *string `json:"functionName"`
	FunctionNameSnake *string `json:"function_name"`
	Namespace         string  `json:"namespace"`
	Runtime           string  `json:"runtime"`
	Status            string  `json:"status"`
	Description       string  `json:"description"`
}

// ListFunctions fetches one page of a namespace's functions.
func (c *Client) ListFunctions(ctx context.Context, namespace string, offset, limit int) (FunctionsPage, error) {
	ec := errorContext{Namespace: namespace}
	if c.cfg.APIVersion == APIv2 {
		// The legacy API has no namespaces: it lists the default one.
		p := map[string]string{"offset": strconv.Itoa(offset), "limit": strconv.Itoa(limit)}
		var out v2FunctionsResponse
		if err := c.callV2(ctx, "ListFunctions", p, &out, ec); err != nil {
			return FunctionsPage{}, err
		}
		page := FunctionsPage{Total: int(pickInt(out.TotalCount, out.Total))}
		for _, f := range append(out.FunctionSet, out.Functions...) {
			ns := f.Namespace
			if ns == "" {
				ns = namespace
			}
			page.Functions = append(page.Functions, Function{Name: pickStr(f.FunctionName, f.FunctionNameSnake), Namespace: ns, Runtime: f.Runtime, Status: f.Status, Description: f.Description})
		}
		return page, nil
	}
	in := map[string]any{"Offset": offset, "Limit": limit}
	if namespace != "" {
		in["Namespace"] = namespace
	}
	var out v3FunctionsResponse
	if err := c.callV3(ctx, "ListFunctions", in, &out, ec); err != nil {
		return FunctionsPage{}, err
	}
	page := FunctionsPage{Total: out.TotalCount}
	for _, f := range out.Functions {
		ns := f.Namespace
		if ns == "" {
			ns = namespace
		}
		page.Functions = append(page.Functions, Function{Name: f.FunctionName, Namespace: ns, Runtime: f.Runtime, Status: f.Status, Description: f.Description})
	}
	return page, nil
}

// AllFunctions pages through ListFunctions.
func (c *Client) AllFunctions(ctx context.Context, namespace string) ([]Function, error) {
	const pageSize = 100
	var all []Function
	for offset := 0; ; offset += pageSize {
		page, err := c.ListFunctions(ctx, namespace, offset, pageSize)
		if err != nil {
			return nil, err
		}
		all = append(all, page.Functions...)
		if len(page.Functions) < pageSize || len(all) >= page.Total || offset > 100_000 {
			return all, nil
		}
	}
}

// Namespace is one entry of ListNamespaces.
type Namespace struct {
	Name        string `json:"name"`
	Description string `json:"description"`
}

type v3NamespacesResponse struct {
	TotalCount int `json:"TotalCount"`
	Namespaces []struct {
		Name        string `json:"Name"`
		Description string `json:"Description"`
	} `json:"Namespaces"`
}

// ListNamespaces lists every namespace (API 3.0 only).
func (c *Client) ListNamespaces(ctx context.Context) ([]Namespace, error) {
	if c.cfg.APIVersion == APIv2 {
		return nil, fmt.Errorf("the legacy v2 API has no ListNamespaces")
	}
	const pageSize = 100
	var all []Namespace
	for offset := 0; ; offset += pageSize {
		var out v3NamespacesResponse
		if err := c.callV3(ctx, "ListNamespaces", map[string]any{"Offset": offset, "Limit": pageSize}, &out, errorContext{}); err != nil {
			return nil, err
		}
		for _, n := range out.Namespaces {
			all = append(all, Namespace{Name: n.Name, Description: n.Description})
		}
		if len(out.Namespaces) < pageSize || len(all) >= out.TotalCount || offset > 100_000 {
			return all, nil
		}
	}
}

// IsUnsupportedAction reports that the API does not know the action, or
// that the client knows the legacy API lacks it (ErrNeedsAPIv3).
func IsUnsupportedAction(err error) bool {
	var api *APIError
	return errors.Is(err, ErrNeedsAPIv3) ||
		errors.As(err, &api) && (api.Code == "InvalidAction" || strings.HasPrefix(api.Code, "UnsupportedOperation"))
}
