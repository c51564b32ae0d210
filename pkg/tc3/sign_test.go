package tc3

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
)

// Official API 3.0 TC3-HMAC-SHA256 vectors: VENDOR-APIS.md B.4 (QD-go-api POST
// example, ICD-v3 GET example) and the SCF GetFunctionLogs vectors derived
// there from tencentcloud-sdk-go.
func TestSignVendorVectors(t *testing.T) {
	const id, key = "AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE", "Gu5t9xGARNpq86cd98joQYCN3EXAMPLE"
	cases := []struct {
		name string
		req  Request
		sig  string
	}{
		{"B.4 official POST (QD-go-api)", Request{
			Method: "POST", Host: "cvm.tencentcloudapi.com", ContentType: "application/json; charset=utf-8",
			Payload: []byte(`{"Limit": 1, "Filters": [{"Values": ["\u672a\u547d\u540d"], "Name": "instance-name"}]}`),
			Service: "cvm", Timestamp: 1551113065,
		}, "72e494ea809ad7a8c8f7a4507b9bddcbaa8e581f516e8da2f66e2c5a96525168"},
		{"B.4 official GET (ICD-v3)", Request{
			Method: "GET", Host: "cvm.tencentcloudapi.com", CanonicalQuery: "Limit=10&Offset=0",
			ContentType: "application/x-www-form-urlencoded", Service: "cvm", Timestamp: 1539084154,
		}, "5da7a33f6993f0614b047e5df4582db9e9bf4672ba50567dba16c6ccf174c474"},
		{"B.4 derived SCF GetFunctionLogs POST", Request{
			Method: "POST", Host: "scf.tencentcloudapi.com", ContentType: "application/json",
			Payload: []byte(`{"FunctionName":"my-func","Offset":0,"Limit":20,"Order":"desc","OrderBy":"start_time","Filter":{"RetCode":"not0"},"Namespace":"default","StartTime":"2017-05-16 20:00:00","EndTime":"2017-05-16 20:59:59"}`),
			Service: "scf", Timestamp: 1795386072,
		}, "83871d8292b5bfe836d8a03595583c8864ab776dd7c329c604c53d8c1eb02170"},
		// tencentcloud-sdk-go signs GET requests with the form content type.
		{"B.4 derived SCF GetFunctionLogs GET", Request{
			Method: "GET", Host: "scf.tencentcloudapi.com", ContentType: "application/x-www-form-urlencoded",
			CanonicalQuery: "EndTime=2017-05-16+20%3A59%3A59&Filter.RetCode=not0&FunctionName=my-func&Limit=20&Namespace=default&Offset=0&Order=desc&OrderBy=start_time&StartTime=2017-05-16+20%3A00%3A00",
			Service:        "scf", Timestamp: 1795386072,
		}, "19db4032a54961b0d985cd5af8bc75e23ff49e3571cfe2bc929b96bd0ab69ebd"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			auth := Sign(id, key, c.req)
			assert.True(t, strings.HasSuffix(auth, ", Signature="+c.sig), auth)
			assert.True(t, strings.HasPrefix(auth, "TC3-HMAC-SHA256 Credential="+id+"/"), auth)
			assert.Contains(t, auth, "SignedHeaders=content-type;host,")
		})
	}
}

// The credential date is the UTC date: 1551113065 is 2019-02-25 in UTC but
// already 02-26 in Beijing (VENDOR-APIS.md B.4).
func TestSignUsesUTCDate(t *testing.T) {
	auth := Sign("id", "key", Request{Method: "POST", Host: "h", ContentType: "application/json", Service: "cvm", Timestamp: 1551113065})
	assert.Contains(t, auth, "Credential=id/2019-02-25/cvm/tc3_request")
}

// The scope carries the service given, whatever the host: a CLS call to the
// international host still signs as "cls" (CLS.md §5).
func TestSignScopesTheServiceNotTheHost(t *testing.T) {
	r := Request{Method: "POST", Host: "cls.intl.tencentcloudapi.com", ContentType: "application/json", Payload: []byte(`{}`), Service: "cls", Timestamp: 1795386072}
	auth := Sign("id", "key", r)
	assert.Contains(t, auth, "Credential=id/2026-11-22/cls/tc3_request")
	r.Service = "scf"
	assert.NotEqual(t, auth, Sign("id", "key", r))
}
