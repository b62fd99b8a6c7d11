// Package deploy holds what an office's IT staff deploy the product with (Prometheus alert
// rules, a Grafana dashboard), and reads the queries in them so that tests can check every
// metric they name against a running worker.
package deploy

import (
	"embed"
	"encoding/json"
	"fmt"
	"regexp"
	"slices"
	"strings"

	"gopkg.in/yaml.v3"
)

//go:embed prometheus/alerts.yaml grafana/wenming-worker.json
var files embed.FS

// Rule is an alert rule of prometheus/alerts.yaml.
type Rule struct {
	Alert       string            `yaml:"alert"`
	Expr        string            `yaml:"expr"`
	For         string            `yaml:"for"`
	Labels      map[string]string `yaml:"labels"`
	Annotations map[string]string `yaml:"annotations"`
}

// Alerts are the alert rules, in file order.
func Alerts() ([]Rule, error) {
	b, err := files.ReadFile("prometheus/alerts.yaml")
	if err != nil {
		return nil, err
	}
	var f struct {
		Groups []struct {
			Name  string `yaml:"name"`
			Rules []Rule `yaml:"rules"`
		} `yaml:"groups"`
	}
	if err := yaml.Unmarshal(b, &f); err != nil {
		return nil, fmt.Errorf("prometheus/alerts.yaml: %w", err)
	}
	var out []Rule
	for _, g := range f.Groups {
		out = append(out, g.Rules...)
	}
	return out, nil
}

// Panel is a panel of the Grafana dashboard with its queries.
type Panel struct {
	Title   string `json:"title"`
	Targets []struct {
		Expr string `json:"expr"`
	} `json:"targets"`
}

// Dashboard is the Grafana dashboard's title and panels.
func Dashboard() (string, []Panel, error) {
	b, err := files.ReadFile("grafana/wenming-worker.json")
	if err != nil {
		return "", nil, err
	}
	var d struct {
		Title  string  `json:"title"`
		Panels []Panel `json:"panels"`
	}
	if err := json.Unmarshal(b, &d); err != nil {
		return "", nil, fmt.Errorf("grafana/wenming-worker.json: %w", err)
	}
	return d.Title, d.Panels, nil
}

// Queries are every PromQL expression of the alerts and the dashboard.
func Queries() ([]string, error) {
	rules, err := Alerts()
	if err != nil {
		return nil, err
	}
	_, panels, err := Dashboard()
	if err != nil {
		return nil, err
	}
	var out []string
	for _, r := range rules {
		out = append(out, r.Expr)
	}
	for _, p := range panels {
		for _, t := range p.Targets {
			out = append(out, t.Expr)
		}
	}
	return out, nil
}

var metricName = regexp.MustCompile(`\b(?:temporal|wenming)_[a-z_]+\b`)

// Metrics are the metric families the queries read (a histogram's _bucket, _count and _sum
// series by the family's name), sorted. Prometheus's own series (up) are left out.
func Metrics(queries []string) []string {
	var out []string
	for _, q := range queries {
		for _, m := range metricName.FindAllString(q, -1) {
			for _, suffix := range []string{"_bucket", "_count", "_sum"} {
				m = strings.TrimSuffix(m, suffix)
			}
			out = append(out, m)
		}
	}
	slices.Sort(out)
	return slices.Compact(out)
}
