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
	tchttp "github.com/tencentcloud/tencentcloud-sdk-go/tencentcloud/common/http"
	"github.com/tencentcloud/tencentcloud-sdk-go/tencentcloud/common/profile"

	"github.com/logbridge/cloudlogs/pkg/emulator/scfemu"
)

// The per-product scf and cls modules of tencentcloud-sdk-go are not
// served by the module proxy here; the SDK's common module is, and its
// common.Client signs (TC3-HMAC-SHA256), sends (POST JSON or GET query,
// flattened by the "name" tags) and decodes any action given a request and
// a response shaped like the SDK's generated models. The structs below
// are declared from shared/VENDOR-APIS.md B and shared/CLS.md.

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
	return serve(t, srv)
}

func serve(t *testing.T, h http.Handler) string {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	hs := &http.Server{Handler: h, ReadHeaderTimeout: 5 * time.Second}
	go func() { _ = hs.Serve(ln) }()
	t.Cleanup(func() { _ = hs.Close() })
	return ln.Addr().String()
}

func sdkClient(t *testing.T, addr, method, secret string) *common.Client {
	t.Helper()
	cpf := profile.NewClientProfile()
	cpf.HttpProfile.Endpoint = addr
	cpf.HttpProfile.Scheme = "HTTP"
	cpf.HttpProfile.ReqMethod = method
	return common.NewCommonClient(common.NewCredential(keyID, secret), "ap-guangzhou", cpf)
}

// newRequest initialises a declared request for an action.
func newRequest[T any](r *T, base **tchttp.BaseRequest, service, version, action string) *T {
	*base = &tchttp.BaseRequest{}
	(*base).Init().WithApiInfo(service, version, action)
	return r
}

type getFunctionLogsRequest struct {
	*tchttp.BaseRequest
	FunctionName *string `json:"FunctionName,omitempty" name:"FunctionName"`
	Offset       *int64  `json:"Offset,omitempty" name:"Offset"`
	Limit        *int64  `json:"Limit,omitempty" name:"Limit"`
	Order        *string `json:"Order,omitempty" name:"Order"`
	OrderBy      *string `json:"OrderBy,omitempty" name:"OrderBy"`
	Filter       *struct {
		RetCode *string `json:"RetCode,omitempty" name:"RetCode"`
	} `json:"Filter,omitempty" name:"Filter"`
	StartTime *string `json:"StartTime,omitempty" name:"StartTime"`
	EndTime   *string `json:"EndTime,omitempty" name:"EndTime"`
}

type getFunctionLogsResponse struct {
	*tchttp.BaseResponse
	Response *struct {
		TotalCount *int64
		Data       []struct {
			FunctionName *string
			RetCode      *int64
			Duration     *float64
			Log          *string
		}
		RequestId *string
	} `json:"Response"`
}

type listRequest struct {
	*tchttp.BaseRequest
	Limit *int64 `json:"Limit,omitempty" name:"Limit"`
}

type listFunctionsResponse struct {
	*tchttp.BaseResponse
	Response *struct {
		Functions  []struct{ FunctionName *string }
		TotalCount *int64
		RequestId  *string
	} `json:"Response"`
}

type listNamespacesResponse struct {
	*tchttp.BaseResponse
	Response *struct {
		TotalCount *int64
		RequestId  *string
	} `json:"Response"`
}

func scfRequest[T any](r *T, base **tchttp.BaseRequest, action string) *T {
	return newRequest(r, base, "scf", "2018-04-16", action)
}

// tencentcloud-sdk-go signs with TC3-HMAC-SHA256 (POST JSON and GET query)
// and decodes {"Response": ...}; the emulator must satisfy it unchanged.
func TestTencentCloudSDKTalksToTheEmulator(t *testing.T) {
	addr := startSCF(t)
	for _, method := range []string{"POST", "GET"} {
		t.Run(method, func(t *testing.T) {
			c := sdkClient(t, addr, method, keySecret)

			req := &getFunctionLogsRequest{}
			scfRequest(req, &req.BaseRequest, "GetFunctionLogs")
			req.FunctionName = common.StringPtr("flaky-worker")
			req.Limit = common.Int64Ptr(5)
			req.Order = common.StringPtr("desc")
			req.OrderBy = common.StringPtr("duration")
			req.Filter = &struct {
				RetCode *string `json:"RetCode,omitempty" name:"RetCode"`
			}{RetCode: common.StringPtr("not0")}
			now := time.Now().In(time.FixedZone("CST", 8*3600))
			req.StartTime = common.StringPtr(now.Add(-23 * time.Hour).Format("2006-01-02 15:04:05"))
			req.EndTime = common.StringPtr(now.Format("2006-01-02 15:04:05"))
			resp := &getFunctionLogsResponse{}
			require.NoError(t, c.Send(req, resp))
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

			lf := &listRequest{}
			scfRequest(lf, &lf.BaseRequest, "ListFunctions")
			fns := &listFunctionsResponse{}
			require.NoError(t, c.Send(lf, fns))
			assert.Equal(t, int64(5), *fns.Response.TotalCount, "five functions in namespace default")
			names := map[string]bool{}
			for _, f := range fns.Response.Functions {
				names[*f.FunctionName] = true
			}
			assert.True(t, names["hello-node"] && names["order-api"], "%v", names)

			ln := &listRequest{}
			scfRequest(ln, &ln.BaseRequest, "ListNamespaces")
			ns := &listNamespacesResponse{}
			require.NoError(t, c.Send(ln, ns))
			assert.Equal(t, int64(2), *ns.Response.TotalCount)

			missing := &getFunctionLogsRequest{}
			scfRequest(missing, &missing.BaseRequest, "GetFunctionLogs")
			missing.FunctionName = common.StringPtr("no-such-function")
			err := c.Send(missing, &getFunctionLogsResponse{})
			var sdkErr *tcerr.TencentCloudSDKError
			require.True(t, errors.As(err, &sdkErr), "%v", err)
			assert.Equal(t, "ResourceNotFound.Function", sdkErr.Code)
			assert.NotEmpty(t, sdkErr.RequestId)
		})
	}

	ln := &listRequest{}
	scfRequest(ln, &ln.BaseRequest, "ListNamespaces")
	err := sdkClient(t, addr, "POST", "wrong-secret").Send(ln, &listNamespacesResponse{})
	var sdkErr *tcerr.TencentCloudSDKError
	require.True(t, errors.As(err, &sdkErr), "%v", err)
	assert.Equal(t, "AuthFailure.SignatureFailure", sdkErr.Code)
}
