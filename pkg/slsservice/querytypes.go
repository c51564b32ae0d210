package models

// Query types, the `queryType` of a panel query. Alert rules and provisioned
// dashboards send these strings, so they never change.
const (
	QueryTypeSLSLogs       = "slsLogs"
	QueryTypeSLSSQL        = "slsSql"
	QueryTypeSLSProjectSQL = "slsProjectSql"
	QueryTypeSLSHistogram  = "slsHistogram"
	QueryTypeSLSContext    = "slsContext"

	QueryTypeSCFLogs        = "scfLogs"
	QueryTypeSCFInvocations = "scfInvocations"
	QueryTypeSCFMetrics     = "scfMetrics"
)

// SLSQueryTypes and SCFQueryTypes list what each service answers.
var (
	SLSQueryTypes = []string{QueryTypeSLSLogs, QueryTypeSLSSQL, QueryTypeSLSProjectSQL, QueryTypeSLSHistogram, QueryTypeSLSContext}
	SCFQueryTypes = []string{QueryTypeSCFLogs, QueryTypeSCFInvocations, QueryTypeSCFMetrics}
)
