"""The `nnc` command of the pip package: runs the nnc program it carries."""
import os
import sys

from nnc import binary


def main():
    path = binary()
    os.execv(path, [path] + sys.argv[1:])


if __name__ == "__main__":
    main()
