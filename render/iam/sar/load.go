package sar

import (
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"strings"
	"sync"

	"github.com/pipegen/pipegen/render/iam/sar/internal/sarfile"
)

// embedded is the data folder that ./gen writes: index.json and one
// <service>.json.gz a service (see internal/sarfile).
//
//go:embed data/index.json data/*.json.gz
var embedded embed.FS

// dataDir is the data folder's path in embedded.
const dataDir = "data"

// state is what has been decoded so far. Only tests replace it, to start
// from nothing or to read other data.
var state = newStore(embedded)

// store decodes the index on the first lookup and each service on the first
// lookup of that service, so that a run that names Lambda does not pay for
// EC2, which is nearly half of the data.
type store struct {
	fsys      fs.FS
	indexOnce sync.Once
	index     *index
	indexErr  error
}

// index is the decoded index.json, with a slot for each service.
type index struct {
	fsys     fs.FS
	source   string
	services []string
	slots    map[string]*slot // by service name
	// foreign are the keys that services list under another prefix
	// (aws:TagKeys, ...): a key lookup looks here and in the owner's keys.
	foreign keyTable
}

// slot decodes one service once, whichever goroutine asks first.
type slot struct {
	once sync.Once
	svc  *service
	err  error
}

// service is one decoded service, keyed for the lookups.
type service struct {
	actions map[string]Action // by lower-case action name, without the prefix
	keys    keyTable          // the keys the service owns (sarfile.Owner)
}

// keyTable holds condition keys by lower-case name.
type keyTable struct {
	byName map[string]ConditionKey
	// templates are the keys with a variable part (aws:ResourceTag/${TagKey},
	// s3:ExistingObjectTag/<key>) in the order of the data, which decides
	// which template a concrete key matches first.
	templates []ConditionKey
}

// errNoService is the lookup of a prefix that the data does not cover.
var errNoService = errors.New("sar: no such service")

// Load decodes and checks the services not decoded yet and returns what
// could not be read or is inconsistent (an action naming an unknown
// resource type, an ARN template that does not parse, an action or
// condition key listed twice), nil when all of it is fine. The lookups
// decode only the service they need and answer "not found" where that
// fails; call Load to surface the error instead.
func Load() error {
	return state.loadAll()
}

func newStore(fsys fs.FS) *store {
	return &store{fsys: fsys}
}

func (st *store) loadIndex() (*index, error) {
	st.indexOnce.Do(func() { st.index, st.indexErr = readIndex(st.fsys) })
	return st.index, st.indexErr
}

func (st *store) loadAll() error {
	ix, err := st.loadIndex()
	if err != nil {
		return err
	}
	var errs []error
	for _, name := range ix.services {
		if _, err := ix.service(name); err != nil {
			errs = append(errs, err)
		}
	}
	return errors.Join(errs...)
}

// service returns the service of a lower-case prefix, decoded on first use,
// or nil when the data does not cover it or cannot be read.
func (st *store) service(name string) *service {
	ix, err := st.loadIndex()
	if err != nil {
		return nil
	}
	svc, err := ix.service(name)
	if err != nil {
		return nil
	}
	return svc
}

func readIndex(fsys fs.FS) (*index, error) {
	b, err := fs.ReadFile(fsys, dataDir+"/"+sarfile.IndexName)
	if err != nil {
		return nil, fmt.Errorf("sar: embedded data: %w", err)
	}
	f, err := sarfile.DecodeIndex(b)
	if err != nil {
		return nil, fmt.Errorf("sar: embedded data: %s: %w", sarfile.IndexName, err)
	}
	ix := &index{fsys: fsys, source: f.Source, services: f.Services, slots: make(map[string]*slot, len(f.Services))}
	for _, name := range f.Services {
		ix.slots[name] = &slot{}
	}
	for _, k := range f.ForeignConditionKeys {
		if err := ix.foreign.add(ConditionKey(k)); err != nil {
			return nil, fmt.Errorf("sar: embedded data: %s: %w", sarfile.IndexName, err)
		}
	}
	return ix, nil
}

// service decodes the named service on its first use; concurrent first
// uses of different services decode in parallel.
func (ix *index) service(name string) (*service, error) {
	sl, ok := ix.slots[name]
	if !ok {
		return nil, errNoService
	}
	sl.once.Do(func() { sl.svc, sl.err = ix.readService(name) })
	return sl.svc, sl.err
}

func (ix *index) readService(name string) (*service, error) {
	f, err := ix.decodeService(name)
	if err != nil {
		return nil, fmt.Errorf("sar: embedded data: %s: %w", name, err)
	}
	svc, err := ix.buildService(f)
	if err != nil {
		return nil, fmt.Errorf("sar: embedded data: %s: %w", name, err)
	}
	return svc, nil
}

