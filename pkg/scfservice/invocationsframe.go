package scfservice

import (
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/data"

	"github.com/logbridge/cloudlogs/pkg/scf"
)

// NewInvocationsFrame is the table of an scfInvocations query: one row
// per invocation, typed columns, units so panels show ms and bytes.
func NewInvocationsFrame(name string, invs []scf.Invocation) *data.Frame {
	n := len(invs)
	start := make([]time.Time, n)
	fn := make([]string, n)
	reqID := make([]string, n)
	dur := make([]float64, n)
	bill := make([]int64, n)
	mem := make([]int64, n)
	ret := make([]int64, n)
	finished := make([]bool, n)
	retMsg := make([]string, n)
	logs := make([]string, n)
	for i, inv := range invs {
		start[i], fn[i], reqID[i] = inv.StartTime, inv.FunctionName, inv.RequestID
		dur[i], bill[i], mem[i] = inv.DurationMs, inv.BillDurationMs, inv.MemUsageBytes
		ret[i], finished[i], retMsg[i], logs[i] = inv.RetCode, inv.InvokeFinished, inv.RetMsg, inv.Log
	}
	unit := func(f *data.Field, unit, display string) *data.Field {
		f.Config = &data.FieldConfig{Unit: unit, DisplayName: display}
		return f
	}
	f := data.NewFrame(name,
		unit(data.NewField("startTime", nil, start), "", "Start time"),
		unit(data.NewField("functionName", nil, fn), "", "Function"),
		unit(data.NewField("requestId", nil, reqID), "", "Request ID"),
		unit(data.NewField("duration", nil, dur), "ms", "Duration"),
		unit(data.NewField("billDuration", nil, bill), "ms", "Billed duration"),
		unit(data.NewField("memUsage", nil, mem), "decbytes", "Memory used"),
		unit(data.NewField("retCode", nil, ret), "", "Return code"),
		unit(data.NewField("invokeFinished", nil, finished), "", "Finished"),
		unit(data.NewField("retMsg", nil, retMsg), "", "Return message"),
		unit(data.NewField("log", nil, logs), "", "Log"),
	)
	f.SetMeta(&data.FrameMeta{Type: data.FrameTypeTable, PreferredVisualization: data.VisTypeTable})
	return f
}
