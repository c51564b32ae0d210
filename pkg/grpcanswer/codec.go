// Package grpcanswer sends the large frames of QueryData answers without the
// SDK's copies of them: QueryData hands such a frame over (Defer) and puts a
// small placeholder frame in its answer; when gRPC marshals the answer, the
// codec installed by Enable writes each placeholder's frame in its place,
// encoded by arrowframe straight into the message's pieces.
//
// The SDK encodes each frame into Arrow builders, then into a file buffer,
// and gRPC marshals the result into a third buffer; for a 100,000-line logs
// answer that was ~380 MB live for 48 MB of vendor JSON (docs/benchmarks.md,
// issue 11 goal 5). Here the answer is written once, mostly as pieces of the
// frame's own text.
package grpcanswer

import (
	"errors"
	"fmt"

	"github.com/grafana/grafana-plugin-sdk-go/genproto/pluginv2"
	"google.golang.org/grpc/encoding"
	"google.golang.org/grpc/mem"
	"google.golang.org/protobuf/encoding/protowire"
	"google.golang.org/protobuf/proto"

	"github.com/logbridge/cloudlogs/pkg/arrowframe"
)

// codec is gRPC's proto codec, except for QueryData answers that carry
// placeholders.
type codec struct{ base encoding.CodecV2 }

// protoName is the name gRPC looks its default codec up by.
const protoName = "proto"

func (c codec) Name() string { return protoName }

func (c codec) Unmarshal(data mem.BufferSlice, v any) error { return c.base.Unmarshal(data, v) }

func (c codec) Marshal(v any) (mem.BufferSlice, error) {
	resp, ok := v.(*pluginv2.QueryDataResponse)
	if !ok || !hasPlaceholder(resp) {
		return c.base.Marshal(v)
	}
	return marshalAnswer(resp)
}

func hasPlaceholder(resp *pluginv2.QueryDataResponse) bool {
	for _, dr := range resp.Responses {
		for _, f := range dr.Frames {
			if _, ok := placeholderToken(f); ok {
				return true
			}
		}
	}
	return false
}

// Field numbers of pluginv2's QueryDataResponse.responses (a map: entries
// of key 1 and value 2) and DataResponse.frames.
const (
	responsesField = 1
	entryKeyField  = 1
	entryValField  = 2
	framesField    = 1
)

// marshalAnswer writes resp as proto.Marshal would, in pieces: each
// response's frames (placeholders replaced) as fields of their own, then
// the rest of the response by proto.Marshal. Fields may come in any order
// and repeated ones are appended, so the decoded message is the same.
func marshalAnswer(resp *pluginv2.QueryDataResponse) (mem.BufferSlice, error) {
	var out answerWriter
	for refID, dr := range resp.Responses {
		frames := make([][][]byte, len(dr.Frames))
		framesLen := 0
		for i, f := range dr.Frames {
			parts, n, err := frameParts(f)
			if err != nil {
				return nil, fmt.Errorf("query %s: %w", refID, err)
			}
			frames[i] = parts
			framesLen += protowire.SizeTag(framesField) + protowire.SizeBytes(n)
		}
		rest, err := marshalWithoutFrames(dr)
		if err != nil {
			return nil, err
		}
		valueLen := framesLen + len(rest)
		entryLen := protowire.SizeTag(entryKeyField) + protowire.SizeBytes(len(refID)) +
			protowire.SizeTag(entryValField) + protowire.SizeBytes(valueLen)

		out.piece(protowire.AppendVarint(protowire.AppendTag(nil, responsesField, protowire.BytesType), uint64(entryLen)))
		out.piece(protowire.AppendString(protowire.AppendTag(nil, entryKeyField, protowire.BytesType), refID))
		out.piece(protowire.AppendVarint(protowire.AppendTag(nil, entryValField, protowire.BytesType), uint64(valueLen)))
		for _, parts := range frames {
			n := 0
			for _, p := range parts {
				n += len(p)
			}
			out.piece(protowire.AppendVarint(protowire.AppendTag(nil, framesField, protowire.BytesType), uint64(n)))
			for _, p := range parts {
				out.piece(p)
			}
		}
		out.piece(rest)
	}
	return out.slice(), nil
}

// frameParts is an encoded frame as pieces: a placeholder's frame encoded
// now, any other frame as the SDK encoded it.
func frameParts(f []byte) ([][]byte, int, error) {
	token, ok := placeholderToken(f)
	if !ok {
		return [][]byte{f}, len(f), nil
	}
	frame := take(token)
	if frame == nil {
		// Never expected (entries live far longer than a reply takes);
		// failing the reply beats answering with an empty frame.
		return nil, 0, errors.New("a deferred frame expired before its answer was sent")
	}
	enc, err := arrowframe.Encode(frame)
	if err != nil {
		b, sdkErr := frame.MarshalArrow()
		if sdkErr != nil {
			return nil, 0, sdkErr
		}
		return [][]byte{b}, len(b), nil
	}
	return enc.Parts, enc.Len, nil
}

// marshalWithoutFrames is proto.Marshal of dr without its frames.
func marshalWithoutFrames(dr *pluginv2.DataResponse) ([]byte, error) {
	frames := dr.Frames
	dr.Frames = nil
	defer func() { dr.Frames = frames }()
	return proto.Marshal(dr)
}

// answerWriter gathers the message's pieces; gRPC only reads them, so
// none is copied.
type answerWriter struct{ buf mem.BufferSlice }

func (w *answerWriter) piece(b []byte) {
	if len(b) > 0 {
		w.buf = append(w.buf, mem.SliceBuffer(b))
	}
}

func (w *answerWriter) slice() mem.BufferSlice { return w.buf }

// Enable installs the codec in this process's gRPC; main calls it once,
// before serving. Until then Defer hands frames back unchanged, so tests
// that call QueryData in process get the frames themselves.
func Enable() {
	base := encoding.GetCodecV2(protoName)
	if base == nil {
		return
	}
	if _, done := base.(codec); done {
		return
	}
	encoding.RegisterCodecV2(codec{base: base})
	enabled.Store(true)
}
