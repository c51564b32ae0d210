package scfemu

// GetFunction (API 3.0 only) tells where a function delivers its logs:
// ClsLogsetId/ClsTopicId, which a client needs before it can search CLS
// (CLS.md 1.1: never derive a topic from a name).

type v3GetFunctionRequest struct {
	FunctionName string
	Namespace    string
	Qualifier    string
	// ShowCode is "TRUE"/"FALSE"; the emulator has no code to show, so it
	// is accepted and the answer never carries code.
	ShowCode string
}

type v3GetFunctionResponse struct {
	FunctionName string
	Namespace    string
	Qualifier    string
	Status       string
	StatusDesc   string
	Runtime      string
	MemorySize   int64
	Timeout      int64
	FunctionId   string
	Description  string
	AddTime      string
	ModTime      string
	Handler      string
	Type         string
	ClsLogsetId  string
	ClsTopicId   string
	Tags         []any
	RequestId    string
}

func (s *Server) v3GetFunction(params []byte) (any, *apiError) {
	var req v3GetFunctionRequest
	if apiErr := decodeParams(params, &req); apiErr != nil {
		return nil, apiErr
	}
	if req.FunctionName == "" {
		return nil, errMissingParameter("FunctionName")
	}
	if req.Namespace == "" {
		req.Namespace = "default"
	}
	if req.Qualifier == "" {
		req.Qualifier = "$LATEST"
	}
	switch req.ShowCode {
	case "", "TRUE", "FALSE":
	default:
		return nil, errInvalidParameterValue("InvalidParameterValue.ShowCode", "ShowCode 取值应为 TRUE 或 FALSE。", "ShowCode must be TRUE or FALSE.")
	}
	if _, ok := s.namespace(req.Namespace); !ok {
		return nil, errNamespaceNotFound(req.Namespace)
	}
	f, ok := s.function(req.Namespace, req.FunctionName)
	if !ok {
		return nil, errFunctionNotFound(req.Namespace, req.FunctionName)
	}
	if req.Qualifier != "$LATEST" {
		return nil, errFunctionVersionNotFound(req.Qualifier)
	}
	logset, topic := s.deliveryTarget(f)
	return v3GetFunctionResponse{
		FunctionName: f.Name, Namespace: f.Namespace, Qualifier: req.Qualifier, Status: "Active",
		Runtime: f.Runtime, MemorySize: int64(f.MemorySize), Timeout: int64(f.Timeout), FunctionId: f.FunctionID(),
		Description: f.Description, AddTime: s.startTimeString(f.AddTime), ModTime: s.startTimeString(f.ModTime),
		Handler: f.handler(), Type: "Event", ClsLogsetId: logset, ClsTopicId: topic, Tags: []any{}, RequestId: newRequestID(),
	}, nil
}
