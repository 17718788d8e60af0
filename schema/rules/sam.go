package rules

import "github.com/pipegen/pipegen/schema/template"

// SAM: AWS::Serverless resources need the SAM transform (E3038); with it,
// they are expanded at deploy time and not checked against a schema (I3038).

// serverless reports each AWS::Serverless resource.
func serverless(m *Model, r *Report) {
	for _, id := range m.ResourceNames {
		res, _ := m.Resources[id].(map[string]any)
		typ, _ := res["Type"].(string)
		if !isServerlessType(typ) {
			continue
		}
		path := template.Path("Resources", id, "Type")
		if m.SAM {
			r.At(ServerlessInfo, path, "%s is expanded by the %s transform at deploy time: its properties are not checked against a schema (run `sam validate --lint` for that)", typ, samTransform)
		} else {
			r.At(Serverless, path, "%s needs the SAM transform: add `Transform: %s` at the top of the template", typ, samTransform)
		}
	}
}
