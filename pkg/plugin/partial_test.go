package plugin

import (
	"context"
	"testing"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
	"github.com/grafana/grafana-plugin-sdk-go/data"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/logbridge/cloudlogs/pkg/service"
	"github.com/logbridge/cloudlogs/pkg/settings"
)

func TestFromAlertHeaderIsRead(t *testing.T) {
	for v, want := range map[string]bool{"true": true, "TRUE": true, "1": true, "false": false, "": false, "yes": false} {
		req := &backend.QueryDataRequest{Headers: map[string]string{backend.FromAlertHeaderName: v}}
		assert.Equal(t, want, isFromAlert(withFromAlert(context.Background(), req)), v)
	}
	assert.False(t, isFromAlert(withFromAlert(context.Background(), &backend.QueryDataRequest{})), "a panel's request")
}

func partialAnswer() backend.DataResponse {
	m := service.Meta{Executed: "GET /logstores/a"}
	m.MarkPartial(service.PartialProgress, "partial result: SLS still answered Incomplete")
	return m.Respond(data.NewFrame(""))
}

func TestPartialAnswerFailsAnAlertUnlessAccepted(t *testing.T) {
	alert := withFromAlert(context.Background(), &backend.QueryDataRequest{Headers: map[string]string{backend.FromAlertHeaderName: "true"}})

	r := partialAnswer()
	(&Datasource{}).refusePartial(alert, &r)
	require.Error(t, r.Error)
	assert.Empty(t, r.Frames)
	assert.Equal(t, backend.StatusTimeout, r.Status)
	assert.Equal(t, backend.ErrorSourceDownstream, r.ErrorSource)
	assert.Contains(t, r.Error.Error(), "got a partial result: SLS still answered Incomplete")

	r = partialAnswer()
	(&Datasource{settings: settings.Settings{AlertsAcceptPartial: true}}).refusePartial(alert, &r)
	require.NoError(t, r.Error, "accepted by the settings")
	require.Len(t, r.Frames, 1)

	r = partialAnswer()
	(&Datasource{}).refusePartial(context.Background(), &r)
	require.NoError(t, r.Error, "a panel gets the data")

	whole := service.Meta{}.Respond(data.NewFrame(""))
	(&Datasource{}).refusePartial(alert, &whole)
	require.NoError(t, whole.Error, "a whole answer reaches the rule")
}
