package asanatest

// The read-only SCIM meta endpoints: what the fake supports, described as
// RFC 7643 sections 5 to 7 define it.

func (s *Server) scimServiceProviderConfig(rq *request, _ *Workspace) reply {
	supported := func(b bool) map[string]any { return map[string]any{"supported": b} }
	return reply{body: map[string]any{
		"schemas":          []string{scimSchemaSPConfig},
		"documentationUri": "https://developers.asana.com/docs/scim",
		"patch":            supported(true),
		"bulk":             map[string]any{"supported": false, "maxOperations": 0, "maxPayloadSize": 0},
		"filter":           map[string]any{"supported": true, "maxResults": scimMaxResults},
		"changePassword":   supported(false),
		"sort":             supported(false),
		"etag":             supported(false),
		"authenticationSchemes": []any{map[string]any{"type": "oauthbearertoken", "name": "OAuth Bearer Token",
			"description": "A service account token of the Enterprise organization", "primary": true}},
		"meta": map[string]any{"resourceType": "ServiceProviderConfig", "location": rq.origin + APIPrefix + "/scim/ServiceProviderConfig"},
	}}
}

func (s *Server) scimResourceTypes(rq *request, _ *Workspace) reply {
	rt := func(id, endpoint, schema string, ext ...string) map[string]any {
		exts := []any{}
		for _, e := range ext {
			exts = append(exts, map[string]any{"schema": e, "required": false})
		}
		return map[string]any{"schemas": []string{scimSchemaResType}, "id": id, "name": id, "endpoint": endpoint,
			"schema": schema, "schemaExtensions": exts,
			"meta": map[string]any{"resourceType": "ResourceType", "location": rq.origin + APIPrefix + "/scim/ResourceTypes/" + id}}
	}
	types := []any{rt("User", "/Users", scimSchemaUser, scimSchemaEnterprise), rt("Group", "/Groups", scimSchemaGroup)}
	return reply{body: map[string]any{"schemas": []string{scimSchemaList}, "totalResults": len(types),
		"startIndex": 1, "itemsPerPage": len(types), "Resources": types}}
}

// scimAttr describes one attribute of a schema.
func scimAttr(name, typ string, required bool, mutability string, sub ...map[string]any) map[string]any {
	a := map[string]any{"name": name, "type": typ, "multiValued": false, "required": required, "caseExact": false,
		"mutability": mutability, "returned": "default", "uniqueness": "none"}
	if len(sub) > 0 {
		a["subAttributes"] = sub
	}
	return a
}

func (s *Server) scimSchemas(rq *request, _ *Workspace) reply {
	userName := scimAttr("userName", "string", true, "readWrite")
	userName["uniqueness"] = "server"
	emails := scimAttr("emails", "complex", false, "readWrite",
		scimAttr("value", "string", false, "readWrite"), scimAttr("type", "string", false, "readWrite"),
		scimAttr("primary", "boolean", false, "readWrite"))
	emails["multiValued"] = true
	members := scimAttr("members", "complex", false, "readWrite",
		scimAttr("value", "string", false, "immutable"), scimAttr("display", "string", false, "readOnly"),
		scimAttr("$ref", "reference", false, "immutable"))
	members["multiValued"] = true
	schema := func(id, name string, attrs ...map[string]any) map[string]any {
		return map[string]any{"schemas": []string{scimSchemaSchema}, "id": id, "name": name, "attributes": attrs,
			"meta": map[string]any{"resourceType": "Schema", "location": rq.origin + APIPrefix + "/scim/Schemas/" + id}}
	}
	schemas := []any{
		schema(scimSchemaUser, "User", userName,
			scimAttr("name", "complex", false, "readWrite", scimAttr("formatted", "string", false, "readWrite"),
				scimAttr("givenName", "string", false, "readWrite"), scimAttr("familyName", "string", false, "readWrite")),
			emails, scimAttr("active", "boolean", false, "readWrite"), scimAttr("title", "string", false, "readWrite"),
			scimAttr("preferredLanguage", "string", false, "readWrite"), scimAttr("externalId", "string", false, "readWrite")),
		schema(scimSchemaEnterprise, "EnterpriseUser", scimAttr("department", "string", false, "readWrite")),
		schema(scimSchemaGroup, "Group", scimAttr("displayName", "string", true, "readWrite"), members),
	}
	return reply{body: map[string]any{"schemas": []string{scimSchemaList}, "totalResults": len(schemas),
		"startIndex": 1, "itemsPerPage": len(schemas), "Resources": schemas}}
}
