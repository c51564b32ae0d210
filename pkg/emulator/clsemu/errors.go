package clsemu

import "fmt"

// apiError is one CLS API 3.0 error: the code with its zh-CN message (the
// default) and en-US one (X-TC-Language: en-US).
type apiError struct {
	Code             string
	Chinese, English string
}

func (e *apiError) Error() string { return e.Code + ": " + e.English }

func (e *apiError) message(language string) string {
	if language == "en-US" {
		return e.English
	}
	return e.Chinese
}

func newError(code, zh, en string) *apiError { return &apiError{Code: code, Chinese: zh, English: en} }

func errInvalidParameter(detail string) *apiError {
	return newError("InvalidParameter", "参数错误。"+detail, "Invalid parameter. "+detail)
}

func errMissingParameter(name string) *apiError {
	return newError("MissingParameter", fmt.Sprintf("缺少参数错误。缺少 %s。", name), fmt.Sprintf("The parameter %s is missing.", name))
}

func errInvalidAction(action string) *apiError {
	return newError("InvalidAction", fmt.Sprintf("接口不存在。Action %q 不存在或未指定。", action),
		fmt.Sprintf("The action %q does not exist or is missing; set X-TC-Action, e.g. SearchLog.", action))
}

func errUnsupportedOperation(action string) *apiError {
	return newError("UnsupportedOperation", fmt.Sprintf("操作不支持。模拟器未实现 %s。", action),
		fmt.Sprintf("The emulator does not implement %s; it serves %s.", action, servedList()))
}

func errNoSuchVersion(version string) *apiError {
	return newError("NoSuchVersion", fmt.Sprintf("接口版本不存在。X-TC-Version %q 无效，CLS 的版本为 %s。", version, apiVersion),
		fmt.Sprintf("The API version %q does not exist; CLS's X-TC-Version is %s.", version, apiVersion))
}

func errUnsupportedRegion(region string) *apiError {
	return newError("UnsupportedRegion", fmt.Sprintf("接口不支持所传地域 %q。", region), fmt.Sprintf("The region %q is not supported.", region))
}

func errTopicNotExist(id string) *apiError {
	return newError("ResourceNotFound.TopicNotExist", fmt.Sprintf("日志主题不存在。(%s)", id), fmt.Sprintf("The log topic %q does not exist.", id))
}

func errSyntax(detail string) *apiError {
	return newError("FailedOperation.SyntaxError", "检索语句语法错误："+detail, "Query syntax error: "+detail)
}

func errQuery(detail string) *apiError {
	return newError("FailedOperation.QueryError", "查询语句运行失败："+detail, "The query failed to run: "+detail)
}

func errInvalidContext(zh, en string) *apiError {
	return newError("FailedOperation.InvalidContext", "Context 无效或已过期，请重新检索。"+zh,
		"The Context is invalid or expired; search again without it. "+en)
}

func errLogSearchLimit(topic string) *apiError {
	return newError("LimitExceeded.LogSearch", fmt.Sprintf("单topic并发最大值15。(%s)", topic),
		fmt.Sprintf("At most 15 concurrent searches per topic (%s); retry with backoff.", topic))
}

func errRequestLimitExceeded() *apiError {
	return newError("RequestLimitExceeded", "请求的次数超过了频率限制。", "Your request rate exceeds the limit; slow down and retry.")
}

func errInternal() *apiError {
	return newError("InternalError", "内部错误。", "An internal error occurred; retry later.")
}

// Authentication (API 3.0 common codes, VENDOR-APIS.md B.3).
func errSignatureFailure(detail string) *apiError {
	return newError("AuthFailure.SignatureFailure", "请求签名验证失败，请检查您的签名计算是否正确。"+detail,
		"The provided credentials could not be validated. Please check your signature is correct. "+detail)
}

func errSecretIDNotFound() *apiError {
	return newError("AuthFailure.SecretIdNotFound", "密钥不存在，请到控制台检查密钥是否已被删除或者禁用。",
		"The SecretId is not found, please ensure that your SecretId is correct.")
}

func errSignatureExpire(ts, now int64) *apiError {
	return newError("AuthFailure.SignatureExpire",
		fmt.Sprintf("签名过期。Timestamp 和服务器时间相差不得超过五分钟。Timestamp:%d, 服务器时间:%d", ts, now),
		fmt.Sprintf("Signature expired. Timestamp:%d, current server time:%d, the difference must not exceed five minutes.", ts, now))
}

func errInvalidAuthorization(detail string) *apiError {
	return newError("AuthFailure.InvalidAuthorization", "请求头部的 Authorization 不符合腾讯云标准。"+detail,
		"The Authorization header does not follow the Tencent Cloud standard. "+detail)
}

func errTokenFailure() *apiError {
	return newError("AuthFailure.TokenFailure", "token 错误。", "The token (X-TC-Token) is invalid or expired.")
}
