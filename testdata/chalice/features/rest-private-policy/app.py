"""privatepolicy: a PRIVATE REST API whose resource policy comes from api_gateway_policy_file."""
from chalice import Chalice

app = Chalice(app_name='privatepolicy')


@app.route('/')
def index():
    return {'hello': 'private'}