func (ix *index) decodeService(name string) (sarfile.Service, error) {
	file := sarfile.ServiceFileName(name)
	b, err := fs.ReadFile(ix.fsys, dataDir+"/"+file)
	if err != nil {
		return sarfile.Service{}, err
	}
	f, err := sarfile.DecodeService(b)
	if err == nil && f.Name != name {
		err = fmt.Errorf("%s holds service %q", file, f.Name)
	}
	return f, err
}

func (ix *index) buildService(f sarfile.Service) (*service, error) {
	types, err := resourceTypes(f.ResourceTypes)
	if err != nil {
		return nil, err
	}
	svc := &service{actions: make(map[string]Action, len(f.Actions))}
	for _, a := range f.Actions {
		act, err := resolve(f.Name, a, types)
		if err != nil {
			return nil, err
		}
		key := normalize(a.Name)
		if _, dup := svc.actions[key]; dup {
			return nil, fmt.Errorf("action %s listed twice", a.Name)
		}
		svc.actions[key] = act
	}
	if err := ix.addConditionKeys(&svc.keys, f); err != nil {
		return nil, err
	}
	return svc, nil
}

// resourceTypes indexes a service's resource types by key and checks that
// every ARN template parses, so that Matches never meets a broken one.
func resourceTypes(list []sarfile.ResourceType) (map[string]sarfile.ResourceType, error) {
	types := make(map[string]sarfile.ResourceType, len(list))
	for _, t := range list {
		for _, arn := range t.ARNs {
			if _, err := parseARN(arn); err != nil {
				return nil, fmt.Errorf("resource type %s: %w", t.Key, err)
			}
		}
		types[t.Key] = t
	}
	return types, nil
}

func resolve(service string, a sarfile.Action, types map[string]sarfile.ResourceType) (Action, error) {
	act := Action{Service: service, Name: a.Name, AccessLevel: a.AccessLevel, ConditionKeys: a.ConditionKeys}
	for _, r := range a.ResourceTypes {
		t, ok := types[r.Name]
		if !ok {
			return act, fmt.Errorf("action %s: unknown resource type %q", a.Name, r.Name)
		}
		act.Resources = append(act.Resources, Resource{
			Type: t.Key, ARNs: t.ARNs, Required: r.Required,
			ConditionKeys: r.ConditionKeys, TypeConditionKeys: t.ConditionKeys,
		})
	}
	return act, nil
}

// addConditionKeys puts the keys the service owns into its table and checks
// the others against the index, whose copy a key lookup finds: a service
// whose keys the index does not repeat faithfully would make the answer
// depend on which services happened to be decoded.
func (ix *index) addConditionKeys(t *keyTable, f sarfile.Service) error {
	for _, k := range f.ConditionKeys {
		ck := ConditionKey(k)
		if sarfile.Owner(k.Name) == f.Name {
			if err := t.add(ck); err != nil {
				return err
			}
		}
		if err := ix.checkForeign(f.Name, ck); err != nil {
			return err
		}
	}
	return nil
}

// checkForeign requires a key the service does not own to be in the
// index's foreign keys, and any key that is there to be the same.
func (ix *index) checkForeign(service string, k ConditionKey) error {
	f, ok := ix.foreign.byName[strings.ToLower(k.Name)]
	switch {
	case ok && f != k:
		return fmt.Errorf("condition key %s (%s) is %s (%s) in %s", k.Name, k.Type, f.Name, f.Type, sarfile.IndexName)
	case !ok && sarfile.Owner(k.Name) != service:
		return fmt.Errorf("condition key %s is not in %s", k.Name, sarfile.IndexName)
	}
	return nil
}

// add puts k into the table. IAM compares key names case-insensitively, so
// a second spelling or type of the same name is an error; the same key
// twice is not.
func (t *keyTable) add(k ConditionKey) error {
	name := strings.ToLower(k.Name)
	if prev, seen := t.byName[name]; seen {
		if prev != k {
			return fmt.Errorf("condition key %s (%s) listed twice, also as %s (%s)", prev.Name, prev.Type, k.Name, k.Type)
		}
		return nil
	}
	if t.byName == nil {
		t.byName = map[string]ConditionKey{}
	}
	t.byName[name] = k
	if strings.ContainsAny(k.Name, "$<") {
		t.templates = append(t.templates, k)
	}
	return nil
}

func normalize(name string) string {
	return strings.ToLower(name)
}
