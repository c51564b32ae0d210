package cls

import "github.com/logbridge/cloudlogs/pkg/tc3"

// DecodeSearchLogPageForTest is what a Search chain does with a SearchLog
// answer's body once it has arrived: decode it and turn each result into
// a Log, LogJson parsed.
func DecodeSearchLogPageForTest(body []byte) ([]Log, error) {
	var out searchLogResponse
	if err := (&tc3.Reply{Status: 200, Body: body}).Decode(&out); err != nil {
		return nil, err
	}
	logs := make([]Log, 0, len(out.Results))
	for i := range out.Results {
		logs = append(logs, out.Results[i].toLog())
	}
	return logs, nil
}
