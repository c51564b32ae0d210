package sdkconformance

import (
	"errors"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/tencentcloud/tencentcloud-sdk-go/tencentcloud/common"
	tcerr "github.com/tencentcloud/tencentcloud-sdk-go/tencentcloud/common/errors"
	tchttp "github.com/tencentcloud/tencentcloud-sdk-go/tencentcloud/common/http"

	"github.com/logbridge/cloudlogs/pkg/emulator"
	"github.com/logbridge/cloudlogs/pkg/emulator/clsemu"
	"github.com/logbridge/cloudlogs/pkg/emulator/scfemu"
)

// CLS API 3.0 (cls 2020-10-16) request and response shapes, declared from
// shared/CLS.md 2 after the SDK's cls/v20201016 models.

func clsRequest[T any](r *T, base **tchttp.BaseRequest, action string) *T {
	return newRequest(r, base, "cls", "2020-10-16", action)
}

type searchLogRequest struct {
	*tchttp.BaseRequest
	From           *int64  `json:"From,omitempty" name:"From"`
	To             *int64  `json:"To,omitempty" name:"To"`
	Query          *string `json:"Query,omitempty" name:"Query"`
	SyntaxRule     *uint64 `json:"SyntaxRule,omitempty" name:"SyntaxRule"`
	TopicId        *string `json:"TopicId,omitempty" name:"TopicId"`
	Sort           *string `json:"Sort,omitempty" name:"Sort"`
	Limit          *int64  `json:"Limit,omitempty" name:"Limit"`
	Context        *string `json:"Context,omitempty" name:"Context"`
	UseNewAnalysis *bool   `json:"UseNewAnalysis,omitempty" name:"UseNewAnalysis"`
}

type logInfo struct {
	Time                                                  *int64
	TopicId, TopicName, Source, FileName, PkgId, PkgLogId *string
	LogJson, HostName                                     *string
}

type searchLogResponse struct {
	*tchttp.BaseResponse
	Response *struct {
		Context         *string
		ListOver        *bool
		Analysis        *bool
		ColNames        []*string
		Results         []*logInfo
		AnalysisRecords []*string
		Columns         []*struct{ Name, Type *string }
		RequestId       *string
	} `json:"Response"`
}

type logContextRequest struct {
	*tchttp.BaseRequest
	TopicId  *string `json:"TopicId,omitempty" name:"TopicId"`
	BTime    *string `json:"BTime,omitempty" name:"BTime"`
	PkgId    *string `json:"PkgId,omitempty" name:"PkgId"`
	PkgLogId *int64  `json:"PkgLogId,omitempty" name:"PkgLogId"`
	PrevLogs *int64  `json:"PrevLogs,omitempty" name:"PrevLogs"`
	NextLogs *int64  `json:"NextLogs,omitempty" name:"NextLogs"`
}

type logContextResponse struct {
	*tchttp.BaseResponse
	Response *struct {
		LogContextInfos []*struct {
			PkgId    *string
			PkgLogId *int64
			BTime    *int64
			Content  *string
		}
		PrevOver, NextOver *bool
	} `json:"Response"`
}

type histogramRequest struct {
	*tchttp.BaseRequest
	From       *int64  `json:"From,omitempty" name:"From"`
	To         *int64  `json:"To,omitempty" name:"To"`
	Query      *string `json:"Query,omitempty" name:"Query"`
	TopicId    *string `json:"TopicId,omitempty" name:"TopicId"`
	Interval   *int64  `json:"Interval,omitempty" name:"Interval"`
	SyntaxRule *uint64 `json:"SyntaxRule,omitempty" name:"SyntaxRule"`
}

type histogramResponse struct {
	*tchttp.BaseResponse
	Response *struct {
		Interval       *int64
		TotalCount     *int64
		HistogramInfos []*struct{ Count, BTime *int64 }
	} `json:"Response"`
}

type filter struct {
	Key    *string   `json:"Key,omitempty" name:"Key"`
	Values []*string `json:"Values,omitempty" name:"Values"`
}

type describeRequest struct {
	*tchttp.BaseRequest
	Filters []*filter `json:"Filters,omitempty" name:"Filters"`
	Limit   *int64    `json:"Limit,omitempty" name:"Limit"`
}

type topicsResponse struct {
	*tchttp.BaseResponse
	Response *struct {
		Topics []*struct {
			LogsetId, TopicId, TopicName, AssumerName, CreateTime *string
			Index                                                 *bool
			Period                                                *int64
		}
		TotalCount *int64
	} `json:"Response"`
}

type logsetsResponse struct {
	*tchttp.BaseResponse
	Response *struct {
		Logsets []*struct {
			LogsetId, LogsetName, AssumerName *string
			TopicCount                        *int64
		}
		TotalCount *int64
	} `json:"Response"`
}

type indexRequest struct {
	*tchttp.BaseRequest
	TopicId *string `json:"TopicId,omitempty" name:"TopicId"`
}

