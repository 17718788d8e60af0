package schema

import (
	"sort"
	"sync"
	"sync/atomic"
	"time"

	"github.com/dlclark/regexp2"
)

// Patterns that need backtracking run on regexp2: every parameter's
// AllowedPattern (CloudFormation reads it as a Java regular expression) and
// the registry patterns Go's RE2 cannot run (lookarounds, which the schema
// generator keeps under x-pipegen-backtracking-pattern). A backtracking
// match can take time exponential in its input: (a+)+$ against forty a's and
// a b. regexp2 bounds each match, but a bound per match multiplies: twenty
// such parameters at a second each took twenty seconds. So each file gets
// one budget of patternTime for all of its backtracking matches; when it is
// spent, the patterns left are not matched (a check left undecided passes,
// as an unfinished match always has) and one W0100 finding says so.

// RulePatternTime is pipegen's own: cfn-lint has no such limit.
const RulePatternTime = "W0100"

func init() {
	ruleDescriptions[RulePatternTime] = "Patterns that need backtracking are checked within the file's time budget"
}

// patternTime is one file's budget for backtracking matches. A match of a
// sensible pattern takes microseconds; a file that needs half a second has
// a pattern that will hurt CloudFormation too. (regexp2 notices its timeout
// on a clock that ticks every 100 ms, so the match that runs out may take
// up to 0.2 s more.)
const patternTime = 500 * time.Millisecond

// patternBudget is one file's time for backtracking matches. Its matches
// run one at a time, on regexp2 programs compiled for the file, so that each
// match gets what is left as its timeout.
type patternBudget struct {
	mu       sync.Mutex
	left     time.Duration
	compiled map[string]*regexp2.Regexp // by expression; nil when it does not compile
	errs     map[string]error
	cuts     map[string]patternCut // by path: the checks the budget stopped
}

// patternCut is a check the budget stopped: the first pattern at a path,
// and how many checks there were stopped.
type patternCut struct {
	path, what string
	count      int
}

func newPatternBudget(d time.Duration) *patternBudget {
	return &patternBudget{left: d, compiled: map[string]*regexp2.Regexp{}, errs: map[string]error{}, cuts: map[string]patternCut{}}
}

// regexp compiles expr once per file, with regexp2's default options (.NET
// syntax), and remembers a compile error.
func (b *patternBudget) regexp(expr string) (*regexp2.Regexp, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.compile(expr)
}

func (b *patternBudget) compile(expr string) (*regexp2.Regexp, error) {
	if re, ok := b.compiled[expr]; ok {
		return re, b.errs[expr]
	}
	re, err := regexp2.Compile(expr, regexp2.None)
	b.compiled[expr], b.errs[expr] = re, err
	return re, err
}

// match matches s against expr within what is left of the budget. decided
// is false when the budget ran out before or during the match; the check is
// then recorded as cut at path, what naming the pattern for the finding.
// A pattern that does not compile matches (decided): its compile error is
// the caller's business.
func (b *patternBudget) match(expr, s, path, what string) (matched, decided bool) {
	b.mu.Lock()
	defer b.mu.Unlock()
	re, err := b.compile(expr)
	if err != nil {
		return true, true
	}
	if b.left <= 0 {
		b.cut(path, what)
		return false, false
	}
	re.MatchTimeout = b.left
	start := time.Now()
	matched, err = re.MatchString(s)
	b.left -= time.Since(start)
	if err != nil { // regexp2's one error in a match: the timeout
		b.left = 0
		b.cut(path, what)
		return false, false
	}
	return matched, true
}

func (b *patternBudget) cut(path, what string) {
	c, seen := b.cuts[path]
	if !seen {
		c = patternCut{path: path, what: what}
	}
	c.count++
	b.cuts[path] = c
}

// report adds the one W0100 finding of a file whose budget ran out: at the
// first check it stopped, in the template's order, with how many it stopped.
func (c *check) reportPatternTime() {
	b := c.patterns
	b.mu.Lock()
	cuts := make([]patternCut, 0, len(b.cuts))
	total := 0
	for _, cut := range b.cuts {
		cuts = append(cuts, cut)
		total += cut.count
	}
	b.mu.Unlock()
	if len(cuts) == 0 {
		return
	}
	sort.Slice(cuts, func(i, j int) bool {
		pi, pj := c.doc.PosOf(cuts[i].path), c.doc.PosOf(cuts[j].path)
		if pi != pj {
			return pi.Line < pj.Line || pi.Line == pj.Line && pi.Col < pj.Col
		}
		return cuts[i].path < cuts[j].path
	})
	first := cuts[0]
	c.add(Warning, RulePatternTime, c.doc.PosOf(first.path), first.path,
		"matching %s did not finish within this file's %v for patterns that need backtracking; %d pattern check(s) of the file are left unchecked (taken as matching). Nested repetition such as (a+)+ takes exponential time on some values: simplify the pattern",
		first.what, patternTime, total)
}

// lent is the budget gojsonschema's format checkers spend. They are
// process-wide and take no context, so runSchema lends them the budget of
// the file whose resource it checks, and runs that can reach a backtracking
// pattern take turns (lendMu): the checker then knows whose budget it
// spends and where to report a cut.
var (
	lendMu sync.Mutex
	lent   atomic.Pointer[patternSite]
)

// patternSite is where a resource's patterns are matched: the file's
// budget, and the path a cut is reported at (Resources/Id/Properties).
type patternSite struct {
	budget *patternBudget
	path   string
}

// lend runs f with site's budget lent to the format checkers.
func lend(site patternSite, f func()) {
	lendMu.Lock()
	defer lendMu.Unlock()
	lent.Store(&site)
	defer lent.Store(nil)
	f()
}

// borrowed is the site lent to the format checkers; outside lend (no caller
// does that today), a budget of its own for the one match.
func borrowed() patternSite {
	if site := lent.Load(); site != nil {
		return *site
	}
	return patternSite{budget: newPatternBudget(patternTime)}
}
