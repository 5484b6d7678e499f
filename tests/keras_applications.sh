#!/bin/sh
# keras_applications.sh - the Keras reader on keras.applications' own source
# (the installed Keras's, read at test time): see tests/keras/applications_equiv.py.
set -u
exec "$PYTHON" "$top_srcdir/tests/keras/applications_equiv.py" "$NNC" "$top_srcdir/doc/m2m-keras.md"
