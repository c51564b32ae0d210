package clsservice

import (
	"encoding/json"
	"fmt"
	"net/http"
	"testing"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/logbridge/cloudlogs/pkg/cls"
	"github.com/logbridge/cloudlogs/pkg/emulator"
	"github.com/logbridge/cloudlogs/pkg/emulator/clsemu"
)

func TestCLSLookups(t *testing.T) {
	e := startEmulator(t, emulator.Config{})
	ds := newDatasource(t, e, nil, "")

	status, body := ds.Resource(t, "logsets")
	require.Equal(t, http.StatusOK, status, string(body))
	var logsets []cls.Logset
	require.NoError(t, json.Unmarshal(body, &logsets))
	assert.Len(t, logsets, 2)

	status, body = ds.Resource(t, "topics?search=nginx")
	require.Equal(t, http.StatusOK, status, string(body))
	var topics []cls.Topic
	require.NoError(t, json.Unmarshal(body, &topics))
	require.Len(t, topics, 1)
	assert.Equal(t, clsemu.DemoAppTopicID, topics[0].TopicID)
	status, body = ds.Resource(t, "topics?logsetId="+clsemu.DemoSCFLogsetID)
	require.Equal(t, http.StatusOK, status)
	require.NoError(t, json.Unmarshal(body, &topics))
	require.Len(t, topics, 1)
	assert.Equal(t, clsemu.DemoSCFTopicName, topics[0].TopicName)

	status, body = ds.Resource(t, "fields?topicId="+clsemu.DemoAppTopicID)
	require.Equal(t, http.StatusOK, status, string(body))
	var fields []cls.IndexField
	require.NoError(t, json.Unmarshal(body, &fields))
	types := map[string]string{}
	for _, f := range fields {
		types[f.Name] = f.Type
	}
	assert.Equal(t, "long", types["status"])

	from, to := lastHour().From.UnixMilli(), lastHour().To.UnixMilli()
	status, body = ds.Resource(t, fmt.Sprintf("values?topicId=%s&field=status&from=%d&to=%d&limit=3", clsemu.DemoAppTopicID, from, to))
	require.Equal(t, http.StatusOK, status, string(body))
	var values []fieldValue
	require.NoError(t, json.Unmarshal(body, &values))
	require.NotEmpty(t, values)
	assert.LessOrEqual(t, len(values), 3)
	assert.Greater(t, values[0].Count, int64(0))

	for path, want := range map[string]string{
		"fields":                               "topicId is required",
		"values?topicId=x":                     "topicId and field are required",
		"values?topicId=x&field=f&limit=0":     "limit must be a whole number from 1 to 1000",
		"values?topicId=x&field=f&from=9&to=1": "from must be before to",
	} {
		status, body = ds.Resource(t, path)
		assert.Equal(t, http.StatusBadRequest, status, path)
		assert.Contains(t, string(body), want, path)
	}
}

func TestCLSHealth(t *testing.T) {
	e := startEmulator(t, emulator.Config{})
	h, err := newDatasource(t, e, nil, "").CheckHealth(t.Context(), &backend.CheckHealthRequest{})
	require.NoError(t, err)
	assert.Equal(t, backend.HealthStatusOk, h.Status)
	assert.Equal(t, "Connected to CLS ap-guangzhou (2 logsets)", h.Message)

	h, _ = newDatasource(t, e, nil, "wrong-secret-value").CheckHealth(t.Context(), &backend.CheckHealthRequest{})
	assert.Equal(t, backend.HealthStatusError, h.Status)
	assert.Contains(t, h.Message, "CLS rejected the keys")
	assert.NotContains(t, h.Message, "wrong-secret-value")

	h, _ = newDatasource(t, e, map[string]any{"endpoint": "http://127.0.0.1:1"}, "").CheckHealth(t.Context(), &backend.CheckHealthRequest{})
	assert.Contains(t, h.Message, "CLS is unreachable at http://127.0.0.1:1")
}
