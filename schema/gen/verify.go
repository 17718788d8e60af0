package main

import (
	"errors"
	"fmt"
	"maps"
	"regexp"
	"slices"
	"strconv"
)

// verifyDocument checks a finished schema without trusting the walker: every
// "pattern" string and patternProperties key anywhere must compile with Go's
// regexp, every backtracking pattern with regexp2. The generator fails on
// any error, and the tests run it on the vendored files.
func verifyDocument(doc any) error {
	var errs []error
	verifyNode(doc, "", &errs)
	return errors.Join(errs...)
}

func verifyNode(node any, path string, errs *[]error) {
	switch v := node.(type) {
	case []any:
		for i, item := range v {
			verifyNode(item, path+"/"+strconv.Itoa(i), errs)
		}
	case map[string]any:
		for _, k := range slices.Sorted(maps.Keys(v)) {
			sub := path + "/" + pointerToken(k)
			verifyKeyword(k, v[k], sub, errs)
			verifyNode(v[k], sub, errs)
		}
	}
}

// verifyKeyword checks one member of an object by its key.
func verifyKeyword(key string, value any, path string, errs *[]error) {
	switch key {
	case "pattern":
		if p, ok := value.(string); ok {
			addErr(errs, path, goCompile(p))
		}
	case "patternProperties":
		if m, ok := value.(map[string]any); ok {
			for _, k := range slices.Sorted(maps.Keys(m)) {
				addErr(errs, path+"/"+pointerToken(k), goCompile(k))
			}
		}
	case backtrackingKey:
		p, ok := value.(string)
		if !ok {
			addErr(errs, path, errors.New("not a string"))
			return
		}
		addErr(errs, path, regexp2Compile(p))
	case backtrackingKeysKey:
		m, ok := value.(map[string]any)
		if !ok {
			addErr(errs, path, errors.New("not an object"))
			return
		}
		for _, k := range slices.Sorted(maps.Keys(m)) {
			p, _ := m[k].(string)
			addErr(errs, path+"/"+pointerToken(k), regexp2Compile(p))
		}
	}
}

// regexp2Compile is goCompile for the backtracking patterns.
func regexp2Compile(p string) error {
	if _, union, err := flattenClassUnions(p); err != nil || union {
		return fmt.Errorf("regexp2 reads %q differently from Java: a class inside a class", p)
	}
	return compileRegexp2(p)
}

// goCompile checks that Go compiles p and reads it as Java does, as far as
// the rewrites know: a Java class union compiles in Go with another meaning.
func goCompile(p string) error {
	if _, union, err := flattenClassUnions(p); err != nil || union {
		return fmt.Errorf("Go reads %q differently from Java: a class inside a class", p)
	}
	_, err := regexp.Compile(p)
	return err
}

func addErr(errs *[]error, path string, err error) {
	if err != nil {
		*errs = append(*errs, fmt.Errorf("%s: %w", path, err))
	}
}
