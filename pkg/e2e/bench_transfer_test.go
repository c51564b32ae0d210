package e2e

import (
	"context"
	"fmt"
	"math"
	"net"
	"path/filepath"
	"testing"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/genproto/pluginv2"
	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"
)

// fixedAnswer answers every QueryData with the same frame bytes.
type fixedAnswer struct {
	pluginv2.UnimplementedDataServer
	frame []byte
}

func (s fixedAnswer) QueryData(context.Context, *pluginv2.QueryDataRequest) (*pluginv2.QueryDataResponse, error) {
	return &pluginv2.QueryDataResponse{Responses: map[string]*pluginv2.DataResponse{"A": {Frames: [][]byte{s.frame}}}}, nil
}

// BenchmarkGRPCTransfer is what an answer of a given size costs to cross
// gRPC with nothing else to do: a QueryData server in this process whose
// answer is one frame of that many bytes, encoded already, and a client
// with grpc-go's defaults (the receive limit raised, as go-plugin does)
// over a unix socket, as go-plugin connects Grafana to a plugin on Linux
// and macOS. Each call includes the protobuf decoding of the message, not
// the frame's. docs/benchmarks.md compares BenchmarkGRPC's answers with it.
// The last case gives the client 16 MiB HTTP/2 windows (grpc-go starts at
// 64 KiB and grows them), to tell the crossing from its flow control.
func BenchmarkGRPCTransfer(b *testing.B) {
	for _, c := range []struct {
		mb     int
		window int32 // the client's initial stream and connection windows; 0: grpc-go's own
	}{{1, 0}, {5, 0}, {10, 0}, {10, 16 << 20}} {
		name := fmt.Sprintf("%dMiB", c.mb)
		if c.window > 0 {
			name += fmt.Sprintf("_windows%dMiB", c.window>>20)
		}
		mb := c.mb
		b.Run(name, func(b *testing.B) {
			ln, err := net.Listen("unix", filepath.Join(b.TempDir(), "plugin.sock"))
			if err != nil {
				b.Fatal(err)
			}
			srv := grpc.NewServer()
			pluginv2.RegisterDataServer(srv, fixedAnswer{frame: make([]byte, mb<<20)})
			go func() { _ = srv.Serve(ln) }()
			defer srv.Stop()
			opts := []grpc.DialOption{grpc.WithTransportCredentials(insecure.NewCredentials()),
				grpc.WithDefaultCallOptions(grpc.MaxCallRecvMsgSize(math.MaxInt32))}
			if c.window > 0 {
				opts = append(opts, grpc.WithInitialWindowSize(c.window), grpc.WithInitialConnWindowSize(c.window))
			}
			conn, err := grpc.NewClient("unix://"+ln.Addr().String(), opts...)
			if err != nil {
				b.Fatal(err)
			}
			defer conn.Close()
			client := pluginv2.NewDataClient(conn)
			var took []time.Duration
			b.ResetTimer()
			for range b.N {
				start := time.Now()
				if _, err := client.QueryData(context.Background(), &pluginv2.QueryDataRequest{}); err != nil {
					b.Fatal(err)
				}
				took = append(took, time.Since(start))
			}
			med := float64(median(took)) / float64(time.Millisecond)
			b.ReportMetric(med, "median-ms")
			b.ReportMetric(med/float64(mb), "ms-per-MiB")
		})
	}
}
