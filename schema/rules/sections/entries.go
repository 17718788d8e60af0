package sections

import (
	"maps"
	"slices"
	"strings"

	"github.com/pipegen/pipegen/schema/rules"
	"github.com/pipegen/pipegen/schema/suggest"
	"github.com/pipegen/pipegen/schema/template"
)

// Entries: each resource entry's shape (E3001) and each output's (E6001).

var resourceKeys = []string{"Type", "Properties", "DependsOn", "Condition", "Metadata",
	"DeletionPolicy", "UpdateReplacePolicy", "CreationPolicy", "UpdatePolicy", "Version"}

// samResourceKeys are the attributes a resource takes with the SAM
// transform, which removes its own: IgnoreGlobals (a function or API that
// takes none of Globals, or only some) and Connectors (embedded connectors),
// from SAM's "Resource attributes" and "Connectors" pages.
var samResourceKeys = append(slices.Clip(resourceKeys), "IgnoreGlobals", "Connectors")

// resourceEntries checks each resource entry: a mapping with a Type and
// known attributes.
func resourceEntries(m *rules.Model, r *rules.Report) {
	for _, id := range m.ResourceNames {
		path := template.Path("Resources", id)
		res, ok := m.Resources[id].(map[string]any)
		if !ok {
			r.At(rules.Resource, path, "a resource must be a mapping with a Type")
			continue
		}
		keys := resourceKeys
		if m.SAM {
			keys = samResourceKeys
		}
		for _, k := range slices.Sorted(maps.Keys(res)) {
			if !slices.Contains(keys, k) {
				r.Key(rules.Resource, template.Path(path, k), "unknown resource attribute%s; expected one of %s", suggest.DidYouMean(k, keys), strings.Join(keys, ", "))
			}
		}
		if _, ok := res["Type"].(string); !ok {
			r.At(rules.Resource, path, "the resource has no Type (a string such as AWS::S3::Bucket)")
		}
	}
}

var outputKeys = []string{"Value", "Description", "Export", "Condition"}

// outputs checks each output: a mapping with a Value and known attributes.
func outputs(m *rules.Model, r *rules.Report) {
	for _, id := range slices.Sorted(maps.Keys(m.Outputs)) {
		path := template.Path("Outputs", id)
		o, ok := m.Outputs[id].(map[string]any)
		if !ok {
			r.At(rules.Output, path, "an output must be a mapping with a Value")
			continue
		}
		if _, has := o["Value"]; !has {
			r.At(rules.Output, path, "the output has no Value")
		}
		for _, k := range slices.Sorted(maps.Keys(o)) {
			if !slices.Contains(outputKeys, k) {
				r.Key(rules.Output, template.Path(path, k), "unknown output attribute%s; expected one of %s", suggest.DidYouMean(k, outputKeys), strings.Join(outputKeys, ", "))
			}
		}
	}
}
