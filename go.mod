module github.com/asanakit/asana-go

go 1.23.0

require (
	github.com/getkin/kin-openapi v0.135.0 // indirect
	github.com/goccy/go-yaml v1.19.2 // indirect
	github.com/google/go-querystring v1.2.0 // indirect
	github.com/hashicorp/go-cleanhttp v0.5.2 // indirect
	github.com/jarcoal/httpmock v1.4.2 // indirect
	golang.org/x/time v0.12.0 // indirect
)
