package scf

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
)

// Official API 3.0 TC3-HMAC-SHA256 vectors: VENDOR-APIS.md B.4 (QD-go-api POST
// example, ICD-v3 GET example) and the SCF GetFunctionLogs vectors derived
// there from tencentcloud-sdk-go.
func TestSignTC3VendorVectors(t *testing.T) {
	const id, key = "AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE", "Gu5t9xGARNpq86cd98joQYCN3EXAMPLE"
	cases := []struct {
		name string
		req  TC3Request
		sig  string
	}{
		{"B.4 official POST (QD-go-api)", TC3Request{
			Method: "POST", Host: "cvm.tencentcloudapi.com", ContentType: "application/json; charset=utf-8",
			Payload: []byte(`{"Limit": 1, "Filters": [{"Values": ["\u672a\u547d\u540d"], "Name": "instance-name"}]}`),
			Service: "cvm", Timestamp: 1551113065,
		}, "72e494ea809ad7a8c8f7a4507b9bddcbaa8e581f516e8da2f66e2c5a96525168"},
		{"B.4 official GET (ICD-v3)", TC3Request{
			Method: "GET", Host: "cvm.tencentcloudapi.com", CanonicalQuery: "Limit=10&Offset=0",
			ContentType: "application/x-www-form-urlencoded", Service: "cvm", Timestamp: 1539084154,
		}, "5da7a33f6993f0614b047e5df4582db9e9bf4672ba50567dba16c6ccf174c474"},
		{"B.4 derived SCF GetFunctionLogs POST", TC3Request{
			Method: "POST", Host: "scf.tencentcloudapi.com", ContentType: "application/json",
			Payload: []byte(`{"FunctionName":"my-func","Offset":0,"Limit":20,"Order":"desc","OrderBy":"start_time","Filter":{"RetCode":"not0"},"Namespace":"default","StartTime":"2017-05-16 20:00:00","EndTime":"2017-05-16 20:59:59"}`),
			Service: "scf", Timestamp: 1795386072,
		}, "83871d8292b5bfe836d8a03595583c8864ab776dd7c329c604c53d8c1eb02170"},
		// tencentcloud-sdk-go signs GET requests with the form content type.
		{"B.4 derived SCF GetFunctionLogs GET", TC3Request{
			Method: "GET", Host: "scf.tencentcloudapi.com", ContentType: "application/x-www-form-urlencoded",
			CanonicalQuery: "EndTime=2017-05-16+20%3A59%3A59&Filter.RetCode=not0&FunctionName=my-func&Limit=20&Namespace=default&Offset=0&Order=desc&OrderBy=start_time&StartTime=2017-05-16+20%3A00%3A00",
			Service:        "scf", Timestamp: 1795386072,
		}, "19db4032a54961b0d985cd5af8bc75e23ff49e3571cfe2bc929b96bd0ab69ebd"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			auth := SignTC3(id, key, c.req)
			assert.True(t, strings.HasSuffix(auth, ", Signature="+c.sig), auth)
			assert.True(t, strings.HasPrefix(auth, "TC3-HMAC-SHA256 Credential="+id+"/"), auth)
			assert.Contains(t, auth, "SignedHeaders=content-type;host,")
		})
	}
}

// The credential date is the UTC date: 1551113065 is 2019-02-25 in UTC but
// already 02-26 in Beijing (VENDOR-APIS.md B.4).
func TestSignTC3UsesUTCDate(t *testing.T) {
	auth := SignTC3("id", "key", TC3Request{Method: "POST", Host: "h", ContentType: "application/json", Service: "cvm", Timestamp: 1551113065})
	assert.Contains(t, auth, "Credential=id/2019-02-25/cvm/tc3_request")
}

