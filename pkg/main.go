package main

import (
	"os"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
	"github.com/grafana/grafana-plugin-sdk-go/backend/datasource"
	"github.com/grafana/grafana-plugin-sdk-go/backend/log"

	"github.com/logbridge/cloudlogs/pkg/grpcanswer"
	"github.com/logbridge/cloudlogs/pkg/plugin"
)

func main() {
	plugin.TuneGC()
	// Large frames go out encoded straight into gRPC's message, without
	// the SDK's copies of them (pkg/grpcanswer).
	grpcanswer.Enable()
	// Every log line, the SDK's included, has the instances' secrets
	// redacted: the SDK logs each failed query's error by itself.
	logger := plugin.ScrubLogs(log.DefaultLogger)
	log.DefaultLogger, backend.Logger = logger, logger
	backend.NewLoggerWith = func(args ...any) log.Logger { return logger.With(args...) }
	if err := datasource.Manage(plugin.PluginID, plugin.NewDatasource, datasource.ManageOpts{}); err != nil {
		log.DefaultLogger.Error("plugin stopped", "error", err.Error())
		os.Exit(1)
	}
}
