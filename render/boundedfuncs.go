package render

import (
	"errors"
	"fmt"
	"reflect"
	"regexp"
	"strings"
	"text/template"
	"unicode/utf8"
)

// boundFuncs wraps every template function in the budget: the call checks
// the time, its arguments (times how much the function can grow them) must
// fit in the room left, and its result is charged. The functions that can
// multiply their input without bound (repeat, indent, until, replace ...)
// get an exact bound computed before they run, so no call can allocate
// gigabytes before the budget sees it.
func boundFuncs(fm template.FuncMap, b *budget) template.FuncMap {
	out := make(template.FuncMap, len(fm))
	for name, fn := range fm {
		out[name] = bounded(name, fn, b)
	}
	return out
}

func bounded(name string, fn any, b *budget) any {
	v := reflect.ValueOf(fn)
	t := v.Type()
	return reflect.MakeFunc(t, func(args []reflect.Value) []reflect.Value {
		if err := b.tick(); err != nil {
			panic(err) // text/template turns a function's panic into its error, with the template's location
		}
		if err := b.fits(resultBound(name, args, b.room())); err != nil {
			panic(err)
		}
		var out []reflect.Value
		if t.IsVariadic() {
			out = v.CallSlice(args)
		} else {
			out = v.Call(args)
		}
		if len(out) == 2 && !out[1].IsNil() {
			return out
		}
		if err := b.charge(sizeOf(out[0], b.room())); err != nil {
			panic(err)
		}
		return out
	}).Interface()
}

// resultBound is the most a call can make: an exact bound for the
// functions that multiply their input, else the arguments' size times the
// function's growth. It stops counting past limit. A function with
// neither is refused (more than limit): every function a template may call
// is classified here, and TestEveryFunctionIsBounded keeps it so when
// sprig adds one (review M3: join was unclassified and went unbounded).
func resultBound(name string, args []reflect.Value, limit int64) int64 {
	if bound, ok := multipliers[name]; ok {
		return bound(args, limit)
	}
	growth, ok := growths[name]
	if !ok {
		return limit + 1
	}
	return times(argsSize(args, limit), growth)
}

// argsSize is the size of a call's arguments, counted up to past limit.
func argsSize(args []reflect.Value, limit int64) int64 {
	var n int64
	for _, a := range args {
		if n += sizeOf(a, limit); n > limit {
			return n
		}
	}
	return n
}

