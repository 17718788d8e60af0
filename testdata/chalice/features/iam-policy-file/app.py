"""policyfile: autogen_policy false, so every function gets its own role from a policy file."""
from chalice import Chalice

app = Chalice(app_name='policyfile')


@app.route('/')
def index():
    return {'policy': 'file'}


@app.lambda_function()
def worker(event, context):
    return {'policy': 'worker file'}


@app.on_sqs_message(queue='policyfile-jobs')
def jobs(event):
    for record in event:
        print(record.body)
