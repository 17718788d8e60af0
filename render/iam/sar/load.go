package sar

import (
	_ "embed"
	"fmt"
	"strings"
	"sync"

	"github.com/pipegen/pipegen/render/iam/sar/internal/sarfile"
)

//go:embed sar.json.gz
var embedded []byte

// index is the decoded data, keyed for the lookups.
type index struct {
	source   string
	services []string
	actions  map[string]Action // by lower-case "service:action"
	keys     map[string]ConditionKey
	// keyTemplates are the condition keys with a variable part
	// (aws:ResourceTag/${TagKey}, s3:ExistingObjectTag/<key>).
	keyTemplates []ConditionKey
}

var (
	loadOnce sync.Once
	loaded   *index
	loadErr  error
)

// Load decodes the embedded data, once, and returns the error if it could
// not be read or is inconsistent (an action naming an unknown resource
// type, an ARN template that does not parse). The lookups call it; call it
// directly to surface the error instead of getting "not found".
func Load() error {
	loadOnce.Do(func() { loaded, loadErr = build(embedded) })
	return loadErr
}

func current() *index {
	if Load() != nil {
		return nil
	}
	return loaded
}

func build(data []byte) (*index, error) {
	f, err := sarfile.Decode(data)
	if err != nil {
		return nil, fmt.Errorf("sar: embedded data: %w", err)
	}
	ix := &index{source: f.Source, actions: map[string]Action{}, keys: map[string]ConditionKey{}}
	for _, svc := range f.Services {
		if err := ix.addService(svc); err != nil {
			return nil, fmt.Errorf("sar: embedded data: %s: %w", svc.Name, err)
		}
	}
	return ix, nil
}

func (ix *index) addService(svc sarfile.Service) error {
	types, err := resourceTypes(svc.ResourceTypes)
	if err != nil {
		return err
	}
	for _, a := range svc.Actions {
		act, err := resolve(svc.Name, a, types)
		if err != nil {
			return err
		}
		key := normalize(svc.Name + ":" + a.Name)
		if _, dup := ix.actions[key]; dup {
			return fmt.Errorf("action %s listed twice", a.Name)
		}
		ix.actions[key] = act
	}
	ix.addConditionKeys(svc.ConditionKeys)
	ix.services = append(ix.services, svc.Name)
	return nil
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

// addConditionKeys merges a service's keys into one table: the SAR lists
// global keys (aws:...) under every service that supports them, always with
// the same type.
func (ix *index) addConditionKeys(keys []sarfile.ConditionKey) {
	for _, k := range keys {
		name := strings.ToLower(k.Name)
		if _, seen := ix.keys[name]; seen {
			continue
		}
		ck := ConditionKey(k)
		ix.keys[name] = ck
		if strings.ContainsAny(k.Name, "$<") {
			ix.keyTemplates = append(ix.keyTemplates, ck)
		}
	}
}

func normalize(action string) string {
	return strings.ToLower(action)
}
