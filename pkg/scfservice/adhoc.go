package scfservice

import (
	"fmt"
	"strings"

	"github.com/logbridge/cloudlogs/pkg/adhoc"
)

// AdhocKeys are the labels an SCF query can be filtered on: the query's own
// fields, which both GetFunctionLogs and the CLS statements honour.
var AdhocKeys = []string{"functionName", "namespace", "qualifier", "requestId", "retCode"}

// applyAdhocFilters narrows the query by the dashboard's ad-hoc filters.
// SCF filters by its query fields only, so a filter either sets a field the
// query leaves open, agrees with it, or cannot be met and is refused; of
// retCode, SCF knows "0" and "not 0".
func (q *Query) applyAdhocFilters(filters []adhoc.Filter) error {
	for _, f := range filters {
		value, err := scfFilterValue(f)
		if err != nil {
			return err
		}
		if f.Key == "retCode" {
			if err := q.applyRetCodeFilter(f, value); err != nil {
				return err
			}
			continue
		}
		field := q.adhocField(f.Key)
		if field == nil {
			return fmt.Errorf("ad-hoc filter %s: SCF can filter on %s only", f, strings.Join(AdhocKeys, ", "))
		}
		if f.Negated() {
			return fmt.Errorf("ad-hoc filter %s: SCF cannot leave out one %s; filter for the one you want with =", f, f.Key)
		}
		switch {
		case *field == "":
			*field = value
		case *field != value:
			return fmt.Errorf("ad-hoc filter %s: the query reads %s %q, so the filter would leave no lines; remove the filter or change the query", f, f.Key, *field)
		}
	}
	return nil
}

// scfFilterValue is the one value a filter names: a regular expression
// that is one literal alternative counts as that literal.
func scfFilterValue(f adhoc.Filter) (string, error) {
	patterns, err := f.Patterns()
	if err != nil {
		return "", err
	}
	if len(patterns) == 1 {
		if lit, ok := patterns[0].Literal(); ok {
			return strings.TrimSpace(lit), nil
		}
	}
	return "", fmt.Errorf("ad-hoc filter %s: SCF filters on one exact value; use = with a value", f)
}

func (q *Query) adhocField(key string) *string {
	switch key {
	case "functionName":
		return &q.FunctionName
	case "namespace":
		return &q.Namespace
	case "qualifier":
		return &q.Qualifier
	case "requestId":
		return &q.RequestID
	}
	return nil
}

func (q *Query) applyRetCodeFilter(f adhoc.Filter, value string) error {
	if value != "0" {
		return fmt.Errorf(`ad-hoc filter %s: SCF filters retCode only as "retCode = 0" (successes) or "retCode != 0" (failures)`, f)
	}
	want := "is0"
	if f.Negated() {
		want = "not0"
	}
	switch q.RetCode {
	case "":
		q.RetCode = want
	case want:
	default:
		return fmt.Errorf("ad-hoc filter %s: the query's filter.retCode is %q, so the filter would leave no lines; remove one of them", f, q.RetCode)
	}
	return nil
}
