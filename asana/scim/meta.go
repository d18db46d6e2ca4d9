package scim

import (
	"context"
	"net/http"
)

// ServiceProviderConfig says which SCIM features the server supports.
type ServiceProviderConfig struct {
	Schemas               []string     `json:"schemas,omitempty"`
	DocumentationURI      string       `json:"documentationUri,omitempty"`
	Patch                 Supported    `json:"patch"`
	Bulk                  BulkConfig   `json:"bulk"`
	Filter                FilterConfig `json:"filter"`
	ChangePassword        Supported    `json:"changePassword"`
	Sort                  Supported    `json:"sort"`
	ETag                  Supported    `json:"etag"`
	AuthenticationSchemes []AuthScheme `json:"authenticationSchemes,omitempty"`
	Meta                  *Meta        `json:"meta,omitempty"`
}

// Supported says whether a feature is supported.
type Supported struct {
	Supported bool `json:"supported"`
}

// BulkConfig describes bulk operations.
type BulkConfig struct {
	Supported      bool `json:"supported"`
	MaxOperations  int  `json:"maxOperations"`
	MaxPayloadSize int  `json:"maxPayloadSize"`
}

// FilterConfig describes filtering.
type FilterConfig struct {
	Supported  bool `json:"supported"`
	MaxResults int  `json:"maxResults"`
}

// AuthScheme is an authentication scheme the server accepts.
type AuthScheme struct {
	Type        string `json:"type"`
	Name        string `json:"name"`
	Description string `json:"description,omitempty"`
	Primary     bool   `json:"primary,omitempty"`
}

// ResourceType describes a resource endpoint (Users, Groups).
type ResourceType struct {
	ID               string            `json:"id,omitempty"`
	Name             string            `json:"name"`
	Endpoint         string            `json:"endpoint"`
	Description      string            `json:"description,omitempty"`
	Schema           string            `json:"schema"`
	SchemaExtensions []SchemaExtension `json:"schemaExtensions,omitempty"`
	Meta             *Meta             `json:"meta,omitempty"`
}

// SchemaExtension is an extension schema of a resource type.
type SchemaExtension struct {
	Schema   string `json:"schema"`
	Required bool   `json:"required"`
}

// Schema describes a resource's attributes.
type Schema struct {
	ID          string      `json:"id"`
	Name        string      `json:"name,omitempty"`
	Description string      `json:"description,omitempty"`
	Attributes  []Attribute `json:"attributes"`
	Meta        *Meta       `json:"meta,omitempty"`
}

// Attribute describes one attribute of a schema.
type Attribute struct {
	Name          string      `json:"name"`
	Type          string      `json:"type"`
	MultiValued   bool        `json:"multiValued"`
	Required      bool        `json:"required"`
	CaseExact     bool        `json:"caseExact"`
	Mutability    string      `json:"mutability,omitempty"`
	Returned      string      `json:"returned,omitempty"`
	Uniqueness    string      `json:"uniqueness,omitempty"`
	SubAttributes []Attribute `json:"subAttributes,omitempty"`
}

// ServiceProviderConfig fetches the server's SCIM configuration.
//
// scim:operation GET /ServiceProviderConfig
func (sc *Client) ServiceProviderConfig(ctx context.Context) (*ServiceProviderConfig, error) {
	return get[ServiceProviderConfig](ctx, sc, "/ServiceProviderConfig")
}

// ResourceTypes lists the resource types the server serves.
//
// scim:operation GET /ResourceTypes
func (sc *Client) ResourceTypes(ctx context.Context) ([]ResourceType, error) {
	var l listResponse[ResourceType]
	if err := sc.do(ctx, http.MethodGet, "/ResourceTypes", nil, nil, &l); err != nil {
		return nil, err
	}
	return l.Resources, nil
}

// Schemas lists the schemas of the server's resources.
//
// scim:operation GET /Schemas
func (sc *Client) Schemas(ctx context.Context) ([]Schema, error) {
	var l listResponse[Schema]
	if err := sc.do(ctx, http.MethodGet, "/Schemas", nil, nil, &l); err != nil {
		return nil, err
	}
	return l.Resources, nil
}
