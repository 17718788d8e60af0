package resources

import (
	"fmt"

	"github.com/pipegen/pipegen/render/lambdaruntime"
	"github.com/pipegen/pipegen/schema/rules"
	"github.com/pipegen/pipegen/schema/suggest"
	"github.com/pipegen/pipegen/schema/template"
)

// Lambda: functions on runtimes AWS is retiring (W2531, E2531, E2533), of
// every language lambdaruntime's table knows.

// lambdaRuntimes reports Lambda functions on runtimes AWS is retiring, as
// cfn-lint's W2531, E2531 and E2533 do: a deprecated runtime warns while
// functions can still be created with it; once creation is blocked a new
// stack cannot deploy (E2531), and once updates are blocked no stack can
// (E2533). Each applies from its date in lambdaruntime's table, judged on
// the validator's clock.
func lambdaRuntimes(m *rules.Model, r *rules.Report) {
	for _, id := range m.ResourceNames {
		res, _ := m.Resources[id].(map[string]any)
		switch typ, _ := res["Type"].(string); typ {
		case "AWS::Lambda::Function", "AWS::Serverless::Function":
			props, _ := res["Properties"].(map[string]any)
			lambdaRuntime(m, r, template.Path("Resources", id, "Properties", "Runtime"), props["Runtime"])
		}
	}
	// SAM's Globals give every AWS::Serverless::Function without its own
	// Runtime this one.
	globals, _ := m.Doc.Root["Globals"].(map[string]any)
	if fn, ok := globals["Function"].(map[string]any); ok {
		lambdaRuntime(m, r, template.Path("Globals", "Function", "Runtime"), fn["Runtime"])
	}
}

// lambdaRuntime checks one Runtime value: a literal name, a Ref to a
// parameter whose Default is one, or a Fn::If whose branches are. Any other
// function is decided at deploy time and left alone.
func lambdaRuntime(m *rules.Model, r *rules.Report, path string, value any) {
	if fn, arg, isFn := template.Call(value); isFn && fn == "Fn::If" {
		if list, ok := arg.([]any); ok && len(list) == 3 { // each branch may be deployed
			lambdaRuntime(m, r, template.Path(path, fn, "1"), list[1])
			lambdaRuntime(m, r, template.Path(path, fn, "2"), list[2])
		}
		return
	}
	name, from := literalRuntime(m, value)
	l, known := lambdaruntime.Lookup(name)
	if !known {
		// A literal name the table does not know is no runtime Lambda has
		// offered (E3030; the AWS API model's list is left out of
		// schema/constraints, as it misses the runtimes added since). A
		// parameter's Default may be overridden: left alone.
		if _, literal := value.(string); literal && name != "" {
			r.At(rules.Enum, path, "runtime %s is not one Lambda has offered%s", template.Show(name), suggest.DidYouMean(name, lambdaruntime.Names()))
		}
		return
	}
	next := l.Successor
	if next == "" {
		next = "a newer runtime"
	}
	about := from + fmt.Sprintf("deprecated %s, creation blocked from %s, updates blocked from %s",
		lambdaruntime.Date(l.Deprecated), lambdaruntime.Date(l.CreateBlocked), lambdaruntime.Date(l.UpdateBlocked))
	switch l.PhaseAt(m.Today) {
	case lambdaruntime.Deprecated:
		r.At(rules.RuntimeDeprecated, path,
			"runtime %s is deprecated (%s): AWS no longer patches it; move to %s before creation is blocked", name, about, next)
	case lambdaruntime.CreateBlocked:
		r.At(rules.RuntimeCreateBlocked, path,
			"Lambda no longer creates functions with runtime %s (%s): a new stack cannot deploy; move to %s", name, about, next)
	case lambdaruntime.UpdateBlocked:
		r.At(rules.RuntimeUpdateBlocked, path,
			"Lambda no longer creates or updates functions with runtime %s (%s): no stack with it can deploy; move to %s", name, about, next)
	}
}

// literalRuntime returns the runtime name value stands for, with a note
// naming the parameter when it came from a Ref's Default ("the Default of
// parameter P; "), or "" when it is not known before deployment.
func literalRuntime(m *rules.Model, value any) (name, from string) {
	switch v := value.(type) {
	case string:
		return v, ""
	case map[string]any:
		ref, ok := v["Ref"].(string)
		if len(v) != 1 || !ok {
			return "", ""
		}
		param, _ := m.Params[ref].(map[string]any)
		if def, ok := param["Default"].(string); ok {
			return def, "the Default of parameter " + ref + "; "
		}
	}
	return "", ""
}