// Legacy signature vectors: VENDOR-APIS.md A.2 (QD-sign, QD-sign-old,
// QD-scf-sign official; SCF GetFunctionLogs derived from qcloudapi-sdk-python)
// and B.5 (ICD-v1, API 3.0 form signature with path "/").
func TestSignV2VendorVectors(t *testing.T) {
	const legacyKey, legacyID = "Gu5t9xGARNpq86cd98joQYCN3Cozk1qA", "AKIDz8krbsJ5yKBZQpn74WFkmLPx3gnPhESA"
	common := func(action string, extra map[string]string) map[string]string {
		p := map[string]string{"Action": action, "Nonce": "11886", "SecretId": legacyID, "Timestamp": "1465185768"}
		for k, v := range extra {
			p[k] = v
		}
		return p
	}
	scfParams := func(extra map[string]string) map[string]string {
		p := map[string]string{"Action": "GetFunctionLogs", "Region": "ap-guangzhou", "Timestamp": "1505726068", "Nonce": "47400",
			"SecretId": legacyID, "functionName": "testnode", "offset": "0", "limit": "2", "order": "desc", "orderby": "duration", "filter_retCode": "not0"}
		for k, v := range extra {
			p[k] = v
		}
		return p
	}
	cases := []struct {
		name, key, method, host, path string
		params                        map[string]string
		underscore                    bool
		sig                           string
	}{
		{"A.2 QD-sign HmacSHA256", legacyKey, "GET", "cvm.api.qcloud.com", "/v2/index.php",
			common("DescribeInstances", map[string]string{"Region": "ap-guangzhou", "InstanceIds.0": "ins-09dx96dg", "SignatureMethod": "HmacSHA256"}), true,
			"0EEm/HtGRr/VJXTAD9tYMth1Bzm3lLHz5RCDv1GdM8s="},
		{"A.2 QD-sign HmacSHA1", legacyKey, "GET", "cvm.api.qcloud.com", "/v2/index.php",
			common("DescribeInstances", map[string]string{"Region": "ap-guangzhou", "InstanceIds.0": "ins-09dx96dg", "SignatureMethod": "HmacSHA1"}), true,
			"nPVnY6njQmwQ8ciqbPl5Qe+Oru4="},
		{"A.2 QD-sign-old HmacSHA256", legacyKey, "GET", "cvm.api.qcloud.com", "/v2/index.php",
			common("DescribeInstances", map[string]string{"Region": "gz", "SignatureMethod": "HmacSHA256", "instanceIds.0": "ins-09dx96dg", "limit": "20", "offset": "0"}), true,
			"PSWUwVv4TfW2sQP1FT9KbbLjIZ9bmK8f1cL6fbpf3KI="},
		{"A.2 QD-sign-old / QD-scf-sign HmacSHA1", legacyKey, "GET", "cvm.api.qcloud.com", "/v2/index.php",
			common("DescribeInstances", map[string]string{"Region": "gz", "instanceIds.0": "ins-09dx96dg", "limit": "20", "offset": "0"}), true,
			"NSI3UqqD99b/UJb4tbG/xZpRW64="},
		{"A.2 derived SCF GET HmacSHA1 (filter_retCode signed as filter.retCode)", legacyKey, "GET", "scf.api.qcloud.com", "/v2/index.php",
			scfParams(nil), true, "aQyf5Ny1u/dGJyHNooTJ7SXbp6Y="},
		{"A.2 derived SCF GET HmacSHA256 + Token", legacyKey, "GET", "scf.api.qcloud.com", "/v2/index.php",
			scfParams(map[string]string{"SignatureMethod": "HmacSHA256", "Token": "tmpToken123"}), true, "TyWLjLnZw+0a2vsdw5HuvA1Q+qPz0L74YzlCGZBY3Ws="},
		{"A.2 derived SCF POST HmacSHA1", legacyKey, "POST", "scf.api.qcloud.com", "/v2/index.php",
			scfParams(nil), true, "IVujPyoxQf6wLNj3ZFONl/l2PN8="},
		{"B.5 ICD-v1 API 3.0 form signature", "Gu5t9xGARNpq86cd98joQYCN3EXAMPLE", "GET", "cvm.tencentcloudapi.com", "/",
			map[string]string{"Action": "DescribeInstances", "InstanceIds.0": "ins-09dx96dg", "Limit": "20", "Nonce": "11886", "Offset": "0",
				"Region": "ap-guangzhou", "SecretId": "AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE", "Timestamp": "1465185768", "Version": "2017-03-12"}, false,
			"EliP9YW3pW28FpsEdkXt/+WcGeI="},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			assert.Equal(t, c.sig, SignV2(c.key, c.method, c.host, c.path, c.params, c.underscore))
		})
	}
}

// The key rule: signing filter_retCode and filter.retCode gives one value
// (VENDOR-APIS.md A.2), and values keep their underscores.
func TestV2SourceStringUnderscoreRule(t *testing.T) {
	src := V2SourceString("get", "scf.api.qcloud.com", "/v2/index.php",
		map[string]string{"Placement_Zone": "CN_GUANGZHOU", "Signature": "ignored", "Action": "X"}, true)
	assert.Equal(t, "GETscf.api.qcloud.com/v2/index.php?Action=X&Placement.Zone=CN_GUANGZHOU", src)

	const key = "Gu5t9xGARNpq86cd98joQYCN3Cozk1qA"
	a := SignV2(key, "GET", "h", "/v2/index.php", map[string]string{"filter_retCode": "not0", "limit": "2"}, true)
	b := SignV2(key, "GET", "h", "/v2/index.php", map[string]string{"filter.retCode": "not0", "limit": "2"}, true)
	assert.Equal(t, a, b)
}
