"""The fuzz harness: seeded mutators of the input files and a runner of the command line.

tests/test_fuzz.py runs a bounded number of cases in the test suite; bench/fuzz.py runs
many more and summarises the failures by class (docs/fuzzing.md).
"""
