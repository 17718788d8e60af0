#!/usr/bin/env python3
"""Recompute translated.json from packaged.json with aws-sam-translator.

Applies the AWS::Serverless-2016-10-31 transform offline, the way
CloudFormation does when it creates a change set for the packaged template.

Fixed inputs, so the output is deterministic:
  region us-east-1, partition aws, account 123456789012,
  stack name <app_name>BetaStack (app_name from the app's
  .chalice/config.json; `orders` for the reference app).

Output: JSON with sorted keys, indent 1, no trailing newline (the format
of orders/translated/*.json, which this script reproduces byte for byte). SAM's own hashes are deterministic: the
AWS::ApiGateway::Deployment logical id suffix is a SHA-1 of the swagger body
(samtranslator/translator/logical_id_generator.py), nothing depends on time
or randomness, so running this twice gives identical bytes.

No network: the managed-policy loader is a stub that returns no policies.
chalice never names a managed policy (every function has an explicit Role),
so SAM never asks for one; if it did, the stub makes the transform fail
loudly instead of guessing.

Usage (from the repository root or anywhere):
  python3 testdata/chalice/translate.py            # every app
  python3 testdata/chalice/translate.py features/events orders
  python3 testdata/chalice/translate.py --check    # exit 1 if a file differs
"""
import json
import os
import sys

os.environ.setdefault('AWS_DEFAULT_REGION', 'us-east-1')
os.environ['AWS_DEFAULT_REGION'] = 'us-east-1'

import boto3  # noqa: E402
import samtranslator  # noqa: E402
from samtranslator.translator.transform import transform  # noqa: E402
from samtranslator.translator.arn_generator import ArnGenerator  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
REGION = 'us-east-1'
ACCOUNT = '123456789012'
SAM_VERSION = '1.110.0'


class NoManagedPolicies(object):
    """ManagedPolicyLoader stand-in: no IAM ListPolicies call."""

    def load(self):
        raise RuntimeError(
            'the template asks SAM for an AWS managed policy by name; '
            'this offline translation has no policy map')


def stack_name(app_dir):
    for candidate in (os.path.join(app_dir, '.chalice', 'config.json'),
                      os.path.join(app_dir, 'source', '.chalice',
                                   'config.json')):
        if os.path.exists(candidate):
            with open(candidate) as f:
                return json.load(f)['app_name'] + 'BetaStack'
    raise SystemExit('no .chalice/config.json under %s' % app_dir)


def translate(packaged_path, name):
    with open(packaged_path) as f:
        template = json.load(f)
    params = {
        'AWS::Region': REGION,
        'AWS::Partition': 'aws',
        'AWS::AccountId': ACCOUNT,
        'AWS::StackName': name,
        'AWS::StackId': ('arn:aws:cloudformation:%s:%s:stack/%s/'
                         '00000000-0000-0000-0000-000000000000'
                         % (REGION, ACCOUNT, name)),
        'AWS::URLSuffix': 'amazonaws.com',
        'AWS::NotificationARNs': [],
        'AWS::NoValue': None,
    }
    ArnGenerator.BOTO_SESSION_REGION_NAME = REGION
    out = transform(template, params, NoManagedPolicies())
    return json.dumps(out, sort_keys=True, indent=1)


def pairs(app_dir):
    """(packaged, translated) paths of one app directory."""
    single = os.path.join(app_dir, 'packaged.json')
    if os.path.exists(single):
        return [(single, os.path.join(app_dir, 'translated.json'))]
    found = []
    pdir = os.path.join(app_dir, 'packaged')
    if os.path.isdir(pdir):
        for fn in sorted(os.listdir(pdir)):
            if fn.endswith('.json'):
                found.append((os.path.join(pdir, fn),
                              os.path.join(app_dir, 'translated', fn)))
    return found


def all_apps():
    apps = [os.path.join(HERE, 'orders')]
    fdir = os.path.join(HERE, 'features')
    if os.path.isdir(fdir):
        apps += [os.path.join(fdir, d) for d in sorted(os.listdir(fdir))]
    return apps


def main(argv):
    check = '--check' in argv
    names = [a for a in argv if a != '--check']
    if samtranslator.__version__ != SAM_VERSION:
        print('warning: aws-sam-translator %s, the files were made with %s'
              % (samtranslator.__version__, SAM_VERSION), file=sys.stderr)
    apps = [os.path.join(HERE, n) for n in names] if names else all_apps()
    differ = 0
    for app_dir in apps:
        todo = pairs(app_dir)
        if not todo:
            print('skip %s (no packaged template)' % os.path.relpath(
                app_dir, HERE))
            continue
        name = stack_name(app_dir)
        for packaged, translated in todo:
            text = translate(packaged, name)
            rel = os.path.relpath(translated, HERE)
            old = None
            if os.path.exists(translated):
                with open(translated) as f:
                    old = f.read()
            if old == text:
                print('same    %s' % rel)
                continue
            differ += 1
            if check:
                print('DIFFERS %s' % rel)
                continue
            os.makedirs(os.path.dirname(translated), exist_ok=True)
            with open(translated, 'w') as f:
                f.write(text)
            print('wrote   %s' % rel)
    if check and differ:
        return 1
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
