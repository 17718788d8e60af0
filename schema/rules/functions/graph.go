package functions

import (
	"fmt"
	"sort"
	"strconv"
	"strings"

	"github.com/pipegen/pipegen/schema/rules"
	"github.com/pipegen/pipegen/schema/suggest"
	"github.com/pipegen/pipegen/schema/template"
)

// Dependencies: DependsOn names other, existing resources (E3005; one with
// a Condition only where it exists too: conditional.go), and no resources
// need each other in a loop (E3004).

// links is a dependency graph: from -> to -> path of the first reference
// (in walk order, which is sorted, so deterministic).
type links map[string]map[string]*template.Trail

func (l links) add(from, to string, path *template.Trail) {
	if from == "" {
		return
	}
	m := l[from]
	if m == nil {
		m = map[string]*template.Trail{}
		l[from] = m
	}
	if _, seen := m[to]; !seen {
		m[to] = path
	}
}

// cycle is one loop of a strongly connected component: nodes starts and
// ends with the same name; component is the whole component's size.
type cycle struct {
	nodes     []string
	paths     []*template.Trail // paths[i] is the reference from nodes[i] to nodes[i+1]
	path      *template.Trail   // where the finding points: the first reference
	component []string
}

// describe lists each reference of the loop with its kind and line.
func (c cycle) describe(doc *template.Document, verb string) string {
	parts := make([]string, len(c.paths))
	for i, p := range c.paths {
		kind := linkKind(p)
		if kind != "" {
			kind += ", "
		}
		parts[i] = fmt.Sprintf("%s %s %s (%sline %d)", c.nodes[i], verb, c.nodes[i+1], kind, doc.PosOf(p.String()).Line)
	}
	return strings.Join(parts, ", ")
}

// more names the rest of the component when it is larger than the loop shown.
func (c cycle) more(what string) string {
	if len(c.component) <= len(c.nodes)-1 {
		return ""
	}
	return fmt.Sprintf(" (%d %s depend on each other in this loop: %s)", len(c.component), what, strings.Join(c.component, ", "))
}

// linkKind names the function or attribute a reference path goes through:
// the last of its pieces that is one.
func linkKind(path *template.Trail) string {
	for t := path; t != nil; t = t.Up() {
		pieces := strings.Split(t.Seg(), "/")
		for i := len(pieces) - 1; i >= 0; i-- {
			switch pieces[i] {
			case "Ref", "Fn::GetAtt", "Fn::Sub", "DependsOn":
				return pieces[i]
			}
		}
	}
	return ""
}

// cycles finds the strongly connected components of the graph (Tarjan's
// algorithm, iterative, linear in nodes and links) and returns, for each one
// that contains a loop, the shortest loop through its first name (by sort
// order): one finding per loop, the same on every run.
func (l links) cycles(names []string) []cycle {
	index := make(map[string]int, len(names))
	for i, n := range names {
		index[n] = i
	}
	adj := make([][]int, len(names))
	for i, n := range names {
		for to := range l[n] {
			if j, ok := index[to]; ok {
				adj[i] = append(adj[i], j)
			}
		}
		sort.Ints(adj[i])
	}
	const unvisited = -1
	order, low := make([]int, len(names)), make([]int, len(names))
	for i := range order {
		order[i] = unvisited
	}
	onStack := make([]bool, len(names))
	var stack []int
	var out []cycle
	next := 0
	type frame struct{ v, edge int }
	for root := range names {
		if order[root] != unvisited {
			continue
		}
		order[root], low[root] = next, next
		next++
		stack = append(stack, root)
		onStack[root] = true
		call := []frame{{root, 0}}
		for len(call) > 0 {
			top := &call[len(call)-1]
			v := top.v
			if top.edge < len(adj[v]) {
				w := adj[v][top.edge]
				top.edge++
				if order[w] == unvisited {
					order[w], low[w] = next, next
					next++
					stack = append(stack, w)
					onStack[w] = true
					call = append(call, frame{w, 0})
				} else if onStack[w] && order[w] < low[v] {
					low[v] = order[w]
				}
				continue
			}
			call = call[:len(call)-1]
			if len(call) > 0 {
				if p := call[len(call)-1].v; low[v] < low[p] {
					low[p] = low[v]
				}
			}
			if low[v] != order[v] {
				continue
			}
			var comp []int
			for {
				w := stack[len(stack)-1]
				stack = stack[:len(stack)-1]
				onStack[w] = false
				comp = append(comp, w)
				if w == v {
					break
				}
			}
			if c, ok := l.loop(names, adj, comp); ok {
				out = append(out, c)
			}
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].nodes[0] < out[j].nodes[0] })
	return out
}

