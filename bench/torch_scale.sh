#!/bin/sh
# torch_scale.sh - make bench: does the PyTorch reader's time grow linearly?
# nn.Sequential(*[nn.Linear(8, 8) for _ in range(N)]) at module level and
# inside a model class traced through forward, read to the pivot at N and
# 10 N layers (best of three runs, processor time); fails when 10 times the
# layers take more than 11 times as long (plus 10 ms for the start).
# Usage: torch_scale.sh NNC PYTHON N
set -u
nnc=$1; python=$2; n=$3
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
status=0
gen() { # FILE COUNT FORM
    if [ "$3" = seq ]; then
        printf 'import torch.nn as nn\nmodel = nn.Sequential(*[nn.Linear(8, 8) for _ in range(%d)])\n' "$2"
    else
        printf 'import torch.nn as nn\n\n\nclass Net(nn.Module):\n    def __init__(self):\n        super().__init__()\n        self.body = nn.Sequential(*[nn.Linear(8, 8) for _ in range(%d)])\n\n    def forward(self, x):\n        return self.body(x)\n' "$2"
    fi >"$1"
}
ms() { # FILE: the best of three processor times of reading FILE to the pivot, in ms
    "$python" - "$nnc" "$1" <<'EOF_PY'
import resource, subprocess, sys
best = None
for _ in range(3):
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    rc = subprocess.run([sys.argv[1], sys.argv[2], "--input-shape", "8", "--emit-dsl", "-o", "-"],
                        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL).returncode
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if rc != 0:
        print("failed")
        sys.exit(0)
    used = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    best = used if best is None else min(best, used)
print(int(best * 1000))
EOF_PY
}
echo "| form | $n layers | $((10 * n)) layers | ratio |"
echo "|---|---|---|---|"
for form in seq class; do
    gen "$tmp/a.py" "$n" $form
    gen "$tmp/b.py" $((10 * n)) $form
    a=$(ms "$tmp/a.py"); b=$(ms "$tmp/b.py")
    case "$a$b" in *failed*) echo "| $form | nnc failed | | |"; status=1; continue ;; esac
    echo "| $form | $a ms | $b ms | $(awk -v a="$a" -v b="$b" 'BEGIN { printf "%.1f", a ? b / a : 0 }') |"
    [ "$b" -le $((11 * a + 10)) ] || { echo "NOT LINEAR: $form: $a ms, then $b ms"; status=1; }
done
exit $status
