package scf

import (
	"time"

	"github.com/logbridge/cloudlogs/pkg/tc3"
)

// DecodeLogsPageForTest is what GetFunctionLogs (API 3.0) does with an
// answer's body once it has arrived: open the envelope, decode the page and
// read its invocations in loc.
func DecodeLogsPageForTest(body []byte, namespace string, loc *time.Location) (LogsPage, error) {
	c := &Client{cfg: Config{Location: loc}}
	return c.decodeLogsReply(&tc3.Reply{Status: 200, Body: body}, namespace, errorContext{Namespace: namespace})
}
