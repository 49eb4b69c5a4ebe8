# C types for breaks.py's scan of a paragraph's end when compiled (the .py stays the source).
import cython

@cython.locals(alnum=Py_ssize_t, k=Py_ssize_t, short=Py_ssize_t)
cpdef finish(str text, wide, bytearray illegal, list penalty_at, list is_penalty, Py_ssize_t n)
