"""The real oslo.config (Debian's python3-oslo.config) reading nova.conf files: the oracle of the nova.conf fuzz test.

Reads a JSON list of cases on stdin, each {"files": [...], "dirs": [...], "my_ip": "...", "host": "..."}, and prints
one JSON list: per case either {"error": "<exception class>"} (the files cannot be read or parsed) or {"values":
{"group.name": value or {"error": ...}}}. The options are declared as nova/conf/{paths,compute,netconf,imagecache}.py
declare them; pybasedir's default stands for Nova's Python installation.
"""
import json
import sys

from oslo_config import cfg


def declare(conf, case):
    conf.register_opts([
        cfg.StrOpt('pybasedir', default='/PYBASEDIR'),
        cfg.StrOpt('state_path', default='$pybasedir'),
        cfg.StrOpt('instances_path', default='$state_path/instances'),
        cfg.StrOpt('my_ip', default=case['my_ip']),
        cfg.StrOpt('host', default=case['host']),
    ])
    group = cfg.OptGroup('image_cache')
    conf.register_group(group)
    conf.register_opts([
        cfg.IntOpt('manager_interval', default=2400, min=-1,
                   deprecated_name='image_cache_manager_interval', deprecated_group='DEFAULT'),
        cfg.StrOpt('subdirectory_name', default='_base',
                   deprecated_name='image_cache_subdirectory_name', deprecated_group='DEFAULT'),
        cfg.BoolOpt('remove_unused_base_images', default=True, deprecated_group='DEFAULT'),
        cfg.IntOpt('remove_unused_original_minimum_age_seconds', default=24 * 3600, deprecated_group='DEFAULT'),
        cfg.IntOpt('remove_unused_resized_minimum_age_seconds', default=3600, deprecated_group='libvirt'),
    ], group=group)


NAMES = [(None, n) for n in ('state_path', 'instances_path', 'my_ip', 'host')] + [
    ('image_cache', n) for n in ('manager_interval', 'subdirectory_name', 'remove_unused_base_images',
                                 'remove_unused_original_minimum_age_seconds',
                                 'remove_unused_resized_minimum_age_seconds')]


def run(case):
    conf = cfg.ConfigOpts()
    declare(conf, case)
    args = []
    for f in case['files']:
        args += ['--config-file', f]
    for d in case['dirs']:
        args += ['--config-dir', d]
    try:
        conf(args=args, project='nova', prog='nova-compute', default_config_files=[],
             default_config_dirs=[], use_env=False)
    except BaseException as e:  # parse errors, missing files: the whole case fails
        return {'error': type(e).__name__}
    values = {}
    for group, name in NAMES:
        key = ('DEFAULT' if group is None else group) + '.' + name
        try:
            v = conf[name] if group is None else conf[group][name]
            values[key] = v if isinstance(v, (bool, str)) or v is None else str(v)
        except BaseException as e:
            values[key] = {'error': type(e).__name__}
    return {'values': values}


print(json.dumps([run(c) for c in json.load(sys.stdin)]))
