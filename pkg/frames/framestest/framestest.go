// Package framestest holds frames to each other in the services' tests.
package framestest

import (
	"encoding/json"
	"testing"

	"github.com/grafana/grafana-plugin-sdk-go/data"
	"github.com/stretchr/testify/require"
)

// RequireSame fails t unless got is want to the byte: the JSON Grafana
// reads and the Arrow the frame is sent in (a frame builder held to the
// reference builder it replaced).
func RequireSame(t testing.TB, want, got *data.Frame) {
	t.Helper()
	wantJSON, err := json.Marshal(want)
	require.NoError(t, err)
	gotJSON, err := json.Marshal(got)
	require.NoError(t, err)
	require.Equal(t, string(wantJSON), string(gotJSON))
	wantArrow, err := want.MarshalArrow()
	require.NoError(t, err)
	gotArrow, err := got.MarshalArrow()
	require.NoError(t, err)
	require.Equal(t, wantArrow, gotArrow)
}
