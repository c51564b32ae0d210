package scf

import (
	"context"
	"errors"
	"fmt"
	"net/http"
)

// FunctionInfo is what GetFunction tells about one function, notably the
// CLS logset and topic its logs are delivered to (CLS.md §1.1): the only
// reliable way to find them, since topic names say nothing.
type FunctionInfo struct {
	FunctionName string `json:"functionName"`
	Namespace    string `json:"namespace"`
	Qualifier    string `json:"qualifier"`
	// ClsLogsetID and ClsTopicID are empty when the function delivers no
	// logs to CLS (an old function never migrated, or delivery off).
	ClsLogsetID string `json:"clsLogsetId"`
	ClsTopicID  string `json:"clsTopicId"`
	FunctionID  string `json:"functionId"`
	Runtime     string `json:"runtime"`
	Status      string `json:"status"`
	Type        string `json:"type"`
	Description string `json:"description"`
}

type v3GetFunctionRequest struct {
	FunctionName string `json:"FunctionName"`
	Namespace    string `json:"Namespace,omitempty"`
	Qualifier    string `json:"Qualifier,omitempty"`
}

type v3GetFunctionResponse struct {
	FunctionName string `json:"FunctionName"`
	Namespace    string `json:"Namespace"`
	Qualifier    string `json:"Qualifier"`
	ClsLogsetID  string `json:"ClsLogsetId"`
	ClsTopicID   string `json:"ClsTopicId"`
	FunctionID   string `json:"FunctionId"`
	Runtime      string `json:"Runtime"`
	Status       string `json:"Status"`
	Type         string `json:"Type"`
	Description  string `json:"Description"`
}

// ErrNeedsAPIv3 marks an action the legacy v2 API does not have; it is
// returned before any call is made (status 400: the setting must change).
var ErrNeedsAPIv3 error = needsAPIv3{}

type needsAPIv3 struct{}

func (needsAPIv3) Error() string { return "SCF API 3.0 needed" }
func (needsAPIv3) Status() int   { return http.StatusBadRequest }

// GetFunction reads one function's configuration (API 3.0 only). An empty
// namespace is "default" and an empty qualifier "$LATEST", as SCF defaults
// them.
func (c *Client) GetFunction(ctx context.Context, namespace, name, qualifier string) (*FunctionInfo, error) {
	if c.cfg.APIVersion == APIv2 {
		return nil, fmt.Errorf("%w: GetFunction does not exist in the legacy v2 API, so it cannot tell a function's CLS topic — set the data source's SCF API version to v3", ErrNeedsAPIv3)
	}
	if name == "" {
		return nil, errors.New("SCF GetFunction: the function name is empty")
	}
	in := v3GetFunctionRequest{FunctionName: name, Namespace: namespace, Qualifier: qualifier}
	var out v3GetFunctionResponse
	if err := c.callV3(ctx, "GetFunction", in, &out, errorContext{Function: name, Namespace: namespace}); err != nil {
		return nil, err
	}
	info := &FunctionInfo{
		FunctionName: out.FunctionName, Namespace: out.Namespace, Qualifier: out.Qualifier,
		ClsLogsetID: out.ClsLogsetID, ClsTopicID: out.ClsTopicID, FunctionID: out.FunctionID,
		Runtime: out.Runtime, Status: out.Status, Type: out.Type, Description: out.Description,
	}
	// Fill what an answer left out with what was asked, and SCF's defaults.
	if info.FunctionName == "" {
		info.FunctionName = name
	}
	info.Namespace = firstNonEmpty(info.Namespace, namespace, "default")
	info.Qualifier = firstNonEmpty(info.Qualifier, qualifier, "$LATEST")
	return info, nil
}

func firstNonEmpty(values ...string) string {
	for _, v := range values {
		if v != "" {
			return v
		}
	}
	return ""
}
