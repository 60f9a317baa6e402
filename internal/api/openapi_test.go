package api

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"
)

// The OpenAPI description and the routes must agree: every route described, nothing described
// that is not a route, and the events resource with exactly the parameters the handler takes.
func TestOpenAPI(t *testing.T) {
	var doc struct {
		OpenAPI string `json:"openapi"`
		Paths   map[string]map[string]struct {
			OperationID string `json:"operationId"`
			Parameters  []struct {
				Name string `json:"name"`
				In   string `json:"in"`
				Ref  string `json:"$ref"`
			} `json:"parameters"`
		} `json:"paths"`
		Components struct {
			Parameters map[string]struct {
				Name string `json:"name"`
				In   string `json:"in"`
			} `json:"parameters"`
		} `json:"components"`
	}
	if err := json.Unmarshal(OpenAPI(), &doc); err != nil {
		t.Fatalf("openapi.json: %v", err)
	}
	if !strings.HasPrefix(doc.OpenAPI, "3.") {
		t.Errorf("openapi %q, want 3.x", doc.OpenAPI)
	}
	described := map[string]bool{}
	for path, ops := range doc.Paths {
		for method, op := range ops {
			if method == "parameters" {
				continue
			}
			described[strings.ToUpper(method)+" "+path] = true
			if op.OperationID == "" {
				t.Errorf("%s %s has no operationId", method, path)
			}
		}
	}
	routes := map[string]bool{}
	for _, r := range Routes() {
		routes[r.Method+" "+r.Path] = true
		if !described[r.Method+" "+r.Path] {
			t.Errorf("route %s %s is not in openapi.json", r.Method, r.Path)
		}
	}
	for d := range described {
		if !routes[d] {
			t.Errorf("openapi.json describes %s, which is no route", d)
		}
	}
	var names []string
	for _, p := range doc.Paths["/api/v1/events"]["get"].Parameters {
		name, in := p.Name, p.In
		if p.Ref != "" {
			c := doc.Components.Parameters[strings.TrimPrefix(p.Ref, "#/components/parameters/")]
			name, in = c.Name, c.In
		}
		if in == "query" {
			names = append(names, name)
		}
	}
	slices.Sort(names)
	want := slices.Clone(eventParams)
	slices.Sort(want)
	if !slices.Equal(names, want) {
		t.Errorf("events parameters described %v, taken %v", names, want)
	}
}
