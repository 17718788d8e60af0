// Package condlogic decides whether a set of a template's conditions can
// hold together: whether some deployment (values of the parameters and
// pseudo parameters the conditions compare) makes some conditions true and
// others false. The rules ask it whether a resource that refers to another
// can exist when the other does not (E3005, W1001), and whether an Fn::If
// branch can be taken (E3003).
//
// It answers Possible only with a witness, and Impossible only after an
// exhaustive search, over a model it knows to be exact: each condition a
// formula of Fn::And, Fn::Or, Fn::Not, {Condition: Name}, true and false
// over Fn::Equals of a parameter or pseudo parameter and a literal (or of
// two literals), each parameter a String or Number with at most
// AllowedValues. Anything else (Fn::Equals of two parameters, of
// Fn::FindInMap or Fn::Select, a parameter with an AllowedPattern, an
// undefined or circular condition) makes the answer Unknown, which no
// rule reports on: the rules never report what may not happen. The search
// tries, for each parameter, the literals the conditions compare it with
// and one other value it may take; it gives up past a bounded number of
// combinations, so a question costs at most a few thousand evaluations of
// formulas, each linear in the formula's nodes (shared conditions are
// evaluated once), and answers are kept.
package condlogic

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
	"sync"

	"github.com/pipegen/pipegen/schema/template"
)

// Answer is what the search found.
type Answer int

const (
	Unknown    Answer = iota // the model cannot tell: report nothing
	Possible                 // a deployment exists that does it
	Impossible               // no deployment does it
)

// maxCombinations bounds the search of one question.
const maxCombinations = 4096

// node is a formula: a constant, an atom (a variable equal to a literal),
// or Not, And, Or of nodes. unknown marks a formula the model cannot read.
type node struct {
	op      byte // 'c' constant, 'a' atom, '!' not, '&' and, '|' or, '?' unknown
	value   bool // a constant's value
	varName string
	literal string
	kids    []*node
}

var unknownNode = &node{op: '?'}

// Logic reads the conditions of one template. It is safe for concurrent
// use.
type Logic struct {
	conditions map[string]any
	params     map[string]any

	mu       sync.Mutex
	formulas map[string]*node // condition name -> formula, built on demand
	building map[string]bool  // conditions being built: a loop is unknown
	answers  map[string]Answer
}

// New reads the Conditions and Parameters sections (either may be nil).
func New(conditions, params map[string]any) *Logic {
	return &Logic{conditions: conditions, params: params}
}

// Can answers whether a deployment makes every condition of whenTrue true
// and every condition of whenFalse false at once.
func (l *Logic) Can(whenTrue, whenFalse []string) Answer {
	if l == nil {
		return Unknown
	}
	key := strings.Join(whenTrue, ",") + "|" + strings.Join(whenFalse, ",")
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.answers == nil {
		l.formulas, l.building, l.answers = map[string]*node{}, map[string]bool{}, map[string]Answer{}
	}
	if a, ok := l.answers[key]; ok {
		return a
	}
	var goal []*node
	for _, name := range whenTrue {
		goal = append(goal, l.formula(name))
	}
	for _, name := range whenFalse {
		goal = append(goal, &node{op: '!', kids: []*node{l.formula(name)}})
	}
	a := l.search(&node{op: '&', kids: goal})
	if len(l.answers) < 10000 {
		l.answers[key] = a
	}
	return a
}

// formula returns the formula of a condition (l.mu held).
func (l *Logic) formula(name string) *node {
	if f, ok := l.formulas[name]; ok {
		return f
	}
	def, ok := l.conditions[name]
	if !ok || l.building[name] {
		return unknownNode
	}
	l.building[name] = true
	f := l.read(def)
	delete(l.building, name)
	l.formulas[name] = f
	return f
}

