"""functions: pure Lambda functions (@app.lambda_function) and the settings chalice applies to a function."""
from chalice import Chalice

app = Chalice(app_name='functions')


@app.lambda_function()
def worker(event, context):
    return {'worker': event}


@app.lambda_function(name='reporter')
def make_report(event, context):
    return {'report': event}
