package scfservice

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/logbridge/cloudlogs/pkg/emulator"
	"github.com/logbridge/cloudlogs/pkg/emulator/scfemu"
	"github.com/logbridge/cloudlogs/pkg/settings"
)

func parseWithFilters(t *testing.T, model map[string]any, filters ...map[string]string) (Query, error) {
	t.Helper()
	model["adhocFilters"] = filters
	b, err := json.Marshal(model)
	require.NoError(t, err)
	return ParseQuery(b, QueryTypeLogs, scfSettings(settings.SCFAPIv3))
}

func filter(key, op, value string) map[string]string {
	return map[string]string{"key": key, "operator": op, "value": value}
}

func TestAdhocFiltersSetSCFFields(t *testing.T) {
	q, err := parseWithFilters(t, map[string]any{}, filter("functionName", "=", "order-api"), filter("namespace", "=~", "^staging$"),
		filter("qualifier", "=", "$LATEST"), filter("requestId", "=", `r "1" \ *:東`), filter("retCode", "!=", "0"))
	require.NoError(t, err)
	assert.Equal(t, "order-api", q.FunctionName)
	assert.Equal(t, "staging", q.Namespace, "a filter fills the namespace before the settings' default")
	assert.Equal(t, "$LATEST", q.Qualifier)
	assert.Equal(t, `r "1" \ *:東`, q.RequestID)
	assert.Equal(t, "not0", q.RetCode)
	// Reading from CLS, the values are escaped CQL phrases.
	assert.Equal(t, `SCF_FunctionName:"order-api" AND SCF_Namespace:"staging" AND SCF_Qualifier:"$LATEST" AND SCF_RequestId:"r \"1\" \\ *:東"`, searchFilter(q))

	q, err = parseWithFilters(t, map[string]any{"functionName": "order-api", "filter": map[string]string{"retCode": "is0"}},
		filter("functionName", "=", "order-api"), filter("retCode", "=", "0"))
	require.NoError(t, err)
	assert.Equal(t, "order-api", q.FunctionName)
	assert.Equal(t, "is0", q.RetCode)
}

func TestAdhocFiltersSCFRefusesWhatItCannotSay(t *testing.T) {
	for _, c := range []struct {
		model  map[string]any
		filter map[string]string
		want   string
	}{
		{map[string]any{}, filter("level", "=", "ERROR"), "SCF can filter on functionName, namespace, qualifier, requestId, retCode only"},
		{map[string]any{}, filter("functionName", "!=", "a"), "cannot leave out one functionName"},
		{map[string]any{"functionName": "a"}, filter("functionName", "=", "b"), `the query reads functionName "a"`},
		{map[string]any{}, filter("retCode", "=", "1"), `retCode only as "retCode = 0"`},
		{map[string]any{"filter": map[string]string{"retCode": "is0"}}, filter("retCode", "!=", "0"), `filter.retCode is "is0"`},
		{map[string]any{}, filter("functionName", "=~", "a|b"), "one exact value"},
		{map[string]any{}, filter("functionName", ">", "a"), `operator ">" is not supported`},
	} {
		_, err := parseWithFilters(t, c.model, c.filter)
		assert.ErrorContains(t, err, c.want, c.filter)
	}
}

func TestAdhocFiltersNarrowSCFInvocationsExactly(t *testing.T) {
	e := startSCFEmulator(t, emulator.Config{SCFInvocations: 500, Days: 1})
	to := scfNow.Add(-30 * time.Hour)
	from := to.Add(-10 * time.Minute)
	addRuns(t, e, 10, to.Add(-time.Second), time.Minute, func(i int, inv *scfemu.Invocation) {
		if i%3 == 0 {
			inv.RetCode = 1
		}
	})
	for _, v := range versions {
		ds := scfDatasource(t, e, v, nil, "")
		base := map[string]any{"functionName": "hello-node"}
		all := scfQuery(ds, QueryTypeInvocations, from, to, base)
		require.NoError(t, all.Error, v)
		require.Len(t, strColumn(t, all.Frames[0], "requestId"), 10, v)

		one := scfQuery(ds, QueryTypeInvocations, from, to, map[string]any{"functionName": "hello-node",
			"adhocFilters": []map[string]string{filter("requestId", "=", "run-00004")}})
		require.NoError(t, one.Error, v)
		assert.Equal(t, []string{"run-00004"}, strColumn(t, one.Frames[0], "requestId"), v)

		failed := scfQuery(ds, QueryTypeInvocations, from, to, map[string]any{"functionName": "hello-node",
			"adhocFilters": []map[string]string{filter("retCode", "!=", "0")}})
		require.NoError(t, failed.Error, v)
		assert.Equal(t, []string{"run-00000", "run-00003", "run-00006", "run-00009"}, strColumn(t, failed.Frames[0], "requestId"), v)
	}
}
