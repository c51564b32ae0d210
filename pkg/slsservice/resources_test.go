package slsservice

import (
	"encoding/json"
	"fmt"
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestSLSResourceLogstores(t *testing.T) {
	e := startSLSEmulator(t)
	ds := newSLSDatasource(t, e, nil)
	status, body := callResource(t, ds, "logstores")
	require.Equal(t, http.StatusOK, status, string(body))
	var names []string
	require.NoError(t, json.Unmarshal(body, &names))
	assert.Equal(t, []string{"app-log", "audit-log", "nginx-access"}, names)
}

func TestSLSResourceFields(t *testing.T) {
	e := startSLSEmulator(t)
	ds := newSLSDatasource(t, e, nil)
	status, body := callResource(t, ds, "fields?logstore=nginx-access")
	require.Equal(t, http.StatusOK, status, string(body))
	var fields []struct{ Name, Type string }
	require.NoError(t, json.Unmarshal(body, &fields))
	types := map[string]string{}
	for _, f := range fields {
		types[f.Name] = f.Type
	}
	assert.Equal(t, "long", types["status"])
	assert.Equal(t, "double", types["request_time"])
	assert.Equal(t, "text", types["request_uri"])
	assert.Contains(t, types, "__topic__")
	assert.Contains(t, types, "__source__")

	status, body = callResource(t, ds, "fields?logstore=nope")
	assert.Equal(t, http.StatusNotFound, status)
	assert.Contains(t, string(body), `"error":"SLS LogStoreNotExist`)
	status, body = callResource(t, ds, "fields")
	assert.Equal(t, http.StatusBadRequest, status)
	assert.JSONEq(t, `{"error":"logstore is required: fields?logstore=<name>"}`, string(body))
}

func TestSLSResourceValues(t *testing.T) {
	e := startSLSEmulator(t)
	ds := newSLSDatasource(t, e, nil)
	tr := slsRange()
	path := fmt.Sprintf("values?logstore=nginx-access&field=status&from=%d&to=%d&limit=3", tr.From.UnixMilli(), tr.To.UnixMilli())
	status, body := callResource(t, ds, path)
	require.Equal(t, http.StatusOK, status, string(body))
	var values []struct {
		Value string `json:"value"`
		Count int64  `json:"count"`
	}
	require.NoError(t, json.Unmarshal(body, &values))
	require.Len(t, values, 3)
	assert.Equal(t, "200", values[0].Value, "200 is the most common status")
	assert.GreaterOrEqual(t, values[0].Count, values[1].Count)
	assert.GreaterOrEqual(t, values[1].Count, values[2].Count)

	// The count agrees with a query over the same range.
	r := runSLS(t, ds, tr, QueryTypeSQL, map[string]any{"logstore": "nginx-access", "query": "status: 200 | select count(*) as c"})
	c, _ := onlyFrame(t, r).Fields[0].ConcreteAt(0)
	assert.Equal(t, c.(int64), values[0].Count)

	// A search narrows the values.
	status, body = callResource(t, ds, path+"&query=status%3A404")
	require.Equal(t, http.StatusOK, status, string(body))
	values = nil
	require.NoError(t, json.Unmarshal(body, &values))
	require.Len(t, values, 1)
	assert.Equal(t, "404", values[0].Value)

	for _, bad := range []string{"values?logstore=a", "values?field=x", "values?logstore=a&field=x&from=abc", "values?logstore=a&field=x&limit=0", "values?logstore=a&field=x&from=2000&to=1000"} {
		status, body = callResource(t, ds, bad)
		assert.Equal(t, http.StatusBadRequest, status, bad)
		assert.Contains(t, string(body), `"error":`, bad)
	}
}
