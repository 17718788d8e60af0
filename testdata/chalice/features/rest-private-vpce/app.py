"""privatevpce: a PRIVATE REST API reachable through two VPC endpoints (default resource policy)."""
from chalice import Chalice

app = Chalice(app_name='privatevpce')


@app.route('/')
def index():
    return {'hello': 'private'}
