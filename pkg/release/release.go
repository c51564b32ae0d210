// Package release packages the built plugin the way Grafana installs it and
// checks what the official plugin validator would look at first (which
// cannot be installed here): plugin.json, module.js, the executables and the
// zip layout. The Magefile calls it; its tests run on small fixtures.
package release

import (
	"archive/zip"
	"debug/buildinfo"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"strings"
)

// PluginJSON is the part of plugin.json the checks read.
type PluginJSON struct {
	ID          string `json:"id"`
	Type        string `json:"type"`
	Name        string `json:"name"`
	Executable  string `json:"executable"`
	Backend     bool   `json:"backend"`
	Alerting    bool   `json:"alerting"`
	Logs        bool   `json:"logs"`
	Metrics     bool   `json:"metrics"`
	Annotations bool   `json:"annotations"`
	Info        struct {
		Version string `json:"version"`
		Updated string `json:"updated"`
		Logos   struct {
			Small string `json:"small"`
			Large string `json:"large"`
		} `json:"logos"`
	} `json:"info"`
	Dependencies struct {
		GrafanaDependency string `json:"grafanaDependency"`
	} `json:"dependencies"`
}

var (
	pluginIDPattern = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*-(datasource|panel|app)$`)
	semverPattern   = regexp.MustCompile(`^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$`)
)

// ReadPluginJSON parses dir/plugin.json.
func ReadPluginJSON(dir string) (PluginJSON, error) {
	var p PluginJSON
	b, err := os.ReadFile(filepath.Join(dir, "plugin.json"))
	if err != nil {
		return p, err
	}
	if err := json.Unmarshal(b, &p); err != nil {
		return p, fmt.Errorf("plugin.json: %w", err)
	}
	return p, nil
}

// CheckDist checks a built dist/ folder: plugin.json filled in by the build,
// module.js present and loadable by Grafana's SystemJS/AMD loader, and each
// listed executable present, executable and built without cgo.
func CheckDist(dist string, wantExecutables []string) error {
	var errs []error
	p, err := ReadPluginJSON(dist)
	if err != nil {
		return err
	}
	errs = append(errs, checkPluginJSON(p)...)
	for _, logo := range []string{p.Info.Logos.Small, p.Info.Logos.Large} {
		if logo != "" {
			if _, err := os.Stat(filepath.Join(dist, logo)); err != nil {
				errs = append(errs, fmt.Errorf("logo %s is listed in plugin.json but missing from dist", logo))
			}
		}
	}
	module, err := os.ReadFile(filepath.Join(dist, "module.js"))
	switch {
	case err != nil:
		errs = append(errs, fmt.Errorf("module.js: %w", err))
	case len(module) < 1024:
		errs = append(errs, fmt.Errorf("module.js is only %d bytes", len(module)))
	case !strings.Contains(string(module[:min(len(module), 4096)]), "define("):
		errs = append(errs, errors.New("module.js is not an AMD module (Grafana loads plugins with SystemJS/AMD)"))
	}
	for _, exe := range wantExecutables {
		errs = append(errs, checkExecutable(filepath.Join(dist, exe))...)
	}
	return errors.Join(errs...)
}

func checkPluginJSON(p PluginJSON) []error {
	var errs []error
	if !pluginIDPattern.MatchString(p.ID) {
		errs = append(errs, fmt.Errorf("plugin id %q does not follow <org>-<name>-<type>", p.ID))
	}
	if p.Type != "datasource" || !strings.HasSuffix(p.ID, "-datasource") {
		errs = append(errs, fmt.Errorf("plugin type %q / id %q: want a datasource", p.Type, p.ID))
	}
	if p.Executable == "" || !p.Backend {
		errs = append(errs, errors.New("plugin.json must set backend true and an executable"))
	}
	if !p.Alerting || !p.Logs || !p.Metrics || !p.Annotations {
		errs = append(errs, errors.New("plugin.json must set alerting, logs, metrics and annotations true"))
	}
	if !semverPattern.MatchString(p.Info.Version) {
		errs = append(errs, fmt.Errorf("info.version %q is not a version the build filled in", p.Info.Version))
	}
	if strings.Contains(p.Info.Updated, "%") || p.Info.Updated == "" {
		errs = append(errs, fmt.Errorf("info.updated %q was not filled in by the build", p.Info.Updated))
	}
	if !strings.HasPrefix(p.Dependencies.GrafanaDependency, ">=") {
		errs = append(errs, fmt.Errorf("dependencies.grafanaDependency %q should be a >= range", p.Dependencies.GrafanaDependency))
	}
	return errs
}

func checkExecutable(file string) []error {
	st, err := os.Stat(file)
	if err != nil {
		return []error{fmt.Errorf("executable %s: %w", filepath.Base(file), err)}
	}
	var errs []error
	if st.Mode().Perm()&0o111 == 0 {
		errs = append(errs, fmt.Errorf("%s is not executable (mode %s)", filepath.Base(file), st.Mode()))
	}
	info, err := buildinfo.ReadFile(file)
	if err != nil {
		return append(errs, fmt.Errorf("%s: not a Go binary: %w", filepath.Base(file), err))
	}
	for _, s := range info.Settings {
		if s.Key == "CGO_ENABLED" && s.Value != "0" {
			errs = append(errs, fmt.Errorf("%s was built with cgo; the plugin must cross-compile without it", filepath.Base(file)))
		}
	}
	return errs
}

// Zip writes dist/ into a Grafana plugin zip: every entry under a top folder
// named after the plugin id, executables with mode 0755.
func Zip(dist, out string) error {
	p, err := ReadPluginJSON(dist)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(out), 0o755); err != nil {
		return err
	}
	f, err := os.Create(out)
	if err != nil {
		return err
	}
	defer f.Close()
	zw := zip.NewWriter(f)
	err = filepath.WalkDir(dist, func(file string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, err := filepath.Rel(dist, file)
		if err != nil {
			return err
		}
		st, err := d.Info()
		if err != nil {
			return err
		}
		h, err := zip.FileInfoHeader(st)
		if err != nil {
			return err
		}
		h.Name = path.Join(p.ID, filepath.ToSlash(rel))
		h.Method = zip.Deflate
		if strings.HasPrefix(filepath.Base(rel), p.Executable+"_") {
			h.SetMode(0o755)
		}
		w, err := zw.CreateHeader(h)
		if err != nil {
			return err
		}
		src, err := os.Open(file)
		if err != nil {
			return err
		}
		defer src.Close()
		_, err = io.Copy(w, src)
		return err
	})
	if err != nil {
		return err
	}
	if err := zw.Close(); err != nil {
		return err
	}
	return f.Close()
}

// CheckZip checks a plugin zip's layout: one top folder named by the plugin
// id holding plugin.json, module.js and the executables (mode 0755), and
// nothing that does not belong in a release.
func CheckZip(file string, wantExecutables []string) error {
	zr, err := zip.OpenReader(file)
	if err != nil {
		return err
	}
	defer zr.Close()
	var errs []error
	entries := map[string]*zip.File{}
	top := ""
	for _, f := range zr.File {
		first, _, _ := strings.Cut(f.Name, "/")
		if top == "" {
			top = first
		}
		if first != top {
			errs = append(errs, fmt.Errorf("zip entry %s is outside the single top folder %s", f.Name, top))
		}
		for _, bad := range []string{"node_modules/", ".git/", "/src/", ".DS_Store"} {
			if strings.Contains(f.Name, bad) {
				errs = append(errs, fmt.Errorf("zip entry %s does not belong in a release", f.Name))
			}
		}
		entries[strings.TrimPrefix(f.Name, top+"/")] = f
	}
	pj, ok := entries["plugin.json"]
	if !ok {
		return errors.Join(append(errs, errors.New("zip has no plugin.json in its top folder"))...)
	}
	rc, err := pj.Open()
	if err != nil {
		return err
	}
	var p PluginJSON
	err = json.NewDecoder(rc).Decode(&p)
	rc.Close()
	if err != nil {
		return fmt.Errorf("zip plugin.json: %w", err)
	}
	if top != p.ID {
		errs = append(errs, fmt.Errorf("zip top folder %q must equal the plugin id %q", top, p.ID))
	}
	if _, ok := entries["module.js"]; !ok {
		errs = append(errs, errors.New("zip has no module.js"))
	}
	for _, exe := range wantExecutables {
		f, ok := entries[exe]
		if !ok {
			errs = append(errs, fmt.Errorf("zip has no %s", exe))
			continue
		}
		if f.Mode().Perm()&0o111 == 0 {
			errs = append(errs, fmt.Errorf("zip entry %s is not executable", exe))
		}
	}
	return errors.Join(errs...)
}
