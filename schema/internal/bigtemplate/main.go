// Command bigtemplate writes a valid template of n resources to standard
// output, for make bench-cli: groups of an SNS topic, an SQS queue, a log
// group and a subscription of the queue to the topic, tied together with
// Ref, Fn::GetAtt and Fn::Sub, small enough that 10,000 resources fit in
// validate's 2 MB a file.
package main

import (
	"bufio"
	"flag"
	"fmt"
	"os"
)

func main() {
	n := flag.Int("resources", 10000, "how many resources (a multiple of 4)")
	flag.Parse()
	w := bufio.NewWriter(os.Stdout)
	defer w.Flush()
	fmt.Fprintf(w, "AWSTemplateFormatVersion: \"2010-09-09\"\nDescription: %d resources\nParameters:\n  App:\n    Type: String\n    Default: big\nResources:\n", *n)
	for i := range *n / 4 {
		fmt.Fprintf(w, `  T%[1]d:
    Type: AWS::SNS::Topic
    Properties: {TopicName: !Sub "${App}-%[1]d", Tags: [{Key: app, Value: !Ref App}, {Key: group, Value: "%[1]d"}]}
  Q%[1]d:
    Type: AWS::SQS::Queue
    Properties: {MessageRetentionPeriod: 345600, Tags: [{Key: app, Value: !Ref App}, {Key: group, Value: "%[1]d"}]}
  L%[1]d:
    Type: AWS::Logs::LogGroup
    Properties: {LogGroupName: !Sub "/${App}/%[1]d", RetentionInDays: 30, Tags: [{Key: app, Value: !Ref App}, {Key: group, Value: "%[1]d"}]}
  S%[1]d:
    Type: AWS::SNS::Subscription
    Properties: {TopicArn: !Ref T%[1]d, Protocol: sqs, Endpoint: !GetAtt Q%[1]d.Arn}
`, i)
	}
}
