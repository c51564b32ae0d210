package tc3verify

import (
	"crypto/sha256"
	"encoding/hex"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const (
	exampleSecretID  = "AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE"
	exampleSecretKey = "Gu5t9xGARNpq86cd98joQYCN3EXAMPLE"
)

// Official POST vector of the signature v3 doc (QD-go-api in
// /work/shared/VENDOR-APIS.md B.4; tencentyun/qcloud-documents
// product/云资源管理/云API/操作指南/GO_API.md @24b5faf5 and
// https://cloud.tencent.com/document/api/213/30654 with the unmasked key).
func TestTC3OfficialPostVector(t *testing.T) {
	in := Input{
		Method:      "POST",
		Headers:     map[string]string{"content-type": "application/json; charset=utf-8", "host": "cvm.tencentcloudapi.com"},
		Payload:     []byte(`{"Limit": 1, "Filters": [{"Values": ["\u672a\u547d\u540d"], "Name": "instance-name"}]}`),
		Timestamp:   1551113065,
		Service:     "cvm",
		SecretKey:   exampleSecretKey,
		SignedNames: []string{"content-type", "host"},
	}
	payload := sha256.Sum256(in.Payload)
	assert.Equal(t, "35e9c5b0e3ae67532d3c9f17ead6c90222632e5b1ff7f6e89887f1398934f064", hex.EncodeToString(payload[:]))
	canonical := sha256.Sum256([]byte(CanonicalRequest(in)))
	assert.Equal(t, "5ffe6a04c0664d6b969fab9a13bdab201d63ee709638e2749d62a09ca18d7031", hex.EncodeToString(canonical[:]))
	assert.Equal(t, "2019-02-25", Date(in.Timestamp), "the scope date is the UTC date, not Beijing's 02-26")
	assert.Equal(t, "72e494ea809ad7a8c8f7a4507b9bddcbaa8e581f516e8da2f66e2c5a96525168", Signature(in))
}

// Official GET vector (ICD-v3: tencentyun/intlcloud-documents @3a7e0820
// product/计算/无服务器云函数/API文档/调用方式/接口鉴权 v3_intl.md), computed with the
// host cvm.tencentcloudapi.com (the page's printed host is a typo, see B.4).
func TestTC3OfficialGetVector(t *testing.T) {
	in := Input{
		Method:      "GET",
		Query:       "Limit=10&Offset=0",
		Headers:     map[string]string{"content-type": "application/x-www-form-urlencoded", "host": "cvm.tencentcloudapi.com"},
		Timestamp:   1539084154,
		Service:     "cvm",
		SecretKey:   exampleSecretKey,
		SignedNames: []string{"content-type", "host"},
	}
	canonical := sha256.Sum256([]byte(CanonicalRequest(in)))
	assert.Equal(t, "91c9c192c14460df6c1ffc69e34e6c5e90708de2a6d282cccf957dbf1aa7f3a7", hex.EncodeToString(canonical[:]))
	assert.Equal(t, "5da7a33f6993f0614b047e5df4582db9e9bf4672ba50567dba16c6ccf174c474", Signature(in))
}

// Derived SCF vectors (VENDOR-APIS B.4 [VECTOR-DERIVED]): tencentcloud-sdk-go
// @144f6c8d signing GetFunctionLogs for scf.tencentcloudapi.com, no network.
func TestTC3DerivedSCFVectors(t *testing.T) {
	post := Input{
		Method:      "POST",
		Headers:     map[string]string{"content-type": "application/json", "host": "scf.tencentcloudapi.com"},
		Payload:     []byte(`{"FunctionName":"my-func","Offset":0,"Limit":20,"Order":"desc","OrderBy":"start_time","Filter":{"RetCode":"not0"},"Namespace":"default","StartTime":"2017-05-16 20:00:00","EndTime":"2017-05-16 20:59:59"}`),
		Timestamp:   1795386072,
		Service:     "scf",
		SecretKey:   exampleSecretKey,
		SignedNames: []string{"content-type", "host"},
	}
	assert.Equal(t, "2026-11-22", Date(post.Timestamp))
	assert.Equal(t, "83871d8292b5bfe836d8a03595583c8864ab776dd7c329c604c53d8c1eb02170", Signature(post))

	get := post
	get.Method = "GET"
	get.Payload = nil
	get.Headers = map[string]string{"content-type": "application/x-www-form-urlencoded", "host": "scf.tencentcloudapi.com"}
	get.Query = "EndTime=2017-05-16+20%3A59%3A59&Filter.RetCode=not0&FunctionName=my-func&Limit=20&Namespace=default&Offset=0&Order=desc&OrderBy=start_time&StartTime=2017-05-16+20%3A00%3A00"
	assert.Equal(t, "19db4032a54961b0d985cd5af8bc75e23ff49e3571cfe2bc929b96bd0ab69ebd", Signature(get))
}

func TestParseAuthorization(t *testing.T) {
	a, err := ParseAuthorization("TC3-HMAC-SHA256 Credential=AKIDx/2019-02-25/cvm/tc3_request, SignedHeaders=content-type;host, Signature=abc")
	require.NoError(t, err)
	assert.Equal(t, Authorization{SecretID: "AKIDx", Date: "2019-02-25", Service: "cvm", SignedHeaders: []string{"content-type", "host"}, Signature: "abc"}, a)

	for _, bad := range []string{
		"",
		"HMAC-SHA256 Credential=a/b/c/tc3_request, SignedHeaders=host, Signature=x",
		"TC3-HMAC-SHA256 Credential=a/b/tc3_request, SignedHeaders=host, Signature=x",
		"TC3-HMAC-SHA256 Credential=a/b/c/tc3_request, Signature=x",
		"TC3-HMAC-SHA256 Credential=a/b/c/tc3_request, SignedHeaders=host",
		"TC3-HMAC-SHA256 garbage",
	} {
		_, err := ParseAuthorization(bad)
		assert.Error(t, err, bad)
	}
}