// growths are how much bigger than its arguments each function's result
// (or its work) can be. 1: a part or a reordering of the input, a number,
// a boolean, a hash; 2: case changes (a rune can grow from 2 to 3 bytes)
// and one list item more; 3: values printed as text (an 8-byte number
// prints as up to 20 characters), time layouts, URL escapes; more:
// escapes, and splits and regexp searches, which make a list element (or a
// match) per byte at worst.
var growths = map[string]int64{
	// parts, reorderings and lookups of the input
	"abbrev": 1, "abbrevboth": 1, "base": 1, "dir": 1, "clean": 1, "ext": 1, "isAbs": 1,
	"osBase": 1, "osDir": 1, "osClean": 1, "osExt": 1, "osIsAbs": 1,
	"trim": 1, "trimAll": 1, "trimall": 1, "trimPrefix": 1, "trimSuffix": 1, "trunc": 1, "substr": 1, "nospace": 1,
	"b32dec": 1, "b64dec": 1, "shuffle": 1, "plural": 1, "ternary": 1, "default": 1, "coalesce": 1, "empty": 1,
	"first": 1, "mustFirst": 1, "last": 1, "mustLast": 1, "initial": 1, "mustInitial": 1, "rest": 1, "mustRest": 1,
	"reverse": 1, "mustReverse": 1, "slice": 1, "mustSlice": 1, "compact": 1, "mustCompact": 1, "sortAlpha": 1,
	"concat": 1, "list": 1, "tuple": 1, "dict": 1, "get": 1, "set": 1, "unset": 1, "hasKey": 1, "pick": 1, "omit": 1,
	"keys": 1, "values": 1, "pluck": 1, "dig": 1, "merge": 1, "mergeOverwrite": 1, "mustMerge": 1, "mustMergeOverwrite": 1,
	"deepCopy": 1, "mustDeepCopy": 1, "chunk": 2, "mustChunk": 2,
	"regexFind": 1, "mustRegexFind": 1, "regexMatch": 1, "mustRegexMatch": 1,
	"has": 1, "mustHas": 1, "contains": 1, "hasPrefix": 1, "hasSuffix": 1, "all": 1, "any": 1, "deepEqual": 1,
	"kindIs": 1, "kindOf": 1, "typeIs": 1, "typeIsLike": 1, "typeOf": 1, "fail": 1, "hello": 1,
	// numbers, hashes and values of fixed size
	"add": 1, "add1": 1, "add1f": 1, "addf": 1, "sub": 1, "subf": 1, "mul": 1, "mulf": 1, "div": 1, "divf": 1, "mod": 1,
	"max": 1, "maxf": 1, "min": 1, "minf": 1, "biggest": 1, "ceil": 1, "floor": 1, "round": 1,
	"int": 1, "int64": 1, "float64": 1, "atoi": 1, "toDecimal": 1, "randInt": 1, "uuidv4": 1,
	"adler32sum": 1, "sha1sum": 1, "sha256sum": 1, "sha512sum": 1, "semver": 1, "semverCompare": 1,
	"now": 1, "unixEpoch": 1, "toDate": 1, "mustToDate": 1, "dateModify": 1, "date_modify": 1, "mustDateModify": 1, "must_date_modify": 1,
	// case changes, one more item
	"upper": 2, "lower": 2, "title": 2, "untitle": 2, "swapcase": 2, "camelcase": 2, "kebabcase": 2, "snakecase": 2, "initials": 2,
	"append": 2, "mustAppend": 2, "prepend": 2, "mustPrepend": 2, "push": 2, "mustPush": 2, "regexQuoteMeta": 2,
	// values printed as text
	"toString": 3, "print": 3, "println": 3, "cat": 3, "urlJoin": 3, "urlParse": 3, "str": 4,
	"date": 3, "dateInZone": 3, "date_in_zone": 3, "htmlDate": 3, "htmlDateInZone": 3, "ago": 3, "duration": 3, "durationRound": 3,
	// escapes, splits and searches
	"html": 6, "js": 6, "urlquery": 3, "quote": 10, "squote": 2,
	"toJson": 6, "mustToJson": 6, "toRawJson": 6, "mustToRawJson": 6,
	"b64enc": 2, "b32enc": 2, "fromJson": 16, "mustFromJson": 16,
	"split": 48, "splitn": 48, "splitList": 32, "regexSplit": 48, "mustRegexSplit": 48,
	"regexFindAll": 48, "mustRegexFindAll": 48, "toStrings": 32,
}

