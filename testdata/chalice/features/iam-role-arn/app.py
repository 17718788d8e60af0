"""rolearn: manage_iam_role false, so functions use pre-existing roles (iam_role_arn)."""
from chalice import Chalice

app = Chalice(app_name='rolearn')


@app.route('/')
def index():
    return {'role': 'given'}


@app.lambda_function()
def worker(event, context):
    return {'role': 'worker'}


@app.on_sqs_message(queue='rolearn-jobs')
def jobs(event):
    for record in event:
        print(record.body)
