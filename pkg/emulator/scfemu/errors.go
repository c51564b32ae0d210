package scfemu

import "fmt"

// apiError is one vendor error: the API 3.0 code with its messages, and how
// the legacy v2 API spells the same failure.
type apiError struct {
	Code string
	// Chinese is the default message (the API answers in zh-CN unless the
	// request says X-TC-Language: en-US); English is the en-US one.
	Chinese, English string
	// V2Code is the legacy numeric code; V2Desc its codeDesc.
	V2Code int
	V2Desc string
}

func (e *apiError) Error() string { return e.Code + ": " + e.English }

func (e *apiError) message(language string) string {
	if language == "en-US" && e.English != "" {
		return e.English
	}
	return e.Chinese
}

// v2Message is the legacy "message": the module code in parentheses (the
// shape of "(100004)projectId不正确", QD-scf-err), then the Chinese text.
func (e *apiError) v2Message() string {
	return fmt.Sprintf("(%s)%s", e.Code, e.Chinese)
}

func newError(code, zh, en string) *apiError {
	return &apiError{Code: code, Chinese: zh, English: en, V2Code: 4000, V2Desc: code}
}

func (e *apiError) legacy(code int, desc string) *apiError {
	e.V2Code, e.V2Desc = code, desc
	return e
}

// Authentication (common error codes, doc 583/17240).
func errSignatureFailure(detail string) *apiError {
	return newError("AuthFailure.SignatureFailure",
		"请求签名验证失败，请检查您的签名计算是否正确。"+detail,
		"The provided credentials could not be validated. Please check your signature is correct. "+detail).legacy(4100, "AuthFailure")
}

func errSecretIDNotFound() *apiError {
	return newError("AuthFailure.SecretIdNotFound",
		"密钥不存在，请到控制台检查密钥是否已被删除或者禁用，如状态正常，请检查密钥是否填写正确，注意前后不得有空格。",
		"The SecretId is not found, please ensure that your SecretId is correct.").legacy(4104, "AuthFailure.SecretIdNotFound")
}

func errSignatureExpire(ts, now int64) *apiError {
	return newError("AuthFailure.SignatureExpire",
		fmt.Sprintf("签名过期。Timestamp 和服务器时间相差不得超过五分钟，请检查本地时间是否和标准时间同步。Timestamp:%d, 服务器时间:%d", ts, now),
		fmt.Sprintf("Signature expired. Timestamp:%d, current server time:%d, the difference must not exceed five minutes.", ts, now))
}

func errInvalidAuthorization(detail string) *apiError {
	return newError("AuthFailure.InvalidAuthorization",
		"请求头部的 Authorization 不符合腾讯云标准。"+detail,
		"The Authorization header does not follow the Tencent Cloud standard. "+detail).legacy(4100, "AuthFailure")
}

func errTokenFailure() *apiError {
	return newError("AuthFailure.TokenFailure",
		"token 错误。", "The token (X-TC-Token) is invalid or expired.").legacy(4100, "AuthFailure.TokenFailure")
}

// Request shape.
func errInvalidAction(action string) *apiError {
	return newError("InvalidAction",
		fmt.Sprintf("接口不存在。Action %q 不存在或未指定。", action),
		fmt.Sprintf("The action %q does not exist or is missing; set X-TC-Action (API 3.0) or Action (v2), e.g. GetFunctionLogs.", action)).legacy(4000, "InvalidAction")
}

func errUnsupportedOperation(action string) *apiError {
	return newError("UnsupportedOperation",
		fmt.Sprintf("操作不支持。模拟器未实现 %s。", action),
		fmt.Sprintf("The emulator does not implement %s; it serves GetFunctionLogs, ListFunctions, ListNamespaces and GetFunction.", action)).legacy(4000, "UnsupportedOperation")
}

func errNoSuchVersion(version string) *apiError {
	return newError("NoSuchVersion",
		fmt.Sprintf("接口版本不存在。X-TC-Version %q 无效，SCF 的版本为 2018-04-16。", version),
		fmt.Sprintf("The API version %q does not exist; SCF's X-TC-Version is 2018-04-16.", version))
}

func errMissingParameter(name string) *apiError {
	return newError("MissingParameter",
		fmt.Sprintf("缺少参数错误。缺少 %s。", name),
		fmt.Sprintf("The parameter %s is missing.", name))
}

func errInvalidParameter(detail string) *apiError {
	return newError("InvalidParameter", "参数错误。"+detail, "Invalid parameter. "+detail).legacy(4400, "InvalidParameter")
}

func errInvalidParameterValue(code, zh, en string) *apiError {
	return newError(code, zh, en).legacy(4400, "InvalidParameter")
}

func errUnsupportedRegion(region string) *apiError {
	return newError("UnsupportedRegion",
		fmt.Sprintf("接口不支持所传地域 %q。", region),
		fmt.Sprintf("The region %q is not supported; use one of %s.", region, regionList())).legacy(4000, "UnsupportedRegion")
}

// Resources.
func errFunctionNotFound(namespace, name string) *apiError {
	return newError("ResourceNotFound.Function",
		fmt.Sprintf("未找到指定的Function，请创建后再试。(%s/%s)", namespace, name),
		fmt.Sprintf("The specified function %s in namespace %s was not found; create it and try again.", name, namespace))
}

func errNamespaceNotFound(namespace string) *apiError {
	return newError("ResourceNotFound.Namespace",
		fmt.Sprintf("Namespace不存在。(%s)", namespace),
		fmt.Sprintf("The namespace %q does not exist.", namespace))
}

func errFunctionVersionNotFound(qualifier string) *apiError {
	return newError("ResourceNotFound.FunctionVersion",
		fmt.Sprintf("函数版本不存在。(%s)", qualifier),
		fmt.Sprintf("The function version %q does not exist; the emulator's functions only have $LATEST.", qualifier))
}

// Limits and faults.
func errRequestLimitExceeded() *apiError {
	return newError("RequestLimitExceeded",
		"请求的次数超过了频率限制。",
		"Your request rate exceeds the limit; slow down and retry.").legacy(4400, "RequestLimitExceeded")
}

func errOffsetLimit(offset, limit int) *apiError {
	return newError("LimitExceeded.Offset",
		fmt.Sprintf("Offset超出限制。Offset + Limit 不能超过 10000 (当前 %d + %d)。", offset, limit),
		fmt.Sprintf("Offset exceeds the limit: Offset + Limit must be at most 10000 (got %d + %d); narrow the time range instead.", offset, limit)).legacy(4400, "LimitExceeded.Offset")
}

func errInternal() *apiError {
	return newError("InternalError", "内部错误。", "An internal error occurred; retry later.").legacy(5100, "SystemError")
}
