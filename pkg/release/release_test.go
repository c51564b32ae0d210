package release

import (
	"archive/zip"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const goodPluginJSON = `{"type":"datasource","id":"acme-logs-datasource","name":"x","executable":"gpx_logs",
"backend":true,"alerting":true,"logs":true,"metrics":true,"annotations":true,
"info":{"version":"1.2.3","updated":"2026-11-22","logos":{"small":"img/logo.svg","large":"img/logo.svg"}},
"dependencies":{"grafanaDependency":">=11.0.0"}}`

// fixtureDist lays out a dist/ folder like the build makes, with a real
// cgo-free Go executable.
func fixtureDist(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(dir, "plugin.json"), []byte(goodPluginJSON), 0o644))
	require.NoError(t, os.WriteFile(filepath.Join(dir, "module.js"), []byte(`define(["react"],function(e){`+strings.Repeat(" ", 2000)+`});`), 0o644))
	require.NoError(t, os.MkdirAll(filepath.Join(dir, "img"), 0o755))
	require.NoError(t, os.WriteFile(filepath.Join(dir, "img", "logo.svg"), []byte("<svg/>"), 0o644))

	src := t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(src, "main.go"), []byte("package main\nfunc main() {}\n"), 0o644))
	require.NoError(t, os.WriteFile(filepath.Join(src, "go.mod"), []byte("module fixture\ngo 1.22\n"), 0o644))
	cmd := exec.Command("go", "build", "-o", filepath.Join(dir, "gpx_logs_linux_amd64"), ".")
	cmd.Dir = src
	cmd.Env = append(os.Environ(), "CGO_ENABLED=0", "GOOS=linux", "GOARCH=amd64", "GOFLAGS=")
	out, err := cmd.CombinedOutput()
	require.NoError(t, err, string(out))
	return dir
}

var exes = []string{"gpx_logs_linux_amd64"}

func TestGoodDistAndZipPass(t *testing.T) {
	dist := fixtureDist(t)
	require.NoError(t, CheckDist(dist, exes))
	zipFile := filepath.Join(t.TempDir(), "out", "acme.zip")
	require.NoError(t, Zip(dist, zipFile))
	require.NoError(t, CheckZip(zipFile, exes))

	zr, err := zip.OpenReader(zipFile)
	require.NoError(t, err)
	defer zr.Close()
	var names []string
	for _, f := range zr.File {
		names = append(names, f.Name)
	}
	assert.ElementsMatch(t, []string{
		"acme-logs-datasource/plugin.json", "acme-logs-datasource/module.js",
		"acme-logs-datasource/img/logo.svg", "acme-logs-datasource/gpx_logs_linux_amd64",
	}, names)
}

func TestDistDefectsAreNamed(t *testing.T) {
	dist := fixtureDist(t)
	pj := strings.Replace(goodPluginJSON, `"version":"1.2.3"`, `"version":"%VERSION%"`, 1)
	pj = strings.Replace(pj, `"alerting":true`, `"alerting":false`, 1)
	require.NoError(t, os.WriteFile(filepath.Join(dist, "plugin.json"), []byte(pj), 0o644))
	require.NoError(t, os.WriteFile(filepath.Join(dist, "module.js"), []byte("console.log(1)"), 0o644))
	require.NoError(t, os.Chmod(filepath.Join(dist, "gpx_logs_linux_amd64"), 0o644))
	require.NoError(t, os.Remove(filepath.Join(dist, "img", "logo.svg")))

	err := CheckDist(dist, append(exes, "gpx_logs_windows_amd64.exe"))
	require.Error(t, err)
	for _, want := range []string{
		`info.version "%VERSION%"`, "alerting, logs, metrics and annotations", "module.js is only",
		"gpx_logs_linux_amd64 is not executable", "gpx_logs_windows_amd64.exe", "logo img/logo.svg",
	} {
		assert.Contains(t, err.Error(), want)
	}
}

func TestZipLayoutDefectsAreNamed(t *testing.T) {
	file := filepath.Join(t.TempDir(), "bad.zip")
	f, err := os.Create(file)
	require.NoError(t, err)
	zw := zip.NewWriter(f)
	// A slice, not a map: the first entry decides the top folder.
	for _, e := range [][2]string{
		{"wrong-folder/plugin.json", goodPluginJSON},
		{"wrong-folder/gpx_logs_linux_amd64", "bin"},
		{"other/node_modules/x.js", "x"},
	} {
		w, err := zw.Create(e[0])
		require.NoError(t, err)
		_, _ = w.Write([]byte(e[1]))
	}
	require.NoError(t, zw.Close())
	require.NoError(t, f.Close())

	err = CheckZip(file, exes)
	require.Error(t, err)
	for _, want := range []string{"outside the single top folder", "node_modules", `must equal the plugin id "acme-logs-datasource"`, "no module.js", "is not executable"} {
		assert.Contains(t, err.Error(), want)
	}
}
