package cls

import "github.com/logbridge/cloudlogs/pkg/tc3"

// DecodeSearchLogPageForTest is what a Search chain does with a SearchLog
// answer's body once it has arrived: decode it and turn each result into
// a Log, LogJson parsed.
func DecodeSearchLogPageForTest(body []byte) ([]Log, error) {
	var out searchPage
	if reply := (&tc3.Reply{Status: 200, Body: body}); !out.decodeFast(reply) {
		if err := reply.Decode(&out.searchLogResponse); err != nil {
			return nil, err
		}
	}
	logs := make([]Log, 0, len(out.Results))
	var m logMemory
	for i := range out.Results {
		logs = append(logs, out.Results[i].toLogFrom(&m))
	}
	return logs, nil
}