// read turns a condition function into a formula.
func (l *Logic) read(v any) *node {
	if b, ok := v.(bool); ok {
		return &node{op: 'c', value: b}
	}
	m, ok := v.(map[string]any)
	if !ok || len(m) != 1 {
		return unknownNode
	}
	for fn, arg := range m {
		switch fn {
		case "Condition":
			name, ok := arg.(string)
			if !ok {
				return unknownNode
			}
			return l.formula(name)
		case "Fn::Not":
			list, ok := arg.([]any)
			if !ok || len(list) != 1 {
				return unknownNode
			}
			return &node{op: '!', kids: []*node{l.read(list[0])}}
		case "Fn::And", "Fn::Or":
			list, ok := arg.([]any)
			if !ok || len(list) < 1 {
				return unknownNode
			}
			n := &node{op: '&'}
			if fn == "Fn::Or" {
				n.op = '|'
			}
			for _, item := range list {
				n.kids = append(n.kids, l.read(item))
			}
			return n
		case "Fn::Equals":
			list, ok := arg.([]any)
			if !ok || len(list) != 2 {
				return unknownNode
			}
			return equals(list[0], list[1])
		}
	}
	return unknownNode
}

// equals reads Fn::Equals: of two literals, a constant; of a Ref and a
// literal, an atom; anything else is unknown.
func equals(a, b any) *node {
	la, litA := literal(a)
	lb, litB := literal(b)
	switch {
	case litA && litB:
		return &node{op: 'c', value: la == lb}
	case litB:
		if name, ok := ref(a); ok {
			return &node{op: 'a', varName: name, literal: lb}
		}
	case litA:
		if name, ok := ref(b); ok {
			return &node{op: 'a', varName: name, literal: la}
		}
	}
	return unknownNode
}

// literal returns a scalar as the string CloudFormation compares; a float
// is no literal the model knows (template.ScalarText), so a condition on
// one is unknown.
func literal(v any) (string, bool) { return template.ScalarText(v) }

// ref returns the name of a {Ref: Name}.
func ref(v any) (string, bool) {
	m, ok := v.(map[string]any)
	if !ok || len(m) != 1 {
		return "", false
	}
	name, ok := m["Ref"].(string)
	return name, ok
}

// domain is what a variable may be in a search: the literals it is
// compared with that it may take, and whether it may take a value none of
// them is (other: a description of one such value).
type domain struct {
	values []string
	other  string
}

// otherValue stands for "a value none of the literals is" in a search.
const otherValue = "\x00other"

// search tries every combination of the variables' values in f.
func (l *Logic) search(f *node) Answer {
	literals := map[string][]string{}
	if !collect(f, literals, map[*node]bool{}) {
		return Unknown
	}
	names := make([]string, 0, len(literals))
	for name := range literals {
		names = append(names, name)
	}
	slices.Sort(names)
	domains := make([]domain, len(names))
	combinations := 1
	for i, name := range names {
		d, ok := l.domainOf(name, literals[name])
		if !ok {
			return Unknown
		}
		domains[i] = d
		n := len(d.values)
		if d.other != "" {
			n++
		}
		if n == 0 {
			return Impossible // a parameter that can take no value at all
		}
		combinations *= n
		if combinations > maxCombinations {
			return Unknown
		}
	}
	choice := make(map[string]string, len(names))
	memo := map[*node]bool{}
	var try func(i int) bool
	try = func(i int) bool {
		if i == len(names) {
			clear(memo)
			return eval(f, choice, memo)
		}
		for _, v := range domains[i].values {
			choice[names[i]] = v
			if try(i + 1) {
				return true
			}
		}
		if domains[i].other != "" {
			choice[names[i]] = otherValue
			return try(i + 1)
		}
		return false
	}
	if try(0) {
		return Possible
	}
	return Impossible
}

// collect gathers the literals each variable is compared with; false when
// f holds anything the model cannot read. Conditions that name the same
// condition share its formula, so f is a graph, not a tree: each node is
// visited once (seen), or And of a condition with itself forty levels deep
// would take 2^40 steps (review of issue 12).
func collect(f *node, literals map[string][]string, seen map[*node]bool) bool {
	if seen[f] {
		return true
	}
	seen[f] = true
	switch f.op {
	case '?':
		return false
	case 'a':
		if !slices.Contains(literals[f.varName], f.literal) {
			literals[f.varName] = append(literals[f.varName], f.literal)
		}
	}
	for _, k := range f.kids {
		if !collect(k, literals, seen) {
			return false
		}
	}
	return true
}

