package settings

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestAlertsAcceptPartialIsOffUnlessSet(t *testing.T) {
	base := map[string]any{"service": "sls", "endpoint": "cn-hangzhou.log.aliyuncs.com", "project": "big-game", "accessKeyId": "id"}
	secure := map[string]string{"accessKeySecret": "s"}
	s, err := LoadSettings(instance(t, base, secure))
	require.NoError(t, err)
	assert.False(t, s.AlertsAcceptPartial, "partial answers fail alert rules by default")
	for _, v := range []any{true, "true"} {
		with := map[string]any{"alertsAcceptPartial": v}
		for k, x := range base {
			with[k] = x
		}
		s, err = LoadSettings(instance(t, with, secure))
		require.NoError(t, err)
		assert.True(t, s.AlertsAcceptPartial, "%v", v)
	}
}
