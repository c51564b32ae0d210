package scf

import (
	"fmt"
	"strings"
	"time"

	"github.com/logbridge/cloudlogs/pkg/lenient"
)

// StartTimeLayout is how SCF writes an invocation's start: no zone, in the
// account's zone (the seed's "2017-09-18 17:14:01" is 09:14:01Z for a
// China account).
const StartTimeLayout = "2006-01-02 15:04:05"

// Invocation is one function invocation with its log, the same for both API
// versions.
type Invocation struct {
	FunctionName string
	Namespace    string
	RequestID    string
	// StartTime is the zone-less startTime read in the account zone.
	StartTime time.Time
	// StartTimeRaw is the string SCF sent, kept for display and debugging.
	StartTimeRaw   string
	RetCode        int64
	RetMsg         string
	InvokeFinished bool
	DurationMs     float64
	BillDurationMs int64
	MemUsageBytes  int64
	Log            string
	// Prepared is the caller's, set by its FetchRequest.OnPage as the page
	// arrived (a logs query's lines), and travels with the invocation.
	Prepared any
}

// RetCodeRunning is API 3.0's RetCode of an invocation still running.
const RetCodeRunning = 2

// Failed reports an invocation that ended badly: any return code but 0
// (success) and 2 (still running, not an outcome yet). 3 (interrupted)
// counts as failed.
func (i Invocation) Failed() bool { return i.RetCode != 0 && i.RetCode != RetCodeRunning }

// ParseStartTime reads a zone-less SCF time in the account zone.
func ParseStartTime(s string, loc *time.Location) (time.Time, error) {
	t, err := time.ParseInLocation(StartTimeLayout, strings.TrimSpace(s), loc)
	if err != nil {
		return time.Time{}, fmt.Errorf("SCF startTime %q is not in the form 2006-01-02 15:04:05", s)
	}
	return t, nil
}

// FormatTime writes t the way API 3.0 wants StartTime/EndTime: in the
// account zone, to the second.
func FormatTime(t time.Time, loc *time.Location) string {
	return t.In(loc).Format(StartTimeLayout)
}

// v2Record is a legacy data[] entry. The seed's field table says
// function_name/ret_code (and the English page request_id, start_time,
// bill_duration, mem_usage, ret_msg) while its example says camelCase, so
// both spellings are read; camelCase wins when both are present.
type v2Record struct {
	FunctionName      *string         `json:"functionName"`
	FunctionNameSnake *string         `json:"function_name"`
	Namespace         *string         `json:"namespace"`
	RetMsg            *string         `json:"retMsg"`
	RetMsgSnake       *string         `json:"ret_msg"`
	RequestID         *string         `json:"requestId"`
	RequestIDSnake    *string         `json:"request_id"`
	StartTime         *string         `json:"startTime"`
	StartTimeSnake    *string         `json:"start_time"`
	RetCode           *lenient.Number `json:"retCode"`
	RetCodeSnake      *lenient.Number `json:"ret_code"`
	Finished          *lenient.Number `json:"invokeFinished"`
	FinishedSnake     *lenient.Number `json:"invoke_finished"`
	Duration          *lenient.Number `json:"duration"`
	BillDuration      *lenient.Number `json:"billDuration"`
	BillDurationSnake *lenient.Number `json:"bill_duration"`
	MemUsage          *lenient.Number `json:"memUsage"`
	MemUsageSnake     *lenient.Number `json:"mem_usage"`
	Log               *string         `json:"log"`
}

func (r v2Record) invocation(loc *time.Location) (Invocation, error) {
	inv := Invocation{
		FunctionName:   pickStr(r.FunctionName, r.FunctionNameSnake),
		Namespace:      pickStr(r.Namespace, nil),
		RequestID:      pickStr(r.RequestID, r.RequestIDSnake),
		StartTimeRaw:   pickStr(r.StartTime, r.StartTimeSnake),
		RetCode:        pickInt(r.RetCode, r.RetCodeSnake),
		RetMsg:         pickStr(r.RetMsg, r.RetMsgSnake),
		InvokeFinished: pickInt(r.Finished, r.FinishedSnake) == 1,
		BillDurationMs: pickInt(r.BillDuration, r.BillDurationSnake),
		MemUsageBytes:  pickInt(r.MemUsage, r.MemUsageSnake),
		Log:            pickStr(r.Log, nil),
	}
	if r.Duration != nil {
		inv.DurationMs = float64(*r.Duration)
	}
	t, err := ParseStartTime(inv.StartTimeRaw, loc)
	if err != nil {
		return Invocation{}, err
	}
	inv.StartTime = t
	return inv, nil
}

// v3Log is API 3.0's FunctionLog.
type v3Log struct {
	FunctionName   string         `json:"FunctionName"`
	RetMsg         string         `json:"RetMsg"`
	RequestID      string         `json:"RequestId"`
	StartTime      string         `json:"StartTime"`
	RetCode        lenient.Number `json:"RetCode"`
	InvokeFinished lenient.Number `json:"InvokeFinished"`
	Duration       lenient.Number `json:"Duration"`
	BillDuration   lenient.Number `json:"BillDuration"`
	MemUsage       lenient.Number `json:"MemUsage"`
	Log            string         `json:"Log"`
}

func (l v3Log) invocation(namespace string, loc *time.Location) (Invocation, error) {
	t, err := ParseStartTime(l.StartTime, loc)
	if err != nil {
		return Invocation{}, err
	}
	return Invocation{
		FunctionName: l.FunctionName, Namespace: namespace, RequestID: l.RequestID,
		StartTime: t, StartTimeRaw: l.StartTime, RetCode: int64(l.RetCode), RetMsg: l.RetMsg,
		InvokeFinished: l.InvokeFinished == 1, DurationMs: float64(l.Duration),
		BillDurationMs: int64(l.BillDuration), MemUsageBytes: int64(l.MemUsage), Log: l.Log,
	}, nil
}

func pickStr(a, b *string) string {
	if a != nil {
		return *a
	}
	if b != nil {
		return *b
	}
	return ""
}

func pickInt(a, b *lenient.Number) int64 {
	if a != nil {
		return int64(*a)
	}
	if b != nil {
		return int64(*b)
	}
	return 0
}
