package slsservice

// Query types, the `queryType` of a panel query. Alert rules and provisioned
// dashboards send these strings, so they never change.
const (
	QueryTypeLogs       = "slsLogs"
	QueryTypeSQL        = "slsSql"
	QueryTypeProjectSQL = "slsProjectSql"
	QueryTypeHistogram  = "slsHistogram"
	QueryTypeContext    = "slsContext"
)

// Variants of a query type: the same query JSON asking for another answer.
const (
	// variantAnalytics is slsLogs whose text has an SQL part: SLS ignores
	// line/offset with SQL, so paging would repeat one answer; it runs as
	// SQL shown as logs instead.
	variantAnalytics = "analytics"
	// variantLogVolume is slsHistogram with logVolume: one series per level
	// for Explore's log volume.
	variantLogVolume = "logVolume"
)
