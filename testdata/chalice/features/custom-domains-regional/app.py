"""domainsregional: a REST API and a websocket API, each behind a custom domain name."""
from chalice import Chalice

app = Chalice(app_name='domainsregional')
app.experimental_feature_flags.update(['WEBSOCKETS'])


@app.route('/')
def index():
    return {'hello': 'world'}


@app.on_ws_connect()
def connect(event):
    print('connect %s' % event.connection_id)


@app.on_ws_message()
def message(event):
    print('message %s' % event.body)


@app.on_ws_disconnect()
def disconnect(event):
    print('disconnect %s' % event.connection_id)
