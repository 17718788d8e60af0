package stacksim

import (
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"
)

// noValue is what Ref AWS::NoValue resolves to: the key or item is dropped.
type noValue struct{}

// Resolve returns v with every intrinsic function replaced by its value in
// this stack: Ref, Fn::GetAtt, Fn::Sub, Fn::Join, Fn::Select, Fn::Split,
// Fn::If (with the template's Conditions) and AWS::NoValue. Any other
// function is an error, so a test never reasons about a value it did not
// compute.
func (s *Stack) Resolve(v any) (any, error) {
	out, err := s.resolve(v)
	if _, ok := out.(noValue); ok {
		return nil, nil
	}
	return out, err
}

// ResolveString resolves v and requires a string.
func (s *Stack) ResolveString(v any) (string, error) {
	out, err := s.Resolve(v)
	if err != nil {
		return "", err
	}
	str, ok := out.(string)
	if !ok {
		return "", fmt.Errorf("expected a string, got %T", out)
	}
	return str, nil
}

func (s *Stack) resolve(v any) (any, error) {
	switch v := v.(type) {
	case map[string]any:
		if len(v) == 1 {
			for k, arg := range v {
				if k == "Ref" || strings.HasPrefix(k, "Fn::") {
					return s.call(k, arg)
				}
			}
		}
		out := make(map[string]any, len(v))
		for k, item := range v {
			r, err := s.resolve(item)
			if err != nil {
				return nil, fmt.Errorf("%s: %w", k, err)
			}
			if _, drop := r.(noValue); !drop {
				out[k] = r
			}
		}
		return out, nil
	case []any:
		out := make([]any, 0, len(v))
		for i, item := range v {
			r, err := s.resolve(item)
			if err != nil {
				return nil, fmt.Errorf("[%d]: %w", i, err)
			}
			if _, drop := r.(noValue); !drop {
				out = append(out, r)
			}
		}
		return out, nil
	}
	return v, nil
}

func (s *Stack) call(fn string, arg any) (any, error) {
	switch fn {
	case "Ref":
		name, ok := arg.(string)
		if !ok {
			return nil, fmt.Errorf("Ref takes a name, got %T", arg)
		}
		return s.ref(name)
	case "Fn::GetAtt":
		return s.getAtt(arg)
	case "Fn::Sub":
		return s.sub(arg)
	case "Fn::Join":
		return s.join(arg)
	case "Fn::Select":
		return s.selectItem(arg)
	case "Fn::Split":
		return s.split(arg)
	case "Fn::If":
		return s.ifThen(arg)
	}
	return nil, fmt.Errorf("%s is not simulated", fn)
}

func (s *Stack) ref(name string) (any, error) {
	switch name {
	case "AWS::NoValue":
		return noValue{}, nil
	case "AWS::Partition":
		return s.Env.Partition, nil
	case "AWS::Region":
		return s.Env.Region, nil
	case "AWS::AccountId":
		return s.Env.Account, nil
	case "AWS::URLSuffix":
		return s.Env.URLSuffix(), nil
	case "AWS::StackName":
		return s.Name, nil
	case "AWS::StackId":
		return s.StackID(), nil
	}
	if v, ok := s.Parameters[name]; ok {
		return v, nil
	}
	if r, ok := s.Resources[name]; ok {
		return r.Ref, nil
	}
	return nil, fmt.Errorf("Ref %s: no such parameter or resource (yet)", name)
}

func (s *Stack) getAtt(arg any) (any, error) {
	var id, attr string
	switch a := arg.(type) {
	case string:
		id, attr, _ = strings.Cut(a, ".")
	case []any:
		if len(a) == 2 {
			id, _ = a[0].(string)
			attr, _ = a[1].(string)
		}
	}
	r, ok := s.Resources[id]
	if !ok {
		return nil, fmt.Errorf("Fn::GetAtt %s.%s: no such resource (yet)", id, attr)
	}
	v, ok := r.Attributes[attr]
	if !ok {
		return nil, fmt.Errorf("Fn::GetAtt %s.%s: attribute not simulated for %s", id, attr, r.Type)
	}
	return v, nil
}

func (s *Stack) sub(arg any) (any, error) {
	text, vars := "", map[string]any{}
	switch a := arg.(type) {
	case string:
		text = a
	case []any:
		if len(a) != 2 {
			return nil, errors.New("Fn::Sub takes a string or [string, variables]")
		}
		text, _ = a[0].(string)
		vars, _ = a[1].(map[string]any)
	default:
		return nil, errors.New("Fn::Sub takes a string or [string, variables]")
	}
	var b strings.Builder
	for {
		start := strings.Index(text, "${")
		if start < 0 {
			b.WriteString(text)
			return b.String(), nil
		}
		end := strings.Index(text[start:], "}")
		if end < 0 {
			return nil, fmt.Errorf("Fn::Sub %q: unclosed ${", text)
		}
		b.WriteString(text[:start])
		name := text[start+2 : start+end]
		text = text[start+end+1:]
		if lit, ok := strings.CutPrefix(name, "!"); ok {
			b.WriteString("${" + lit + "}")
			continue
		}
		v, err := s.subVariable(name, vars)
		if err != nil {
			return nil, err
		}
		b.WriteString(v)
	}
}

