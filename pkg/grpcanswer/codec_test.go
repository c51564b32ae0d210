package grpcanswer

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
	"github.com/grafana/grafana-plugin-sdk-go/data"
	"github.com/grafana/grafana-plugin-sdk-go/genproto/pluginv2"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"google.golang.org/grpc/encoding"
	"google.golang.org/protobuf/proto"

	"github.com/logbridge/cloudlogs/pkg/arrowframe"
)

func logsFrame(name string, rows int) *data.Frame {
	times := make([]time.Time, rows)
	bodies := make([]string, rows)
	var text strings.Builder
	ends := make([]int, rows)
	for i := range rows {
		times[i] = time.Unix(1700000000+int64(i), 0).UTC()
		fmt.Fprintf(&text, "line %d of %s", i, name)
		ends[i] = text.Len()
	}
	all := text.String()
	arrowframe.Share(all)
	from := 0
	for i, end := range ends {
		bodies[i] = all[from:end]
		from = end
	}
	return data.NewFrame(name, data.NewField("timestamp", nil, times), data.NewField("body", nil, bodies))
}

// answer is a QueryData answer of three queries: a large frame and a
// small one, an error, and two large frames.
func answer() *backend.QueryDataResponse {
	resp := backend.NewQueryDataResponse()
	resp.Responses["A"] = backend.DataResponse{Frames: data.Frames{logsFrame("big", 5000), logsFrame("small", 3)}}
	resp.Responses["B"] = backend.ErrDataResponseWithSource(backend.StatusBadRequest, backend.ErrorSourceDownstream, "bad query")
	resp.Responses["C"] = backend.DataResponse{Frames: data.Frames{logsFrame("c1", 200), logsFrame("c2", 1000)}, Status: backend.StatusOK}
	return resp
}

// framesJSON decodes a marshalled answer the way Grafana does.
func framesJSON(t *testing.T, wire []byte) map[string]string {
	t.Helper()
	var pb pluginv2.QueryDataResponse
	require.NoError(t, proto.Unmarshal(wire, &pb))
	resp, err := backend.FromProto().QueryDataResponse(&pb)
	require.NoError(t, err)
	out := map[string]string{}
	for refID, dr := range resp.Responses {
		b, err := json.Marshal(struct {
			Frames      data.Frames
			Error       string
			Status      backend.Status
			ErrorSource backend.ErrorSource
		}{dr.Frames, fmt.Sprint(dr.Error), dr.Status, dr.ErrorSource})
		require.NoError(t, err)
		out[refID] = string(b)
	}
	return out
}

func TestDeferredAnswerDecodesAsTheSDKsOwn(t *testing.T) {
	Enable()
	codec := encoding.GetCodecV2(protoName)

	plain, err := backend.ToProto().QueryDataResponse(backend.DataFrameFormat_ARROW, answer())
	require.NoError(t, err)
	wantWire, err := proto.Marshal(plain)
	require.NoError(t, err)

	resp := answer()
	for refID, dr := range resp.Responses {
		DeferFrames(backend.DataFrameFormat_ARROW, refID, dr.Frames)
	}
	assert.Equal(t, "small", resp.Responses["A"].Frames[1].Name, "a small frame is left to the SDK")
	assert.Equal(t, 3, pending(), "the three large frames are handed over")
	pb, err := backend.ToProto().QueryDataResponse(backend.DataFrameFormat_ARROW, resp)
	require.NoError(t, err)
	out, err := codec.Marshal(pb)
	require.NoError(t, err)
	gotWire := out.Materialize()

	assert.Equal(t, 0, pending(), "each handed-over frame is taken once")
	assert.Equal(t, framesJSON(t, wantWire), framesJSON(t, gotWire))
	assert.Less(t, len(gotWire), len(wantWire)*11/10, "no larger than the SDK's answer")
}

func TestOtherMessagesAndJSONAnswersAreLeftAlone(t *testing.T) {
	Enable()
	codec := encoding.GetCodecV2(protoName)
	msg := &pluginv2.CheckHealthResponse{Status: pluginv2.CheckHealthResponse_OK, Message: "fine"}
	out, err := codec.Marshal(msg)
	require.NoError(t, err)
	want, err := proto.Marshal(msg)
	require.NoError(t, err)
	assert.Equal(t, want, out.Materialize())

	resp := answer()
	DeferFrames(backend.DataFrameFormat_JSON, "A", resp.Responses["A"].Frames)
	assert.Equal(t, "big", resp.Responses["A"].Frames[0].Name, "Grafana asked for JSON frames: nothing is handed over")
}

func TestExpiredPlaceholderFailsTheReply(t *testing.T) {
	Enable()
	codec := encoding.GetCodecV2(protoName)
	frames := data.Frames{logsFrame("big", 500)}
	DeferFrames(backend.DataFrameFormat_ARROW, "A", frames)
	require.NotNil(t, take(frames[0].Name), "the frame was handed over")
	pb, err := backend.ToProto().QueryDataResponse(backend.DataFrameFormat_ARROW,
		&backend.QueryDataResponse{Responses: backend.Responses{"A": {Frames: frames}}})
	require.NoError(t, err)
	_, err = codec.Marshal(pb)
	require.ErrorContains(t, err, "expired", "an answer without its frame is not sent")
}

func TestPlaceholderTokenNeedsThePrefix(t *testing.T) {
	b, err := data.NewFrame("cloudlogs-deferred-0123-0000000000000001").MarshalArrow()
	require.NoError(t, err)
	_, ok := placeholderToken(b)
	assert.False(t, ok, "a name without this process's random prefix is an ordinary frame")
}
