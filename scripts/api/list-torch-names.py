#!/usr/bin/python3
"""Print, as JSON, the public names of six PyTorch namespaces from the installed PyTorch.

Run it with the system Python that owns Debian's python3-torch:

    /usr/bin/python3 scripts/api/list-torch-names.py

Output: {"torch": "<version>", "namespaces": {"torch.nn": [names...], ...}}, names sorted.

A name N of namespace M is public when
  1. N does not start with an underscore, and
  2. its value is not a module (submodules such as torch.nn.utils or torch.distributions.constraints
     are namespaces of their own), and
  3. if M declares __all__, N is listed there: the namespace's own declaration wins; otherwise
     the value is a class or a function that M defines or re-exports from its own package
     (its __module__ is M or lies below M, e.g. torch.nn.modules.conv for torch.nn), or a compiled
     ATen operator that M re-exports under its own name (a builtin whose __module__ is torch or
     torch._C._nn, such as torch.nn.functional.conv2d).
Rule 3 leaves out what a namespace merely imports for its own use: typing helpers (Optional, List,
Callable), torch.Tensor, functools.wraps, dispatch helpers such as handle_torch_function or
torch._C.has_torch_function, and data such as dicts of doc strings.
"""
import importlib
import inspect
import json
import sys
import types

NAMESPACES = [
    'torch.nn',
    'torch.nn.functional',
    'torch.nn.init',
    'torch.optim',
    'torch.optim.lr_scheduler',
    'torch.distributions',
]

# Where the compiled operators live; torch._C itself also holds Python-binding helpers, so it is not listed.
ATEN_OPERATOR_MODULES = {'torch', 'torch._C._nn'}


def is_public(namespace: str, module: types.ModuleType, name: str) -> bool:
    if name.startswith('_'):
        return False
    value = getattr(module, name)
    if isinstance(value, types.ModuleType):
        return False
    declared = getattr(module, '__all__', None)
    if declared is not None:
        return name in declared
    if not (inspect.isclass(value) or inspect.isroutine(value)):
        return False
    owner = getattr(value, '__module__', None) or ''
    if owner == namespace or owner.startswith(namespace + '.'):
        return True
    return inspect.isbuiltin(value) and owner in ATEN_OPERATOR_MODULES


def public_names(namespace: str) -> list:
    module = importlib.import_module(namespace)
    # __all__ may name something the module does not bind; dir() alone would miss nothing it binds.
    candidates = set(dir(module)) | set(getattr(module, '__all__', []))
    return sorted(n for n in candidates if hasattr(module, n) and is_public(namespace, module, n))


def main() -> None:
    import torch

    result = {'torch': torch.__version__, 'namespaces': {ns: public_names(ns) for ns in NAMESPACES}}
    json.dump(result, sys.stdout, indent=1)
    sys.stdout.write('\n')


if __name__ == '__main__':
    main()
