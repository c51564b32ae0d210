package sls

import "net/http"

// DecodeLogsForTest exposes the GetLogs body decoder to the external
// benchmarks (package sls_test), which also import slsservice and so cannot
// live inside package sls.
func DecodeLogsForTest(body []byte) ([]Log, error) {
	b, err := decodeLogsBody(body)
	return b.Logs, err
}

// DecodeLogsV2ForTest is what GetLogsV2 does with an answer: decompress it
// as its headers say, then decode it.
func DecodeLogsV2ForTest(h http.Header, body []byte) ([]Log, error) {
	raw, err := decompress(h, body)
	if err != nil {
		return nil, err
	}
	b, err := decodeLogsV2Body(raw)
	return b.Logs, err
}
