package plugin

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/grafana/grafana-plugin-sdk-go/data"
)

// BenchmarkScrubLogsFrame scrubs a 10,000-line logs frame (bodies of about
// 300 bytes, labels JSON) holding no secret: the cost every logs answer pays.
func BenchmarkScrubLogsFrame(b *testing.B) {
	const n = 10_000
	body := strings.Repeat("GET /api/items?page=2 200 0.012 Mozilla/5.0 ", 7)
	bodies := make([]string, n)
	labels := make([]json.RawMessage, n)
	ids := make([]string, n)
	for i := range n {
		bodies[i] = body
		labels[i] = json.RawMessage(`{"status":"200","method":"GET","path":"/api/items","host":"web-1"}`)
		ids[i] = "0123456789abcdef0123456789abcdef"
	}
	s := newScrubber([]string{"cloudlogs-demo-secret+/=", "AKIDsessiontoken/with+plus=="})
	frame := data.NewFrame("logs", data.NewField("body", nil, bodies), data.NewField("labels", nil, labels), data.NewField("id", nil, ids))
	b.ReportAllocs()
	b.ResetTimer()
	for range b.N {
		s.frames(data.Frames{frame}, nil)
	}
}
