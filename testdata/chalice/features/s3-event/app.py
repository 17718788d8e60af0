"""s3event: an S3 event handler, which `chalice package` refuses."""
from chalice import Chalice

app = Chalice(app_name='s3event')


@app.on_s3_event(bucket='s3event-uploads', events=['s3:ObjectCreated:*'],
                 prefix='incoming/', suffix='.csv')
def on_upload(event):
    print(event.bucket, event.key)
