package main

import (
	"fmt"
	"strings"
)

// unifiedDiff is a unified diff of two texts by lines, with three lines of
// context, or "" when they are equal: the common head and tail, and a
// longest common subsequence of the lines between (diffOps).
func unifiedDiff(oldName, newName, oldText, newText string) string {
	if oldText == newText {
		return ""
	}
	a, b := lines(oldText), lines(newText)
	ops := diffOps(a, b)
	var out strings.Builder
	fmt.Fprintf(&out, "--- %s\n+++ %s\n", oldName, newName)
	for _, h := range hunks(ops, 3) {
		writeHunk(&out, h, a, b)
	}
	return out.String()
}

// lines splits a text after each newline; a last line without one is
// kept as it is.
func lines(text string) []string {
	out := strings.SplitAfter(text, "\n")
	if out[len(out)-1] == "" {
		out = out[:len(out)-1]
	}
	return out
}

// op is one line of the edit: kept (' '), removed ('-') or added ('+'),
// with its index in a or b.
type op struct {
	kind byte
	i, j int
}

// maxDiffCells bounds the LCS table (int32 cells: 16 MB). Past it, the
// lines between the common head and tail show as removed, then added: a
// correct diff, if not the shortest (review M2: a file of a million lines
// made a table of 10^12 cells).
const maxDiffCells = 4 << 20

// diffOps is the edit from a to b: the common head and tail kept, and the
// middle by a longest common subsequence when it fits maxDiffCells.
func diffOps(a, b []string) []op {
	head := 0
	for head < len(a) && head < len(b) && a[head] == b[head] {
		head++
	}
	tail := 0
	for tail < len(a)-head && tail < len(b)-head && a[len(a)-1-tail] == b[len(b)-1-tail] {
		tail++
	}
	var ops []op
	for k := 0; k < head; k++ {
		ops = append(ops, op{' ', k, k})
	}
	ma, mb := a[head:len(a)-tail], b[head:len(b)-tail]
	if len(ma)*len(mb) <= maxDiffCells {
		ops = append(ops, lcsOps(ma, mb, head, head)...)
	} else {
		for k := range ma {
			ops = append(ops, op{'-', head + k, head})
		}
		for k := range mb {
			ops = append(ops, op{'+', head + len(ma), head + k})
		}
	}
	for k := tail; k > 0; k-- {
		ops = append(ops, op{' ', len(a) - k, len(b) - k})
	}
	return ops
}

// lcsOps is the edit from a to b by a longest common subsequence, with
// indices offset by ai and bi.
func lcsOps(a, b []string, ai, bi int) []op {
	// lcs[i][j] is the LCS length of a[i:] and b[j:].
	lcs := make([][]int32, len(a)+1)
	for i := range lcs {
		lcs[i] = make([]int32, len(b)+1)
	}
	for i := len(a) - 1; i >= 0; i-- {
		for j := len(b) - 1; j >= 0; j-- {
			if a[i] == b[j] {
				lcs[i][j] = lcs[i+1][j+1] + 1
			} else {
				lcs[i][j] = max(lcs[i+1][j], lcs[i][j+1])
			}
		}
	}
	var ops []op
	i, j := 0, 0
	for i < len(a) || j < len(b) {
		switch {
		case i < len(a) && j < len(b) && a[i] == b[j]:
			ops = append(ops, op{' ', ai + i, bi + j})
			i, j = i+1, j+1
		case i < len(a) && (j == len(b) || lcs[i+1][j] >= lcs[i][j+1]):
			ops = append(ops, op{'-', ai + i, bi + j}) // removals before additions, as diff -u
			i++
		default:
			ops = append(ops, op{'+', ai + i, bi + j})
			j++
		}
	}
	return ops
}

// hunks groups the changed ops with up to context kept lines around them.
func hunks(ops []op, context int) [][]op {
	var out [][]op
	start, end := -1, -1
	for k, o := range ops {
		if o.kind == ' ' {
			continue
		}
		lo, hi := max(0, k-context), min(len(ops), k+context+1)
		if start >= 0 && lo <= end {
			end = hi
			continue
		}
		if start >= 0 {
			out = append(out, ops[start:end])
		}
		start, end = lo, hi
	}
	if start >= 0 {
		out = append(out, ops[start:end])
	}
	return out
}

func writeHunk(out *strings.Builder, h []op, a, b []string) {
	oldLen, newLen := 0, 0
	for _, o := range h {
		if o.kind != '+' {
			oldLen++
		}
		if o.kind != '-' {
			newLen++
		}
	}
	// An empty range starts at the line before it (0 before the first).
	oldStart, newStart := h[0].i+1, h[0].j+1
	if oldLen == 0 {
		oldStart--
	}
	if newLen == 0 {
		newStart--
	}
	fmt.Fprintf(out, "@@ -%d,%d +%d,%d @@\n", oldStart, oldLen, newStart, newLen)
	for _, o := range h {
		line := ""
		if o.kind == '+' {
			line = b[o.j]
		} else {
			line = a[o.i]
		}
		out.WriteByte(o.kind)
		out.WriteString(line)
		if !strings.HasSuffix(line, "\n") {
			out.WriteString("\n\\ No newline at end of file\n")
		}
	}
}
