package scf

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

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
