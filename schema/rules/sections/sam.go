package sections

import (
	"github.com/pipegen/pipegen/schema/rules"
	"github.com/pipegen/pipegen/schema/template"
)

// SAM: AWS::Serverless resources need the SAM transform (E3038); with it,
// they are expanded at deploy time and not checked against a schema (I3038).

// serverless reports each AWS::Serverless resource.
func serverless(m *rules.Model, r *rules.Report) {
	for _, id := range m.ResourceNames {
		res, _ := m.Resources[id].(map[string]any)
		typ, _ := res["Type"].(string)
		if !rules.IsServerlessType(typ) {
			continue
		}
		path := template.Path("Resources", id, "Type")
		if m.SAM {
			r.At(rules.ServerlessInfo, path, "%s is expanded by the %s transform at deploy time: its properties are not checked against a schema (run `sam validate --lint` for that)", typ, rules.SAMTransform)
		} else {
			r.At(rules.Serverless, path, "%s needs the SAM transform: add `Transform: %s` at the top of the template", typ, rules.SAMTransform)
		}
	}
}