// eval is f's value for one choice of the variables; memo keeps each
// shared node's value, so an evaluation is linear in the graph's nodes.
func eval(f *node, choice map[string]string, memo map[*node]bool) bool {
	if v, ok := memo[f]; ok {
		return v
	}
	var v bool
	switch f.op {
	case 'c':
		v = f.value
	case 'a':
		v = choice[f.varName] == f.literal
	case '!':
		v = !eval(f.kids[0], choice, memo)
	case '&':
		v = true
		for _, k := range f.kids {
			if !eval(k, choice, memo) {
				v = false
				break
			}
		}
	case '|':
		for _, k := range f.kids {
			if eval(k, choice, memo) {
				v = true
				break
			}
		}
	}
	memo[f] = v
	return v
}

// What a pseudo parameter may be: Region names such as us-east-1,
// ap-southeast-5 and eusc-de-east-1, 12-digit account ids, and the
// partitions AWS has (AWS General Reference, "AWS Regions" and "ARN
// format": aws, aws-cn, aws-us-gov, the ISO partitions, aws-eusc for the
// European Sovereign Cloud). A Region the pattern refuses only makes a
// question Unknown or loses a witness, never adds a finding.
var (
	regionName  = regexp.MustCompile(`^[a-z]{2,4}(-[a-z]+)+-[0-9]+$`)
	accountID   = regexp.MustCompile(`^[0-9]{12}$`)
	partitions  = []string{"aws", "aws-cn", "aws-us-gov", "aws-iso", "aws-iso-b", "aws-iso-e", "aws-iso-f", "aws-eusc"}
	numberValue = regexp.MustCompile(`^-?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][-+]?[0-9]+)?$`)
)

// domainOf is what a variable may be, of the literals it is compared with
// and one value besides; false when the model does not know the variable
// well enough to say.
func (l *Logic) domainOf(name string, literals []string) (domain, bool) {
	var d domain
	keep := func(ok func(string) bool) {
		for _, v := range literals {
			if ok(v) {
				d.values = append(d.values, v)
			}
		}
	}
	switch name {
	case "AWS::Region":
		keep(regionName.MatchString)
		d.other = "another Region"
		return d, true
	case "AWS::AccountId":
		keep(accountID.MatchString)
		d.other = "another account"
		return d, true
	case "AWS::Partition":
		return closed(literals, partitions), true
	}
	if strings.HasPrefix(name, "AWS::") {
		return d, false // AWS::StackName and the like: not modelled
	}
	p, ok := l.params[name].(map[string]any)
	if !ok {
		return d, false
	}
	for _, k := range []string{"AllowedPattern", "MinLength", "MaxLength", "MinValue", "MaxValue"} {
		if _, has := p[k]; has {
			return d, false
		}
	}
	typ, _ := p["Type"].(string)
	if typ != "String" && typ != "Number" {
		return d, false
	}
	allowedAny, has := p["AllowedValues"]
	if !has {
		if typ == "Number" {
			keep(numberValue.MatchString)
		} else {
			keep(func(string) bool { return true })
		}
		d.other = "another value"
		return d, true
	}
	list, ok := allowedAny.([]any)
	if !ok {
		return d, false
	}
	var allowed []string
	for _, v := range list {
		s, ok := literal(v)
		if !ok {
			return d, false
		}
		allowed = append(allowed, s)
	}
	return closed(literals, allowed), true
}

// closed is the domain of a variable whose values are a known list.
func closed(literals, allowed []string) domain {
	var d domain
	for _, v := range literals {
		if slices.Contains(allowed, v) {
			d.values = append(d.values, v)
		}
	}
	for _, v := range allowed {
		if !slices.Contains(literals, v) {
			d.other = fmt.Sprintf("%q", v)
			break
		}
	}
	return d
}
