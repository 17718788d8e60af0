"""events: every event source `chalice package` supports, one handler each."""
from chalice import Chalice, Cron, Rate

app = Chalice(app_name='events')


# SQS by queue name: chalice builds the ARN in this account and region.
@app.on_sqs_message(queue='events-incoming', batch_size=5)
def sqs_by_name(event):
    for record in event:
        print(record.body)


# SQS by queue ARN: used as given (may be another account or region).
@app.on_sqs_message(
    queue_arn='arn:aws:sqs:us-east-1:210987654321:events-external',
    batch_size=10, maximum_batching_window_in_seconds=30,
    maximum_concurrency=5)
def sqs_by_arn(event):
    for record in event:
        print(record.body)


# SNS by topic name: chalice builds the ARN in this account and region.
@app.on_sns_message(topic='events-topic')
def sns_by_name(event):
    print(event.message)


# SNS by topic ARN: used as given.
@app.on_sns_message(
    topic='arn:aws:sns:us-east-1:210987654321:events-external-topic')
def sns_by_arn(event):
    print(event.message)


@app.schedule(Rate(5, unit=Rate.MINUTES))
def every_five_minutes(event):
    print('rate')


@app.schedule(Cron(0, 3, '*', '*', '?', '*'))
def nightly(event):
    print('cron')


# A raw expression with a description (chalice's SAM output drops it).
@app.schedule('rate(1 day)', description='daily housekeeping')
def daily(event):
    print('daily')


@app.on_cw_event({'source': ['aws.codecommit'],
                  'detail-type': ['CodeCommit Repository State Change']})
def on_commit(event):
    print(event.detail)


# Kinesis by stream name: chalice builds the ARN in this account and region.
@app.on_kinesis_record(stream='events-stream', batch_size=50,
                       starting_position='TRIM_HORIZON',
                       maximum_batching_window_in_seconds=10)
def kinesis(event):
    for record in event:
        print(record.data)


# DynamoDB by stream ARN: used as given.
@app.on_dynamodb_record(
    stream_arn=('arn:aws:dynamodb:us-east-1:123456789012:table/events/'
                'stream/2024-01-01T00:00:00.000'),
    batch_size=25, starting_position='LATEST',
    maximum_batching_window_in_seconds=5)
def dynamodb(event):
    for record in event:
        print(record.event_name)
