# The evaluator against CPython: every check holds in CPython (limits.sh runs
# this part under $PYTHON), and nnc must compute in_features = the number of
# checks and out_features = 4.
import copy
import math

import torch.nn as nn


def deep_pop():
    original = [{'a': 1, 'r': 2}]
    copies = copy.deepcopy(original)
    r = copies[0].pop('r')
    return original, r, copies


nested = [2]


def keywords(a=0, b=0, c=0, d=0, e=0, f=0, g=0, h=0, i=0, j=0, k=0):
    return k


checks = [
    # real model files (torchreal): round halves to even, bit operators,
    # %-formatting, sorted/reversed/divmod/any/all, dict.pop, startswith
    round(2.5) == 2,
    round(3.5) == 4,
    round(-0.5) == 0,
    round(7, 2) == 7,
    5 << 2 == 20,
    -7 >> 1 == -4,
    12 & 10 == 8,
    12 | 3 == 15,
    6 ^ 3 == 5,
    -1 >> 70 == -1,
    (True & False) is False,
    'layer%d' % 3 == 'layer3',
    '%s_%i%%' % ('a', 7) == 'a_7%',
    sorted([3, 1.5, 2]) == [1.5, 2, 3],
    sorted([1, 2, 3], reverse=True) == [3, 2, 1],
    list(reversed([1, 2, 3])) == [3, 2, 1],
    divmod(-7, 2) == (-4, 1),
    any([0, 0, 3]),
    not all([1, 0]),
    {'a': 1, 'b': 2}.pop('a') == 1,
    {'a': 1}.pop('z', 5) == 5,
    'efficientnet_b0'.startswith('efficientnet_b'),
    'x.py'.endswith(('.txt', '.py')),
    int('1_000') == 1000,
    int('0x10', 0) == 16,
    int(' -0b101 ', 0) == -5,
    int('ff', 16) == 255,
    int('0o17', 8) == 15,
    int('z', 36) == 35,
    len('é') == 1,
    len('日本語') == 3,
    [c for c in 'aé日'] == ['a', 'é', '日'],
    len(list('日本')) == 2,
    [1, 2] == [1, 2],
    (1, [2, 'x']) == (1, [2, 'x']),
    [1] != (1,),
    None == None,
    2 ** 53 + 1 != 2 ** 53,
    1 == 1.0,
    2 ** 53 + 1 != float(2 ** 53),
    3 < 3.5,
    -1 > -1.5,
    2 ** 62 > 4.0e18,
    1 in [1.0],
    'a' in ['b', 'a'],
    'c' not in ('a', 'b'),
    float('nan') != float('nan'),
    not (float('nan') < 1),
    '{}-{}'.format(1, 'a') == '1-a',
    '{1}{0}'.format('a', 'b') == 'ba',
    '{x:03d}|{y:>4}'.format(x=5, y='ab') == '005|  ab',
    '{{}}{}'.format(7) == '{}7',
    max(2 ** 53 + 1, float(2 ** 53)) == 2 ** 53 + 1,
    min(3, 2.5) == 2.5,
    math.floor(2 ** 60 + 1) == 2 ** 60 + 1,
    math.floor(-2.5) == -3,
    math.ceil(2.1) == 3,
    str(0.1 + 0.2) == '0.30000000000000004',
    str(1e16) == '1e+16',
    str(1e15) == '1000000000000000.0',
    str(0.0001) == '0.0001',
    str(0.00001) == '1e-05',
    str(-0.0) == '-0.0',
    str(2.5) == '2.5',
    str(1.5e300) == '1.5e+300',
    str(123456789.125) == '123456789.125',
    f'{3:03d}' == '003',
    f'{7:>4}' == '   7',
    f'{-7:=+6}' == '-    7',
    f'{7:+}' == '+7',
    f'{0.5:.2f}' == '0.50',
    f'{0.25:%}' == '25.000000%',
    f'{255:x}{255:X}{8:o}{5:b}' == 'ffFF10101',
    f'{"ab":*^6}' == '**ab**',
    f'{"abcdef":.3}' == 'abc',
    f'{"ab"!r}' == "'ab'",
    f'{1.5e-7}' == '1.5e-07',
    f'{12345.678:e}' == '1.234568e+04',
    f'{5:<05}' == '50000',
    f'{True}' == 'True',
    f'{True:d}' == '1',
    f'{0.1 + 0.2:>22}' == '   0.30000000000000004',
    # a ** dict of more entries than the call has keywords (all were kept
    # only up to 9: the rest fell back to their defaults)
    keywords(**dict(a=1, b=2, c=3, d=4, e=5, f=6, g=7, h=8, i=9, j=10, k=11)) == 11,
    keywords(1, 2, *[3, 4], **{'k': 5}) == 5,
    # copy.copy / copy.deepcopy (keras.applications' EfficientNet copies its
    # block arguments and pops from the copies)
    deep_pop()[1] == 2,
    'r' in deep_pop()[0][0],
    'r' not in deep_pop()[2][0],
    copy.copy([1, nested])[1] is nested,
    copy.copy({'a': 1})['a'] == 1,
    copy.deepcopy((1, [2, 3])) == (1, [2, 3]),
    # chr/ord (EfficientNet names its blocks block1a_, block1b_, ...)
    f"block{1}{chr(1 + 97)}_" == 'block1b_',
    chr(233) == 'é' and ord('é') == 233 and ord(chr(0x1F600)) == 0x1F600,
    # dict equality: the same keys with equal values, in any order
    {'a': 1, 'b': [2, 3]} == {'b': [2, 3], 'a': 1},
    {'a': 1} != {'a': 2},
    {'a': 1} != {'b': 1},
    {'a': 1} != {'a': 1, 'b': 2},
    {1: 'x'} == {1.0: 'x'},
    {} == dict(),
    {'a': {'b': (1, 2)}} == {'a': {'b': (1, 2)}},
    ({'a': 1} == [('a', 1)]) is False,
    [{'k': 1}] == [{'k': 1}],
    {'k': 1} in [{'k': 0}, {'k': 1}],
    dict(a=1, b=2) == dict(b=2, a=1),
]
n = sum(1 for c in checks if c)
bad = [i for i, c in enumerate(checks) if not c]


class M(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(n, 4 + len(bad) * 1000)

    def forward(self, x):
        return self.fc(x)
