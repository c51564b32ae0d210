//go:build mage

package main

import (
	// mage:import
	build "github.com/grafana/grafana-plugin-sdk-go/build"
)

// plugin.json lives at the repository root (not in src/), so point the SDK's
// build targets at it; they read the executable name and plugin id from it.
func init() {
	_ = build.SetBeforeBuildCallback(func(cfg build.Config) (build.Config, error) {
		cfg.PluginJSONPath = "."
		return cfg, nil
	})
}

// Default builds the backend for every platform Grafana runs on.
var Default = build.BuildAll
