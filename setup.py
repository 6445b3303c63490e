"""Build step for the one compiled module; everything else about the package is in pyproject.toml.

lint/read/_pagewalk.pyx (the web reader's walk over libxml2's nodes) is compiled with Cython against
the lxml headers where a C compiler is at hand. It is optional: without a compiler (a Windows
clerk's machine, usually) the install goes on and pages are read by the same walk in Python.
"""

from setuptools import Extension, setup


def compiled_modules() -> list:
    try:
        import lxml
        from Cython.Build import cythonize
    except ImportError:  # built without the build requirements (an old pip): the Python walk serves
        return []
    module = Extension("xxgk_lint.read._pagewalk", ["lint/read/_pagewalk.pyx"], include_dirs=lxml.get_include())
    try:
        modules = cythonize([module], quiet=True, compiler_directives={"language_level": 3})
    except Exception as error:  # noqa: BLE001 - a build must never fail for an optional speed-up
        print(f"xxgk-lint: 编译加速模块失败，将使用纯 Python 读取网页（{error}）")
        return []
    for built in modules:
        built.optional = True  # no compiler, or a failing one: installed without it (cythonize drops the flag)
    return modules


setup(ext_modules=compiled_modules())
