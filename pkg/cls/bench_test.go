package cls

import (
	"encoding/json"
	"fmt"
	"strconv"
	"testing"

	"github.com/logbridge/cloudlogs/pkg/tc3"
)

// searchLogPage is a 1,000-log SearchLog answer of SCF records (the 14
// default keys, CLS.md §1.2), every value a string as CLS sends them.
func searchLogPage() []byte {
	results := make([]map[string]any, 1000)
	for i := range results {
		rec := fmt.Sprintf(`{"SCF_FunctionName":"order-api","SCF_Namespace":"default","SCF_StartTime":"%d","SCF_LogTime":"%d","SCF_RequestId":"3c9e1a7e-%08d-4c1b-9d0e-2f3a4b5c6d7e","SCF_Duration":"%d","SCF_Alias":"","SCF_Qualifier":"$LATEST","SCF_MemUsage":"%d.00","SCF_Level":"INFO","SCF_Message":"2026-11-20T04:05:06.789Z\tINFO\tprocessed order %d in %d ms {\"sku\":\"A-%d\",\"qty\":%d}","SCF_Type":"Custom","SCF_StatusCode":"200","SCF_RetryNum":"0","__TAG__":{"pod":"scf-%d","zone":"ap-guangzhou-3"}}`,
			1795132800000+i, 1795132800000000000+i*1000, i, i%250, 29+i%7, i, i%250, i%37, i%5, i%4)
		results[i] = map[string]any{"Time": 1795132800000 + i, "TopicId": "0f3e1c2a-aaaa-4bbb-8ccc-0123456789ab", "TopicName": "SCF_logtopic_x",
			"Source": "10.0.0.1", "FileName": "", "PkgId": fmt.Sprintf("5EF6B2C7D8E9F0A1-%d", i/64), "PkgLogId": strconv.Itoa(i % 64),
			"LogJson": rec, "HostName": "", "RawLog": "", "IndexStatus": ""}
	}
	b, _ := json.Marshal(map[string]any{"Response": map[string]any{"Context": "ctx", "ListOver": false, "Analysis": false, "Results": results, "RequestId": "r"}})
	return b
}

// BenchmarkDecodeSearchLogPage is one page's work after the network: the
// envelope opened, the answer decoded and every LogJson parsed into fields.
func BenchmarkDecodeSearchLogPage(b *testing.B) {
	body := searchLogPage()
	b.SetBytes(int64(len(body)))
	b.ReportAllocs()
	for b.Loop() {
		logs, err := DecodeSearchLogPageForTest(body)
		if err != nil {
			b.Fatal(err)
		}
		if len(logs) != 1000 || len(logs[999].Fields) != 16 {
			b.Fatalf("%d logs, %d fields", len(logs), len(logs[999].Fields))
		}
	}
}

// BenchmarkParseLogJSON is the LogJson parse alone, for 1,000 records.
func BenchmarkParseLogJSON(b *testing.B) {
	var out searchLogResponse
	resp, _ := (&tc3.Reply{Status: 200, Body: searchLogPage()}).Response()
	_ = json.Unmarshal(resp, &out)
	b.ReportAllocs()
	for b.Loop() {
		for i := range out.Results {
			if _, err := parseLogJSON(out.Results[i].LogJSON, make([]Field, 0, 16)); err != nil {
				b.Fatal(err)
			}
		}
	}
}
