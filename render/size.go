package render

import "fmt"

// CloudFormation's template size quotas, from
// https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/cloudformation-limits.html
// ("Template body size in a request: 51,200 bytes"; "Template body size in
// an Amazon S3 object: 1 MB").
const (
	MaxTemplateBody = 51_200  // passed in the request: aws cloudformation deploy without --s3-bucket
	MaxTemplateS3   = 1 << 20 // uploaded to S3 first: deploy --s3-bucket, create-stack --template-url
)

// CheckTemplateSize says what CloudFormation will make of a template of n
// bytes: an error past what it takes at all, a warning past what it takes
// in a request.
func CheckTemplateSize(n int) (warning string, err error) {
	switch {
	case n > MaxTemplateS3:
		return "", fmt.Errorf("the template is %d bytes, over the %d CloudFormation takes even from S3: use fewer stages or shorter commands, or move settings out of the template", n, MaxTemplateS3)
	case n > MaxTemplateBody:
		return fmt.Sprintf("the template is %d bytes, over the %d CloudFormation takes in a request: deploy it with aws cloudformation deploy --s3-bucket BUCKET (or --template-url)", n, MaxTemplateBody), nil
	}
	return "", nil
}
