package scfemu

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

const (
	legacySecretID  = "AKIDz8krbsJ5yKBZQpn74WFkmLPx3gnPhESA"
	legacySecretKey = "Gu5t9xGARNpq86cd98joQYCN3Cozk1qA"
)

// Official legacy vectors: QD-sign (tencentyun/qcloud-documents
// api/API文档公用部分/调用方式/请求签名.md @0c605bc0) and QD-sign-old / QD-scf-sign
// (…/签名方法.md @00d9f03b, api/计算与网络/无服务器云函数/调用方式/签名方法.md @65f2793a);
// VENDOR-APIS A.2.
func TestV2OfficialVectors(t *testing.T) {
	common := func() map[string]string {
		return map[string]string{"Action": "DescribeInstances", "Nonce": "11886", "SecretId": legacySecretID, "Timestamp": "1465185768"}
	}
	newSign := common()
	newSign["Region"] = "ap-guangzhou"
	newSign["InstanceIds.0"] = "ins-09dx96dg"
	newSign["SignatureMethod"] = "HmacSHA256"
	source := V2SourceString("GET", "cvm.api.qcloud.com", "/v2/index.php", newSign)
	assert.Equal(t, "0EEm/HtGRr/VJXTAD9tYMth1Bzm3lLHz5RCDv1GdM8s=", V2Signature(legacySecretKey, "HmacSHA256", source))
	newSign["SignatureMethod"] = "HmacSHA1"
	source = V2SourceString("GET", "cvm.api.qcloud.com", "/v2/index.php", newSign)
	assert.Equal(t, "nPVnY6njQmwQ8ciqbPl5Qe+Oru4=", V2Signature(legacySecretKey, "HmacSHA1", source))

	old := common()
	old["Region"] = "gz"
	old["instanceIds.0"] = "ins-09dx96dg"
	old["limit"] = "20"
	old["offset"] = "0"
	source = V2SourceString("GET", "cvm.api.qcloud.com", "/v2/index.php", old)
	assert.Equal(t, "GETcvm.api.qcloud.com/v2/index.php?Action=DescribeInstances&Nonce=11886&Region=gz&SecretId=AKIDz8krbsJ5yKBZQpn74WFkmLPx3gnPhESA&Timestamp=1465185768&instanceIds.0=ins-09dx96dg&limit=20&offset=0", source)
	assert.Equal(t, "NSI3UqqD99b/UJb4tbG/xZpRW64=", V2Signature(legacySecretKey, "", source))
	old["SignatureMethod"] = "HmacSHA256"
	source = V2SourceString("GET", "cvm.api.qcloud.com", "/v2/index.php", old)
	assert.Equal(t, "PSWUwVv4TfW2sQP1FT9KbbLjIZ9bmK8f1cL6fbpf3KI=", V2Signature(legacySecretKey, "HmacSHA256", source))
}

// Derived SCF legacy vectors (VENDOR-APIS A.2 [VECTOR-DERIVED]: a Python 3 port
// of tencentyun/qcloudapi-sdk-python @f0a2e0ed src/QcloudApi/common/sign.py).
func TestV2DerivedSCFVectors(t *testing.T) {
	params := func(filterKey string) map[string]string {
		return map[string]string{
			"Action": "GetFunctionLogs", "Region": "ap-guangzhou", "Timestamp": "1505726068", "Nonce": "47400",
			"SecretId": legacySecretID, "functionName": "testnode", "offset": "0", "limit": "2",
			"order": "desc", "orderby": "duration", filterKey: "not0",
		}
	}
	for _, key := range []string{"filter_retCode", "filter.retCode"} {
		source := V2SourceString("GET", "scf.api.qcloud.com", "/v2/index.php", params(key))
		assert.Equal(t, "aQyf5Ny1u/dGJyHNooTJ7SXbp6Y=", V2Signature(legacySecretKey, "", source), key)
	}
	withToken := params("filter_retCode")
	withToken["SignatureMethod"] = "HmacSHA256"
	withToken["Token"] = "tmpToken123"
	source := V2SourceString("GET", "scf.api.qcloud.com", "/v2/index.php", withToken)
	assert.Equal(t, "TyWLjLnZw+0a2vsdw5HuvA1Q+qPz0L74YzlCGZBY3Ws=", V2Signature(legacySecretKey, "HmacSHA256", source))

	source = V2SourceString("POST", "scf.api.qcloud.com", "/v2/index.php", params("filter_retCode"))
	assert.Equal(t, "IVujPyoxQf6wLNj3ZFONl/l2PN8=", V2Signature(legacySecretKey, "HmacSHA1", source))
}