// multipliers bound the functions whose result (or work) is not
// proportional to their input: a count, a width, an indentation or a
// separator multiplies it, or the work is quadratic.
var multipliers = map[string]func(args []reflect.Value, limit int64) int64{
	"repeat":    func(a []reflect.Value, _ int64) int64 { return times(a[0].Int(), int64(a[1].Len())) },
	"indent":    indentBound,
	"nindent":   indentBound,
	"literal":   literalBound,
	"join":      joinBound,
	"replace":   replaceBound,
	"wrap":      func(a []reflect.Value, _ int64) int64 { return 2*int64(a[1].Len()) + 1 },
	"wrapWith":  wrapWithBound,
	"until":     func(a []reflect.Value, _ int64) int64 { return times(abs(a[0].Int()), 16) },
	"untilStep": untilStepBound,
	"seq":       seqBound,
	"printf":    printfBound,
	"randAlpha": randBound, "randAlphaNum": randBound, "randAscii": randBound, "randNumeric": randBound,
	"randBytes":                  func(a []reflect.Value, _ int64) int64 { return times(a[0].Int(), 2) },
	"toPrettyJson":               prettyJSONBound,
	"mustToPrettyJson":           prettyJSONBound,
	"regexReplaceAll":            func(a []reflect.Value, l int64) int64 { return regexReplaceBound(a, l, false) },
	"mustRegexReplaceAll":        func(a []reflect.Value, l int64) int64 { return regexReplaceBound(a, l, false) },
	"regexReplaceAllLiteral":     func(a []reflect.Value, l int64) int64 { return regexReplaceBound(a, l, true) },
	"mustRegexReplaceAllLiteral": func(a []reflect.Value, l int64) int64 { return regexReplaceBound(a, l, true) },
	"uniq":                       func(a []reflect.Value, l int64) int64 { return quadraticBound(a[0], a[0], l) },
	"mustUniq":                   func(a []reflect.Value, l int64) int64 { return quadraticBound(a[0], a[0], l) },
	"without":                    func(a []reflect.Value, l int64) int64 { return quadraticBound(a[0], a[1], l) },
	"mustWithout":                func(a []reflect.Value, l int64) int64 { return quadraticBound(a[0], a[1], l) },
}

// joinBound: join SEP LIST puts SEP between every two items (sprig turns
// a value that is not a list into one item).
func joinBound(a []reflect.Value, limit int64) int64 {
	return times(3, sizeOf(a[1], limit)) + times(elems(a[1])-1, int64(a[0].Len()))
}

// literalBound: literal INDENT TEXT indents every line, or quotes the text.
func literalBound(a []reflect.Value, _ int64) int64 {
	text := a[1].String()
	lines := int64(strings.Count(text, "\n") + 1)
	return max(times(int64(len(text)), 4)+2, int64(len(text))+2+times(a[0].Int(), lines))
}

// quadraticBound charges the work of comparing every item of one list with
// every item of another (uniq, without: sprig compares with
// reflect.DeepEqual), which the budget's clock cannot interrupt: 16 bytes
// of budget a comparison.
func quadraticBound(list, other reflect.Value, limit int64) int64 {
	n, m := elems(list), elems(other)
	return times(n, m*16) + sizeOf(list, limit)
}

// elems is the length of a list behind an interface, else 1.
func elems(v reflect.Value) int64 {
	for v.Kind() == reflect.Interface && !v.IsNil() {
		v = v.Elem()
	}
	if v.Kind() == reflect.Slice || v.Kind() == reflect.Array {
		return int64(v.Len())
	}
	return 1
}

// times multiplies without overflowing; a negative count is left to the
// function, which refuses it.
func times(count, size int64) int64 {
	if count <= 0 || size == 0 {
		return 0
	}
	if count > (1<<62)/size {
		return 1 << 62
	}
	return count * size
}

func abs(n int64) int64 {
	if n < 0 {
		return -n
	}
	return n
}

func indentBound(a []reflect.Value, _ int64) int64 {
	text := a[1].String()
	lines := int64(strings.Count(text, "\n") + 1)
	return int64(len(text)) + 1 + times(a[0].Int(), lines)
}

func replaceBound(a []reflect.Value, _ int64) int64 {
	old, repl, src := a[0].String(), a[1].String(), a[2].String()
	n := int64(utf8.RuneCountInString(src) + 1) // an empty old matches between every rune
	if old != "" {
		n = int64(strings.Count(src, old))
	}
	return int64(len(src)) + times(n, int64(len(repl)))
}

func wrapWithBound(a []reflect.Value, _ int64) int64 {
	width, sep, text := max(a[0].Int(), 1), a[1].Len(), int64(a[2].Len())
	return text + times(text/width+1, int64(sep))
}

func untilStepBound(a []reflect.Value, _ int64) int64 {
	start, stop, step := a[0].Int(), a[1].Int(), a[2].Int()
	if step == 0 || (stop-start)/step <= 0 {
		return 0
	}
	return times((stop-start)/step+1, 16)
}