// loop returns the shortest loop through the component's first node, found
// by a breadth-first search that stays inside the component.
func (l links) loop(names []string, adj [][]int, comp []int) (cycle, bool) {
	sort.Ints(comp)
	start := comp[0]
	in := make(map[int]bool, len(comp))
	for _, v := range comp {
		in[v] = true
	}
	if len(comp) == 1 {
		selfLoop := false
		for _, w := range adj[start] {
			selfLoop = selfLoop || w == start
		}
		if !selfLoop {
			return cycle{}, false
		}
	}
	parent := map[int]int{start: -1}
	queue := []int{start}
	end := -1
	for len(queue) > 0 && end < 0 {
		v := queue[0]
		queue = queue[1:]
		for _, w := range adj[v] {
			if w == start {
				end = v
				break
			}
			if _, seen := parent[w]; !seen && in[w] {
				parent[w] = v
				queue = append(queue, w)
			}
		}
	}
	if end < 0 {
		return cycle{}, false // cannot happen in a component with a loop
	}
	var rev []int
	for v := end; v != -1; v = parent[v] {
		rev = append(rev, v)
	}
	c := cycle{}
	for i := len(rev) - 1; i >= 0; i-- {
		c.nodes = append(c.nodes, names[rev[i]])
	}
	c.nodes = append(c.nodes, names[start])
	for i := 0; i+1 < len(c.nodes); i++ {
		c.paths = append(c.paths, l[c.nodes[i]][c.nodes[i+1]])
	}
	c.path = c.paths[0]
	for _, v := range comp {
		c.component = append(c.component, names[v])
	}
	return c, true
}

// dependsOn checks each resource's DependsOn: a logical id or a list of them,
// naming other resources of the template.
func dependsOn(m *rules.Model, r *rules.Report) {
	eachDependency(m, r)
}

// eachDependency goes through every DependsOn, reporting what is wrong with
// it to r (when not nil) and calling link for every resource it names.
func eachDependency(m *rules.Model, r *rules.Report, link ...func(from, to string, path *template.Trail)) {
	report := func(path *template.Trail, format string, args ...any) {
		if r != nil {
			r.At(rules.DependsOn, path.String(), format, args...)
		}
	}
	dependency := func(from, to string, path *template.Trail) {
		if to == from {
			report(path, "%s depends on itself: DependsOn must name other resources", from)
			return
		}
		if _, ok := m.Resources[to]; ok {
			if r != nil && len(m.Conditions) > 0 {
				conditionalDependency(m, r, from, to, path)
			}
			for _, l := range link {
				l(from, to, path)
			}
			return
		}
		if m.SAMGenerated(to) {
			return
		}
		report(path, "DependsOn names %s, which is not a resource in this template%s", to, suggest.DidYouMean(to, m.ResourceNames))
	}
	for _, id := range m.ResourceNames {
		res, _ := m.Resources[id].(map[string]any)
		v, has := res["DependsOn"]
		if !has {
			continue
		}
		path := template.TrailOf(template.Path("Resources", id, "DependsOn"))
		switch d := v.(type) {
		case string:
			dependency(id, d, path)
		case []any:
			for i, item := range d {
				at := path.To(strconv.Itoa(i))
				if name, ok := item.(string); ok {
					dependency(id, name, at)
				} else {
					report(at, "DependsOn lists resources by logical id (strings), got %s", template.Describe(item))
				}
			}
		default:
			report(path, "DependsOn takes a resource's logical id or a list of them, got %s", template.Describe(v))
		}
	}
}

// samEvent reports a call in the Events of a SAM function or state
// machine. The SAM transform makes each event resources of their own (a
// permission, a subscription, a rule) that refer to the function and to
// the event's source; the function itself does not depend on the source.
// An API whose definition names the function, and whose function's event
// names the API, is no loop once transformed (cfn-lint checks the
// transformed template, and sees none either).
func samEvent(m *rules.Model, c *rules.Call) bool {
	if !m.SAM {
		return false
	}
	res, _ := m.Resources[c.Owner].(map[string]any)
	switch typ, _ := res["Type"].(string); typ {
	case "AWS::Serverless::Function", "AWS::Serverless::StateMachine":
		return strings.HasPrefix(c.At.String(), template.Path("Resources", c.Owner, "Properties", "Events")+"/")
	}
	return false
}

// circular reports resources that need each other through Ref, Fn::GetAtt,
// Fn::Sub or DependsOn, once per loop. The first reference from one
// resource to another, in the walk's order, stands for them all.
func circular(m *rules.Model, r *rules.Report) {
	l := links{}
	for _, c := range m.Calls {
		if c.Owner == "" || samEvent(m, &c) {
			continue
		}
		switch c.Fn {
		case "Ref":
			if name, ok := c.Arg.(string); ok {
				if _, isResource := m.Resources[name]; isResource {
					l.add(c.Owner, name, c.At)
				}
			}
		case "Fn::GetAtt":
			if target := getAttTarget(c.Arg); target != "" {
				if _, isResource := m.Resources[target]; isResource {
					l.add(c.Owner, target, c.At)
				}
			}
		case "Fn::Sub":
			for _, name := range c.Sub.Names {
				target, _, _ := strings.Cut(name, ".")
				if _, isResource := m.Resources[target]; isResource {
					l.add(c.Owner, target, c.At)
				}
			}
		}
	}
	eachDependency(m, nil, l.add)
	for _, cyc := range l.cycles(m.ResourceNames) {
		r.At(rules.Circular, cyc.path.String(), "circular dependency %s: each resource must be created before the next, which is impossible; %s; remove or move one of these references%s",
			strings.Join(cyc.nodes, " -> "), cyc.describe(m.Doc, "refers to"), cyc.more("resources"))
	}
}
