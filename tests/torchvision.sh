#!/bin/sh
# torchvision.sh - nnc on code nobody here wrote: torchvision 0.28's model
# files (fetched by scripts/setup.sh into .cache/torchvision, never
# committed), each migrated with --class <factory> to tf-sub; a model nnc
# migrates must compute what torchvision's computes, a model it refuses must
# get a located error, and no architecture doc/m2m-torch.md lists as
# equivalent may regress (tests/equiv/torchvision_equiv.py).
set -u
dir=${TORCHVISION_DIR:-$top_srcdir/.cache/torchvision} # configure's TORCHVISION_DIR
[ -n "$dir" ] || dir=$top_srcdir/.cache/torchvision
if [ ! -f "$dir/torchvision/models/resnet.py" ]; then
    echo "FAIL: no torchvision wheel unpacked in $dir: scripts/setup.sh fetches it"
    exit 1
fi
exec nice "$PYTHON" "$top_srcdir/tests/equiv/torchvision_equiv.py" "$NNC" "$dir" \
    "$top_srcdir/doc/m2m-torch.md"
