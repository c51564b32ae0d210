package sls

import (
	"fmt"
	"strings"
	"testing"
)

// BenchmarkDecodeLogsBody decodes a 100-line GetLogs page (one call's worth).
func BenchmarkDecodeLogsBody(b *testing.B) {
	var sb strings.Builder
	sb.WriteString("[")
	for i := 0; i < 100; i++ {
		if i > 0 {
			sb.WriteString(",")
		}
		fmt.Fprintf(&sb, `{"__time__":"%d","__source__":"10.0.0.%d","__topic__":"nginx","__tag__:__pack_id__":"ABCDEF-%x","__pack_meta__":"0|MTIz|16|%d","remote_addr":"192.168.1.%d","request_method":"GET","request_uri":"/api/v1/orders/%d?x=1","status":"200","request_time":"0.0%d","http_user_agent":"Mozilla/5.0 (X11; Linux x86_64)","trace_id":"0123456789abcdef0123456789abcdef"}`, 1700000000+i, i%4, i/16, i%16, i, i, i%9)
	}
	sb.WriteString("]")
	body := []byte(sb.String())
	b.SetBytes(int64(len(body)))
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if res, err := decodeLogsBody(body); err != nil || len(res.Logs) != 100 {
			b.Fatal(err)
		}
	}
}
