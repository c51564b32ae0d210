package plugin

import (
	"fmt"
	"slices"
	"strings"

	"github.com/logbridge/cloudlogs/pkg/clsservice"
	"github.com/logbridge/cloudlogs/pkg/scfservice"
	"github.com/logbridge/cloudlogs/pkg/service"
	"github.com/logbridge/cloudlogs/pkg/slsservice"
)

// services are the cloud services a data source can be configured for
// (jsonData.service). Adding a service is one package and one line here.
var services = []service.Registration{
	slsservice.Registration,
	scfservice.Registration,
	clsservice.Registration,
}

func registrationOf(name string) (service.Registration, bool) {
	for _, r := range services {
		if r.Name == name {
			return r, true
		}
	}
	return service.Registration{}, false
}

// unknownQueryType says why a query type cannot run on this data source:
// it belongs to another service, or to none.
func unknownQueryType(own service.Registration, queryType string) error {
	for _, r := range services {
		if r.Name != own.Name && slices.Contains(r.QueryTypes, queryType) {
			return fmt.Errorf("query type %q needs %s %s data source; this data source is configured for %s",
				queryType, article(r.Title), r.Title, strings.ToUpper(own.Name))
		}
	}
	return fmt.Errorf("unknown query type %q; this %s data source supports %s", queryType, strings.ToUpper(own.Name), strings.Join(own.QueryTypes, ", "))
}

func article(title string) string {
	if strings.ContainsRune("AEIOU", rune(title[0])) {
		return "an"
	}
	return "a"
}
