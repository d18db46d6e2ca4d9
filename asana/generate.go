package asana

// The zz_*.go files are generated from Asana's OpenAPI spec and
// gen/overrides.yaml; see CONTRIBUTING.md ("Generated code").
//go:generate go run ../internal/gen
