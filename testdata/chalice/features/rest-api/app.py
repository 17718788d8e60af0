"""restapi: REST routes behind every kind of authorizer, CORS, binary types, an API key."""
from chalice import (AuthResponse, Chalice, CognitoUserPoolAuthorizer,
                     CORSConfig, CustomAuthorizer, IAMAuthorizer, Response)

app = Chalice(app_name='restapi')
# Binary media types land in the swagger body
# (x-amazon-apigateway-binary-media-types).
app.api.binary_types.append('application/vnd.restapi.report')

cors = CORSConfig(allow_origin='https://app.example.com',
                  allow_headers=['X-Request-Id'], max_age=600,
                  expose_headers=['X-Request-Id'], allow_credentials=True)

# A Lambda (TOKEN) authorizer that chalice builds as its own function.
# execution_role: API Gateway assumes this pre-existing role to invoke it.
@app.authorizer(ttl_seconds=300,
                execution_role='arn:aws:iam::123456789012:role/restapi-authorizer-invoke')
def token_auth(auth_request):
    if auth_request.token == 'allow':
        return AuthResponse(routes=['*'], principal_id='user')
    return AuthResponse(routes=[], principal_id='user')


# A Lambda authorizer that already exists outside this app.
external_auth = CustomAuthorizer(
    'ExternalAuth', header='X-Token',
    authorizer_uri=('arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/'
                    'functions/arn:aws:lambda:us-east-1:123456789012:'
                    'function:shared-authorizer/invocations'),
    invoke_role_arn='arn:aws:iam::123456789012:role/shared-authorizer-invoke')

iam_auth = IAMAuthorizer()

user_pool = CognitoUserPoolAuthorizer(
    'UserPool', header='Authorization',
    provider_arns=['arn:aws:cognito-idp:us-east-1:123456789012:'
                   'userpool/us-east-1_EXAMPLE'])


@app.route('/')
def index():
    return {'hello': 'world'}


@app.route('/builtin', methods=['GET'], authorizer=token_auth)
def builtin():
    return {'auth': 'builtin'}


@app.route('/external', methods=['GET'], authorizer=external_auth)
def external():
    return {'auth': 'external'}


@app.route('/iam', methods=['GET'], authorizer=iam_auth)
def iam():
    return {'auth': 'iam'}


@app.route('/cognito', methods=['GET'],
           authorizer=user_pool.with_scopes(['restapi/read']))
def cognito():
    return {'auth': 'cognito'}


@app.route('/keyed', methods=['GET'], api_key_required=True)
def keyed():
    return {'auth': 'api-key'}


@app.route('/cors', methods=['GET', 'PUT'], cors=cors)
def with_cors():
    return {'cors': True}


@app.route('/cors-default', methods=['POST'], cors=True)
def with_default_cors():
    return {'cors': 'default'}


@app.route('/report', methods=['POST'],
           content_types=['application/vnd.restapi.report'])
def report():
    return Response(body=app.current_request.raw_body,
                    headers={'Content-Type': 'application/vnd.restapi.report'},
                    status_code=200)