// seqBound: seq END, seq START END, seq START STEP END, as GNU seq.
func seqBound(a []reflect.Value, _ int64) int64 {
	nums := a[0] // variadic: one slice
	var start, step, end int64 = 1, 1, 0
	switch nums.Len() {
	case 1:
		end = nums.Index(0).Int()
	case 2:
		start, end = nums.Index(0).Int(), nums.Index(1).Int()
	case 3:
		start, step, end = nums.Index(0).Int(), nums.Index(1).Int(), nums.Index(2).Int()
	default:
		return 0
	}
	if step == 0 {
		return 0
	}
	return times(abs((end-start)/step)+1, 21) // a number and a space
}

func randBound(a []reflect.Value, _ int64) int64 { return times(a[0].Int(), 1) }

// printfBound refuses * widths (the width would come from an argument) and
// counts explicit widths and precisions: %0999999999d is a gigabyte.
func printfBound(a []reflect.Value, limit int64) int64 {
	format := a[0].String()
	n := int64(len(format)) + sizeOf(a[1], limit)*10 // %q and %x grow their argument
	for i := 0; i < len(format); i++ {
		if format[i] != '%' {
			continue
		}
		for i++; i < len(format) && strings.IndexByte("+-# 0.123456789*", format[i]) >= 0; i++ {
			if format[i] == '*' {
				return 1 << 62
			}
			if format[i] >= '1' && format[i] <= '9' {
				num := int64(0)
				for ; i < len(format) && format[i] >= '0' && format[i] <= '9'; i++ {
					num = min(num*10+int64(format[i]-'0'), 1<<40)
				}
				n += num
				i--
			}
		}
	}
	return n
}

// prettyJSONBound: every line is indented by its depth.
func prettyJSONBound(a []reflect.Value, limit int64) int64 {
	size := sizeOf(a[0], limit)
	return times(size*6+1, int64(2*depthOf(a[0])+2))
}

// regexReplaceBound counts the matches (linear time: Go's regexp does not
// backtrack) and what each replacement can make: a $ reference in the
// replacement repeats the match.
func regexReplaceBound(a []reflect.Value, limit int64, literal bool) int64 {
	src, repl := a[1].String(), a[2].String()
	if times(int64(len(src))+1, 48) > limit {
		return times(int64(len(src))+1, 48) // enumerating the matches alone would not fit
	}
	re, err := regexp.Compile(a[0].String())
	if err != nil {
		return 0 // the function reports the bad pattern
	}
	refs := int64(0)
	if !literal {
		refs = int64(strings.Count(repl, "$"))
	}
	n := int64(len(src))
	for _, m := range re.FindAllStringIndex(src, -1) {
		n += int64(len(repl)) + times(refs, int64(m[1]-m[0]))
		if n > limit {
			return n
		}
	}
	return n
}

// boundedInclude renders a named template into its own budgeted buffer.
func boundedInclude(t *template.Template, b *budget) func(name string, data any) (string, error) {
	depth := 0
	return func(name string, data any) (string, error) {
		if depth >= maxIncludeDepth {
			return "", fmt.Errorf("include %s: nested more than %d deep", name, maxIncludeDepth)
		}
		if err := b.tick(); err != nil {
			return "", err
		}
		depth++
		defer func() { depth-- }()
		w := &budgetWriter{b: b}
		if err := t.ExecuteTemplate(w, name, data); err != nil {
			return "", inFile(t, name, err)
		}
		return string(w.buf), nil
	}
}

// inFile names the file of an included template when a limit stopped its
// writes, which text/template reports without a location.
func inFile(t *template.Template, name string, err error) error {
	var limit *LimitError
	if !errors.As(err, &limit) || templateLoc.MatchString(err.Error()) {
		return err
	}
	file := name
	if tt := t.Lookup(name); tt != nil && tt.Tree != nil && tt.Tree.ParseName != "" {
		file = tt.Tree.ParseName
	}
	return fmt.Errorf("in %s (template %q): %w", file, name, err)
}
