"""The demo: the program as it stood on 4 September 2020 (`seed`), from data files in
``data/`` read by `dataset`."""
