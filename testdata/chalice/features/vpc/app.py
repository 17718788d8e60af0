"""vpc: functions attached to a VPC (subnet_ids, security_group_ids)."""
from chalice import Chalice

app = Chalice(app_name='vpc')


@app.route('/')
def index():
    return {'vpc': True}


@app.lambda_function()
def worker(event, context):
    return {'vpc': True}