func (s *Stack) subVariable(name string, vars map[string]any) (string, error) {
	var v any
	var err error
	if given, ok := vars[name]; ok {
		v, err = s.resolve(given)
	} else if id, attr, dotted := strings.Cut(name, "."); dotted && !strings.HasPrefix(name, "AWS::") {
		v, err = s.getAtt([]any{id, attr})
	} else {
		v, err = s.ref(name)
	}
	if err != nil {
		return "", fmt.Errorf("Fn::Sub ${%s}: %w", name, err)
	}
	str, ok := v.(string)
	if !ok {
		return "", fmt.Errorf("Fn::Sub ${%s}: not a string (%T)", name, v)
	}
	return str, nil
}

func (s *Stack) join(arg any) (any, error) {
	a, ok := arg.([]any)
	if !ok || len(a) != 2 {
		return nil, errors.New("Fn::Join takes [delimiter, list]")
	}
	delim, _ := a[0].(string)
	list, err := s.resolve(a[1])
	if err != nil {
		return nil, err
	}
	items, ok := list.([]any)
	if !ok {
		return nil, errors.New("Fn::Join: the values are not a list")
	}
	parts := make([]string, len(items))
	for i, item := range items {
		if parts[i], ok = item.(string); !ok {
			return nil, fmt.Errorf("Fn::Join: item %d is not a string", i)
		}
	}
	return strings.Join(parts, delim), nil
}

func (s *Stack) selectItem(arg any) (any, error) {
	a, ok := arg.([]any)
	if !ok || len(a) != 2 {
		return nil, errors.New("Fn::Select takes [index, list]")
	}
	idx, err := s.resolve(a[0])
	if err != nil {
		return nil, err
	}
	var n int
	if _, err := fmt.Sscan(fmt.Sprint(idx), &n); err != nil {
		return nil, fmt.Errorf("Fn::Select index %v", idx)
	}
	list, err := s.resolve(a[1])
	if err != nil {
		return nil, err
	}
	items, ok := list.([]any)
	if !ok || n < 0 || n >= len(items) {
		return nil, fmt.Errorf("Fn::Select index %d out of range", n)
	}
	return items[n], nil
}

func (s *Stack) split(arg any) (any, error) {
	a, ok := arg.([]any)
	if !ok || len(a) != 2 {
		return nil, errors.New("Fn::Split takes [delimiter, string]")
	}
	delim, _ := a[0].(string)
	str, err := s.resolve(a[1])
	if err != nil {
		return nil, err
	}
	text, ok := str.(string)
	if !ok || delim == "" {
		return nil, errors.New("Fn::Split needs a delimiter and a string")
	}
	var out []any
	for _, p := range strings.Split(text, delim) {
		out = append(out, p)
	}
	return out, nil
}

func (s *Stack) ifThen(arg any) (any, error) {
	a, ok := arg.([]any)
	if !ok || len(a) != 3 {
		return nil, errors.New("Fn::If takes [condition, then, else]")
	}
	name, _ := a[0].(string)
	holds, ok := s.conditions[name]
	if !ok {
		return nil, fmt.Errorf("Fn::If: no condition %s", name)
	}
	if holds {
		return s.resolve(a[1])
	}
	return s.resolve(a[2])
}

// evaluateConditions computes every entry of Conditions, in dependency order.
func (s *Stack) evaluateConditions() error {
	s.conditions = map[string]bool{}
	defs, _ := s.Template["Conditions"].(map[string]any)
	var eval func(name string, depth int) (bool, error)
	var value func(v any, depth int) (bool, error)
	eval = func(name string, depth int) (bool, error) {
		if v, ok := s.conditions[name]; ok {
			return v, nil
		}
		def, ok := defs[name]
		if !ok || depth > len(defs) {
			return false, fmt.Errorf("condition %s: undefined or circular", name)
		}
		v, err := value(def, depth+1)
		s.conditions[name] = v
		return v, err
	}
	value = func(v any, depth int) (bool, error) {
		m, ok := v.(map[string]any)
		if !ok || len(m) != 1 {
			return false, fmt.Errorf("not a condition function: %v", v)
		}
		for fn, arg := range m {
			args, _ := arg.([]any)
			switch fn {
			case "Condition":
				name, _ := arg.(string)
				return eval(name, depth)
			case "Fn::Equals":
				if len(args) != 2 {
					return false, errors.New("Fn::Equals takes two values")
				}
				x, err1 := s.Resolve(args[0])
				y, err2 := s.Resolve(args[1])
				return fmt.Sprint(x) == fmt.Sprint(y), errors.Join(err1, err2)
			case "Fn::Not", "Fn::And", "Fn::Or":
				return s.logical(fn, args, func(a any) (bool, error) { return value(a, depth) })
			}
			return false, fmt.Errorf("%s is not a condition function", fn)
		}
		return false, nil
	}
	for _, name := range slices.Sorted(maps.Keys(defs)) {
		if _, err := eval(name, 0); err != nil {
			return fmt.Errorf("stack %s: %w", s.Name, err)
		}
	}
	return nil
}

func (s *Stack) logical(fn string, args []any, value func(any) (bool, error)) (bool, error) {
	results := make([]bool, len(args))
	for i, a := range args {
		v, err := value(a)
		if err != nil {
			return false, err
		}
		results[i] = v
	}
	switch fn {
	case "Fn::Not":
		if len(results) != 1 {
			return false, errors.New("Fn::Not takes one condition")
		}
		return !results[0], nil
	case "Fn::And":
		for _, r := range results {
			if !r {
				return false, nil
			}
		}
		return true, nil
	}
	for _, r := range results {
		if r {
			return true, nil
		}
	}
	return false, nil
}