type indexResponse struct {
	*tchttp.BaseResponse
	Response *struct {
		TopicId *string
		Status  *bool
		Rule    *struct {
			FullText *struct {
				CaseSensitive *bool
				Tokenizer     *string
			}
			KeyValue *struct {
				CaseSensitive *bool
				KeyValues     []*struct {
					Key   *string
					Value *struct {
						Type, Tokenizer *string
						SqlFlag         *bool
					}
				}
			}
		}
	} `json:"Response"`
}

type getFunctionRequest struct {
	*tchttp.BaseRequest
	FunctionName *string `json:"FunctionName,omitempty" name:"FunctionName"`
	Namespace    *string `json:"Namespace,omitempty" name:"Namespace"`
	Qualifier    *string `json:"Qualifier,omitempty" name:"Qualifier"`
	ShowCode     *string `json:"ShowCode,omitempty" name:"ShowCode"`
}

type getFunctionResponse struct {
	*tchttp.BaseResponse
	Response *struct {
		FunctionName, Namespace, Runtime, Status, ClsLogsetId, ClsTopicId, Type *string
		MemorySize                                                              *int64
	} `json:"Response"`
}

func TestTencentCloudSDKTalksToTheCLSEmulator(t *testing.T) {
	now := time.Now()
	e, err := emulator.Start(emulator.Config{KeyID: keyID, KeySecret: keySecret, SLSLogs: 1000, SCFInvocations: 500, CLSLogs: 2000, Days: 1})
	require.NoError(t, err)
	t.Cleanup(e.Close)
	addr := strings.TrimPrefix(e.CLSURL, "http://")
	scfAddr := strings.TrimPrefix(e.SCFURL, "http://")
	start := now.Add(-10 * time.Minute).Truncate(time.Millisecond)
	require.NoError(t, e.SCF.AddInvocations(scfemu.Invocation{FunctionName: "hello-node", RequestID: "sdk-run", Start: start, Duration: 3.5, MemUsage: 9 << 20,
		Log: "START RequestId: sdk-run\n" + start.UTC().Format("2006-01-02T15:04:05.000Z") + "\tsdk-run\thi\nEND RequestId: sdk-run\nReport RequestId: sdk-run Duration: 3.50 ms\n"}))
	from, to := now.Add(-time.Hour).UnixMilli(), now.Add(time.Minute).UnixMilli()

	for _, method := range []string{"POST", "GET"} {
		t.Run(method, func(t *testing.T) {
			c := sdkClient(t, addr, method, keySecret)

			// Raw logs, paged with Context.
			seen := map[string]bool{}
			var ctx *string
			for page := 0; page < 3; page++ {
				req := &searchLogRequest{From: &from, To: &to, TopicId: common.StringPtr(clsemu.DemoAppTopicID), Limit: common.Int64Ptr(20),
					Query: common.StringPtr("status:>=200"), Context: ctx}
				clsRequest(req, &req.BaseRequest, "SearchLog")
				resp := &searchLogResponse{}
				require.NoError(t, c.Send(req, resp))
				require.Len(t, resp.Response.Results, 20)
				assert.False(t, *resp.Response.ListOver)
				for _, r := range resp.Response.Results {
					assert.Equal(t, clsemu.DemoAppTopicName, *r.TopicName)
					seen[*r.PkgId+"/"+*r.PkgLogId] = true
				}
				ctx = resp.Response.Context
			}
			assert.Len(t, seen, 60, "pages do not overlap")

			// The run added to SCF, through SQL.
			sqlReq := &searchLogRequest{From: &from, To: &to, TopicId: common.StringPtr(clsemu.DemoSCFTopicID), SyntaxRule: common.Uint64Ptr(1),
				UseNewAnalysis: common.BoolPtr(true),
				Query:          common.StringPtr(`SCF_RequestId:"sdk-run" | select SCF_RequestId as requestId, max(try_cast(SCF_Duration as double)) as duration, count(*) as lines group by SCF_RequestId`)}
			clsRequest(sqlReq, &sqlReq.BaseRequest, "SearchLog")
			sqlResp := &searchLogResponse{}
			require.NoError(t, c.Send(sqlReq, sqlResp))
			assert.True(t, *sqlResp.Response.Analysis)
			require.Len(t, sqlResp.Response.AnalysisRecords, 1)
			assert.JSONEq(t, `{"requestId":"sdk-run","duration":3.5,"lines":4}`, *sqlResp.Response.AnalysisRecords[0])
			require.Len(t, sqlResp.Response.Columns, 3)
			assert.Equal(t, "double", *sqlResp.Response.Columns[1].Type)

			// Context of the run's START line.
			raw := &searchLogRequest{From: &from, To: &to, TopicId: common.StringPtr(clsemu.DemoSCFTopicID), SyntaxRule: common.Uint64Ptr(1),
				Query: common.StringPtr(`SCF_RequestId:"sdk-run"`), Sort: common.StringPtr("asc")}
			clsRequest(raw, &raw.BaseRequest, "SearchLog")
			rawResp := &searchLogResponse{}
			require.NoError(t, c.Send(raw, rawResp))
			require.Len(t, rawResp.Response.Results, 4)
			first := rawResp.Response.Results[0]
			logID, _ := strconv.ParseInt(*first.PkgLogId, 10, 64)
			cr := &logContextRequest{TopicId: common.StringPtr(clsemu.DemoSCFTopicID), PkgId: first.PkgId, PkgLogId: &logID,
				BTime:    common.StringPtr(time.UnixMilli(*first.Time).In(time.FixedZone("UTC+8", 8*3600)).Format("2006-01-02 15:04:05.000")),
				PrevLogs: common.Int64Ptr(0), NextLogs: common.Int64Ptr(2)}
			clsRequest(cr, &cr.BaseRequest, "DescribeLogContext")
			ctxResp := &logContextResponse{}
			require.NoError(t, c.Send(cr, ctxResp))
			require.Len(t, ctxResp.Response.LogContextInfos, 3)
			assert.Equal(t, *first.Time, *ctxResp.Response.LogContextInfos[0].BTime)

			hr := &histogramRequest{From: &from, To: &to, TopicId: common.StringPtr(clsemu.DemoAppTopicID), Interval: common.Int64Ptr(60_000), Query: common.StringPtr("*")}
			clsRequest(hr, &hr.BaseRequest, "DescribeLogHistogram")
			hist := &histogramResponse{}
			require.NoError(t, c.Send(hr, hist))
			assert.EqualValues(t, 60_000, *hist.Response.Interval)
			var sum int64
			for _, h := range hist.Response.HistogramInfos {
				sum += *h.Count
			}
			assert.Equal(t, *hist.Response.TotalCount, sum)
			assert.Positive(t, sum)

			dt := &describeRequest{Filters: []*filter{{Key: common.StringPtr("topicName"), Values: []*string{common.StringPtr("SCF_logtopic")}}}, Limit: common.Int64Ptr(100)}
			clsRequest(dt, &dt.BaseRequest, "DescribeTopics")
			topics := &topicsResponse{}
			require.NoError(t, c.Send(dt, topics))
			require.Len(t, topics.Response.Topics, 1)
			assert.Equal(t, clsemu.DemoSCFTopicID, *topics.Response.Topics[0].TopicId)
			assert.Equal(t, "SCF", *topics.Response.Topics[0].AssumerName)

			dl := &describeRequest{}
			clsRequest(dl, &dl.BaseRequest, "DescribeLogsets")
			logsets := &logsetsResponse{}
			require.NoError(t, c.Send(dl, logsets))
			assert.EqualValues(t, 2, *logsets.Response.TotalCount)

			ir := &indexRequest{TopicId: common.StringPtr(clsemu.DemoAppTopicID)}
			clsRequest(ir, &ir.BaseRequest, "DescribeIndex")
			ix := &indexResponse{}
			require.NoError(t, c.Send(ir, ix))
			assert.True(t, *ix.Response.Status)
			types := map[string]string{}
			for _, kv := range ix.Response.Rule.KeyValue.KeyValues {
				types[*kv.Key] = *kv.Value.Type
			}
			assert.Equal(t, "long", types["status"])
			assert.Equal(t, "double", types["request_time"])

			missing := &indexRequest{TopicId: common.StringPtr("no-such-topic")}
			clsRequest(missing, &missing.BaseRequest, "DescribeIndex")
			err := c.Send(missing, &indexResponse{})
			var sdkErr *tcerr.TencentCloudSDKError
			require.True(t, errors.As(err, &sdkErr), "%v", err)
			assert.Equal(t, "ResourceNotFound.TopicNotExist", sdkErr.Code)

			sc := sdkClient(t, scfAddr, method, keySecret)
			gf := &getFunctionRequest{FunctionName: common.StringPtr("hello-node"), ShowCode: common.StringPtr("FALSE")}
			scfRequest(gf, &gf.BaseRequest, "GetFunction")
			fn := &getFunctionResponse{}
			require.NoError(t, sc.Send(gf, fn))
			assert.Equal(t, clsemu.DemoSCFTopicID, *fn.Response.ClsTopicId)
			assert.Equal(t, clsemu.DemoSCFLogsetID, *fn.Response.ClsLogsetId)
			assert.Equal(t, "Nodejs12.16", *fn.Response.Runtime)
			nt := &getFunctionRequest{FunctionName: common.StringPtr(scfemu.NoTopicFunction), Namespace: common.StringPtr(scfemu.NoTopicNamespace)}
			scfRequest(nt, &nt.BaseRequest, "GetFunction")
			noTopic := &getFunctionResponse{}
			require.NoError(t, sc.Send(nt, noTopic))
			assert.Equal(t, "", *noTopic.Response.ClsTopicId)
		})
	}
}
