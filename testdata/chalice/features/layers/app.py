"""layers: user layer ARNs (`layers`) and chalice's managed layer (`automatic_layer`)."""
from chalice import Chalice

import tinylib

app = Chalice(app_name='layers')


@app.route('/')
def index():
    return {'greeting': tinylib.greet('layers')}


@app.lambda_function()
def worker(event, context):
    return tinylib.greet('worker')
