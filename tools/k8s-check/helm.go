package main

import (
	"fmt"
	"path"
	"sort"
	"strings"

	"helm.sh/helm/v4/pkg/chart/common"
	"helm.sh/helm/v4/pkg/chart/common/util"
	"helm.sh/helm/v4/pkg/chart/loader"
	"helm.sh/helm/v4/pkg/engine"
)

// RenderChart renders the chart in dir as `helm template` renders an install of release "cairn" in
// namespace "cairn", with the values files merged over the chart's defaults (later files win), through
// Helm's own loader and template engine. Hooks are included; NOTES.txt and partials are not. A
// template's `fail` comes back as the error.
func RenderChart(dir string, valueFiles []string) ([]byte, error) {
	chrt, err := loader.Load(dir)
	if err != nil {
		return nil, fmt.Errorf("load %s: %w", dir, err)
	}
	overrides := map[string]any{}
	for _, file := range valueFiles {
		values, err := common.ReadValuesFile(file)
		if err != nil {
			return nil, fmt.Errorf("values %s: %w", file, err)
		}
		overrides = util.MergeTables(values, overrides)
	}
	options := common.ReleaseOptions{Name: "cairn", Namespace: "cairn", Revision: 1, IsInstall: true}
	values, err := util.ToRenderValues(chrt, overrides, options, common.DefaultCapabilities)
	if err != nil {
		return nil, fmt.Errorf("values: %w", err)
	}
	rendered, err := engine.Render(chrt, values)
	if err != nil {
		return nil, err
	}
	names := make([]string, 0, len(rendered))
	for name := range rendered {
		base := path.Base(name)
		if base == "NOTES.txt" || strings.HasPrefix(base, "_") {
			continue
		}
		names = append(names, name)
	}
	sort.Strings(names)
	var out strings.Builder
	for _, name := range names {
		text := strings.TrimSpace(rendered[name])
		if text == "" {
			continue
		}
		fmt.Fprintf(&out, "---\n# Source: %s\n%s\n", name, text)
	}
	return []byte(out.String()), nil
}
