"""Builds ipseclab._core with the project's CMake (the same build as `./lab build`).

The extension links the model libraries, so CMake configures the whole project (ns-3, OpenSSL,
... must be installed: `./lab setup`). IPSECLAB_BUILD_DIR picks the CMake build directory
(default: <repo>/build-pip); an existing configured one is reused.
"""

import os
import shutil
import subprocess
from pathlib import Path

from setuptools import Extension, setup
from setuptools.command.build_ext import build_ext

ROOT = Path(__file__).resolve().parent.parent


class CMakeBuild(build_ext):
    """Runs CMake for the ipseclab-python target and copies _core*.so into the package."""

    def run(self):
        build_dir = Path(os.environ.get("IPSECLAB_BUILD_DIR", ROOT / "build-pip"))
        if not (build_dir / "CMakeCache.txt").exists():
            subprocess.check_call(["cmake", "-S", str(ROOT), "-B", str(build_dir), "-G", "Ninja"])
        subprocess.check_call(["cmake", "--build", str(build_dir), "--target", "ipseclab-python"])
        built = next((build_dir / "python" / "ipseclab").glob("_core*.so"))
        target = Path(self.get_ext_fullpath("ipseclab._core"))
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(built, target)


setup(
    packages=["ipseclab"],
    ext_modules=[Extension("ipseclab._core", sources=[])],
    cmdclass={"build_ext": CMakeBuild},
)
