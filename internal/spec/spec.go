// Package spec locates Asana's OpenAPI spec, vendored in this directory so
// that every spec-based test runs on a fresh clone with nothing beside it.
//
// The environment variable ASANA_OPENAPI_SPEC points the tests at another
// copy (YAML or JSON; a YAML path is paired with the JSON twin beside it).
// SOURCE.txt records where the vendored files came from; README.md in this
// directory gives the refresh command.
package spec

import (
	"os"
	"path/filepath"
	"runtime"
	"strings"
)

// EnvVar names the variable that overrides the vendored spec.
const EnvVar = "ASANA_OPENAPI_SPEC"

// Dir is the directory that holds the vendored spec.
func Dir() string {
	_, file, _, ok := runtime.Caller(0)
	if !ok {
		return ""
	}
	return filepath.Dir(file)
}

// YAMLPath is the spec's YAML form: $ASANA_OPENAPI_SPEC when set, else the
// vendored asana_oas.yaml.
func YAMLPath() string {
	if p := os.Getenv(EnvVar); p != "" {
		return p
	}
	return filepath.Join(Dir(), "asana_oas.yaml")
}

// JSONPath is the spec's JSON twin, which decodes much faster: the JSON file
// beside $ASANA_OPENAPI_SPEC (or that path itself when it is JSON or has no
// twin), else the vendored asana_oas.json.
func JSONPath() string {
	p := os.Getenv(EnvVar)
	if p == "" {
		return filepath.Join(Dir(), "asana_oas.json")
	}
	if j := strings.TrimSuffix(strings.TrimSuffix(p, ".yaml"), ".yml") + ".json"; j != p {
		if _, err := os.Stat(j); err == nil {
			return j
		}
	}
	return p
}
