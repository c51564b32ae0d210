package emulator

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/logbridge/cloudlogs/pkg/emulator/clsemu"
)

// Traffic counts each service's requests and answer bytes apart, and
// ResetTraffic starts the counts again.
func TestTrafficCountsRequestsAndBytesPerService(t *testing.T) {
	e, err := Start(Config{SLSLogs: 10, SCFInvocations: 10, CLSLogs: 100, Days: 1, Now: func() time.Time { return testNow }})
	require.NoError(t, err)
	t.Cleanup(e.Close)

	results, _ := clsSearch(t, e, map[string]any{"TopicId": clsemu.DemoAppTopicID, "From": testNow.Add(-24 * time.Hour).UnixMilli(),
		"To": testNow.UnixMilli(), "Query": "*", "Limit": 10})
	require.NotEmpty(t, results)
	cls := e.Traffic("cls")
	assert.Equal(t, int64(1), cls.Requests)
	assert.Greater(t, cls.Bytes, int64(100))
	assert.Equal(t, cls.Bytes, cls.RawBytes, "without x-log-bodyrawsize the raw size is what was sent")
	assert.Equal(t, Traffic{}, e.Traffic("sls"))
	assert.Equal(t, Traffic{}, e.Traffic("nope"))

	e.ResetTraffic()
	assert.Equal(t, Traffic{}, e.Traffic("cls"))
}
