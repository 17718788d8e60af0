// Package resources holds the rules of resources by their type: each
// against its registry schema (E3000-E3040; each branch of a Properties
// behind Fn::If that can be taken, a required property an Fn::If takes
// away, dynamic references taken as deploy-time values), the
// properties only the package command makes deployable (W3002), CodeBuild
// buildspecs (E3100, E3101), CodePipeline pipelines (E9540, E9541, E9626,
// E3700, E3701), Lambda runtimes (W2531, E2531, E2533) and the security
// warnings (W9001-W9006).
package resources

import "github.com/pipegen/pipegen/schema/rules"

// Rules are the package's rules.
func Rules() rules.Set {
	return rules.Set{
		Template: []rules.TemplateRule{rules.TemplateFunc(security), rules.TemplateFunc(hardPartitions), rules.TemplateFunc(lambdaRuntimes)},
		Resource: []rules.ResourceRule{rules.ResourceFunc(resourceSchema), rules.ResourceFunc(awsConstraints), rules.ResourceFunc(inlineBuildspec), rules.ResourceFunc(pipeline)},
	}
}
