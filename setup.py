"""Build hooks for pip: the nnc binary comes from the autotools build.

build_py configures the C sources in a build directory of its own (an
out-of-tree build, so the source tree stays as it was), makes the `nnc`
program, and copies it into the package as nnc/_bin/nnc.  The wheel is
platform-specific because it carries that binary.
"""
import os
import shutil
import subprocess

from setuptools import Distribution, setup
from setuptools.command.build_py import build_py

HERE = os.path.dirname(os.path.abspath(__file__))


def run(cmd, cwd):
    print("nnc build:", " ".join(cmd), flush=True)
    subprocess.run(cmd, cwd=cwd, check=True)


def build_binary(build_temp):
    """configure + make out of tree (nnc and the generated parsers it needs); returns the binary's path."""
    if not os.path.exists(os.path.join(HERE, "configure")):
        run(["autoreconf", "-fi"], HERE)
    os.makedirs(build_temp, exist_ok=True)
    if not os.path.exists(os.path.join(build_temp, "Makefile")):
        run([os.path.join(HERE, "configure"), "-q"], build_temp)
    run(["make", "-j%d" % (os.cpu_count() or 1)], build_temp)
    return os.path.join(build_temp, "nnc")


class BuildWithBinary(build_py):
    def run(self):
        super().run()
        temp = os.path.join(os.path.abspath(self.build_lib), "..", "nnc-autotools")
        binary = build_binary(os.path.normpath(temp))
        dest = os.path.join(self.build_lib, "nnc", "_bin")
        os.makedirs(dest, exist_ok=True)
        shutil.copy2(binary, os.path.join(dest, "nnc"))


try:
    from setuptools.command.bdist_wheel import bdist_wheel
except ImportError:  # setuptools older than 70
    from wheel.bdist_wheel import bdist_wheel


class PlatformWheel(bdist_wheel):
    """The package carries a compiled program, not an extension module: a
    wheel for this platform and any Python 3 (py3-none-PLATFORM)."""

    def finalize_options(self):
        super().finalize_options()
        self.root_is_pure = False

    def get_tag(self):
        _, _, plat = super().get_tag()
        return "py3", "none", plat


class BinaryDistribution(Distribution):
    """Installed into the platform's library folder (platlib), as a package
    carrying a compiled file must be."""

    def has_ext_modules(self):
        return True


setup(cmdclass={"build_py": BuildWithBinary, "bdist_wheel": PlatformWheel},
      distclass=BinaryDistribution)
