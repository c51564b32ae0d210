package sdkconformance

import (
	"errors"
	"net"
	"net/http"
	"sort"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/tencentcloud/tencentcloud-sdk-go/tencentcloud/common"
	tcerr "github.com/tencentcloud/tencentcloud-sdk-go/tencentcloud/common/errors"
	"github.com/tencentcloud/tencentcloud-sdk-go/tencentcloud/common/profile"
	scf "github.com/tencentcloud/tencentcloud-sdk-go/tencentcloud/scf/v20180416"

	"github.com/logbridge/cloudlogs/pkg/emulator/scfemu"
)

const (
	keyID     = "AKIDconformance"
	keySecret = "conformance-secret"
)

func startSCF(t *testing.T) string {
	t.Helper()
	loc, err := time.LoadLocation("Asia/Shanghai")
	require.NoError(t, err)
	srv, err := scfemu.New(scfemu.Config{KeyID: keyID, KeySecret: keySecret, Seed: 7, Invocations: 5000, Days: 2, Location: loc, RequestsPerSecond: -1}, nil)
	require.NoError(t, err)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	hs := &http.Server{Handler: srv, ReadHeaderTimeout: 5 * time.Second}
	go func() { _ = hs.Serve(ln) }()
	t.Cleanup(func() { _ = hs.Close() })
	return ln.Addr().String()
}

func sdkClient(t *testing.T, addr, method, secret string) *scf.Client {
	t.Helper()
	cpf := profile.NewClientProfile()
	cpf.HttpProfile.Endpoint = addr
	cpf.HttpProfile.Scheme = "HTTP"
	cpf.HttpProfile.ReqMethod = method
	c, err := scf.NewClient(common.NewCredential(keyID, secret), "ap-guangzhou", cpf)
	require.NoError(t, err)
	return c
}

// tencentcloud-sdk-go signs with TC3-HMAC-SHA256 (POST JSON and GET query)
// and decodes {"Response": ...}; the emulator must satisfy it unchanged.
func TestTencentCloudSDKTalksToTheEmulator(t *testing.T) {
	addr := startSCF(t)
	for _, method := range []string{"POST", "GET"} {
		t.Run(method, func(t *testing.T) {
			c := sdkClient(t, addr, method, keySecret)

			req := scf.NewGetFunctionLogsRequest()
			req.FunctionName = common.StringPtr("flaky-worker")
			req.Limit = common.Int64Ptr(5)
			req.Order = common.StringPtr("desc")
			req.OrderBy = common.StringPtr("duration")
			req.Filter = &scf.LogFilter{RetCode: common.StringPtr("not0")}
			now := time.Now().In(time.FixedZone("CST", 8*3600))
			req.StartTime = common.StringPtr(now.Add(-23 * time.Hour).Format("2006-01-02 15:04:05"))
			req.EndTime = common.StringPtr(now.Format("2006-01-02 15:04:05"))
			resp, err := c.GetFunctionLogs(req)
			require.NoError(t, err)
			require.NotNil(t, resp.Response.TotalCount)
			assert.Greater(t, *resp.Response.TotalCount, int64(5), "flaky-worker fails often over a day")
			require.Len(t, resp.Response.Data, 5)
			var durations []float64
			for _, d := range resp.Response.Data {
				assert.Equal(t, "flaky-worker", *d.FunctionName)
				assert.NotZero(t, *d.RetCode, "filter not0 returns failures only")
				assert.NotEmpty(t, *d.Log)
				durations = append(durations, *d.Duration)
			}
			assert.True(t, sort.SliceIsSorted(durations, func(i, j int) bool { return durations[i] > durations[j] }), "ordered by duration, descending: %v", durations)
			assert.NotEmpty(t, *resp.Response.RequestId)

			fns, err := c.ListFunctions(scf.NewListFunctionsRequest())
			require.NoError(t, err)
			assert.Equal(t, int64(5), *fns.Response.TotalCount, "five functions in namespace default")
			names := map[string]bool{}
			for _, f := range fns.Response.Functions {
				names[*f.FunctionName] = true
			}
			assert.True(t, names["hello-node"] && names["order-api"], "%v", names)

			ns, err := c.ListNamespaces(scf.NewListNamespacesRequest())
			require.NoError(t, err)
			assert.Equal(t, int64(2), *ns.Response.TotalCount)

			missing := scf.NewGetFunctionLogsRequest()
			missing.FunctionName = common.StringPtr("no-such-function")
			_, err = c.GetFunctionLogs(missing)
			var sdkErr *tcerr.TencentCloudSDKError
			require.True(t, errors.As(err, &sdkErr), "%v", err)
			assert.Equal(t, "ResourceNotFound.Function", sdkErr.Code)
			assert.NotEmpty(t, sdkErr.RequestId)
		})
	}

	_, err := sdkClient(t, addr, "POST", "wrong-secret").ListNamespaces(scf.NewListNamespacesRequest())
	var sdkErr *tcerr.TencentCloudSDKError
	require.True(t, errors.As(err, &sdkErr), "%v", err)
	assert.Equal(t, "AuthFailure.SignatureFailure", sdkErr.Code)
}
