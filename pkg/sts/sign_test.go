package sts

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

// The worked example of Alibaba Cloud's RPC "request signatures" page
// (DescribeRegions with AccessKeyId testid and secret testsecret): the
// documented string to sign and signature.
func TestSignRPCMatchesTheDocumentedExample(t *testing.T) {
	params := map[string]string{
		"Timestamp": "2016-02-23T12:46:24Z", "Format": "XML", "AccessKeyId": "testid", "Action": "DescribeRegions",
		"SignatureMethod": "HMAC-SHA1", "SignatureNonce": "3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf", "Version": "2014-05-26",
		"SignatureVersion": "1.0",
	}
	q := CanonicalQuery(params)
	assert.Equal(t, "AccessKeyId=testid&Action=DescribeRegions&Format=XML&SignatureMethod=HMAC-SHA1"+
		"&SignatureNonce=3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf&SignatureVersion=1.0"+
		"&Timestamp=2016-02-23T12%3A46%3A24Z&Version=2014-05-26", q)
	assert.Equal(t, "OLeaidS1JvxuMvnyHOwuJ+uX5qY=", SignRPC("GET", q, "testsecret"))
}

func TestPercentEncodeFollowsRFC3986(t *testing.T) {
	for in, want := range map[string]string{
		"a b":                          "a%20b",
		"a*b":                          "a%2Ab",
		"a~b":                          "a~b",
		"acs:ram::1:role/x":            "acs%3Aram%3A%3A1%3Arole%2Fx",
		`{"Statement":[]}`:             "%7B%22Statement%22%3A%5B%5D%7D",
		"中":                            "%E4%B8%AD",
		"grafana-cloudlogs_1.0@x":      "grafana-cloudlogs_1.0%40x",
		"2016-02-23T12:46:24Z":         "2016-02-23T12%3A46%3A24Z",
		"plus+and=equals&amp;percent%": "plus%2Band%3Dequals%26amp%3Bpercent%25",
	} {
		assert.Equal(t, want, PercentEncode(in), in)
	}
}
